"""A run's results for its teacher, from the database through the pure
functions in quizzes/stats.py, and the geometry of the server-drawn SVG charts."""

from quizzes import stats
from quizzes.choices import QuestionKind, StudentNaming
from quizzes.models import Attempt
from quizzes.services import current_answers, item_points, questions_by_id


def run_results(run) -> dict:
    quiz = run.quiz
    attempts = list(Attempt.objects.filter(run=run).order_by("display_name", "number"))
    for attempt in attempts:
        attempt.quiz = quiz  # one quiz for the whole run: not read again per attempt
    # A student's first attempt is the one that counts, as in the roll-ups;
    # later attempts (when the quiz allows them) are for learning.
    finished = [a for a in attempts if a.is_finished and a.number == 1]
    # Anonymised attempts (quizzes/retention.py) keep their score but no
    # answers: they count in the figures, not in the per-question analysis.
    analysed = [a for a in finished if a.anonymised_at is None]
    question_ids = []
    for attempt in analysed:
        question_ids.extend(q for q in attempt.question_ids if q not in question_ids)
    question_ids.sort()
    questions = questions_by_id(question_ids)
    answers = current_answers([a.pk for a in analysed])
    matrix = []
    for attempt in analysed:
        given = {qid: (answer.choice_ids, answer.text) for qid in attempt.question_ids
                 if (answer := answers.get((attempt.pk, qid))) is not None}
        points = item_points(attempt, given, questions)
        matrix.append([points.get(qid) if qid in attempt.question_ids else None for qid in question_ids])
    items = stats.item_analysis(matrix)
    per_question = []
    for index, qid in enumerate(question_ids):
        question = questions.get(qid)
        if question is None:
            continue
        chosen = [answers[(a.pk, qid)].choice_ids for a in analysed if (a.pk, qid) in answers]
        choices = list(question.choices.all())
        frequencies = stats.option_frequencies(chosen, [c.pk for c in choices])
        drawn = items[index]["n"] if items else 0
        per_question.append({
            "number": index + 1, "question": question, "is_fill_in": question.kind == QuestionKind.FILL_IN,
            **(items[index] if items else {"n": 0, "facility": None, "discrimination": None, "flags": []}),
            "options": [{"text": c.text, "correct": c.is_correct, "count": frequencies[c.pk],
                         "share": frequencies[c.pk] / drawn if drawn else 0} for c in choices],
        })
    scores = [a.score for a in finished]
    enrolled = run.class_group.enrolled
    names = {a.display_name for a in attempts}
    students = {(a.display_name, a.clash) for a in attempts}
    beyond = beyond_class(names, run.naming, enrolled)
    # Two students on one class number (a clash the teacher has not settled
    # yet) have both joined, but the seat counts once: the second is extra.
    summary = stats.summary(scores, quiz.pass_mark, quiz.excellent_mark, joined=len(students), enrolled=enrolled,
                            extra=len(beyond) + len(students) - len(names))
    distribution = stats.distribution(scores)
    return {
        "summary": summary, "beyond": beyond, "attempts": attempts, "finished": finished, "analysed": analysed,
        "questions": per_question,
        "distribution": distribution, "distribution_chart": bar_chart(distribution),
        "facility_chart": facility_chart(per_question, quiz.pass_mark),
    }


def beyond_class(names, naming, enrolled) -> list[str]:
    """The class numbers joined that the class does not have (46 in a class of 45), in order."""
    if naming != StudentNaming.NUMBERED or not enrolled:
        return []
    return sorted((name for name in names if name.isdigit() and int(name) > enrolled), key=int)


# ---------------------------------------------------------------- SVG geometry
CHART_WIDTH, CHART_HEIGHT, AXIS = 600, 220, 28


def bar_chart(bands) -> dict:
    """Vertical bars for the score distribution: every coordinate computed here,
    the template only writes them out (no script, no inline style: the CSP allows neither)."""
    top = max((count for _label, count in bands), default=0) or 1
    slot = CHART_WIDTH / max(len(bands), 1)
    plot = CHART_HEIGHT - 2 * AXIS
    bars = []
    for i, (label, count) in enumerate(bands):
        height = plot * count / top
        bars.append({"x": round(i * slot + slot * 0.15, 1), "width": round(slot * 0.7, 1),
                     "y": round(AXIS + plot - height, 1), "height": round(height, 1), "count": count,
                     "label": label, "label_x": round(i * slot + slot / 2, 1), "count_y": round(AXIS + plot - height - 6, 1)})
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars, "base_y": CHART_HEIGHT - AXIS,
            "label_y": CHART_HEIGHT - AXIS + 18}


def facility_chart(per_question, pass_mark=60) -> dict:
    """Horizontal bars: the share of students right on each question."""
    row = 22
    label_width, plot = 48, CHART_WIDTH - 48 - 56
    rows = []
    for i, item in enumerate(per_question):
        facility = item["facility"] or 0
        rows.append({"y": i * row + 4, "text_y": i * row + 17, "width": round(plot * facility, 1),
                     "label": item["number"], "value": round(100 * facility), "value_x": round(label_width + plot * facility + 6, 1),
                     "flagged": bool(item["flags"])})
    return {"width": CHART_WIDTH, "height": max(len(rows), 1) * row + 8, "rows": rows, "x0": label_width,
            "pass_x": label_width + plot * pass_mark / 100, "pass_mark": pass_mark}


def share_chart(items, label_width=90) -> dict:
    """Horizontal bars of shares (0–1, drawn up to 100%), e.g. participation per class."""
    row = 22
    plot = CHART_WIDTH - label_width - 56
    rows = []
    for i, (label, share) in enumerate(items):
        drawn = min(max(share, 0), 1)
        rows.append({"y": i * row + 4, "text_y": i * row + 17, "width": round(plot * drawn, 1), "label": label,
                     "value": round(100 * share), "value_x": round(label_width + plot * drawn + 6, 1)})
    return {"width": CHART_WIDTH, "height": max(len(rows), 1) * row + 8, "rows": rows, "x0": label_width,
            "full_x": label_width + plot}
