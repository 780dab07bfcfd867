"""Classes, teachers, runs, attempts and answers.

Students are minors: an attempt holds a class number or a nickname, never a
real name, and nothing identifies the device but a random token in a signed
cookie.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from quizzes.choices import Leaderboard, ReviewPolicy, StudentNaming

# An answer that leaves the phone in the last second still counts.
GRACE = timedelta(seconds=10)

# Grades 1–9 are compulsory education (primary and junior middle): the
# Ministry of Education forbids publishing students' scores and rankings
# there, so their runs never show a named leaderboard.
LAST_COMPULSORY_GRADE = 9


class ClassGroup(models.Model):
    """A class of a school in the registry (core.School), kept by its teachers."""

    school = models.ForeignKey("core.School", verbose_name=_("school"), on_delete=models.PROTECT,
                               related_name="class_groups")
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1–6 primary, 7–9 junior middle, 10–12 senior or vocational."),
    )
    name = models.CharField(_("class name"), max_length=50, help_text=_("E.g. 3班."))
    enrolled = models.PositiveSmallIntegerField(_("students enrolled"), validators=[MinValueValidator(1)])
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    panels = [FieldPanel("school"), FieldRowPanel([FieldPanel("grade"), FieldPanel("name"), FieldPanel("enrolled")])]

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school__code", "grade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "grade", "name"], name="quizzes_classgroup_unique_name"),
        ]

    def __str__(self):
        return _("%(school)s grade %(grade)s %(name)s") % {
            "school": self.school, "grade": self.grade, "name": self.name
        }


class TeacherProfile(models.Model):
    """Attaches a Wagtail user in the Teachers group to one school."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="teacher_profile")
    school = models.ForeignKey("core.School", verbose_name=_("school"), on_delete=models.PROTECT,
                               related_name="teachers")

    panels = [FieldPanel("user"), FieldPanel("school")]

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self):
        return f"{self.user.get_username()} · {self.school}"


def named_leaderboard_allowed(class_group) -> bool:
    return class_group.grade > LAST_COMPULSORY_GRADE


def new_join_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


class QuizRun(models.Model):
    """A quiz opened for one class, joined with a 6-digit code."""

    quiz = models.ForeignKey("quizzes.Quiz", verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="runs")
    class_group = models.ForeignKey(ClassGroup, verbose_name=_("class"), on_delete=models.PROTECT,
                                    related_name="runs")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teacher"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    join_code = models.CharField(_("join code"), max_length=6, editable=False)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    naming = models.CharField(_("students enter"), max_length=20, choices=StudentNaming.choices,
                              default=StudentNaming.NUMBERED)
    leaderboard = models.CharField(
        _("leaderboard"), max_length=20, choices=Leaderboard.choices, blank=True,
        help_text=_("Blank: as the quiz says."),
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The campaign this run counts for in the roll-ups, if any."),
    )
    # Set when the run is closed by hand or found past closes_at by the sweep
    # (tasks.py); the join code is unique only among runs not yet closed.
    closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("quiz run")
        verbose_name_plural = _("quiz runs")
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["join_code"], condition=Q(closed=False),
                                    name="quizzes_quizrun_unique_open_code"),
        ]
        # A code no open run has is looked up among the closed ones too (to
        # say the quiz has closed): every wrong code, so not a table scan.
        indexes = [models.Index(fields=["join_code", "closes_at"], name="quizzes_quizrun_code_closes")]

    def __str__(self):
        return f"{self.quiz} · {self.class_group} · {self.join_code}"

    def save(self, *args, **kwargs):
        if self.join_code:
            return super().save(*args, **kwargs)
        # A clash with another open run's code is rare (at most a few hundred
        # open runs in a million codes); draw again when it happens.
        for _attempt in range(20):
            self.join_code = new_join_code()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if self.pk and not kwargs.get("force_insert"):
                    raise
                self.pk = None
        raise IntegrityError("no free join code")

    @property
    def leaderboard_mode(self) -> str:
        """The leaderboard students see: a named one asked for a primary or
        junior class (a quiz changed after the run opened, an old run) shows
        anonymous instead."""
        mode = self.leaderboard or self.quiz.leaderboard
        if mode == Leaderboard.NAMED and not named_leaderboard_allowed(self.class_group):
            return Leaderboard.ANONYMOUS
        return mode

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.closed and self.opens_at <= now < self.closes_at

    def is_over(self, now=None) -> bool:
        return self.closed or (now or timezone.now()) >= self.closes_at


class AttemptManager(models.Manager):
    def for_answering(self, token: str):
        """The attempt behind ``token`` with its run's ``closed`` flag
        (``run_closed``), or None: what every question page and answer of a
        class asks, hundreds of times a second. One plain query: the ORM took
        about 2 ms of CPU to compile the same join on every request."""
        attempts = Attempt._meta.db_table
        runs = QuizRun._meta.db_table
        found = self.raw(
            f"SELECT a.*, r.closed AS run_closed FROM {attempts} a LEFT JOIN {runs} r ON r.id = a.run_id "  # noqa: S608 - table names from the models
            "WHERE a.token = %s",
            [token],
        )
        return next(iter(found), None)


class Attempt(models.Model):
    """One student's go at a quiz: the questions and their order are drawn once from ``seed``."""

    run = models.ForeignKey(QuizRun, verbose_name=_("run"), null=True, blank=True, on_delete=models.CASCADE,
                            related_name="attempts", help_text=_("Empty for the public practice quiz."))
    quiz = models.ForeignKey("quizzes.Quiz", verbose_name=_("quiz"), on_delete=models.CASCADE,
                             related_name="attempts")
    token = models.CharField(_("token"), max_length=43, unique=True, editable=False)
    display_name = models.CharField(_("class number or nickname"), max_length=20)
    # A class number is a seat, and a student who types a classmate's number
    # takes it. The classmate is told so and may join all the same: 0 for the
    # first student with this number or nickname in the run, 1, 2… for each
    # one after, until their teacher gives them their own (quizzes.services.renumber).
    clash = models.PositiveSmallIntegerField(_("joined again with the same number"), default=0)
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    seed = models.BigIntegerField(_("seed"))
    question_ids = models.JSONField(_("questions in order"), default=list)
    # {question id (str): [choice ids in the order shown]}
    choice_order = models.JSONField(_("choices in order"), default=dict)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    points = models.FloatField(_("points"), null=True, blank=True)
    max_points = models.FloatField(_("maximum points"), null=True, blank=True)
    score = models.FloatField(_("score (out of 100)"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # Set by the retention task (quizzes/retention.py): the name, the answers
    # and the device's token are gone; the score stays for the class counts.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = AttemptManager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["run", "display_name", "number"]
        constraints = [
            # One attempt per class number (or nickname) and attempt number in a run:
            # fifty taps on "start" make one row. A second student with the
            # same number is another ``clash``, never another row by accident.
            models.UniqueConstraint(fields=["run", "display_name", "clash", "number"],
                                    condition=Q(run__isnull=False), name="quizzes_attempt_unique_student"),
        ]
        indexes = [models.Index(fields=["finished_at", "deadline"], name="quizzes_attempt_overdue")]

    def __str__(self):
        return f"{self.display_name} · {self.quiz}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    def is_waiting(self, now=None) -> bool:
        """Joined before the run's start, which has not come yet: the
        student sees the waiting page, and no answer is taken."""
        return self.started_at > (now or timezone.now())

    def run_is_closed(self) -> bool:
        if not self.run_id:
            return False
        if "run_closed" in self.__dict__:  # Attempt.objects.for_answering()
            return bool(self.run_closed)
        return self.run.closed

    def accepts_answers(self, now=None) -> bool:
        if self.is_finished or self.run_is_closed():
            return False
        return (now or timezone.now()) <= self.deadline + GRACE

    def review_allowed(self, now=None) -> bool:
        """Whether answers and explanations may be shown to this student now."""
        if not self.is_finished:
            return False
        policy = self.quiz.review_policy
        if policy == ReviewPolicy.IMMEDIATELY:
            return True
        if policy == ReviewPolicy.AFTER_CLOSE:
            return self.run is None or self.run.is_over(now)
        return False

    def passed(self) -> bool:
        return self.score is not None and self.score >= self.quiz.pass_mark


class Answer(models.Model):
    """One answer as it was given: rows are only ever added.

    The current answer to a question is its row with the highest ``seq`` (the
    client's sequence number); resending a row is idempotent and an older one
    arriving late is refused, so nothing newer is ever overwritten.
    """

    attempt = models.ForeignKey(Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE,
                                related_name="answers")
    question = models.ForeignKey("quizzes.Question", verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="answers")
    seq = models.PositiveIntegerField(_("sequence number"))
    choice_ids = models.JSONField(_("chosen choices"), default=list, blank=True)
    text = models.CharField(_("text"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        # By the columns: "attempt" would sort by the attempt's own ordering,
        # through its run, with two joins on every query of answers.
        ordering = ["attempt_id", "question_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question", "seq"], name="quizzes_answer_unique_seq"),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question_id} · {self.seq}"


class AttemptDeletion(models.Model):
    """A teacher deleted one student's attempt on request: who, when, which
    run and which seat. Never the nickname: the record must not keep what
    the deletion removed."""

    run = models.ForeignKey(QuizRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="deletions")
    seat = models.CharField(_("class number"), max_length=20, blank=True,
                            help_text=_("Blank when the run took nicknames."))
    attempt_number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    attempt_id_deleted = models.PositiveIntegerField(_("attempt id"))
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("deleted by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Kept as typed at the time: the record still says who if the account goes.
    deleted_by_name = models.CharField(_("deleted by (user name)"), max_length=150)
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted attempt")
        verbose_name_plural = _("deleted attempts")
        ordering = ["-deleted_at"]

    def __str__(self):
        return f"{self.run_id} · {self.seat or '—'} · {self.deleted_at:%Y-%m-%d %H:%M}"
