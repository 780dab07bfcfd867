"""The StreamField blocks every page body shares (bakerydemo base/blocks.py).

Block names are part of stored content and of translations: renaming one needs
a data migration, so settle them here before content is translated.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_("What the image shows, for screen readers. Leave empty to use the image title."),
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image with caption")
        description = _("A picture with an optional caption")


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file (served from our own host) or an embed URL.

    Foreign video hosts may be unreachable for many readers, so an uploaded
    document (mp4) is preferred; the embed is for domestic platforms.
    """

    video_file = DocumentChooserBlock(required=False, label=_("Video file (mp4)"))
    embed = EmbedBlock(required=False, label=_("Embed URL"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        description = _("An uploaded video or an embedded one")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Source"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with its source")


class CalloutBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        choices=[("warning", _("Warning")), ("info", _("Information"))],
        default="warning",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Warning callout")
        description = _("A highlighted box for a warning or key fact")


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        template = "blocks/faq_block.html"
        label = _("FAQ accordion")
        description = _("Questions that open to show their answer (works without JavaScript)")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document download")
        description = _("A file visitors can download")


class RelatedPagesBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    pages = blocks.ListBlock(blocks.PageChooserBlock(), label=_("Pages"))

    class Meta:
        icon = "link"
        template = "blocks/related_pages_block.html"
        label = _("Related pages")
        description = _("Links to other pages on this site")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class BaseStreamBlock(blocks.StreamBlock):
    """The one body block for every article-like page."""

    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Rich text"), template="blocks/paragraph_block.html"
    )
    image = ImageBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    document = DocumentBlock()
    related_pages = RelatedPagesBlock()
