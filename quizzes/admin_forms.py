"""Forms of the quiz editor in the admin (Quiz.base_form_class)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.choices import GradeBand, Leaderboard

COMPULSORY_BANDS = {GradeBand.PRIMARY, GradeBand.JUNIOR}


class QuizAdminForm(WagtailAdminModelForm):
    """A named leaderboard is refused for a quiz whose questions are drawn for
    primary or junior middle school: the Ministry of Education forbids
    publishing the scores and rankings of students in compulsory education.
    (A quiz drawn from any band may keep it: each run is checked against its
    class, and a primary or junior class never shows names.)"""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leaderboard") == Leaderboard.NAMED and self.compulsory_bands():
            self.add_error("leaderboard", _(
                "This quiz is for primary or junior middle school classes, which may not have a leaderboard with "
                "class numbers or nicknames (the Ministry of Education forbids publishing the scores and rankings "
                "of students in compulsory education). Choose Anonymous or Off."
            ))
        return cleaned

    def compulsory_bands(self) -> set:
        bands = set()
        for name, field in (("draw_rules", "grade_band"), ("fixed_questions", "question")):
            formset = self.formsets.get(name)
            if formset is None or not formset.is_valid():
                continue
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                value = data.get(field)
                if data.get("DELETE") or not value:
                    continue
                bands.add(value.grade_band if name == "fixed_questions" else value)
        return bands & COMPULSORY_BANDS
