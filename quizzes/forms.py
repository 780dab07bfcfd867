import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.choices import StudentNaming

# What people put between the digits of a code read off the board: spaces
# ("816 406", the full-width one of a Chinese keyboard too), hyphens and dots.
CODE_SEPARATORS = re.compile(r"[\s\-.·]+")
CODE = re.compile(r"[0-9]{6}")


def normalise_join_code(value: str) -> str:
    """The 6 ASCII digits of a code as typed: a Chinese keyboard in full-width
    mode gives ８１６４０６ (NFKC folds it to 816406), and a code copied from the
    board often has a space in the middle. Anything else is returned as it is
    and refused by the form."""
    folded = unicodedata.normalize("NFKC", value or "")
    return CODE_SEPARATORS.sub("", folded)


class JoinForm(forms.Form):
    """A join code and a class number or nickname: no real name, phone or ID field (students are minors)."""

    code = forms.CharField(
        label=_("Join code"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Class number or nickname"), max_length=20,
        help_text=_("Your number in the class list. A nickname only if your teacher asked for one. "
                    "Never type your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_code(self):
        code = normalise_join_code(self.cleaned_data["code"])
        if not CODE.fullmatch(code):
            raise forms.ValidationError(_("A join code is 6 digits."), code="invalid")
        return code

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])


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


def clean_name(value: str) -> str:
    """A class number or nickname as typed: full-width digits (１２) folded to
    ASCII, as a Chinese keyboard gives them, and runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


class PracticeForm(forms.Form):
    name = forms.CharField(
        label=_("Nickname"), max_length=20, required=False,
        help_text=_("Optional. A nickname: never your real name."), widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
