"""Events of a campaign ("六进" outreach: into schools, communities, families,
workplaces, villages and public venues) and the report filed after each.

Staff edit both as snippets. Events are not translated page by page: one row
per real event (an English title is a field), pointed at the campaign page
of the default language; public events show on every language's campaign page
and on the calendar. Reports are internal: they feed the committee's figures.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from PIL import Image
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from campaigns.choices import VenueType
from campaigns.dates import LOCAL
from core.models.registry import localised_name

NOT_NEGATIVE = MinValueValidator(0, message=_("A count cannot be negative."))


class Event(models.Model):
    """One outreach event: a talk at a school, a stand at a market, a visit to families."""

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", verbose_name=_("campaign"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="events",
    )
    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue_name = models.CharField(_("venue"), max_length=150)
    venue_name_en = models.CharField(
        _("English venue"), max_length=150, blank=True,
        help_text=_("Shown on the English pages; left blank, they show the Chinese one, marked as Chinese."),
    )
    venue_address = models.CharField(_("address"), max_length=200, blank=True)
    venue_address_en = models.CharField(_("English address"), max_length=200, blank=True)
    venue_type = models.CharField(_("venue type"), max_length=20, choices=VenueType.choices)
    organiser = models.CharField(
        _("organiser unit"), max_length=100, help_text=_("The unit that runs the event, e.g. a community's work station."),
    )
    expected_audience = models.PositiveIntegerField(
        _("expected audience"), null=True, blank=True, help_text=_("How many people the organisers expect."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Public events appear on the campaign page and the calendar."),
    )
    school = models.ForeignKey(
        "core.School", verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaign_events",
    )
    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaign_events",
    )

    panels = [
        FieldPanel("campaign"),
        MultiFieldPanel([FieldPanel("title"), FieldPanel("title_en")], heading=_("Title")),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [FieldPanel("venue_type"), FieldRowPanel([FieldPanel("venue_name"), FieldPanel("venue_name_en")]),
             FieldRowPanel([FieldPanel("venue_address"), FieldPanel("venue_address_en")]),
             FieldRowPanel([FieldPanel("school"), FieldPanel("community")])],
            heading=_("Venue"),
        ),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("expected_audience")]),
        FieldPanel("is_public"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start"]
        indexes = [models.Index(fields=["is_public", "start"], name="campaigns_event_public_start")]

    def __str__(self):
        return f"{self.start.astimezone(LOCAL):%Y-%m-%d} {self.title}" if self.start else self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The event ends before it starts: choose an end after its start.")})
        if self.venue_type == VenueType.SCHOOL and self.school_id is None:
            raise ValidationError({"school": _("Choose the school this event goes into.")})

    @property
    def display_title(self) -> str:
        """The English title in English (else the Chinese one); in Traditional Chinese, converted."""
        return localised_name(self.title, self.title_en)

    @property
    def display_venue_name(self) -> str:
        return localised_name(self.venue_name, self.venue_name_en)

    @property
    def display_venue_address(self) -> str:
        return localised_name(self.venue_address, self.venue_address_en)

    @property
    def location(self) -> str:
        return " · ".join(part for part in (self.display_venue_name, self.display_venue_address) if part)


class OutreachReport(ClusterableModel):
    """What an event reached, filed by staff afterwards."""

    event = models.OneToOneField(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="report")
    people_reached = models.IntegerField(_("people reached"), default=0, validators=[NOT_NEGATIVE])
    materials_handed_out = models.IntegerField(_("materials handed out"), default=0, validators=[NOT_NEGATIVE])
    boards_shown = models.IntegerField(_("exhibition boards shown"), default=0, validators=[NOT_NEGATIVE])
    consultations = models.IntegerField(_("consultations answered"), default=0, validators=[NOT_NEGATIVE])
    wechat_posts = models.IntegerField(_("WeChat posts pushed"), default=0, validators=[NOT_NEGATIVE])
    notes = models.TextField(_("notes"), blank=True)

    COUNTS = ("people_reached", "materials_handed_out", "boards_shown", "consultations", "wechat_posts")

    panels = [
        FieldPanel("event"),
        FieldRowPanel([FieldPanel("people_reached"), FieldPanel("materials_handed_out")]),
        FieldRowPanel([FieldPanel("boards_shown"), FieldPanel("consultations"), FieldPanel("wechat_posts")]),
        FieldPanel("notes"),
        InlinePanel("photos", heading=_("Photos"), label=_("photo")),
    ]

    class Meta:
        verbose_name = _("outreach report")
        verbose_name_plural = _("outreach reports")
        ordering = ["-event__start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_reached__gte=0, materials_handed_out__gte=0, boards_shown__gte=0,
                                   consultations__gte=0, wechat_posts__gte=0),
                name="campaigns_report_counts_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.event)


GPS_IFD = 0x8825


def without_gps(upload) -> ContentFile | None:
    """The uploaded image again with its EXIF GPS block removed, or None when it
    has none. Photos of outreach show where minors study; their coordinates
    never reach the disk."""
    upload.seek(0)
    with Image.open(upload) as image:
        exif = image.getexif()
        if GPS_IFD not in exif:
            upload.seek(0)
            return None
        del exif[GPS_IFD]
        image_format = image.format or "JPEG"
        out = io.BytesIO()
        options = {"exif": exif.tobytes()}
        if image_format == "JPEG":
            options.update(quality=92, subsampling="keep")
        image.save(out, format=image_format, **options)
    return ContentFile(out.getvalue())


class ReportPhoto(Orderable):
    report = ParentalKey(OutreachReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="outreach/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            cleaned = without_gps(self.image.file)
            if cleaned is not None:
                self.image.save(self.image.name, cleaned, save=False)
        super().save(*args, **kwargs)
