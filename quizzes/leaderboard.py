"""A run's leaderboard: off, anonymous (the default) or named.

Each student counts once, with their best finished attempt; ties go to
whoever finished first. Anonymous shows the rank and score with the name
masked as in exports ("1*", "小*"), so a class can see the spread without
anyone being pointed at; the student's own row is marked for them alone.
"""

from quizzes.choices import Leaderboard
from quizzes.exports import mask
from quizzes.models import Attempt


def leaderboard(run, me: Attempt | None = None, limit: int = 50) -> list[dict] | None:
    """[{rank, label, score, is_me}] for ``run``; None when the run shows none."""
    mode = run.leaderboard_mode
    if mode == Leaderboard.OFF:
        return None
    best = {}
    for attempt in (Attempt.objects.filter(run=run, finished_at__isnull=False)
                    .only("pk", "display_name", "score", "finished_at")):
        held = best.get(attempt.display_name)
        if held is None or (attempt.score, -attempt.finished_at.timestamp()) > (held.score,
                                                                             -held.finished_at.timestamp()):
            best[attempt.display_name] = attempt
    ranked = sorted(best.values(), key=lambda a: (-(a.score or 0), a.finished_at, a.display_name))
    rows = []
    for rank, attempt in enumerate(ranked, start=1):
        is_me = me is not None and attempt.display_name == me.display_name
        if rank > limit and not is_me:
            continue
        label = attempt.display_name if mode == Leaderboard.NAMED else mask(attempt.display_name)
        rows.append({"rank": rank, "label": label, "score": attempt.score, "is_me": is_me})
    return rows
