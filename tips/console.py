"""The police console in the Wagtail admin (/admin/tips/).

Only members of a police unit (tips.models.UnitMembership) get in; a
superuser or editor without a membership sees no tips menu and gets 403 here,
and a tip of another unit answers 404 (its existence is not confirmed).

Unlocking: the member types their passphrase; the unit's private key is
unwrapped and wrapped again for this session under a random key that lives
only in an HttpOnly, SameSite=Strict cookie scoped to /admin/tips/. The
session (database or Redis) holds only that ciphertext, the cookie only the
random key: neither alone opens anything, and neither is the key in clear.
Signing out or closing the browser forgets it.

Unlocking also asks for a code from the member's authenticator app
(tips/otp.py: django-otp TOTP), set up on first use.

Every read, download, status change, message and reassignment is written to
the hash-chained audit log (tips.models.AuditEntry).
"""

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic import TemplateView
from nacl.exceptions import CryptoError
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import crypto, otp, rewards, services, unlock_limits
from .choices import CLOSED_STATUSES, Author, Category, Status
from .forms import KeyUnlockForm
from .models import AuditEntry, Message, PoliceUnit, Tip, UnitMembership

UNLOCK_COOKIE = "tips_unlock"
# Cleaned photos (tips/uploads.py re-encodes them) that the tip's page shows
# in place, decrypted per request and sent with no-store like a download.
PREVIEWABLE = {"image/jpeg", "image/png", "image/webp"}
SESSION_KEY = "tips_unit_keys"
COOKIE_PATH = "/admin/tips/"


def memberships(user):
    if not user.is_authenticated:
        return UnitMembership.objects.none()
    return UnitMembership.objects.filter(user=user).select_related("unit")


def is_police(user) -> bool:
    return memberships(user).exists()


# ---------------------------------------------------------------- session keys
def unlocked_key(request, unit: PoliceUnit) -> bytes | None:
    wrapped = request.session.get(SESSION_KEY, {}).get(str(unit.pk))
    cookie = request.COOKIES.get(UNLOCK_COOKIE, "")
    if not wrapped or not cookie:
        return None
    try:
        key = crypto.decrypt(base64.b64decode(cookie), base64.b64decode(wrapped))
    except (CryptoError, ValueError):
        return None
    # A key unlocked before the unit's key was replaced (tips_rotate_unit_key) opens nothing now.
    return key if crypto.public_key_of(key) == bytes(unit.public_key) else None


def remember_key(request, response, unit: PoliceUnit, unit_key: bytes):
    cookie = request.COOKIES.get(UNLOCK_COOKIE, "")
    try:
        session_key = base64.b64decode(cookie) if cookie else b""
    except ValueError:
        session_key = b""
    if len(session_key) != crypto.KEY_BYTES:
        session_key = crypto.new_key()
        request.session[SESSION_KEY] = {}
    keys = dict(request.session.get(SESSION_KEY, {}))
    keys[str(unit.pk)] = base64.b64encode(crypto.encrypt(session_key, unit_key)).decode()
    request.session[SESSION_KEY] = keys
    response.set_cookie(
        UNLOCK_COOKIE,
        base64.b64encode(session_key).decode(),
        httponly=True,
        secure=request.is_secure(),
        samesite="Strict",
        path=COOKIE_PATH,
    )


# ---------------------------------------------------------------- base view
class ConsoleHeader:
    """Home › the console › this page: the admin's header then names the page
    the officer is on (the tip's reference), not "Home"."""

    home = "tips_console:inbox"

    def get_breadcrumbs_items(self):
        label = _("Tips") if self.home == "tips_console:inbox" else _("Rewards")
        items = [*self.breadcrumbs_items, {"url": reverse(self.home), "label": label}]
        if reverse(self.home) != self.request.path:
            items.append({"url": "", "label": self.get_page_title()})
        return items


class ConsoleView(ConsoleHeader, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not is_police(request.user):
            raise PermissionDenied
        self.units = [m.unit for m in memberships(request.user)]
        return super().dispatch(request, *args, **kwargs)

    def get_tip(self, reference) -> Tip:
        tip = Tip.objects.select_related("unit", "community", "grid_unit").filter(
            reference=reference, unit__in=self.units
        ).first()
        if tip is None:
            raise Http404
        return tip

    def audit(self, action, tip=None, unit=None, detail=""):
        AuditEntry.record(actor=self.request.user, action=action, tip=tip, unit=unit, detail=detail)


class UnlockForm(KeyUnlockForm):
    unit = forms.ModelChoiceField(queryset=PoliceUnit.objects.none(), label=gettext_lazy("Unit"))
    field_order = ["unit", "passphrase", "otp_token"]


class InboxView(ConsoleView):
    """Each unlocked unit's tips (metadata only: nothing is decrypted here)."""

    template_name = "tips/console/inbox.html"
    page_title = gettext_lazy("Tips")

    @staticmethod
    def _unlock_form(units, data=None):
        form = UnlockForm(data)
        form.fields["unit"].queryset = PoliceUnit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            form.fields["unit"].initial = units[0]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inboxes, locked = [], []
        status_filter = self.request.GET.get("status", "open")
        for unit in self.units:
            if unlocked_key(self.request, unit) is None:
                locked.append(unit)
                continue
            tips = Tip.objects.filter(unit=unit).select_related("community", "grid_unit").annotate(
                # The tipster wrote last: a reply or new information waits for the police.
                awaiting_police=Subquery(
                    Message.objects.filter(tip=OuterRef("pk")).exclude(author=Author.NOTE)
                    .order_by("-pk").values("author")[:1]
                ),
            )
            if status_filter == "open":
                tips = tips.exclude(status__in=CLOSED_STATUSES)
            inboxes.append({"unit": unit, "tips": tips[:200]})
        needs_enrolment = bool(locked) and otp.required() and otp.confirmed_device(self.request.user) is None
        context.update(
            inboxes=inboxes,
            locked=[] if needs_enrolment else locked,
            enrol_url=reverse("tips_console:otp") if needs_enrolment else "",
            unlock_form=None if needs_enrolment else (
                kwargs.get("unlock_form") or (self._unlock_form(locked) if locked else None)
            ),
            status_filter=status_filter,
        )
        return context

    @sensitive_variables()
    def post(self, request, *args, **kwargs):
        form = self._unlock_form(self.units, request.POST)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            membership = memberships(request.user).get(unit=unit)
            unit_key = unlock_limits.open_with_second_factor(
                form, request.user, membership.unlock, "unlock failed", "unlock",
                lambda detail: self.audit("unlock failed", unit=unit, detail=detail),
            )
            if unit_key is not None:
                response = redirect("tips_console:inbox")
                remember_key(request, response, unit, unit_key)
                self.audit("unlock", unit=unit)
                return response
        return self.render_to_response(self.get_context_data(unlock_form=form))


class OtpForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class EnrolView(ConsoleView):
    """Set up the authenticator app that unlocking asks a code from."""

    template_name = "tips/console/otp.html"
    page_title = gettext_lazy("Set up your authenticator")

    def dispatch(self, request, *args, **kwargs):
        # Reward officers set up their authenticator here too.
        self.home = "tips_console:inbox" if is_police(request.user) else "tips_rewards:index"
        if not (is_police(request.user) or rewards.is_reward_officer(request.user)):
            raise PermissionDenied
        if otp.confirmed_device(request.user) is not None:
            return redirect(self.home)
        self.units = [m.unit for m in memberships(request.user)]
        return super(ConsoleView, self).dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = otp.pending_device(self.request.user)
        context.update(
            qr=otp.qr_data_uri(device), secret=otp.secret_text(device), form=kwargs.get("form") or OtpForm()
        )
        return context

    def post(self, request, *args, **kwargs):
        form = OtpForm(request.POST)
        device = otp.pending_device(request.user)
        if form.is_valid() and otp.verify(device, form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            self.audit("second factor set up")
            messages.success(request, _("Your authenticator is set up."))
            return redirect(self.home)
        if form.is_valid():
            form.add_error("otp_token", _("This code is wrong or was already used. Wait for the next one."))
        return self.render_to_response(self.get_context_data(form=form))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Status.choices)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message to the tipster"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=gettext_lazy("The tipster reads it on the status page with the receipt. Never ask for identity."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the unit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=gettext_lazy("Encrypted like the tip; the tipster never sees it."),
    )


class DuplicateForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Same matter as tip"), max_length=12)


class ReassignForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=PoliceUnit.objects.all(), label=gettext_lazy("Send to unit"))


class RewardProposalForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Reward (yuan)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _(
            "From ¥%(minimum)s to ¥%(maximum)s (the national scale of 2018; local rules may differ). "
            "A reward officer decides."
        ) % {"minimum": rewards.minimum_yuan(), "maximum": rewards.maximum_yuan()}


class TipView(ConsoleView):
    template_name = "tips/console/tip.html"

    def get_page_title(self):
        return _("Tip %(reference)s") % {"reference": self.tip.reference}

    def dispatch(self, request, *args, **kwargs):
        if not is_police(request.user):
            raise Http404  # not even whether such a tip exists
        self.units = [m.unit for m in memberships(request.user)]
        self.tip = self.get_tip(kwargs["reference"])
        unit_key = unlocked_key(request, self.tip.unit)
        if unit_key is None:
            messages.warning(request, _("Unlock your unit's tips first."))
            return redirect("tips_console:inbox")
        self.tip_key = self.tip.key_for_unit(self.tip.unit, unit_key)
        return super(ConsoleView, self).dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tip = self.tip
        context.update(
            tip=tip,
            body=tip.read_body(self.tip_key),
            category=Category(tip.category).label,
            attachments=[
                {"pk": a.pk, "name": a.read_name(self.tip_key), "size": a.size, "type": a.content_type,
                 "is_photo": a.content_type in PREVIEWABLE}
                for a in tip.attachments.filter(message__isnull=True)
            ],
            thread=self._thread(),
            status_form=kwargs.get("status_form") or StatusForm(initial={"status": tip.status}),
            message_form=kwargs.get("message_form") or MessageForm(),
            note_form=kwargs.get("note_form") or NoteForm(),
            duplicate_form=kwargs.get("duplicate_form") or DuplicateForm(),
            reassign_form=kwargs.get("reassign_form") or ReassignForm(initial={"unit": tip.unit}),
            reward_form=kwargs.get("reward_form") or RewardProposalForm(),
            rewards=tip.rewards.all(),
            can_propose=tip.status in rewards.PROPOSABLE_STATUSES
            and not tip.rewards.filter(status__in=rewards.OPEN_STATUSES).exists(),
        )
        return context

    def _thread(self):
        thread = []
        for message in self.tip.messages.prefetch_related("attachments"):
            thread.append(
                {
                    "from_police": message.author == Author.POLICE,
                    "kind": message.author,
                    "author": message.get_author_display(),
                    "sent_on": message.sent_on,
                    "text": crypto.decrypt_text(self.tip_key, message.body),
                    "files": [{"pk": a.pk, "name": a.read_name(self.tip_key)} for a in message.attachments.all()],
                }
            )
        return thread

    def get(self, request, *args, **kwargs):
        self.audit("view", tip=self.tip)
        return super().get(request, *args, **kwargs)

    @sensitive_variables()
    def post(self, request, *args, **kwargs):
        tip = self.tip
        action = request.POST.get("action")
        if action == "status":
            form = StatusForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(status_form=form))
            old, new = tip.status, form.cleaned_data["status"]
            if old != new:
                Tip.objects.filter(pk=tip.pk).update(
                    status=new, closed_on=timezone.localdate() if new in CLOSED_STATUSES else None,
                    # The day the rules' 15 working days to see to a reward start.
                    **({"solved_on": timezone.localdate()} if new == Status.SOLVED else {}),
                )
                self.audit("status", tip=tip, detail=f"{old} → {new}")
                messages.success(request, _("Status changed."))
        elif action == "message":
            form = MessageForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(message_form=form))
            services.add_message(tip, self.tip_key, Author.POLICE, form.cleaned_data["text"])
            self.audit("message", tip=tip)
            messages.success(request, _("Message saved. The tipster sees it with the receipt."))
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(note_form=form))
            services.add_message(tip, self.tip_key, Author.NOTE, form.cleaned_data["note"])
            self.audit("note", tip=tip)
            messages.success(request, _("Note saved."))
        elif action == "duplicate":
            form = DuplicateForm(request.POST)
            original = None
            if form.is_valid():
                original = Tip.objects.filter(
                    reference=form.cleaned_data["reference"].strip().upper(), unit=tip.unit
                ).exclude(pk=tip.pk).first()
                if original is None:
                    form.add_error("reference", _("No other tip of this unit has this reference."))
            if original is None:
                return self.render_to_response(self.get_context_data(duplicate_form=form))
            Tip.objects.filter(pk=tip.pk).update(duplicate_of=original)
            self.audit("duplicate", tip=tip, detail=f"same as {original.reference}")
            messages.success(request, _("Linked as the same matter as %(reference)s.") % {"reference": original.reference})
        elif action == "reward":
            form = RewardProposalForm(request.POST)
            if form.is_valid():
                try:
                    rewards.propose(tip, request.user, form.cleaned_data["amount"])
                except rewards.RewardError as error:
                    form.add_error("amount", str(error))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(reward_form=form), status=400)
            messages.success(request, _("Reward proposed. A reward officer will decide."))
        elif action == "reassign":
            form = ReassignForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(reassign_form=form))
            new_unit = form.cleaned_data["unit"]
            if new_unit != tip.unit:
                with transaction.atomic():
                    tip.grant(new_unit, self.tip_key)
                    # The old unit keeps no key to it.
                    tip.grants.exclude(unit=new_unit).delete()
                    Tip.objects.filter(pk=tip.pk).update(unit=new_unit, announced=False)
                    self.audit("reassign", tip=tip, detail=f"{tip.unit.code} → {new_unit.code}")
                messages.success(request, _("The tip was sent to %(unit)s.") % {"unit": new_unit})
                return redirect("tips_console:inbox")
        return redirect("tips_console:tip", reference=tip.reference)


class DownloadView(TipView):
    def get(self, request, *args, **kwargs):
        attachment = self.tip.attachments.filter(pk=kwargs["attachment"]).first()
        if attachment is None:
            raise Http404
        inline = "view" in request.GET and attachment.content_type in PREVIEWABLE
        self.audit("download", tip=self.tip, detail=f"attachment {attachment.pk}" + (" shown" if inline else ""))
        response = HttpResponse(attachment.read(self.tip_key), content_type=attachment.content_type)
        name = attachment.read_name(self.tip_key)
        ascii_name = "".join(c for c in name if c.isascii() and (c.isalnum() or c in "._-")) or "file"
        # ?view shows a photo in the tip's page; anything else is always a download.
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{ascii_name}"'
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def post(self, request, *args, **kwargs):
        raise Http404


class LockView(ConsoleView):
    def post(self, request, *args, **kwargs):
        request.session.pop(SESSION_KEY, None)
        response = redirect("tips_console:inbox")
        response.delete_cookie(UNLOCK_COOKIE, path=COOKIE_PATH)
        return response


def _sensitive(view):
    return sensitive_post_parameters()(view)


app_name = "tips_console"
urlpatterns = [
    path("", _sensitive(InboxView.as_view()), name="inbox"),
    path("lock/", LockView.as_view(), name="lock"),
    path("authenticator/", EnrolView.as_view(), name="otp"),
    path("<str:reference>/", _sensitive(TipView.as_view()), name="tip"),
    path("<str:reference>/files/<int:attachment>/", DownloadView.as_view(), name="download"),
]

