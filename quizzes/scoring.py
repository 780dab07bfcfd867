"""Marking, as pure functions: each question is worth 1 point.

- single choice and true/false: 1 for the correct choice, else 0;
- multiple choice: 1 only for exactly the correct set (all-or-nothing), or,
  with partial credit, (right picks − wrong picks) / number of right choices,
  never below 0;
- fill-in: 1 when the text matches an accepted answer after normalising
  width (全角/半角, Unicode NFKC), case and spaces.
"""

import unicodedata

from quizzes.choices import QuestionKind


def normalise(text: str) -> str:
    """全角 ＡＢＣ１２３ and half-width abc123 alike, case and every space ignored."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(folded.split())


def score_choices(kind: str, correct, chosen, partial: bool = False) -> float:
    correct, chosen = frozenset(correct), frozenset(chosen)
    if not correct:
        return 0.0
    if kind != QuestionKind.MULTIPLE:
        return 1.0 if len(chosen) == 1 and chosen == correct else 0.0
    if chosen == correct:
        return 1.0
    if not partial:
        return 0.0
    right = len(chosen & correct)
    wrong = len(chosen - correct)
    return max(0.0, (right - wrong) / len(correct))


def score_fill_in(accepted, text: str) -> float:
    given = normalise(text)
    if not given:
        return 0.0
    return 1.0 if any(given == normalise(a) for a in accepted) else 0.0


def score_answer(kind: str, correct, accepted, choice_ids, text: str, partial: bool = False) -> float:
    """Points (0..1) for one answer; ``None`` answers (not given) score 0."""
    if kind == QuestionKind.FILL_IN:
        return score_fill_in(accepted, text)
    return score_choices(kind, correct, choice_ids or (), partial)


def percent(points: float, max_points: float) -> float:
    """The score out of 100 that pass and excellent marks are read against."""
    if not max_points:
        return 0.0
    return round(100.0 * points / max_points, 1)
