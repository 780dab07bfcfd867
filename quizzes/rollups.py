"""Roll-ups for the office: per school, per community (社区) and for the
subdistrict, for one quiz, one campaign or everything; and one school's
classes with a participation chart.

Each student counts once per run, with their first attempt (``number=1``),
and a participant is a student who finished; participation is participants
divided by the students enrolled in the registered classes.
"""

from core.models import Community, School
from quizzes import stats
from quizzes.models import Attempt, ClassGroup
from quizzes.results import share_chart


def _finished(quiz=None, campaign=None):
    finished = Attempt.objects.filter(run__isnull=False, finished_at__isnull=False, number=1)
    if quiz is not None:
        finished = finished.filter(quiz=quiz)
    if campaign is not None:
        finished = finished.filter(run__campaign=campaign)
    return finished


def subdistrict(quiz=None, campaign=None) -> dict:
    """{"schools": [rows], "communities": [rows], "total": figures}; a row is {"entry", **figures}."""
    enrolled = {}
    school_community = dict(School.objects.values_list("pk", "community_id"))
    for school_id, count in ClassGroup.objects.values_list("school_id", "enrolled"):
        enrolled[school_id] = enrolled.get(school_id, 0) + count
    scores = {school_id: [] for school_id in enrolled}
    for school_id, score in _finished(quiz, campaign).values_list("run__class_group__school_id", "score"):
        scores.setdefault(school_id, []).append(score)
    per_school, total = stats.rollup({pk: (enrolled.get(pk, 0), values) for pk, values in scores.items()})

    by_community = {}
    for school_id, values in scores.items():
        enrolled_sum, all_scores = by_community.setdefault(school_community.get(school_id), (0, []))
        all_scores.extend(values)
        by_community[school_community.get(school_id)] = (enrolled_sum + enrolled.get(school_id, 0), all_scores)
    per_community, _total = stats.rollup(by_community)

    schools = {s.pk: s for s in School.objects.filter(pk__in=scores)}
    communities = {c.pk: c for c in Community.objects.filter(pk__in=[k for k in by_community if k])}
    return {
        "schools": sorted(({"entry": schools[pk], **figures} for pk, figures in per_school.items()),
                          key=lambda row: row["entry"].code),
        # Schools not yet placed in a community are counted under ``entry=None``, listed last.
        "communities": sorted(({"entry": communities.get(pk), **figures} for pk, figures in per_community.items()),
                              key=lambda row: (row["entry"] is None, row["entry"].code if row["entry"] else "")),
        "total": total,
    }


def school_classes(school, quiz=None, campaign=None) -> dict:
    """One school's classes: {"classes": [rows], "total": figures, "chart": participation per class}."""
    classes = list(ClassGroup.objects.filter(school=school).order_by("grade", "name"))
    scores = {c.pk: [] for c in classes}
    for class_id, score in _finished(quiz, campaign).filter(run__class_group__school=school).values_list(
            "run__class_group_id", "score"):
        scores.setdefault(class_id, []).append(score)
    per_class, total = stats.rollup({c.pk: (c.enrolled, scores[c.pk]) for c in classes})
    rows = [{"entry": c, **per_class[c.pk]} for c in classes]
    chart = share_chart([(f"{c.grade}·{c.name}", per_class[c.pk]["participation"] or 0) for c in classes])
    return {"classes": rows, "total": total, "chart": chart}
