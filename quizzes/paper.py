"""The questions of a paper as HTML, one form per question, and the review
of a finished attempt.

Written here rather than in templates/quizzes/question.html: every student
of a class opens the paper in the same minute, and the template engine took
11 ms of CPU for 20 questions (about 60 template nodes each), format_html 6
ms; plain strings with the standard library's escaping take under 1 ms. The
result page's review, which the whole class opens as it hands in, is written
the same way. The pages around them stay templates; the markup below is what
question.html and result.html document. Every value that is not a number goes through ``_e``.
"""

import hashlib
from html import escape as _e

from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def choice_key(attempt_token: str) -> bytes:
    """The attempt's own key for its choice values (choice_value): from the
    site's secret and the attempt's token, so values tell nothing across
    attempts and cannot be worked out without the secret."""
    return salted_hmac("quizzes.paper.choice", attempt_token).digest()


def choice_value(key: bytes, choice_id: int) -> str:
    """What a paper sends for a choice instead of its id. The bank's ids run
    in creation order and the right choice is usually written first: a
    student ticking the lowest id passed blind. A keyed hash of the id looks
    random, so neither the values nor their order (shuffled per attempt too:
    services.plan_attempt) say anything about the key. Keyed BLAKE2b is one
    call per choice (an HMAC object each cost 0.8 ms a paper); with 48 bits
    two choices of a question never share a value in practice, and
    choice_ids_from_values refuses the answer if they ever did."""
    return hashlib.blake2b(str(choice_id).encode(), key=key, digest_size=6).hexdigest()


def choice_ids_from_values(key: bytes, shown: list[int], values: list[str]) -> list[int] | None:
    """The choice ids behind the posted ``values`` among the ``shown`` choices
    of one question; None when one of them is not a choice of it."""
    by_value = {choice_value(key, cid): cid for cid in shown}
    if len(by_value) != len(shown):
        return None
    try:
        return [by_value[value] for value in values]
    except KeyError:
        return None


def question_title(position: int, total: int) -> str:
    return gettext("Question %(n)s of %(total)s") % {"n": position, "total": total}


def render_items(request, items: list[dict], position: int, total: int, overview_url: str, error: str) -> SafeString:
    """The ``<section class="quiz-item">`` of every question; only the one at
    ``position`` is shown until the script shows another."""
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(get_token(request))}">'
    labels = {
        "multiple": _e(gettext("Choose every right answer.")), "your_answer": _e(gettext("Your answer")),
        "previous": _e(gettext("Previous")), "next": _e(gettext("Save and next")),
        "finish": _e(gettext("Save and check")),
    }
    overview = _e(overview_url)
    return mark_safe("".join(  # noqa: S308 - every value in it is escaped by _item
        _item(item, position, total, overview, error, csrf, labels) for item in items))


def _item(item, position, total, overview, error, csrf, labels) -> str:
    n = int(item["position"])
    title = _e(question_title(n, total))
    if item["kind"] == "fill_in":
        answer = (f'<label class="quiz-fill" for="answer-text-{n}">{labels["your_answer"]}</label>'
                  f'<input id="answer-text-{n}" type="text" name="text" value="{_e(item["text"])}"'
                  ' maxlength="200" autocomplete="off">')
    else:
        kind = "checkbox" if item["kind"] == "multiple" else "radio"
        help_text = f'<p class="quiz-help">{labels["multiple"]}</p>' if kind == "checkbox" else ""
        choices = "".join(
            f'<li><label class="quiz-choice"><input type="{kind}" name="choice" value="{_e(c["value"])}"'
            f'{" checked" if c["checked"] else ""}> <span>{_e(c["text"])}</span></label></li>'
            for c in item["choices"]
        )
        answer = f'{help_text}<ul class="quiz-choices">{choices}</ul>'
    previous = (f'<button type="submit" name="go" value="previous" class="btn btn--secondary">{labels["previous"]}'
                '</button>') if n > 1 else ""
    go, label = ("next", labels["next"]) if n < total else ("finish", labels["finish"])
    shown_error = (f'<p class="notice notice--error quiz-error" role="alert">{_e(error)}</p>'
                   if error and n == position else "")
    return (
        f'<section class="quiz-item" id="q{n}" data-title="{title}"{"" if n == position else " hidden"}>'
        f'<p class="quiz-progress">{title}</p>{shown_error}'
        f'<form class="quiz-form quiz-question" method="post" action="{_e(item["url"])}"'
        f' data-next-next="{_e(item["next_url"])}" data-next-previous="{_e(item["previous_url"])}"'
        f' data-next-finish="{overview}">{csrf}'
        f'<input type="hidden" name="question" value="{n}">'
        f'<input type="hidden" name="seq" value="{int(item["seq"])}">'
        f'<fieldset><legend class="quiz-stem" tabindex="-1">{_e(item["question"].stem)}</legend>{answer}</fieldset>'
        f'<div class="quiz-actions">{previous}'
        f'<button type="submit" name="go" value="{go}" class="btn btn--primary">{label}</button></div>'
        '</form></section>\n'
    )


def render_review(items: list[dict]) -> SafeString:
    """The ``<li class="quiz-review__item">`` of every question of a finished
    attempt: the student's answer, the right one, the explanation and source."""
    labels = {  # escaped once here
        "right": _e(gettext("Right")), "partly": _e(gettext("Partly right")), "wrong": _e(gettext("Wrong")),
        "correct": _e(gettext("correct answer")), "chosen": _e(gettext("your choice")),
    }
    # Whole phrases, not a label + ": " (Chinese takes a full-width colon);
    # escaped once filled in.
    phrases = {
        "your_answer": gettext("Your answer: %(answer)s"), "accepted": gettext("Accepted: %(answers)s"),
        "source": gettext("Source: %(source)s"),
    }
    return mark_safe("".join(_reviewed(item, labels, phrases) for item in items))  # noqa: S308 - escaped by _reviewed


def _reviewed(item, labels, phrases) -> str:
    points = item["points"]
    state, mark = ("is-right", labels["right"]) if points == 1 else (
        ("is-partly", labels["partly"]) if points else ("is-wrong", labels["wrong"]))
    if item["kind"] == "fill_in":
        yours = phrases["your_answer"] % {"answer": item["text"] or "—"}
        accepted = phrases["accepted"] % {"answers": " / ".join(item["accepted"])}
        answer = f'<p>{_e(yours)} · {_e(accepted)}</p>'
    else:
        rows = []
        for choice in item["choices"]:
            classes = " ".join(c for c, on in (("is-correct", choice["correct"]), ("is-chosen", choice["chosen"])) if on)
            tags = (f' <span class="quiz-tag">{labels["correct"]}</span>' if choice["correct"] else "") + (
                f' <span class="quiz-tag quiz-tag--you">{labels["chosen"]}</span>' if choice["chosen"] else "")
            rows.append(f'<li class="{classes}">{_e(choice["text"])}{tags}</li>')
        answer = f'<ul class="quiz-choices quiz-choices--review">{"".join(rows)}</ul>'
    explanation = f'<p class="quiz-explanation">{_e(item["explanation"])}</p>' if item["explanation"] else ""
    return (
        f'<li class="quiz-review__item {state}"><p class="quiz-stem">{_e(item["stem"])}</p>'
        f'<p class="quiz-mark">{mark}</p>{answer}{explanation}'
        f'<p class="quiz-source">{_e(phrases["source"] % {"source": item["source"]})}</p></li>\n'
    )


def render_grid(items: list[dict]) -> SafeString:
    """The overview's ``<li>`` per question: a link, marked when answered."""
    answered, unanswered = _e(gettext("answered")), _e(gettext("not answered"))
    return mark_safe("".join(  # noqa: S308 - a URL escaped here and numbers
        f'<li><a href="{_e(item["url"])}" class="quiz-grid__item{" is-answered" if item["answered"] else ""}">'
        f'{int(item["position"])}<span class="visually-hidden"> {answered if item["answered"] else unanswered}'
        '</span></a></li>'
        for item in items
    ))
