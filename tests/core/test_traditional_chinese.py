"""Traditional Chinese the way a Taiwan or Hong Kong reader expects it, for the
demo and for editors' one-click machine translation."""

from django.contrib.auth.models import Group, User
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from core.chinese import to_traditional_text
from core.machine_translation import OpenCCTranslator
from education.models import ArticlePage, SectionPage
from tests.utils import add_page, get_locale, make_site, translate

# The demo's key terms (drug names, 禁毒 terms, everyday words) and the form a
# reader of Traditional Chinese expects.
KEY_TERMS = {
    "为了远离毒品": "為了遠離毒品",  # 為, not 爲
    "冰毒": "冰毒",
    "海洛因": "海洛因",
    "二乙酰吗啡": "二乙醯嗎啡",
    "摇头丸": "搖頭丸",
    "K粉": "K粉",
    "笑气": "笑氣",
    "依托咪酯": "依托咪酯",  # not 依託咪酯
    "合成大麻素": "合成大麻素",
    "南城街道禁毒办": "南城街道禁毒辦",
    "社区戒毒": "社區戒毒",  # not 社群 (an online group)
    "社区康复": "社區康復",
    "强制隔离戒毒": "強制隔離戒毒",
    "虎门销毁鸦片": "虎門銷毀鴉片",  # not 銷燬
    "举报毒品犯罪线索": "舉報毒品犯罪線索",
    "禁毒宣传月": "禁毒宣傳月",
    "通过电话": "通過電話",
    "个人信息": "個人資訊",
    "网络交友": "網路交友",
    "社交软件": "社交軟體",
    "下载打印": "下載列印",
    "塑料小包": "塑膠小包",
    "发布的消息": "發布的消息",
    "在社区里面": "在社區裡面",
    "服务对象": "服務對象",
    "搜索": "搜尋",
    "《个人信息保护法》": "《個人信息保護法》",  # a PRC law's title keeps its words
    "“毒品”的定义": "「毒品」的定義",
}


def test_key_terms_convert_as_readers_expect():
    converted = {term: to_traditional_text(term) for term in KEY_TERMS}
    assert converted == KEY_TERMS


def test_markup_is_kept_byte_for_byte():
    html = '<p>远离<b>毒品</b>，<a id="a1">社区</a>戒毒<br/>热线 110</p>'
    assert to_traditional_text(html) == '<p>遠離<b>毒品</b>，<a id="a1">社區</a>戒毒<br/>熱線 110</p>'


def test_machine_translator_only_turns_simplified_into_traditional():
    translator = OpenCCTranslator({})
    hans, hant, en = get_locale_stub("zh-hans"), get_locale_stub("zh-hant"), get_locale_stub("en")
    assert translator.can_translate(hans, hant)
    for source, target in ((hans, en), (en, hant), (hant, hans), (hans, hans)):
        assert not translator.can_translate(source, target)


class get_locale_stub:  # noqa: N801 - stands in for a Locale, which needs no database here
    def __init__(self, language_code):
        self.language_code = language_code


SOURCE_TITLE = "社区戒毒为什么重要"
SOURCE_BODY = '<p>为了<b>远离毒品</b>，请拨打热线。</p>'


@override_settings(PAGE_CACHE_ENABLED=False)
class MachineTranslationTests(TestCase):
    """An Editor presses "Translate" (machine translation) in the zh-hant
    translation editor: the draft's strings are converted, nothing goes public."""

    URL = "/zh-hant/knowledge/why/"

    @classmethod
    def setUpTestData(cls):
        home = make_site()
        translate(home, "zh-hant", title="首頁")
        section = add_page(home, SectionPage, "禁毒知识", slug="knowledge")
        translate(section, "zh-hant", title="禁毒知識")
        cls.article = add_page(section, ArticlePage, SOURCE_TITLE, slug="why",
                               body=[("paragraph", SOURCE_BODY)])
        cls.editor = User.objects.create_user("editor", password="pw-for-tests-only")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        approver = User.objects.create_user("approver", password="pw-for-tests-only")
        approver.groups.add(Group.objects.get(name="Approvers"))
        source, _ = TranslationSource.get_or_create_from_instance(cls.article)
        cls.translations = {}
        for code in ("zh-hant", "en"):
            cls.translations[code] = Translation.objects.create(source=source, target_locale=get_locale(code))
        # The zh-hant page is already public (untranslated strings show the
        # source's text); the English one is a draft. Localize publishes on commit.
        with cls.captureOnCommitCallbacks(execute=True):
            cls.translations["zh-hant"].save_target(user=approver, publish=True)
            cls.translations["en"].save_target(user=approver, publish=False)

    def machine_translate(self, code):
        self.client.force_login(self.editor)
        url = reverse("wagtail_localize:machine_translate", args=(self.translations[code].pk,))
        return self.client.post(url, {"next": "/admin/"})

    def test_editor_fills_the_draft_in_one_click_and_the_public_page_stays(self):
        before = Client().get(self.URL)
        assert before.status_code == 200 and SOURCE_TITLE in before.content.decode()

        response = self.machine_translate("zh-hant")
        assert response.status_code == 302

        strings = dict(
            StringTranslation.objects.filter(locale__language_code="zh-hant").values_list(
                "context__path", "data"
            )
        )
        assert strings["title"] == "社區戒毒為什麼重要"
        body = next(data for path, data in strings.items() if path.startswith("body."))
        assert body == "為了<b>遠離毒品</b>，請撥打熱線。"
        assert set(
            StringTranslation.objects.filter(locale__language_code="zh-hant").values_list("translation_type", flat=True)
        ) == {StringTranslation.TRANSLATION_TYPE_MACHINE}

        # Only the draft's strings: the public zh-hant page did not change.
        after = Client().get(self.URL).content.decode()
        assert SOURCE_TITLE in after and "社區戒毒為什麼重要" not in after

    def test_other_language_pairs_are_not_machine_translated(self):
        response = self.machine_translate("en")
        assert response.status_code == 404
        assert not StringTranslation.objects.filter(locale__language_code="en").exists()
