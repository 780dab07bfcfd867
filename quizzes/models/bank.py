"""The question bank and the quizzes drawn from it.

Questions are translatable snippets (zh-hans source, en and zh-hant through
wagtail-localize): an attempt always stores the ids of the default language's
rows, and a page in another language shows the translation that shares the
row's ``translation_key``, so a student's answers and the statistics never
depend on the language the question was read in.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin

from core.models.registry import localised_name
from quizzes.admin_forms import QuizAdminForm
from quizzes.choices import GradeBand, Leaderboard, QuestionKind, ReviewPolicy


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")


class Question(TranslatableMixin, ClusterableModel):
    """One question of the bank: its choices are child rows with stable ids."""

    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    stem = models.TextField(_("question"))
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_("Fill-in questions only: one accepted answer per line. Width, case and spaces are ignored."),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the answer comes from, e.g. 《中华人民共和国禁毒法》第二条."),
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    grade_band = models.CharField(_("grade band"), max_length=20, choices=GradeBand.choices)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), default=2, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (easiest) to 5 (hardest)."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active questions are drawn."))
    practice = models.BooleanField(
        _("practice question"), default=False,
        help_text=_("Drawn only by public practice quizzes, never by class quizzes: anyone can take the practice "
                    "as often as they like and see its answers at once. Once used in practice, keep it there."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("grade_band"), FieldPanel("difficulty")]),
        FieldPanel("stem"),
        InlinePanel("choices", heading=_("Choices"), label=_("choice")),
        FieldPanel("accepted_answers"),
        MultiFieldPanel([FieldPanel("explanation"), FieldPanel("source")], heading=_("Explanation")),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("practice")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["pk"]

    def __str__(self):
        return self.stem[:60]

    def correct_choice_ids(self) -> frozenset[int]:
        return frozenset(c.pk for c in self.choices.all() if c.is_correct)

    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.FILL_IN and not self.accepted_list():
            raise ValidationError({"accepted_answers": _("A fill-in question needs at least one accepted answer.")})


class Choice(TranslatableMixin, Orderable):
    question = ParentalKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("is_correct")])]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class Quiz(ClusterableModel):
    """What a run draws and how it is marked. Not per locale: a run points at one row."""

    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("English description"), blank=True,
        help_text=_("Shown on the English pages; left blank, they show the Chinese one, marked as Chinese."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=10, validators=[MinValueValidator(1)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=1,
                                                        validators=[MinValueValidator(1)])
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60, validators=[MaxValueValidator(100)])
    excellent_mark = models.PositiveSmallIntegerField(
        _("excellent mark (%)"), default=90, validators=[MaxValueValidator(100)]
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    partial_credit = models.BooleanField(
        _("partial credit for multiple choice"), default=False,
        help_text=_("Off: a multiple-choice question scores only when exactly the right set is chosen."),
    )
    review_policy = models.CharField(
        _("show answers and explanations"), max_length=20, choices=ReviewPolicy.choices,
        default=ReviewPolicy.IMMEDIATELY,
    )
    certificate_on_pass = models.BooleanField(_("certificate on pass"), default=False)
    leaderboard = models.CharField(
        _("leaderboard"), max_length=20, choices=Leaderboard.choices, default=Leaderboard.ANONYMOUS,
        help_text=_("Shown to students once they finish, and to the teacher. Anonymous masks the names. "
                    "Primary and junior middle classes never show names."),
    )
    is_practice = models.BooleanField(
        _("public practice"), default=False, help_text=_("Anyone may take it at /quiz/ without a join code.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    base_form_class = QuizAdminForm
    panels = [
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        MultiFieldPanel(
            [InlinePanel("draw_rules", label=_("draw rule")), InlinePanel("fixed_questions", label=_("question"))],
            heading=_("Questions: draw rules, or a fixed list (a fixed list wins)"),
        ),
        FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("excellent_mark")]),
        # Choices are shuffled for every attempt whatever shuffle_choices says (services.plan_attempt).
        FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("partial_credit")]),
        FieldRowPanel([FieldPanel("review_policy"), FieldPanel("leaderboard")]),
        FieldRowPanel([FieldPanel("certificate_on_pass"), FieldPanel("is_practice")]),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["title"]
        permissions = [("view_rollup", _("Can view the roll-ups of every school"))]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localised_name(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return localised_name(self.description, self.description_en)

    def clean(self):
        super().clean()
        if self.excellent_mark < self.pass_mark:
            raise ValidationError({"excellent_mark": _("The excellent mark cannot be below the pass mark.")})


class DrawRule(Orderable):
    """Draw ``count`` active questions matching every field that is filled in."""

    quiz = ParentalKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="draw_rules")
    count = models.PositiveSmallIntegerField(_("number of questions"), validators=[MinValueValidator(1)])
    tag = models.CharField(_("tag"), max_length=100, blank=True, help_text=_("Blank: any tag."))
    grade_band = models.CharField(_("grade band"), max_length=20, choices=GradeBand.choices, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    panels = [FieldRowPanel([FieldPanel("count"), FieldPanel("tag"), FieldPanel("grade_band"),
                             FieldPanel("difficulty")])]

    class Meta(Orderable.Meta):
        verbose_name = _("draw rule")
        verbose_name_plural = _("draw rules")

    def __str__(self):
        return f"{self.count} × {self.tag or '*'} / {self.grade_band or '*'} / {self.difficulty or '*'}"


class FixedQuestion(Orderable):
    quiz = ParentalKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")

    def __str__(self):
        return str(self.question)
