"""Build education's demo site from the content modules (content_zh, content_en).

It also makes the home page, the site record, site settings and footer links:
the home page's content (featured sections, news) is education's.

One path builds every language: ``_fields(kind, data, lang)`` turns a content
entry into field values, and the zh-hans page is created with them, then
copied into en and zh-hant (converted with OpenCC) with
``Page.copy_for_translation`` so each copy shares the source's
translation_key, as wagtail-localize expects. Slugs stay the same in every
language (core.models.BasePage synchronises them), so /en/drugs/heroin/ is the
English /drugs/heroin/.
"""

import copy
import hashlib
import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.search import index
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.chinese import to_traditional_text
from core.models import FooterLink, HomePage, SiteSettings
from education.choices import min_print_pixels
from education.models import (
    ArticlePage,
    DrugIndexPage,
    DrugPage,
    HelpPage,
    MaterialItem,
    MaterialLibraryPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)

from . import content_en, content_zh, illustrations, leaflets, posters
from .cache import cached

ZH, EN, HANT = "zh-hans", "en", "zh-hant"


SECTION_MODELS = {
    "drugs": DrugIndexPage,
    "knowledge": SectionPage,
    "news": NewsIndexPage,
    "materials": MaterialLibraryPage,
    "help": HelpPage,
}
COLLECTIONS = {"posters": "宣传海报", "leaflets": "宣传折页", "pictures": "网站配图"}

def to_traditional(value):
    """Convert every string inside ``value`` (dicts, lists, tuples) to Traditional Chinese.

    Slugs, block types and choice values are ASCII, so they stay as they are.
    The conversion (OpenCC's Taiwan table and the term overrides) is the one
    editors' machine translator uses (core/chinese.py).
    """
    if isinstance(value, str):
        # A site link written for the Simplified pages leads to the Traditional one.
        return to_traditional_text(value).replace('href="/tips/"', 'href="/zh-hant/tips/"')
    if isinstance(value, dict):
        return {k: to_traditional(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(to_traditional(v) for v in value)
    return value


def hant_content():
    """content_zh in Traditional Chinese, shaped like content_en (entries keyed by slug)."""
    zh = content_zh
    return SimpleNamespace(
        HOME=to_traditional(zh.HOME),
        SECTIONS=to_traditional(zh.SECTIONS),
        SERVICES=to_traditional(zh.SERVICES),
        HELP_BODY=to_traditional(zh.HELP_BODY),
        MATERIALS={m["key"]: to_traditional((m["title"], m["description"])) for m in (*zh.POSTERS, *zh.LEAFLETS)},
        DRUGS={d["slug"]: to_traditional(d) for d in zh.DRUGS},
        ARTICLES={d["slug"]: to_traditional(d) for d in zh.ARTICLES},
        NEWS={d["slug"]: to_traditional(d) for d in zh.NEWS},
    )


def _sha1(data: bytes) -> str:
    # The hash Wagtail stores to spot duplicate uploads (wagtail.utils.file.hash_filelike).
    return hashlib.sha1(data).hexdigest()


@dataclass
class Stats:
    images: int = 0
    documents: int = 0


class DemoBuilder:
    def __init__(self):
        self.stats = Stats()
        self.locales: dict[str, Locale] = {}
        self.collections: dict[str, Collection] = {}
        self.images: dict[str, object] = {}
        self.documents: dict[str, object] = {}
        # (language, key) -> specific page; key is the slug, or "home".
        self.pages: dict[tuple[str, str], Page] = {}

    # ------------------------------------------------------------------ entry points
    @staticmethod
    def already_loaded() -> bool:
        return HomePage.objects.filter(locale__language_code=ZH).exists()

    def build(self):
        # Each save would otherwise re-index the object and its references at
        # once (twice per published page); index everything once at the end.
        with deferred_search_index(), disable_reference_index_auto_update(), transaction.atomic():
            self._locales()
            self._collections()
            self._pictures()
            self._materials_files()
            self._zh_tree()
            self._translate_en()
            self._translate_hant()
            self._site()
            self._footer()
        return self.stats

    def created_objects(self):
        """Everything that belongs in the search index, grouped by model."""
        groups: dict[type, list] = {}
        for obj in [*self.pages.values(), *self.images.values(), *self.documents.values()]:
            groups.setdefault(type(obj), []).append(obj)
        return groups

    # ------------------------------------------------------------------ setup
    def _locales(self):
        for code in (ZH, EN, HANT):
            self.locales[code], _ = Locale.objects.get_or_create(language_code=code)

    def _collections(self):
        # Wagtail's migrations make the root collection and the root page; a
        # database emptied since (a flushed test database) has neither.
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        existing = {c.name: c for c in root.get_children()}
        for key, name in COLLECTIONS.items():
            self.collections[key] = existing.get(name) or root.add_child(name=name)

    # ------------------------------------------------------------------ media
    def _image(self, key, title, data, collection, alt=""):
        Image = get_image_model()
        with PILImage.open(io.BytesIO(data)) as probe:
            width, height = probe.size
        image = Image(
            title=title,
            description=alt or title,
            collection=self.collections[collection],
            width=width,
            height=height,
            file_size=len(data),
            file_hash=_sha1(data),
        )
        image.file = ImageFile(io.BytesIO(data), name=f"{key}.jpg")
        image.save()
        self.images[key] = image
        self.stats.images += 1
        return image

    def _document(self, key, title, data, collection):
        document = get_document_model()(
            title=title, collection=self.collections[collection], file_size=len(data), file_hash=_sha1(data)
        )
        document.file = ContentFile(data, name=f"{key}.pdf")
        document.save()
        self.documents[key] = document
        self.stats.documents += 1
        return document

    def alt_text(self, key, lang):
        """What picture ``key`` shows, in ``lang``."""
        scene = illustrations.SCENES[content_zh.PICTURES[key]]
        if lang == EN:
            return scene.alt_en
        return to_traditional_text(scene.alt_zh) if lang == HANT else scene.alt_zh

    def _pictures(self):
        """An illustration for every page: drugs by their form, other pages by a scene."""
        zh = content_zh
        titles = zh.IMAGE_TITLES
        names = {"hero": titles["hero"]}
        names.update({f"section-{slug}": titles["section"].format(title=d["title"]) for slug, d in zh.SECTIONS.items()})
        for prefix, items in (("drug", zh.DRUGS), ("article", zh.ARTICLES), ("news", zh.NEWS)):
            names.update({f"{prefix}-{d['slug']}": titles[prefix].format(title=d["title"]) for d in items})
        for key, title in names.items():
            scene = zh.PICTURES[key]
            size = (1600, 700) if key == "hero" else (1200, 630)
            # The seed varies the people and skylines of pictures sharing a scene.
            data = cached("picture", (scene, size, key), picture_jpeg, scene, size, hash_seed(key))
            self._image(key, title, data, "pictures", alt=self.alt_text(key, ZH))

    def _materials_files(self):
        zh = content_zh
        for poster in zh.POSTERS:
            # At the full pixel size of its paper at 150 dpi: "A2" is honest.
            size = min_print_pixels(poster["print_size"])
            data = cached("poster", (poster, zh.MATERIALS_FOOTER, size), poster_jpeg, poster, zh.MATERIALS_FOOTER, size)
            self._image(poster["key"], poster["title"], data, "posters", alt=f"禁毒宣传海报：{poster['title']}")
        # Each leaflet in each language: a PDF with real text, and its cover as a preview.
        languages = (
            (ZH, zh.LEAFLETS, zh.ORG),
            (EN, self._en_leaflets(), content_en.ORG),
            (HANT, to_traditional(zh.LEAFLETS), to_traditional(zh.ORG)),
        )
        for lang, content, org in languages:
            for leaflet in content:
                key = leaflet["key"] if lang == ZH else f"{leaflet['key']}-{lang}"
                pdf = cached("leaflet", (leaflet, org, lang), leaflets.leaflet_pdf, leaflet, org, lang)
                self._document(key, leaflet["title"], pdf, "leaflets")
                cover = cached("cover", (leaflet, org, lang), cover_jpeg, leaflet, org, lang)
                if lang == EN:
                    title, alt = f"{leaflet['title']} (cover)", f"Leaflet cover: {leaflet['title']}"
                else:
                    title, alt = f"{leaflet['title']}（封面）", f"禁毒宣传折页封面：{leaflet['title']}"
                    alt = to_traditional_text(alt) if lang == HANT else alt
                self._image(key, title, cover, "leaflets", alt=alt)

    @staticmethod
    def _en_leaflets():
        return [{**leaflet, **content_en.LEAFLETS[leaflet["key"]]} for leaflet in content_zh.LEAFLETS]

    # ------------------------------------------------------------------ references
    def _page(self, key, lang):
        """The page for ``key`` in ``lang``, else its zh-hans source."""
        return self.pages.get((lang, key)) or self.pages[(ZH, key)]

    def _stream(self, blocks, lang):
        """Raw StreamField data with image keys replaced by image ids, and each
        picture's alt text in ``lang`` unless the content gives one."""
        blocks = copy.deepcopy(blocks)
        for block in blocks:
            if block["type"] == "image" and isinstance(block["value"]["image"], str):
                key = block["value"]["image"]
                block["value"]["image"] = self.images[key].pk
                block["value"]["alt_text"] = block["value"]["alt_text"] or self.alt_text(key, lang)
        return blocks

    # ------------------------------------------------------------------ field values
    def _fields(self, kind, data, lang, slug=""):
        """Field values for one page of ``kind`` from a content entry.

        ``kind="shell"`` gives the title and summary only: the home page is
        created that way and completed once the pages it links to exist.
        """
        values = {"title": data["title"], "summary": data["summary"]}
        if kind == "home":
            values.update(
                hero_title=data["hero_title"],
                hero_text=data["hero_text"],
                quick_links=[
                    {"type": "link", "value": {"page": self._page(key, lang).pk, "label": label, "description": text}}
                    for key, label, text in data["quick_links"]
                ],
                featured=[
                    {
                        "type": "section",
                        "value": {"title": title, "pages": [self._page(k, lang).pk for k in keys]},
                    }
                    for title, keys in data["featured"]
                ],
            )
            values["news_page"] = self._page("news", lang)
        elif kind == "section":
            values["intro"] = data["intro"]
        elif kind == "drug":
            for name in (
                "scientific_name", "appearance", "how_used", "effects_mind",
                "effects_body", "overdose", "legal_status", "get_help",
            ):
                values[name] = data[name]
            values["street_names"] = [("name", street_name) for street_name in data["street_names"]]
            key = f"drug-{slug}"
            values["appearance_images"] = [{"type": "image", "value": {
                "image": self.images[key].pk, "alt_text": self.alt_text(key, lang), "decorative": False,
            }}]
        elif kind in ("article", "news"):
            values["source"] = data["source"]
            values["body"] = self._stream(data["body"], lang)
        return values

    @staticmethod
    def _apply(page, values):
        for name, value in values.items():
            setattr(page, name, value)

    @staticmethod
    def _publish(page):
        page.save_revision().publish()

    @staticmethod
    def _fresh(page):
        """Re-read a page before saving it again: adding children elsewhere in this
        process changed its tree fields (numchild) in the database, not in memory."""
        return type(page).objects.get(pk=page.pk)

    def _add(self, parent, page, key):
        parent.add_child(instance=page)
        self._publish(page)
        self.pages[(ZH, key)] = page
        return page

    # ------------------------------------------------------------------ zh-hans tree
    def _zh_tree(self):
        zh = content_zh
        locale = self.locales[ZH]
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        welcome = (
            Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page")
            .first()
        )
        if welcome is not None:
            # Free the slug "home"; the page itself goes once the site points elsewhere.
            Page.objects.filter(pk=welcome.pk).update(slug=f"welcome-{welcome.pk}")
        self._welcome = welcome

        home = HomePage(slug="home", locale=locale, hero_image=self.images["hero"],
                        listing_image=self.images["hero"])
        home.title, home.summary = zh.HOME["title"], zh.HOME["summary"]
        root.add_child(instance=home)
        self.pages[(ZH, "home")] = home

        for slug, data in zh.SECTIONS.items():
            page = SECTION_MODELS[slug](
                slug=slug, locale=locale, show_in_menus=True, listing_image=self.images[f"section-{slug}"]
            )
            self._apply(page, self._fields("section", data, ZH))
            if slug == "help":
                page.services = copy.deepcopy(zh.SERVICES)
                page.body = self._stream(zh.HELP_BODY, ZH)
            if slug == "materials":
                page.materials = self._material_items(zh)
            self._add(home, page, slug)

        for data in zh.DRUGS:
            page = DrugPage(
                slug=data["slug"], locale=locale, category=data["category"],
                listing_image=self.images[f"drug-{data['slug']}"],
            )
            self._apply(page, self._fields("drug", data, ZH, data["slug"]))
            self._add(self.pages[(ZH, "drugs")], page, data["slug"])

        for data in zh.ARTICLES:
            page = ArticlePage(
                slug=data["slug"], locale=locale, date=date.fromisoformat(data["date"]),
                listing_image=self.images[f"article-{data['slug']}"],
            )
            self._apply(page, self._fields("article", data, ZH))
            self._add(self.pages[(ZH, "knowledge")], page, data["slug"])

        for data in zh.NEWS:
            page = NewsPage(
                slug=data["slug"], locale=locale, date=date.fromisoformat(data["date"]),
                listing_image=self.images[f"news-{data['slug']}"],
            )
            self._apply(page, self._fields("news", data, ZH))
            page.tags.add(*data["tags"])
            self._add(self.pages[(ZH, "news")], page, data["slug"])

        # The home page links to its children, so it is filled in last.
        home = self.pages[(ZH, "home")] = self._fresh(home)
        self._apply(home, self._fields("home", zh.HOME, ZH))
        self._publish(home)

    def _material_items(self, zh):
        items = []
        for poster in zh.POSTERS:
            items.append(MaterialItem(
                title=poster["title"], kind="poster", description=poster["description"],
                image=self.images[poster["key"]], print_size=poster["print_size"],
            ))
        for leaflet in zh.LEAFLETS:
            items.append(MaterialItem(
                title=leaflet["title"], kind="leaflet", description=leaflet["description"],
                image=self.images[leaflet["key"]], document=self.documents[leaflet["key"]],
                print_size=leaflet["print_size"],
            ))
        return items

    # ------------------------------------------------------------------ translations
    def _translate(self, key, lang, kind, data):
        source = self.pages[(ZH, key)]
        # Under an already translated parent the copy keeps the source's slug.
        page = source.copy_for_translation(self.locales[lang], copy_parents=True).specific
        self._apply(page, self._fields(kind, data, lang, key))
        self.pages[(lang, key)] = page
        return page

    def _translate_en(self):
        self._translate_all(EN, content_en)

    def _translate_hant(self):
        self._translate_all(HANT, hant_content())

    def _translate_all(self, lang, content):
        """Every zh-hans page in ``lang``, from a content module shaped like content_en."""
        # Parents first, so copy_parents never has to make an alias.
        home = self._translate("home", lang, "shell", content.HOME)
        self._publish(home)
        for slug, data in content.SECTIONS.items():
            page = self._translate(slug, lang, "section", data)
            if slug == "help":
                page.services = copy.deepcopy(content.SERVICES)
                page.body = self._stream(content.HELP_BODY, lang)
            if slug == "materials":
                source_keys = [m["key"] for m in (*content_zh.POSTERS, *content_zh.LEAFLETS)]
                for item, item_key in zip(page.materials.all().order_by("sort_order"), source_keys, strict=True):
                    item.title, item.description = content.MATERIALS[item_key]
                    if f"{item_key}-{lang}" in self.documents:
                        # Each language's page offers the leaflets in its language.
                        item.document = self.documents[f"{item_key}-{lang}"]
                        item.image = self.images[f"{item_key}-{lang}"]
                    item.save()
            self._publish(page)
        for slug, data in content.DRUGS.items():
            self._publish(self._translate(slug, lang, "drug", data))
        for slug, data in content.ARTICLES.items():
            self._publish(self._translate(slug, lang, "article", data))
        for slug, data in content.NEWS.items():
            self._publish(self._translate(slug, lang, "news", data))
        # Now that its targets exist, link the home page to pages in its language.
        home = self.pages[(lang, "home")] = self._fresh(home)
        self._apply(home, self._fields("home", content.HOME, lang))
        self._publish(home)

    # ------------------------------------------------------------------ site, settings, footer
    def _site(self):
        home = self.pages[(ZH, "home")]
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = content_zh.ORG
        site.save()
        if self._welcome is not None and not Site.objects.filter(root_page_id=self._welcome.pk).exists():
            self._welcome.delete()

        settings = SiteSettings.for_site(site)
        for name, value in content_zh.SITE_SETTINGS.items():
            setattr(settings, name, value)
        settings.save()

    def _footer(self):
        labels = {
            ZH: content_zh.FOOTER_LINKS,
            EN: content_en.FOOTER_LINKS,
            HANT: to_traditional(content_zh.FOOTER_LINKS),
        }
        for order, (key, label) in enumerate(content_zh.FOOTER_LINKS):
            source = FooterLink.objects.create(
                locale=self.locales[ZH], label=label, page=self._page(key, ZH), sort_order=order
            )
            for lang in (EN, HANT):
                link = source.copy_for_translation(self.locales[lang])
                link.label = labels[lang][order][1]
                link.page = self._page(key, lang)
                link.save()


@contextmanager
def deferred_search_index():
    """Switch off search indexing on save for the duration (Wagtail's search
    now lives in the modelsearch package, which indexes in a post_save task)."""
    try:
        from modelsearch.signal_handlers import post_save_signal_handler
    except ImportError:  # an older Wagtail: leave indexing on
        yield
        return
    models = [
        model
        for model in index.get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def picture_jpeg(scene, size, seed) -> bytes:
    return illustrations.jpeg(illustrations.picture(scene, size, seed=seed))


def poster_jpeg(poster, footer, size) -> bytes:
    image = posters.poster(poster["headline"], poster["lines"], footer, poster["scene"], poster["colour"], size)
    return illustrations.jpeg(image, quality=88)


def cover_jpeg(leaflet, org, language) -> bytes:
    return illustrations.jpeg(posters.leaflet_cover(leaflet, org, language))


def hash_seed(text: str) -> int:
    """A stable seed for a picture (hash() changes between processes)."""
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16)
