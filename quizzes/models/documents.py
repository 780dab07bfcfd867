"""Certificates for passing students, and files made in the background.

A certificate carries a serial that anyone may check at
/quiz/certificate/<serial>/; the check shows only that it was issued, the
school, the date and that the student passed, never who.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base 32 without I, L, O, U: nothing a reader can mistake when
# typing the serial from paper.
SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_serial() -> str:
    """E.g. "NC-7K3M-9QX2-HT4B": 60 random bits, not guessable from a neighbour's."""
    body = "".join(secrets.choice(SERIAL_ALPHABET) for _i in range(12))
    return f"NC-{body[:4]}-{body[4:8]}-{body[8:]}"


class Certificate(models.Model):
    """Issued once per passing attempt of a quiz with certificates on pass."""

    attempt = models.OneToOneField("quizzes.Attempt", verbose_name=_("attempt"), on_delete=models.CASCADE,
                                   related_name="certificate")
    serial = models.CharField(_("serial"), max_length=20, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.serial


class FileJob(models.Model):
    """A file a django-q task makes for a teacher (a big export, a class's
    certificates), with its progress; the file is kept in the database row,
    not under media/, because it names students and media is served publicly."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Results (XLSX)")
        CERTIFICATES = "certificates", _("Certificates (PDF)")

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    run = models.ForeignKey("quizzes.QuizRun", verbose_name=_("run"), on_delete=models.CASCADE,
                            related_name="file_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    masked = models.BooleanField(_("names masked"), default=True)
    base_url = models.CharField(_("site address"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    done = models.PositiveIntegerField(_("items done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    filename = models.CharField(_("file name"), max_length=100, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("made at"), null=True, blank=True)

    class Meta:
        verbose_name = _("file job")
        verbose_name_plural = _("file jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.run_id} · {self.state}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
