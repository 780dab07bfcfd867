"""Campaign pages: one per campaign (a year's 6·26, its publicity month...)
under a campaigns index page below the home page.

Go-live and expiry are Wagtail's scheduled publishing (``publish_scheduled``
runs every minute, core/schedules.py). wagtail-localize does not copy
``go_live_at`` and ``expire_at`` to translations, so a translation takes them
from its source page here (schedule_from_source, sync_schedule_to_translations):
the English page of a 6·26 campaign goes live with the Chinese one.
What a visitor sees of a campaign's window (the banner, "on now") is decided
from the dates at request time, not from the schedule.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, Revision
from wagtail_localize.fields import SynchronizedField, TranslatableField

from campaigns.choices import Audience, Channel
from campaigns.dates import local_today, next_local_midnight
from campaigns.fields import ChoiceListField
from campaigns.wording import countdown_sentence
from core.blocks import BaseStreamBlock
from core.models import BasePage, with_listing_images
from core.models.pages import BasePageForm
from core.search import SegmentedSearchField
from core.visibility import children_with_fallback, public

INTRO_FEATURES = ["bold", "italic", "link"]


class CampaignIndexPage(BasePage):
    """The campaigns section: what is on now, what is coming, past years."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [SegmentedSearchField("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count_per_parent = 1

    search_label = pgettext_lazy("search result", "Campaigns")

    class Meta:
        verbose_name = _("campaigns index")

    def changes_at(self, request):
        # "On now" and "coming up" move with the date.
        return next_local_midnight()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In English and Traditional Chinese a campaign nobody has translated
        # yet is listed in Chinese, marked, rather than missing (issue 18):
        # an upcoming campaign is usually planned in zh-hans first.
        campaigns = with_listing_images(
            public(children_with_fallback(CampaignPage, self))
            .select_related("key_date")
            .order_by("-window_start")
        )
        today = local_today()
        context["current"] = [c for c in campaigns if c.window_start <= today <= c.window_end]
        context["upcoming"] = sorted((c for c in campaigns if c.window_start > today), key=lambda c: c.window_start)
        past = [c for c in campaigns if c.window_end < today]
        years = sorted({c.year for c in past}, reverse=True)
        context["past_by_year"] = [(year, [c for c in past if c.year == year]) for year in years]
        return context


EMPTY_CAMPAIGN_MESSAGE = _(
    "A campaign needs a body, a hero image or a public event before it is published or sent for "
    "approval: add one, or save it as a draft for now."
)


class CampaignPageForm(BasePageForm):
    """An empty campaign page must not go live on its key date (issue 18).

    Wagtail defers validation when a draft is saved (``is_deferred_validation``),
    so a draft may stay empty; publishing, sending for approval and a workflow
    action from the edit view are checked. Bulk publishing, which skips the
    form, is checked by the before_bulk_action hook (campaigns/wagtail_hooks.py).
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation and not self.instance.has_something_to_show(
            body=cleaned_data.get("body"), hero_image=cleaned_data.get("hero_image")
        ):
            self.add_error(None, EMPTY_CAMPAIGN_MESSAGE)
        return cleaned_data


class CampaignPage(BasePage):
    """One campaign: its year, key date, theme, window and materials."""

    base_form_class = CampaignPageForm

    year = models.PositiveSmallIntegerField(_("year"))
    key_date = models.ForeignKey(
        "campaigns.KeyDate",
        verbose_name=_("key date"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    theme = models.CharField(
        _("theme"), max_length=200, blank=True,
        help_text=_("The year's theme, e.g. the UN or national theme for 6·26."),
    )
    theme_source = models.CharField(
        _("theme source"), max_length=100, blank=True,
        help_text=_("Whose theme it is, e.g. “UNODC” or “National Narcotics Control Commission”."),
    )
    window_start = models.DateField(_("window start"), help_text=_("First day of the campaign (local time)."))
    window_end = models.DateField(_("window end"), help_text=_("Last day of the campaign (included)."))
    banner_text = models.CharField(
        _("banner text"), max_length=120, blank=True,
        help_text=_("Shown in the banner above every page during the window; the theme if left blank."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    channels = ChoiceListField(_("channels"), item_choices=Channel.choices)
    audiences = ChoiceListField(_("target audiences"), item_choices=Audience.choices)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year"), FieldPanel("key_date")]),
                FieldRowPanel([FieldPanel("window_start"), FieldPanel("window_end")]),
                FieldPanel("theme"),
                FieldPanel("theme_source"),
                FieldPanel("banner_text"),
            ],
            heading=_("Campaign"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("materials", heading=_("Materials"), label=_("material")),
        MultiFieldPanel([FieldPanel("channels"), FieldPanel("audiences")], heading=_("Channels and audiences")),
    ]
    search_fields = BasePage.search_fields + [
        SegmentedSearchField("theme"),
        SegmentedSearchField("body"),
    ]
    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("year"),
        SynchronizedField("key_date"),
        TranslatableField("theme"),
        TranslatableField("theme_source"),
        SynchronizedField("window_start"),
        SynchronizedField("window_end"),
        TranslatableField("banner_text"),
        SynchronizedField("hero_image"),
        TranslatableField("body"),
        TranslatableField("materials"),
        SynchronizedField("channels"),
        SynchronizedField("audiences"),
    ]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types: list[str] = []

    search_label = pgettext_lazy("search result", "Campaign")

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    # ------------------------------------------------------------ validation
    def clean(self):
        super().clean()
        errors = {}
        if self.window_start and self.window_end and self.window_end < self.window_start:
            errors["window_end"] = _("The campaign ends before it starts: choose an end on or after its start.")
        if self.year:
            outside = _(
                "The campaign window must fall within its year %(year)s (%(year)s-01-01 to %(year)s-12-31)."
            ) % {"year": self.year}
            for name in ("window_start", "window_end"):
                day = getattr(self, name)
                if day and day.year != self.year and name not in errors:
                    errors[name] = outside
        if errors:
            raise ValidationError(errors)

    def has_something_to_show(self, body=None, hero_image=None) -> bool:
        """A body, a hero image, or a public event (events point at the page
        in the default language, so any language version of it counts)."""
        from campaigns.models.events import Event

        body = self.body if body is None else body
        hero_image = self.hero_image_id if hero_image is None else hero_image
        return bool(body) or bool(hero_image) or Event.objects.filter(
            campaign__translation_key=self.translation_key, is_public=True
        ).exists()

    # ------------------------------------------------------------ dates
    @property
    def occurrence(self):
        """The key date's occurrence in this campaign's year."""
        if self.key_date_id is None or not self.year:
            return None
        return self.key_date.occurrence_in(self.year)

    def is_on(self, day: date) -> bool:
        return self.window_start <= day <= self.window_end

    def status(self, day: date) -> str:
        if day < self.window_start:
            return "upcoming"
        return "on" if day <= self.window_end else "ended"

    def days_to_key_date(self, day: date) -> int | None:
        occurrence = self.occurrence
        if occurrence is None or occurrence.start < day:
            return None
        return (occurrence.start - day).days

    def countdown(self, day: date) -> str:
        days = self.days_to_key_date(day)
        return "" if days is None else countdown_sentence(days, self.occurrence.title)

    def changes_at(self, request):
        # Status and countdown change at local midnight until the window ends.
        if local_today() <= self.window_end + timedelta(days=1):
            return next_local_midnight()
        return None

    def channel_labels(self):
        return type(self)._meta.get_field("channels").labels(self.channels)

    def audience_labels(self):
        return type(self)._meta.get_field("audiences").labels(self.audiences)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = local_today()
        context["today"] = today
        context["status"] = self.status(today)
        context["countdown"] = self.countdown(today)
        context["materials"] = self.materials.select_related("document", "image")
        context["events"] = self.public_events()
        return context

    def public_events(self):
        """Public events of this campaign (in every language's page: events are not translated)."""
        from campaigns.models.events import Event

        return Event.objects.filter(campaign__translation_key=self.translation_key, is_public=True).order_by("start")

    # ------------------------------------------------------------ schedule
    def schedule_source(self):
        """The page whose schedule this one follows: the source of its
        translations (wagtail-localize's TranslationSource), else the default
        language's page; None when this page is that source."""
        from wagtail_localize.models import TranslationSource

        source_locale_id = (
            TranslationSource.objects.filter(object_id=self.translation_key)
            .values_list("locale_id", flat=True)
            .first()
        )
        if source_locale_id is None:
            source_locale_id = Locale.get_default().pk
        if source_locale_id == self.locale_id:
            return None
        return (
            CampaignPage.objects.filter(translation_key=self.translation_key, locale_id=source_locale_id)
            .only("go_live_at", "expire_at")
            .first()
        )

    def with_content_json(self, content):
        """A translation's revision is published on its source's schedule,
        whatever dates it was saved with (PublishRevisionAction reads
        ``go_live_at`` from the revision's object)."""
        page = super().with_content_json(content)
        if page.pk:
            source = page.schedule_source()
            if source is not None:
                page.go_live_at, page.expire_at = source.go_live_at, source.expire_at
        return page

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if self.pk and self.schedule_source() is None:
            self.sync_schedule_to_translations()
        return result

    def sync_schedule_to_translations(self):
        """Give every translation this page's go-live and expiry, and move
        their pending scheduled revisions to the same moment."""
        translations = CampaignPage.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)
        changed = translations.exclude(go_live_at=self.go_live_at, expire_at=self.expire_at)
        ids = list(changed.values_list("pk", flat=True))
        if not ids:
            return
        # update(): no save() (and no signals) per translation, and no loop back here.
        Page.objects.filter(pk__in=ids).update(go_live_at=self.go_live_at, expire_at=self.expire_at)
        pending = Revision.page_revisions.filter(object_id__in=[str(pk) for pk in ids], approved_go_live_at__isnull=False)
        for revision in pending:
            revision.content["go_live_at"] = _serialised(self.go_live_at)
            revision.content["expire_at"] = _serialised(self.expire_at)
            if self.go_live_at is None:
                # The source is no longer scheduled: neither is its translation.
                revision.approved_go_live_at = None
            else:
                revision.approved_go_live_at = self.go_live_at
            revision.save(update_fields=["content", "approved_go_live_at"])


def _serialised(moment):
    """A datetime as Wagtail stores it in a revision's content."""
    return DjangoJSONEncoder().default(moment) if moment else None


class CampaignMaterial(Orderable):
    """A poster (image) or a document (leaflet, slides) of a campaign, to download."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=120)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("poster"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("document"), FieldPanel("image")])]

    class Meta(Orderable.Meta):
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.document_id and not self.image_id:
            raise ValidationError(_("Choose a document or a poster image for this material."))
