"""Roll-ups for the office: per school, per community (社区) and for the
subdistrict, for one quiz, one campaign or everything; and one school's
classes with a participation chart.

Each student counts once per run, with their first attempt (``number=1``),
and a participant is a student who finished; participation is participants
divided by the students enrolled in the registered classes, each class
counting at most its enrolled students (the surplus is shown as extra).
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


def _per_class(finished, classes) -> dict:
    """{class id: (enrolled, [finished scores], participants)} for ``classes`` ({id: enrolled}).

    A participant is a student (a class number or nickname) who finished at
    least once: over several quizzes a class of 45 still has 45 students.
    """
    scores = {pk: [] for pk in classes}
    students = {pk: set() for pk in classes}
    for class_id, name, score in finished.values_list("run__class_group_id", "display_name", "score"):
        scores.setdefault(class_id, []).append(score)
        students.setdefault(class_id, set()).add(name)
    return {pk: (classes.get(pk, 0), scores[pk], len(students[pk])) for pk in scores}


def subdistrict(quiz=None, campaign=None) -> dict:
    """{"schools": [rows], "communities": [rows], "total": figures}; a row is {"entry", **figures}."""
    school_community = dict(School.objects.values_list("pk", "community_id"))
    class_school, enrolled = {}, {}
    for class_id, school_id, count in ClassGroup.objects.values_list("pk", "school_id", "enrolled"):
        class_school[class_id], enrolled[class_id] = school_id, count
    by_school = {}
    for class_id, figures in _per_class(_finished(quiz, campaign), enrolled).items():
        by_school.setdefault(class_school[class_id], []).append(figures)
    per_school, total = stats.rollup(by_school)

    by_community = {}
    for school_id, classes in by_school.items():
        by_community.setdefault(school_community.get(school_id), []).extend(classes)
    per_community, _total = stats.rollup(by_community)

    schools = {s.pk: s for s in School.objects.filter(pk__in=by_school)}
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
    figures = _per_class(_finished(quiz, campaign).filter(run__class_group__school=school),
                         {c.pk: c.enrolled for c in classes})
    per_class, total = stats.rollup({c.pk: [figures[c.pk]] for c in classes})
    rows = [{"entry": c, **per_class[c.pk]} for c in classes]
    chart = share_chart([(f"{c.grade}·{c.name}", per_class[c.pk]["participation"] or 0) for c in classes])
    return {"classes": rows, "total": total, "chart": chart}
