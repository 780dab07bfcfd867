"""Class statistics as pure functions of scores, tested against hand-computed values.

Item analysis follows Moodle's quiz statistics report: facility is the mean
item score (share correct for 1/0 items); discrimination is the corrected
point-biserial, the correlation of the item score with the rest of the test
(total minus this item), so an item does not correlate with itself.
"""

import statistics
from collections import Counter

# Flags, as Moodle's documentation suggests reading the figures.
TOO_EASY = 0.9
TOO_HARD = 0.3
LOW_DISCRIMINATION = 0.2
MIN_ATTEMPTS_FOR_FLAGS = 5


def mean(values):
    values = list(values)
    return statistics.fmean(values) if values else None


def rate(count, total):
    return count / total if total else None


def summary(scores, pass_mark=60, excellent_mark=90, joined=None, enrolled=None, extra=0) -> dict:
    """Figures for finished attempts' ``scores`` (out of 100).

    ``joined`` students of ``enrolled`` took part; ``extra`` of them are known
    not to hold a seat (a class number beyond the class size). Participation
    counts at most one student per seat, so it never passes 100 %: the rest
    (``extra`` in the result) are shown apart for the teacher to check, since
    they mean a mistyped number, one student joining twice, or a class size
    out of date in the registry.
    """
    scores = list(scores)
    n = len(scores)
    joined = n if joined is None else joined
    counted = joined - extra
    if enrolled:
        counted = min(counted, enrolled)
    return {
        "joined": joined,
        "counted": counted,
        "extra": joined - counted,
        "finished": n,
        "enrolled": enrolled,
        "participation": rate(counted, enrolled),
        "average": mean(scores),
        "pass_rate": rate(sum(s >= pass_mark for s in scores), n),
        "excellent_rate": rate(sum(s >= excellent_mark for s in scores), n),
        "full_mark_rate": rate(sum(s >= 100 for s in scores), n),
    }


def distribution(scores, width=10) -> list[tuple[str, int]]:
    """Counts in bands 0–9, 10–19, … 90–100 (100 falls in the last band)."""
    bands = 100 // width
    counts = [0] * bands
    for s in scores:
        counts[min(int(s // width), bands - 1)] += 1
    labels = [f"{i * width}–{i * width + width - 1}" for i in range(bands - 1)] + [f"{(bands - 1) * width}–100"]
    return list(zip(labels, counts, strict=True))


def pearson(xs, ys):
    """Pearson's r, or None where it is undefined (fewer than two values, or
    one side constant: everyone right or everyone wrong on an item)."""
    try:
        return statistics.correlation(list(xs), list(ys))
    except statistics.StatisticsError:
        return None


def corrected_point_biserial(item_scores, totals):
    """Correlation of one item's scores with each student's total less that item."""
    rest = [t - i for i, t in zip(item_scores, totals, strict=True)]
    return pearson(item_scores, rest)


def item_analysis(matrix) -> list[dict]:
    """``matrix``: one row per finished attempt, one column per question, each
    0..1 (None where the attempt did not get that question)."""
    if not matrix:
        return []
    columns = len(matrix[0])
    totals = [sum(v for v in row if v is not None) for row in matrix]
    items = []
    for j in range(columns):
        pairs = [(row[j], total) for row, total in zip(matrix, totals, strict=True) if row[j] is not None]
        scores = [p[0] for p in pairs]
        facility = mean(scores)
        discrimination = corrected_point_biserial(scores, [p[1] for p in pairs]) if pairs else None
        items.append({"n": len(pairs), "facility": facility, "discrimination": discrimination,
                      "flags": flags(len(pairs), facility, discrimination)})
    return items


def flags(n, facility, discrimination) -> list[str]:
    if n < MIN_ATTEMPTS_FOR_FLAGS or facility is None:
        return []
    out = []
    if facility > TOO_EASY:
        out.append("too_easy")
    if facility < TOO_HARD:
        out.append("too_hard")
    if discrimination is None or discrimination < LOW_DISCRIMINATION:
        out.append("non_discriminating")
    return out


def option_frequencies(chosen_lists, choice_ids) -> dict:
    """{choice id: how many answers chose it} for the answers of one question."""
    counts = Counter(c for chosen in chosen_lists for c in chosen)
    return {cid: counts.get(cid, 0) for cid in choice_ids}


def rollup(groups: dict, pass_mark=60, excellent_mark=90) -> tuple[dict, dict]:
    """The indicators 青骄 reports, per group and for all groups together.

    ``groups``: {key: [(enrolled, [finished scores], participants), one per class]},
    a participant being a student who finished. Participation is participants
    / enrolled, each class counting at most its own enrolled: a class with more
    participants than seats does not make up for one with fewer, and its surplus
    is shown as ``extra``. Returns ({key: figures}, total figures).
    """

    def figures(classes):
        return summary([score for _enrolled, scores, _participants in classes for score in scores],
                       pass_mark, excellent_mark,
                       joined=sum(participants for _enrolled, _scores, participants in classes),
                       enrolled=sum(enrolled or 0 for enrolled, _scores, _participants in classes),
                       extra=sum(max(participants - (enrolled or 0), 0) for enrolled, _scores, participants in classes))

    per_group = {key: figures(classes) for key, classes in groups.items()}
    return per_group, figures([one for classes in groups.values() for one in classes])
