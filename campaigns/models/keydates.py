"""Key dates: 6·1, 6·3, 6·26, the June publicity month, and any date editors add.

Each date is a rule (dateutil's rrule, yearly or once) from its first
occurrence, so the number of any year's occurrence is computed, never typed:
6·26 of year Y is the (Y - 1987)th International Day. Dates are local
(Asia/Shanghai): an occurrence starts at 00:00 local time on its day.

Like the subdistrict registry (core/models/registry.py), a key date is one row
with its names in three languages, not a translated snippet: campaign pages
in every language point at the same row.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.rrule import YEARLY, rrule
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from campaigns.choices import Counting
from campaigns.dates import english_ordinal, local_midnight
from core.models.registry import localised_name


@dataclass(frozen=True)
class Occurrence:
    """One year's (or the only) occurrence of a key date: ``start`` to ``end``, both included."""

    key_date: "KeyDate"
    start: date
    end: date

    @property
    def number(self) -> int | None:
        return self.key_date.number_in(self.start.year)

    @property
    def title(self) -> str:
        """"第39个国际禁毒日" in the active language."""
        return self.key_date.title_in(self.start.year)

    @property
    def starts_at(self):
        return local_midnight(self.start)

    @property
    def ends_at(self):
        """The moment after its last day."""
        return local_midnight(self.end + timedelta(days=1))

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class KeyDate(models.Model):
    """A date the office's publicity turns around, yearly or once."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        help_text=_("A short identifier that never changes (used in calendar feeds)."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    name_zh_hant = models.CharField(
        _("Traditional Chinese name"), max_length=100, blank=True,
        help_text=_("Leave blank to convert the name automatically."),
    )
    first_date = models.DateField(
        _("first date"),
        help_text=_("The first occurrence (for a yearly date, the day it was first held)."),
    )
    yearly = models.BooleanField(_("every year"), default=True)
    length_days = models.PositiveSmallIntegerField(
        _("length in days"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("1 for a single day; 30 for the June publicity month."),
    )
    counting = models.CharField(
        _("counting"), max_length=20, choices=Counting.choices, default=Counting.NONE,
        help_text=_("How a year's occurrence is numbered in titles and the countdown."),
    )
    countdown_days = models.PositiveSmallIntegerField(
        _("countdown from (days before)"), default=0,
        validators=[MaxValueValidator(366)],
        help_text=_("The home page counts down to this date from this many days before it; 0: no countdown."),
    )
    sort_order = models.IntegerField(_("sort order"), default=0)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("name_zh_hant")],
            heading=_("Names"),
        ),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("first_date"), FieldPanel("yearly"), FieldPanel("length_days")]),
        FieldRowPanel([FieldPanel("counting"), FieldPanel("countdown_days")]),
    ]

    class Meta:
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.day_label} {self.name}"

    def clean(self):
        super().clean()
        if not self.yearly and self.counting != Counting.NONE:
            raise ValidationError({"counting": _("Only a date held every year can be counted.")})

    # ------------------------------------------------------------ names
    @property
    def display_name(self) -> str:
        return localised_name(self.name, self.name_en, self.name_zh_hant)

    @property
    def day_label(self) -> str:
        """"6·26": how the office writes a date without its year."""
        return f"{self.first_date.month}·{self.first_date.day}" if self.first_date else ""

    def number_in(self, year: int) -> int | None:
        """The number of ``year``'s occurrence, or None when it is not counted
        (or does not occur that year)."""
        if self.counting == Counting.NONE or not self.first_date or year < self.first_date.year:
            return None
        elapsed = year - self.first_date.year
        return elapsed + 1 if self.counting == Counting.ORDINAL else elapsed or None

    def title_in(self, year: int) -> str:
        """"第39个国际禁毒日" / "the 39th International Day against Drug Abuse..."."""
        number = self.number_in(year)
        name = self.display_name
        if number is None:
            return name
        # English writes "39th"; Chinese puts the bare number in its own words (第39个).
        language = translation.get_language() or ""
        ordinal = english_ordinal(number) if language.startswith("en") else str(number)
        values = {"ordinal": ordinal, "name": name}
        if self.counting == Counting.ORDINAL:
            # Translators: 第%(ordinal)s个%(name)s (%(ordinal)s is a bare number outside English).
            return gettext("the %(ordinal)s %(name)s") % values
        # Translators: %(name)s%(ordinal)s周年 (%(ordinal)s is a bare number outside English).
        return gettext("the %(ordinal)s anniversary of %(name)s") % values

    def title_for_language(self, year: int, language: str) -> str:
        with translation.override(language):
            return self.title_in(year)

    # ------------------------------------------------------------ dates
    def rule(self) -> rrule:
        """Occurrence starts as an rrule of local midnights."""
        return rrule(YEARLY, dtstart=local_midnight(self.first_date), count=None if self.yearly else 1)

    def _occurrence(self, start_moment) -> Occurrence:
        return self._occurrence_on(start_moment.date())

    def _occurrence_on(self, start: date) -> Occurrence:
        return Occurrence(self, start, start + timedelta(days=self.length_days - 1))

    def occurrences_between(self, first: date, last: date) -> list[Occurrence]:
        """Occurrences with a day between ``first`` and ``last`` (included)."""
        if last < first or not self.first_date:
            return []
        # An occurrence that started up to length_days before ``first`` still has days in range.
        since = first - timedelta(days=self.length_days - 1)
        # The rule's own days, computed: rrule.between walks every year from
        # the first (1839 for 虎门销烟), and the calendar asks on every render.
        # A yearly rule skips a year without its day (29 February), as rrule does.
        starts = []
        for year in range(max(since.year, self.first_date.year), last.year + 1 if self.yearly else 0):
            try:
                starts.append(date(year, self.first_date.month, self.first_date.day))
            except ValueError:
                continue
        if not self.yearly:
            starts = [self.first_date]
        return [self._occurrence_on(day) for day in starts if since <= day <= last and day >= self.first_date]

    def occurrence_in(self, year: int) -> Occurrence | None:
        found = self.rule().between(local_midnight(date(year, 1, 1)), local_midnight(date(year, 12, 31)), inc=True)
        return self._occurrence(found[0]) if found else None

    def next_occurrence(self, day: date) -> Occurrence | None:
        """The occurrence covering ``day``, or else the first after it."""
        moment = self.rule().after(local_midnight(day - timedelta(days=self.length_days - 1)), inc=True)
        return self._occurrence(moment) if moment else None

    @classmethod
    def occurrences(cls, first: date, last: date, key_dates=None) -> list[Occurrence]:
        """Every key date's occurrences between two days, in date order."""
        key_dates = cls.objects.all() if key_dates is None else key_dates
        found = [o for key_date in key_dates for o in key_date.occurrences_between(first, last)]
        return sorted(found, key=lambda o: (o.start, -o.key_date.length_days, o.key_date.sort_order))
