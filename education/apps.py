from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Education")

    def ready(self):
        from core.plugins import Feature, register
        from core.search import register_ranker, register_word_provider

        from .models.drugs import drug_dictionary_words, drugs_named
        from .models.pages import SECTION_CHILD_TYPES

        register_word_provider(drug_dictionary_words)
        # A query that is a drug's name or street name puts that drug first.
        register_ranker(drugs_named)
        register(
            Feature(
                app_label="education",
                home_subpage_types=SECTION_CHILD_TYPES,
                # The help page from every drug page, the A–Z and materials from the 404 page.
                linked_page_types=["education.HelpPage", "education.DrugIndexPage", "education.MaterialLibraryPage"],
                footer_links=[("news_feed", _("RSS news feed"))],
                head_links=[("news_feed", _("Anti-drug news"), "application/rss+xml")],
                stylesheets=["css/education.css"],
                # A–Z category, news tag, material kind (pagination is core's).
                query_params=["category", "tag", "kind"],
                urls="education.urls",
                demo="education.demo.load",
            )
        )
