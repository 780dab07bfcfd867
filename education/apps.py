from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Education")

    def ready(self):
        from core.search import register_word_provider

        from .models.drugs import drug_dictionary_words

        register_word_provider(drug_dictionary_words)
