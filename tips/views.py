"""The tipster's side: submit a tip, note the receipt, check the status.

Plain Django views and forms (Wagtail's form builder stores and e-mails
submissions in clear). Every response is per visitor and never cached
(core.caching.never_cache; tips.privacy sets no-store on top). Nothing
sensitive ever goes into a URL: the receipt is only ever posted, and the
status page carries a short-lived token sealed under a server secret in its
forms instead of a cookie.
"""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from core.caching import never_cache

from . import antispam, crypto, rewards, services
from .choices import Author
from .forms import ConfirmReceiptForm, StatusLoginForm, TipForm, TipsterMessageForm
from .models import Tip
from .privacy import tips_csrf_protect
from .uploads import RefusedFile, clean_upload, request_pixels_problem

logger = logging.getLogger(__name__)

FAILURE_WINDOW_SECONDS = 600
FAILURES_PER_EXTRA_BIT = 10
MAX_EXTRA_BITS = 6


def _render(request, template, context, status=200):
    never_cache(request)
    return render(request, template, context, status=status)


SUBMIT_FORM = "submit"
STATUS_FORM = "status"


def _anti_spam_context(form, name, extra_bits=0):
    """A new challenge for the form (the next try, after a refusal), or the
    same one when it only needs time to pass (antispam.Outcome.keep)."""
    kept = getattr(form, "keep_challenge", None)
    challenge = kept or antispam.new_challenge(name, extra_bits)
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        # What the tipster typed stays.
        data["challenge"] = challenge.token
        data["pow_nonce"] = ""
        if kept is None:
            data["captcha"] = ""
        form.data = data
    else:
        form.initial["challenge"] = challenge.token
    return {"challenge": challenge, "noscript_wait": antispam.noscript_wait_seconds()}


def _clean_files(request, form, field="attachments"):
    """Cleaned files, or None after adding the reasons to the form."""
    problems = list(getattr(request, "tips_upload_problems", []))
    uploads = form.cleaned_data.get(field) or []
    too_large = request_pixels_problem(uploads)
    if too_large:
        problems.append(too_large)
        uploads = []  # none is decoded
    cleaned = []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload))
        except RefusedFile as refused:
            problems.append(str(refused))
    for problem in problems:
        form.add_error(field, problem)
    return None if problems else cleaned


def _anti_spam_ok(form, name, bits) -> object | None:
    """The challenge, checked and spent (before any file is decoded), or None
    after adding the reason to the form."""
    outcome = antispam.check(
        form.cleaned_data.get("challenge", ""),
        form.cleaned_data.get("pow_nonce", ""),
        form.cleaned_data.get("captcha", ""),
        name,
        bits,
    )
    form.keep_challenge = outcome.keep
    if outcome.challenge is None:
        form.add_error(None, outcome.message)
        return None
    if not antispam.spend(outcome.challenge):
        form.add_error(None, _("The form has expired or was already sent. Please send it again."))
        return None
    return outcome.challenge


# ---------------------------------------------------------------- submit
@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@tips_csrf_protect
def submit(request):
    if request.method == "GET":
        form = TipForm()
        return _render(request, "tips/submit.html", {"form": form, **_anti_spam_context(form, SUBMIT_FORM)})

    form = TipForm(request.POST, request.FILES)
    # The challenge is checked and spent before any file is decoded:
    # re-encoding photos costs far more than checking a hash, and a spent
    # challenge cannot be sent again with another file.
    challenge = _anti_spam_ok(form, SUBMIT_FORM, antispam.pow_bits()) if form.is_valid() else None
    if challenge is None:
        for problem in getattr(request, "tips_upload_problems", []):
            form.add_error("attachments", problem)
    files = _clean_files(request, form) if challenge is not None else None
    if files is None:
        return _render(
            request, "tips/submit.html", {"form": form, **_anti_spam_context(form, SUBMIT_FORM)}, status=400
        )

    community, grid_unit = form.area_objects()
    content = {
        "place": form.cleaned_data["place"],
        "when": form.cleaned_data["when"],
        "description": form.cleaned_data["description"],
        "contact": form.cleaned_data["contact"],
    }
    try:
        tip, receipt = services.submit_tip(
            category=form.cleaned_data["category"], community=community, grid_unit=grid_unit,
            content=content, files=files,
        )
    except services.NoUnit:
        logger.error("tips: a tip was refused because no police unit is set up to receive it")
        form.add_error(None, _("Tips cannot be received at the moment. Please call 110 instead."))
        return _render(
            request, "tips/submit.html", {"form": form, **_anti_spam_context(form, SUBMIT_FORM)}, status=503
        )
    token = services.make_token(crypto.RECEIPT_TOKEN, {"tip": tip.pk, "receipt": receipt}, seconds=3600)
    return _render(
        request,
        "tips/receipt.html",
        {"receipt": crypto.format_receipt(receipt), "form": ConfirmReceiptForm(initial={"token": token})},
    )


@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["POST"])
@tips_csrf_protect
def confirm_receipt(request):
    """The tipster types the receipt again, to be sure it was noted."""
    form = ConfirmReceiptForm(request.POST)
    payload = services.read_token(crypto.RECEIPT_TOKEN, request.POST.get("token", ""))
    tip = Tip.objects.filter(pk=payload["tip"], receipt_confirmed=False).first() if payload else None
    if tip is None:
        return _render(request, "tips/receipt_done.html", {"expired": True}, status=400)
    if form.is_valid() and form.cleaned_data["receipt"] == payload["receipt"]:
        Tip.objects.filter(pk=tip.pk).update(receipt_confirmed=True)
        return _render(request, "tips/receipt_done.html", {"expired": False})
    if form.is_valid():
        form.add_error("receipt", _("This is not the receipt shown above. Please copy it again."))
    return _render(
        request,
        "tips/receipt.html",
        {"receipt": crypto.format_receipt(payload["receipt"]), "form": form},
        status=400,
    )


@require_GET
def captcha_image(request, token):
    png = antispam.captcha_png(token)
    if png is None:
        raise Http404
    return HttpResponse(png, content_type="image/png")


# ---------------------------------------------------------------- status
def _extra_bits() -> int:
    """Wrong receipts make every status login slower for a while (a harder
    proof of work), counted over everyone: no address is known to key on."""
    failures = antispam.count_in_window("status-failures", FAILURE_WINDOW_SECONDS, add=0)
    return min(MAX_EXTRA_BITS, failures // FAILURES_PER_EXTRA_BIT)


def _count_failure():
    antispam.count_in_window("status-failures", FAILURE_WINDOW_SECONDS)


def _status_login(request, form, status=200, **context):
    return _render(
        request,
        "tips/status_login.html",
        {"form": form, **context, **_anti_spam_context(form, STATUS_FORM, _extra_bits())},
        status=status,
    )


def _status_page(request, tip, tip_key, message_form=None, notice="", status=200):
    token = services.status_token(tip, tip_key)
    reward, claim_code = rewards.for_tipster(tip)
    message_form = message_form or TipsterMessageForm(initial={"token": token})
    if message_form.is_bound:
        data = message_form.data.copy()
        data["token"] = token
        message_form.data = data
    return _render(
        request,
        "tips/status.html",
        {
            "tip": tip,
            "messages_": services.read_messages(tip, tip_key),
            "message_form": message_form,
            "notice": notice,
            "reward": reward,
            "claim_code": claim_code,
        },
        status=status,
    )


@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@tips_csrf_protect
def status(request):
    if request.method == "GET":
        return _status_login(request, StatusLoginForm())

    if "text" in request.POST or request.FILES:
        return _add_message(request)

    form = StatusLoginForm(request.POST)
    bits = antispam.pow_bits() + _extra_bits()
    if not form.is_valid() or _anti_spam_ok(form, STATUS_FORM, bits) is None:
        return _status_login(request, form, status=400)
    tip, tip_key = services.find_tip(form.cleaned_data["receipt"])
    if tip is None:
        _count_failure()
        form.add_error("receipt", _("No tip was found with this receipt."))
        return _status_login(request, form, status=400)
    return _status_page(request, tip, tip_key)


def _add_message(request):
    form = TipsterMessageForm(request.POST, request.FILES)
    tip, tip_key = services.tip_from_status_token(request.POST.get("token", ""))
    if tip is None:
        return _status_login(request, StatusLoginForm(), status=400, expired=True)
    files = _clean_files(request, form) if form.is_valid() else None
    if files is not None and not form.cleaned_data["text"].strip() and not files:
        form.add_error("text", _("Write something or add a file."))
        files = None
    if files is None:
        return _status_page(request, tip, tip_key, message_form=form, status=400)
    services.add_message(tip, tip_key, Author.TIPSTER, form.cleaned_data["text"].strip(), files)
    return _status_page(request, tip, tip_key, notice=_("Thank you. The police can read it now."))
