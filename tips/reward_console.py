"""The reward officers' console in the Wagtail admin (/admin/tips/rewards/).

Only members of the "Reward officers" group who hold a copy of the reward
officers' key (tips.models.RewardOfficer) get in; police officers,
superusers and editors get 403. Nothing here is shown before the officer
unlocks the key with their passphrase and an authenticator code (as police
unlock a unit's key, tips/console.py): the unwrapped key is kept for the
session the same way, under a random key held only in an HttpOnly cookie
scoped to this path.

The officer approves or rejects proposed rewards, records claims (claim
code and identity, sealed to the reward officers' key), reads a claimant's
identity, and exports the register for finance. Every action is audited.
"""

import base64
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic import TemplateView
from nacl.exceptions import CryptoError
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import crypto, otp, rewards, unlock_limits
from .console import ConsoleHeader
from .forms import KeyUnlockForm, MultipleFileField
from .models import AuditEntry, Reward, RewardKey, RewardOfficer, RewardStatus
from .uploads import MemoryOnlyUploadHandler, RefusedFile, clean_upload

UNLOCK_COOKIE = "tips_reward_unlock"
SESSION_KEY = "tips_reward_key"
COOKIE_PATH = "/admin/tips/rewards/"


def unlocked_key(request) -> bytes | None:
    wrapped = request.session.get(SESSION_KEY, "")
    cookie = request.COOKIES.get(UNLOCK_COOKIE, "")
    if not wrapped or not cookie:
        return None
    try:
        return crypto.decrypt(base64.b64decode(cookie), base64.b64decode(wrapped))
    except (CryptoError, ValueError):
        return None


def remember_key(request, response, private_key: bytes):
    session_key = crypto.new_key()
    request.session[SESSION_KEY] = base64.b64encode(crypto.encrypt(session_key, private_key)).decode()
    response.set_cookie(
        UNLOCK_COOKIE, base64.b64encode(session_key).decode(),
        httponly=True, secure=request.is_secure(), samesite="Strict", path=COOKIE_PATH,
    )


class ApproveForm(forms.Form):
    claim_place = forms.CharField(
        label=gettext_lazy("Where to claim"),
        max_length=200,
        help_text=gettext_lazy("Shown to the tipster: address and opening hours of the office that pays out."),
    )


class ClaimForm(forms.Form):
    claim_code = forms.CharField(label=gettext_lazy("Claim code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name of the person collecting"), max_length=50)
    id_number = forms.CharField(label=gettext_lazy("ID number of the person collecting"), max_length=20)
    bank_account = forms.CharField(
        label=gettext_lazy("Bank account (optional)"), max_length=40, required=False,
        help_text=gettext_lazy("Only when the reward is paid by transfer."),
    )
    by_proxy = forms.BooleanField(
        label=gettext_lazy("Collected by proxy"), required=False,
        help_text=gettext_lazy("The person collecting was authorised by the tipster; attach the letter."),
    )
    proxy_letter = MultipleFileField(label=gettext_lazy("Letter of authorisation (photo or PDF)"), required=False)

    def clean_claim_code(self):
        code = crypto.normalise_claim_code(self.cleaned_data["claim_code"])
        if len(code) != crypto.CLAIM_CODE_LENGTH:
            raise forms.ValidationError(_("A claim code has 10 letters and digits, like ABCDE-23456."))
        return code

    def clean_id_number(self):
        number = rewards.normalise_id_number(self.cleaned_data["id_number"])
        problem = rewards.id_number_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number

    def clean_bank_account(self):
        account = "".join(c for c in self.cleaned_data["bank_account"] if not c.isspace())
        if account and not (account.isdigit() and 12 <= len(account) <= 30):
            raise forms.ValidationError(_("A bank account number has 12 to 30 digits."))
        return account

    def clean(self):
        cleaned = super().clean()
        letters = cleaned.get("proxy_letter") or []
        if cleaned.get("by_proxy") and not letters:
            self.add_error("proxy_letter", _("Attach the letter of authorisation for a claim by proxy."))
        elif len(letters) > 1:
            self.add_error("proxy_letter", _("Attach one file."))
        elif letters and not cleaned.get("by_proxy"):
            self.add_error("by_proxy", _("A letter of authorisation is only for a claim by proxy."))
        elif letters:
            try:
                cleaned["letter"] = clean_upload(letters[0])
            except RefusedFile as refused:
                self.add_error("proxy_letter", str(refused))
        return cleaned


class RewardConsoleView(ConsoleHeader, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"
    home = "tips_rewards:index"
    needs_key = True

    def dispatch(self, request, *args, **kwargs):
        if not rewards.is_reward_officer(request.user):
            raise PermissionDenied
        self.key = RewardKey.current()
        self.private_key = unlocked_key(request)
        if self.private_key is not None and crypto.public_key_of(self.private_key) != bytes(self.key.public_key):
            self.private_key = None  # the key was replaced since this session unlocked
        if self.needs_key and self.private_key is None:
            return redirect("tips_rewards:index")
        return super().dispatch(request, *args, **kwargs)

    def audit(self, action, reward=None, detail=""):
        if reward is not None:
            detail = f"reward {reward.pk}" + (f": {detail}" if detail else "")
        AuditEntry.record(
            actor=self.request.user, action=action, tip=reward.tip if reward else None,
            unit=reward.unit if reward else None, detail=detail,
        )


class IndexView(RewardConsoleView):
    """The rewards (once unlocked), or the unlock form."""

    template_name = "tips/console/rewards.html"
    page_title = gettext_lazy("Rewards")
    needs_key = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        needs_enrolment = otp.required() and otp.confirmed_device(self.request.user) is None
        unlocked = self.private_key is not None
        context.update(
            enrol_url=reverse("tips_console:otp") if needs_enrolment and not unlocked else "",
            unlock_form=None if unlocked or needs_enrolment else (kwargs.get("unlock_form") or KeyUnlockForm()),
            rewards=Reward.objects.select_related("unit")[:500] if unlocked else [],
        )
        return context

    @sensitive_variables()
    def post(self, request, *args, **kwargs):
        form = KeyUnlockForm(request.POST)
        if form.is_valid():
            officer = RewardOfficer.objects.filter(key=self.key, user=request.user).first()

            def open_key(passphrase):
                if officer is None:
                    raise CryptoError
                return officer.unlock(passphrase)

            private_key = unlock_limits.open_with_second_factor(
                form, request.user, open_key, "reward unlock failed", "reward unlock",
                lambda detail: self.audit("reward unlock failed", detail=detail),
            )
            if private_key is not None:
                response = redirect("tips_rewards:index")
                remember_key(request, response, private_key)
                self.audit("reward unlock")
                return response
        return self.render_to_response(self.get_context_data(unlock_form=form))


class RewardView(RewardConsoleView):
    template_name = "tips/console/reward.html"

    def get_page_title(self):
        return _("Reward for tip %(reference)s") % {"reference": self.reward.tip_reference}

    def dispatch(self, request, *args, **kwargs):
        # Whether the reward exists is for reward officers only: everyone else
        # gets the same refusal for any id.
        if not rewards.is_reward_officer(request.user):
            raise PermissionDenied
        self.reward = Reward.objects.select_related("unit", "tip").filter(pk=kwargs["pk"]).first()
        if self.reward is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reward = self.reward
        claim = None
        if reward.status == RewardStatus.CLAIMED and reward.claim_data is not None:
            try:
                claim = rewards.read_claim(reward, self.private_key)
            except CryptoError:
                # Sealed to a reward officers' key that was replaced since.
                messages.error(self.request, _("This claim was recorded under an earlier reward officers' key."))
        context.update(
            reward=reward,
            claim=claim,
            approve_form=kwargs.get("approve_form") or ApproveForm(
                initial={"claim_place": rewards.default_claim_place()}
            ),
            claim_form=kwargs.get("claim_form") or ClaimForm(),
            claim_months=rewards.claim_months(),
            decide_by=rewards.decide_by(reward) if reward.status == RewardStatus.PROPOSED else None,
            identity_destroy_on=rewards.identity_destroy_on(reward),
        )
        return context

    def get(self, request, *args, **kwargs):
        if self.reward.status == RewardStatus.CLAIMED and self.reward.claim_data is not None:
            self.audit("reward identity viewed", self.reward)
        return super().get(request, *args, **kwargs)

    @sensitive_variables()
    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        reward = self.reward
        try:
            if action == "approve":
                form = ApproveForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(approve_form=form), status=400)
                rewards.approve(reward, request.user, form.cleaned_data["claim_place"])
                messages.success(request, _("Reward approved. The tipster sees it on the status page."))
            elif action == "reject":
                rewards.reject(reward, request.user)
                messages.success(request, _("Reward rejected."))
            elif action == "claim":
                form = ClaimForm(request.POST, request.FILES)
                for problem in getattr(request, "tips_upload_problems", []):
                    form.add_error("proxy_letter", problem)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(claim_form=form), status=400)
                data = form.cleaned_data
                try:
                    rewards.claim(reward, request.user, data["claim_code"], rewards.Claimant(
                        name=data["name"].strip(), id_number=data["id_number"], bank_account=data["bank_account"],
                        by_proxy=data["by_proxy"], proxy_letter=data.get("letter"),
                    ))
                except rewards.RewardError as error:
                    form.add_error(None, str(error))
                    return self.render_to_response(self.get_context_data(claim_form=form), status=400)
                messages.success(request, _("The claim is recorded."))
        except rewards.RewardError as error:
            messages.error(request, str(error))
        return redirect("tips_rewards:reward", pk=reward.pk)


class ProxyLetterView(RewardView):
    def get(self, request, *args, **kwargs):
        if not self.reward.proxy_letter:
            raise Http404
        try:
            claim = rewards.read_claim(self.reward, self.private_key)
            letter = rewards.read_proxy_letter(self.reward, self.private_key)
        except CryptoError as error:
            raise Http404 from error  # sealed to an earlier reward officers' key
        self.audit("reward proxy letter downloaded", self.reward)
        response = HttpResponse(letter, content_type=claim["proxy_letter_type"])
        extension = ".pdf" if claim["proxy_letter_type"] == "application/pdf" else ".jpg"
        response["Content-Disposition"] = f'attachment; filename="proxy-letter-{self.reward.pk}{extension}"'
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def post(self, request, *args, **kwargs):
        raise Http404


class RegisterView(RewardConsoleView):
    """The register for finance: no identity, so no key is used."""

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in ("csv", "xlsx"):
            raise Http404
        self.audit("reward register exported", detail=fmt)
        if fmt == "xlsx":
            response = HttpResponse(
                rewards.register_xlsx(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(rewards.register_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="reward-register.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response


class LockView(RewardConsoleView):
    needs_key = False

    def post(self, request, *args, **kwargs):
        request.session.pop(SESSION_KEY, None)
        response = redirect("tips_rewards:index")
        response.delete_cookie(UNLOCK_COOKIE, path=COOKIE_PATH)
        return response


def _memory_uploads(view):
    """The proxy letter (an identity document) never reaches a temporary file
    in clear: uploads stay in memory (tips.uploads.MemoryOnlyUploadHandler),
    which must be set before anything reads the body, so Django's CSRF check
    runs here, after it, instead of in the site-wide middleware."""
    protected = decorator_from_middleware(CsrfViewMiddleware)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return protected(request, *args, **kwargs)

    wrapped.csrf_exempt = True
    return wrapped


app_name = "tips_rewards"
urlpatterns = [
    path("", sensitive_post_parameters()(IndexView.as_view()), name="index"),
    path("lock/", LockView.as_view(), name="lock"),
    path("register.<str:fmt>", RegisterView.as_view(), name="register"),
    path("<int:pk>/", _memory_uploads(sensitive_post_parameters()(RewardView.as_view())), name="reward"),
    path("<int:pk>/proxy-letter/", ProxyLetterView.as_view(), name="proxy_letter"),
]
