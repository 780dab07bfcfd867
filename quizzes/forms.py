from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.choices import StudentNaming


class JoinForm(forms.Form):
    """A join code and a class number or nickname: no real name, phone or ID field (students are minors)."""

    code = forms.RegexField(
        label=_("Join code"), regex=r"^\s*\d{6}\s*$", max_length=12,
        error_messages={"invalid": _("A join code is 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Class number or nickname"), max_length=20,
        help_text=_("Your number in the class list. A nickname only if your teacher asked for one. "
                    "Never type your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


def check_display_name(name: str, naming: str, seats: int = 99) -> str | None:
    """An error message for a name the run does not take, else None. A class
    number is one of the class's ``seats`` (its students enrolled): a number
    beyond the class list would be a seat of its own, with attempts of its own."""
    if naming == StudentNaming.NUMBERED:
        if not name.isdigit() or not 1 <= int(name) <= seats:
            return _("Enter your class number (1 to %(seats)s).") % {"seats": seats}
        return None
    digits = sum(ch.isdigit() for ch in name)
    if digits >= 7:
        # Looks like a phone or ID number: minors must not be asked for one.
        return _("Choose a nickname, not a phone or ID number.")
    return None


def normalise_display_name(name: str, naming: str) -> str:
    return str(int(name)) if naming == StudentNaming.NUMBERED else name


class PracticeForm(forms.Form):
    name = forms.CharField(
        label=_("Nickname"), max_length=20, required=False,
        help_text=_("Optional. A nickname: never your real name."), widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
