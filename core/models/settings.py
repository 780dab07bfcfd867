"""Site-wide settings editors change in the admin (Settings → Site settings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, TranslatableMixin


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Contact details and legal notices shown in every page's header and footer."""

    organisation_name = models.CharField(
        _("organisation name (Chinese)"), max_length=100, default="南城街道禁毒办"
    )
    organisation_name_en = models.CharField(
        _("organisation name (English)"),
        max_length=100,
        default="Nancheng Subdistrict Drug Control Office",
    )
    hotline = models.CharField(
        _("tip-off hotline"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("Shown on every page, e.g. the local drug report line."),
    )
    national_hotline = models.CharField(
        _("national help line"), max_length=40, blank=True, default=""
    )
    address = models.CharField(_("office address"), max_length=200, blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("e.g. 粤ICP备XXXXXXXX号")
    )
    public_security_filing = models.CharField(
        _("public security filing number"), max_length=60, blank=True
    )
    wechat_qr = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("WeChat QR code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wechat_account = models.CharField(_("WeChat official account"), max_length=60, blank=True)
    # 个人信息保护法 Art. 17 asks a handler to say how people exercise their
    # rights; the privacy notice (core/views.py privacy_notice) shows this.
    privacy_contact = models.CharField(
        _("personal information contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "A phone number or e-mail address where people ask to see, correct or delete their "
            "personal information. Shown on the privacy notice."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_name_en"),
                FieldPanel("address"),
                FieldPanel("privacy_contact"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("hotline"), FieldPanel("national_hotline")], heading=_("Hotlines")
        ),
        MultiFieldPanel(
            [FieldPanel("wechat_account"), FieldPanel("wechat_qr")], heading=_("WeChat")
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("public_security_filing")],
            heading=_("Filing numbers"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    # What a real site must publish: a contact, the address, and the filing
    # numbers every website in China shows in its footer. The demo content
    # fills them with marked placeholders ("示例"), which count as unfilled.
    MUST_FILL = ("hotline", "address", "privacy_contact", "icp_number", "public_security_filing")
    PLACEHOLDER_MARKS = ("示例", "example", "00000000", "XXXXXXXX")

    def unfinished_fields(self) -> list[str]:
        """The labels of the fields a new site still has to fill in."""
        unfinished = []
        for name in self.MUST_FILL:
            value = getattr(self, name).strip()
            if not value or any(mark.lower() in value.lower() for mark in self.PLACEHOLDER_MARKS):
                unfinished.append(str(self._meta.get_field(name).verbose_name))
        return unfinished


class FooterLink(TranslatableMixin, Orderable):
    """A link in the page footer, translated per language like pages are."""

    label = models.CharField(_("label"), max_length=60)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("external URL"), blank=True)

    panels = [FieldPanel("label"), PageChooserPanel("page"), FieldPanel("url")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")
        ordering = ["sort_order"]

    def __str__(self):
        return self.label

    @property
    def href(self):
        return self.page.url if self.page_id else self.url
