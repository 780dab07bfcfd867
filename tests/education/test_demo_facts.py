"""The demo's facts as they stand today, on the pages people read: categories
the office uses since 2024, the law as written, what changed after 2021, and
student pages that say what to recognise, never how a drug is taken."""

import html
import io
import re

import pytest
from pypdf import PdfReader

from core.chinese import to_traditional_text
from education.models import MaterialLibraryPage


def text(client, url) -> str:
    """The page's visible words, tags removed, entities decoded."""
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.mark.django_db
class TestDemoFacts:
    def test_nitrous_oxide_is_an_uncontrolled_addictive_substance_not_an_nps(self, demo, client):
        page = text(client, "/en/drugs/nitrous-oxide/")
        assert "Uncontrolled addictive substance" in page and "New psychoactive substance" not in page
        chinese = client.get("/drugs/nitrous-oxide/").content.decode()
        assert '<span class="badge badge--unscheduled">未列管成瘾性物质</span>' in chinese
        etomidate = client.get("/drugs/etomidate/").content.decode()
        assert '<span class="badge badge--medicine">麻精药品滥用</span>' in etomidate
        listed = text(client, "/en/drugs/?category=unscheduled")
        assert "Nitrous oxide" in listed and "Etomidate" not in listed
        medicines = text(client, "/en/drugs/?category=medicine")
        assert "Etomidate" in medicines and "Nitrous oxide" not in medicines

    def test_the_parents_faq_says_what_article_62_covers(self, demo, client):
        page = text(client, "/knowledge/signs-for-parents/")
        answer = page[page.index("孩子吸毒，家长向公安机关报告"):]
        assert "吸毒人员本人" in answer and "家长代为报告不在这一条之内" in answer
        assert "第三十六条" in answer and "第三十九条" in answer
        english = text(client, "/en/knowledge/signs-for-parents/")
        assert "a parent's report is not covered" in english
        # The parents' leaflet says the same.
        library = MaterialLibraryPage.objects.get(locale__language_code="zh-hans")
        leaflet = library.materials.get(kind="leaflet", title="家长防毒指南")
        with leaflet.document.file.open("rb") as f:
            reader = PdfReader(io.BytesIO(f.read()))
        words = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages).replace("\x00", ""))
        assert "吸毒人员本人主动" in words and "家长代为报告不在此列" in words

    def test_the_law_page_quotes_may_and_the_exemptions_from_compulsory_treatment(self, demo, client):
        page = text(client, "/knowledge/anti-drug-law/")
        assert "公安机关可以责令其接受社区戒毒" in page
        assert "怀孕或者正在哺乳自己不满一周岁婴儿的妇女，不适用强制隔离戒毒" in page
        assert "不满十六周岁的未成年人，可以不适用强制隔离戒毒（第三十九条）" in page
        # The revised public-order law, in force since 2026, by its new number.
        assert "第八十四条" in page and "2026年1月1日" in page
        english = text(client, "/en/knowledge/anti-drug-law/")
        assert "comprehensive governance" in english and "Article 39" in english

    def test_the_month_is_called_by_its_official_name(self, demo, client):
        six = text(client, "/knowledge/six-into/")
        assert "全民禁毒宣传月" in six and "集中宣传月" not in six
        recap = text(client, "/news/june-campaign-recap-2026/")
        assert "第16个全民禁毒宣传月" in recap

    def test_quiz_explanations_say_what_the_articles_say(self, demo):
        from quizzes.models import Question

        resale = Question.objects.get(locale__language_code="zh-hans", stem__startswith="医生开给病人的含麻醉药品")
        assert "第三百四十七条" in resale.source and "依法从事生产、运输、管理、使用" in resale.explanation
        fentanyl = Question.objects.get(locale__language_code="zh-hans", stem__startswith="自2019年5月1日起")
        assert "首个正式整类列管" in fentanyl.explanation
        policy = Question.objects.get(locale__language_code="en", stem__startswith="China's drug control policy")
        assert "comprehensive governance" in policy.stem and "treatment" not in policy.stem
        exempt = Question.objects.get(locale__language_code="zh-hans", stem__contains="第三十九条，下列哪类")
        assert exempt.choices.get(is_correct=True).text == "怀孕或者正在哺乳自己不满一周岁婴儿的妇女"
        parents = Question.objects.get(locale__language_code="zh-hans", stem__startswith="家长替孩子向公安机关报告")
        assert parents.choices.get(is_correct=True).text == "错误"

    def test_the_encyclopedia_tells_what_changed_after_2021(self, demo, client):
        nitazenes = text(client, "/drugs/nitazenes/")
        assert "尼秦类物质整类列管" in nitazenes and "46种物质" in nitazenes and "2024年7月1日" in nitazenes
        medicine = text(client, "/drugs/dextromethorphan/")
        assert "自2024年7月1日起，右美沙芬列入第二类精神药品目录" in medicine and "防范青少年药物滥用" in medicine
        medicines = text(client, "/en/drugs/?category=medicine")
        assert "Dextromethorphan" in medicines and "Etomidate" in medicines
        etomidate = text(client, "/en/drugs/etomidate/")
        assert "1 October 2023" in etomidate and "metomidate" in etomidate
        assert to_traditional_text("尼秦类物质整类列管") in text(client, "/zh-hant/drugs/nitazenes/")

    def test_the_bank_asks_about_what_changed_since_2021_at_every_level_in_three_languages(self, demo):
        from wagtail.models import Locale

        from quizzes.models import Question

        recent = Question.objects.filter(locale__language_code="zh-hans", is_demo=True).filter(
            source__regex=r"2023|2024|2025|2026")
        assert recent.count() >= 15
        assert {"primary", "junior", "senior"} <= set(recent.values_list("grade_band", flat=True))
        assert not recent.filter(source="").exists()
        for code in ("en", "zh-hant"):
            locale = Locale.objects.get(language_code=code)
            assert all(question.get_translation(locale).source for question in recent)
        month = recent.get(stem="2027年6月是第几个全民禁毒宣传月？")
        assert month.choices.get(is_correct=True).text == "第17个"
        un = Question.objects.get(locale__language_code="en", stem="What was the UNODC theme of World Drug Day 2025?")
        assert un.choices.get(is_correct=True).text == "Break the cycle. #StopOrganizedCrime"

    def test_drug_pages_say_what_to_recognise_not_how_a_drug_is_taken(self, demo, client):
        from education.models import DrugPage

        # Ways of taking drugs the old sections described.
        methods = ("吸入", "追龙", "静脉注射", "溶解", "鼻吸", "卷成烟", "雾化", "冲泡", "口服",
                   "inhaled", "chasing the dragon", "snorted", "injected", "smoked", "swallowed", "Vaporised")
        for drug in DrugPage.objects.live().filter(locale__language_code="zh-hans"):
            for prefix, lead, heading in (("", "家长和老师可以留意", "识别迹象"),
                                          ("/en", "What parents and teachers can notice", "Signs to recognise")):
                page = client.get(f"{prefix}/drugs/{drug.slug}/").content.decode()
                section = re.search(r'<section class="fact" id="signs".*?</section>', page, re.S).group(0)
                assert heading in section and lead in section, (prefix, drug.slug)
                assert not [m for m in methods if m in section], (prefix, drug.slug)
                assert "滥用方式" not in page and "How it is used" not in page
