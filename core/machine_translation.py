"""wagtail-localize's machine translator for zh-hans → zh-hant, backed by OpenCC.

Set as WAGTAILLOCALIZE_MACHINE_TRANSLATOR (config/settings/base.py):
"Translate" in the translation editor fills a zh-hant draft from the zh-hans
source in one click, with the site's conversion (core/chinese.py). It only
fills the translation's strings (wagtail_localize.views.edit_translation.
apply_machine_translation); saving and publishing go through the usual
approval (core/localize_guard.py).
"""

from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from core.chinese import to_traditional_html

SOURCE_LANGUAGE, TARGET_LANGUAGE = "zh-hans", "zh-hant"


class OpenCCTranslator(BaseMachineTranslator):
    """Translates zh-hans into zh-hant only; every other pair needs a person."""

    display_name = _("OpenCC (Simplified to Traditional Chinese)")

    def can_translate(self, source_locale, target_locale):
        return (
            source_locale.language_code.lower() == SOURCE_LANGUAGE
            and target_locale.language_code.lower() == TARGET_LANGUAGE
        )

    def translate(self, source_locale, target_locale, strings):
        return {string: StringValue(to_traditional_html(string.data)) for string in strings}
