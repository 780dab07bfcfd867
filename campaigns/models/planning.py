"""What the planning tasks have done, so running them again does nothing twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder email delivered: a key date's year, a threshold (30, 14, 7, 1 days), an address."""

    key_date = models.ForeignKey("campaigns.KeyDate", verbose_name=_("key date"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    email = models.EmailField(_("email"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["key_date", "year", "days_before", "email"],
                                    name="campaigns_reminder_once"),
        ]

    def __str__(self):
        return f"{self.key_date} {self.year} −{self.days_before} → {self.email}"
