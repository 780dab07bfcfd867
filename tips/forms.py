from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.models import Community, GridUnit

from . import crypto, otp
from .choices import Category


def max_description() -> int:
    return int(getattr(settings, "TIPS_MAX_DESCRIPTION", 5000))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by tips.uploads later."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def area_choices():
    """The registry's communities, each followed by its grid units."""
    choices = [("", _("Not sure / somewhere else"))]
    grids = {}
    for grid in GridUnit.objects.order_by("sort_order", "pk"):
        grids.setdefault(grid.community_id, []).append(grid)
    for community in Community.objects.all():
        options = [(f"c{community.pk}", _("%(community)s (whole community)") % {"community": community.display_name})]
        options += [(f"g{grid.pk}", grid.display_name) for grid in grids.get(community.pk, [])]
        choices.append((community.display_name, options))
    return choices


class AntiSpamFields(forms.Form):
    """The challenge, its proof of work and captcha, and the honeypot."""

    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    pow_nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    captcha = forms.CharField(
        label=_("Characters in the picture"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # Hidden from people by tips.css; bots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be accepted. Please leave the last field empty."))
        return ""


class TipForm(AntiSpamFields):
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect)
    area = forms.ChoiceField(label=_("Where (community or grid)"), required=False)
    place = forms.CharField(
        label=_("Where exactly"),
        required=False,
        max_length=300,
        help_text=_("A street, building, shop, or a website or account name."),
    )
    when = forms.CharField(
        label=_("When"),
        required=False,
        max_length=200,
        help_text=_("For example: most evenings after 10 pm, or last Saturday."),
    )
    description = forms.CharField(
        label=_("What did you see or learn?"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Do not write your name or anything that identifies you, unless you want to be contacted."),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or PDF. Location and camera details are removed before storing."),
    )
    contact = forms.CharField(
        label=_("How to reach you (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only if you want the police to contact you. It is encrypted like the rest of the tip."),
    )

    field_order = ["category", "area", "place", "when", "description", "attachments", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()
        self.fields["description"].widget.attrs["maxlength"] = max_description()

    def clean_description(self):
        text = self.cleaned_data["description"]
        if len(text) > max_description():
            raise forms.ValidationError(
                _("Please keep it under %(count)d characters (now %(now)d).")
                % {"count": max_description(), "now": len(text)}
            )
        return text

    def area_objects(self):
        """(community, grid unit) chosen, either may be None."""
        value = self.cleaned_data.get("area") or ""
        if value.startswith("g") and value[1:].isdigit():
            grid = GridUnit.objects.select_related("community").filter(pk=value[1:]).first()
            if grid:
                return grid.community, grid
        if value.startswith("c") and value[1:].isdigit():
            return Community.objects.filter(pk=value[1:]).first(), None
        return None, None


class ReceiptField(forms.CharField):
    """A receipt as typed (spaces, dashes, full-width digits), checked by its
    check digit before anything is looked up."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Receipt"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = crypto.normalise_receipt(super().clean(value))
        if len(value) != crypto.RECEIPT_DIGITS + 1:
            raise forms.ValidationError(_("A receipt has 17 digits."))
        if not crypto.receipt_is_well_formed(value):
            raise forms.ValidationError(_("This receipt has a typing mistake: please check each digit."))
        return value


class ConfirmReceiptForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    receipt = ReceiptField(label=_("Type your receipt again"))


class StatusLoginForm(AntiSpamFields):
    receipt = ReceiptField()
    field_order = ["receipt"]


class TipsterMessageForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your answer or more information"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    attachments = MultipleFileField(label=_("More photos or documents (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = max_description()
        self.fields["text"].widget.attrs["maxlength"] = max_description()

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if len(text) > max_description():
            raise forms.ValidationError(
                _("Please keep it under %(count)d characters.") % {"count": max_description()}
            )
        return text


class KeyUnlockForm(forms.Form):
    """A member's passphrase and, where required, a code from their
    authenticator app: what unlocks a unit's key (tips/console.py) or the
    reward officers' key (tips/reward_console.py)."""

    passphrase = forms.CharField(
        label=_("Passphrase"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not otp.required():
            del self.fields["otp_token"]
