"""Editors build the education tree through Wagtail's real create form.

Each page type is created by posting what the admin's edit form posts
(``nested_form_data``, ``streamfield``, ``rich_text``, ``inline_formset``),
then read back as an editor would: the title, a field and a body block.

An Editor (宣传编辑) may create every education page, but the workflow
"内容审核" stands between them and the public: their page waits for an
Approver and is not live. A superuser's publish makes the page live at once.
"""

from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core import plugins
from core.blocks import RICH_TEXT_FEATURES
from core.models import HomePage
from education.models import (
    ArticlePage,
    DrugIndexPage,
    DrugPage,
    HelpPage,
    MaterialLibraryPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from tests.utils import add_page, make_site

WORKFLOW_NAME = "内容审核"
CONTENT_PAGES = {SectionPage, ArticlePage, DrugIndexPage, NewsIndexPage, MaterialLibraryPage, HelpPage}


def paragraph(html):
    return ("paragraph", rich_text(html, features=RICH_TEXT_FEATURES))


def list_block(items):
    """Form data of a ListBlock (the FAQ's questions): like a stream, without block types."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)}
    data["count"] = str(len(items))
    return data


def common(title, slug):
    """What every BasePage's form posts besides its own fields (promote tab)."""
    return {"title": title, "slug": slug, "seo_title": "", "search_description": "", "summary": "",
            "listing_image": ""}


# ---------------------------------------------------------------- form data per page type


def section_data(slug):
    return nested_form_data({**common("青少年", slug), "intro": rich_text("<p>写给学生和家长。</p>")})


def article_data(slug):
    return nested_form_data({
        **common("识别新型毒品", slug),
        "date": "2026-06-01",
        "source": "南城禁毒办",
        "body": streamfield([
            paragraph("<p>新型毒品常伪装成奶茶、饮料。</p>"),
            ("callout", {"level": "warning", "title": "注意",
                         "text": rich_text("<p>不要接受陌生人的饮料。</p>", features=["bold", "italic", "link"])}),
        ]),
    })


def drug_index_data(slug):
    return nested_form_data({**common("毒品百科", slug), "intro": rich_text("<p>认识常见毒品。</p>")})


def drug_data(slug):
    empty_rich_text = {name: rich_text("") for name in ("appearance", "how_used", "effects_mind", "effects_body",
                                             "overdose", "legal_status", "get_help")}
    return nested_form_data({
        **common("氯胺酮", slug),
        **empty_rich_text,
        "scientific_name": "Ketamine",
        "category": "synthetic",
        "street_names": streamfield([("name", "K粉"), ("name", "K仔")]),
        "effects_body": rich_text("<p>损害膀胱和大脑。</p>"),
        "appearance_images": streamfield([]),
        "body": streamfield([("quote", {"text": "一次吸毒，终身戒毒。", "attribution": "禁毒宣传"})]),
    })


def news_index_data(slug):
    return nested_form_data({**common("禁毒动态", slug), "intro": rich_text("<p>最新消息。</p>")})


def news_data(slug):
    return nested_form_data({
        **common("禁毒宣传进校园", slug),
        "date": "2026-06-03",
        "source": "南城街道",
        "tags": "校园, 6·26",
        "body": streamfield([paragraph("<p>民警为三百名学生讲解毒品危害。</p>")]),
    })


def material_library_data(slug):
    return nested_form_data({
        **common("宣传资料", slug),
        "intro": rich_text("<p>海报和传单，可下载打印。</p>"),
        "materials": inline_formset([
            {"title": "6·26 宣传海报", "kind": "poster", "description": "远离毒品 珍爱生命",
             "image": "", "document": "", "print_size": "A3"},
        ]),
    })


def help_data(slug):
    return nested_form_data({
        **common("戒毒帮助", slug),
        "intro": rich_text("<p>需要帮助时，请联系我们。</p>"),
        "services": streamfield([("service", {"kind": "hotline", "name": "禁毒举报电话", "phone": "0769-12345",
                                              "address": "", "hours": "24小时", "note": ""})]),
        "body": streamfield([("faq", {"title": "常见问题", "items": list_block([
            {"question": "自愿戒毒会被处罚吗？",
             "answer": rich_text("<p>自愿戒毒的，不予处罚。</p>", features=["bold", "italic", "link", "ol", "ul"])},
        ])})]),
    })


class EducationPageCreationTests(WagtailPageTestCase):
    """Each type once as an Editor (submitted, not live) and once as a superuser (published)."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = add_page(cls.home, SectionPage, "禁毒知识", slug="knowledge")
        cls.drugs = add_page(cls.home, DrugIndexPage, "毒品百科", slug="drugs")
        cls.news = add_page(cls.home, NewsIndexPage, "禁毒动态", slug="news")
        cls.editor = User.objects.create_user("editor", password="pw-for-tests-only")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.superuser = User.objects.create_superuser("boss", password="pw-for-tests-only")

    def submit_as_editor(self, parent, model, data):
        """The Editor's "Submit for moderation" button (action-submit)."""
        self.client.force_login(self.editor)
        # publish=True makes assertCanCreate post action-publish too and expect
        # the redirect to the parent's listing. An Editor has no publish
        # permission, so Wagtail ignores action-publish and submits to the
        # workflow: pressing (or forging) Publish cannot make their page live.
        self.assertCanCreate(parent, model, {**data, "action-submit": "action-submit"}, publish=True)
        page = model.objects.get(slug=data["slug"])
        self.assertFalse(page.live)
        self.assertFalse(page.permissions_for_user(self.editor).can_publish())
        state = page.current_workflow_state
        self.assertIsNotNone(state, "the page was not submitted to the workflow")
        self.assertEqual(state.status, "in_progress")
        self.assertTrue(state.workflow.name.startswith(WORKFLOW_NAME))
        self.assertEqual(self.client.get(page.url).status_code, 404)  # the public cannot see it yet
        # They can reopen it in the editor, with what they typed.
        self.assertContains(self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))), page.title)
        return page

    def publish_as_superuser(self, parent, model, data):
        self.client.force_login(self.superuser)
        self.assertCanCreate(parent, model, data, publish=True)
        page = model.objects.get(slug=data["slug"])
        self.assertTrue(page.live)
        self.assertIsNone(page.current_workflow_state)
        self.client.logout()
        response = self.client.get(page.url)  # as a visitor
        self.assertContains(response, page.title)
        return page, response.content.decode()

    def test_editor_submits_a_section(self):
        page = self.submit_as_editor(self.home, SectionPage, section_data("youth"))
        self.assertEqual(page.title, "青少年")
        self.assertIn("写给学生和家长。", page.intro)

    def test_superuser_publishes_a_section(self):
        page, html = self.publish_as_superuser(self.section, SectionPage, section_data("youth"))
        self.assertEqual(page.get_parent().specific, self.section)
        self.assertIn("写给学生和家长。", html)

    def test_editor_submits_an_article(self):
        page = self.submit_as_editor(self.section, ArticlePage, article_data("new-drugs"))
        self.assertEqual(page.title, "识别新型毒品")
        self.assertEqual(page.source, "南城禁毒办")
        self.assertEqual([block.block_type for block in page.body], ["paragraph", "callout"])
        self.assertIn("新型毒品常伪装成奶茶、饮料。", str(page.body[0].value))
        self.assertEqual(page.body[1].value["title"], "注意")

    def test_superuser_publishes_an_article(self):
        page, html = self.publish_as_superuser(self.home, ArticlePage, article_data("new-drugs"))
        self.assertEqual(str(page.date), "2026-06-01")
        self.assertIn("新型毒品常伪装成奶茶、饮料。", html)
        self.assertIn("不要接受陌生人的饮料。", html)

    def test_editor_submits_a_drug_index(self):
        page = self.submit_as_editor(self.section, DrugIndexPage, drug_index_data("drugs-a-z"))
        self.assertIn("认识常见毒品。", page.intro)

    def test_superuser_publishes_a_drug_index(self):
        _page, html = self.publish_as_superuser(self.home, DrugIndexPage, drug_index_data("drugs-a-z"))
        self.assertIn("认识常见毒品。", html)

    def test_editor_submits_a_drug(self):
        page = self.submit_as_editor(self.drugs, DrugPage, drug_data("ketamine"))
        self.assertEqual(page.title, "氯胺酮")
        self.assertEqual(page.street_name_list, ["K粉", "K仔"])
        self.assertEqual(page.index_letter, "L")  # 氯 → lǜ
        self.assertIn("损害膀胱和大脑。", page.effects_body)
        self.assertEqual(page.body[0].value["text"], "一次吸毒，终身戒毒。")

    def test_superuser_publishes_a_drug(self):
        page, html = self.publish_as_superuser(self.drugs, DrugPage, drug_data("ketamine"))
        self.assertEqual(page.category, "synthetic")
        for text in ("Ketamine", "K仔", "损害膀胱和大脑。", "一次吸毒，终身戒毒。"):
            self.assertIn(text, html)
        index = self.client.get(self.drugs.url)
        self.assertContains(index, "氯胺酮")  # listed in the A–Z index

    def test_editor_submits_a_news_index(self):
        page = self.submit_as_editor(self.section, NewsIndexPage, news_index_data("updates"))
        self.assertIn("最新消息。", page.intro)

    def test_superuser_publishes_a_news_index(self):
        _page, html = self.publish_as_superuser(self.home, NewsIndexPage, news_index_data("updates"))
        self.assertIn("最新消息。", html)

    def test_editor_submits_news(self):
        page = self.submit_as_editor(self.news, NewsPage, news_data("school-talk"))
        self.assertEqual(sorted(page.tags.names()), ["6·26", "校园"])
        self.assertIn("民警为三百名学生讲解毒品危害。", str(page.body[0].value))
        self.assertNotContains(self.client.get(self.news.url), "禁毒宣传进校园")

    def test_superuser_publishes_news(self):
        page, html = self.publish_as_superuser(self.news, NewsPage, news_data("school-talk"))
        self.assertEqual(sorted(page.tags.names()), ["6·26", "校园"])
        self.assertIn("民警为三百名学生讲解毒品危害。", html)
        self.assertContains(self.client.get(self.news.url, {"tag": "校园"}), "禁毒宣传进校园")

    def test_editor_submits_a_material_library(self):
        page = self.submit_as_editor(self.home, MaterialLibraryPage, material_library_data("materials"))
        material = page.materials.get()
        self.assertEqual((material.title, material.kind, material.print_size), ("6·26 宣传海报", "poster", "A3"))

    def test_superuser_publishes_a_material_library(self):
        page, html = self.publish_as_superuser(self.section, MaterialLibraryPage,
                                               material_library_data("materials"))
        self.assertEqual(page.materials.count(), 1)
        self.assertIn("6·26 宣传海报", html)

    def test_editor_submits_a_help_page(self):
        page = self.submit_as_editor(self.home, HelpPage, help_data("help"))
        self.assertEqual(page.services[0].value["phone"], "0769-12345")
        self.assertEqual(page.body[0].value["items"][0]["question"], "自愿戒毒会被处罚吗？")

    def test_superuser_publishes_a_help_page(self):
        _page, html = self.publish_as_superuser(self.section, HelpPage, help_data("help"))
        for text in ("禁毒举报电话", "0769-12345", "自愿戒毒会被处罚吗？", "自愿戒毒的，不予处罚。"):
            self.assertIn(text, html)

    def test_a_missing_title_is_refused_with_a_message(self):
        self.client.force_login(self.editor)
        data = {**article_data("no-title"), "title": "", "action-submit": "action-submit"}
        url = reverse("wagtailadmin_pages:add", args=("education", "articlepage", self.section.pk))
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["title"])
        self.assertFalse(ArticlePage.objects.filter(slug="no-title").exists())


class TreeRulesTests(WagtailPageTestCase):
    """The tree an editor can build: which page goes under which."""

    def test_home_page_sits_under_the_root_and_holds_the_content_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        # Education's pages, and whatever other feature apps register there (core/plugins.py).
        self.assertAllowedSubpageTypes(HomePage, set(plugins.home_subpage_models()))
        self.assertTrue(CONTENT_PAGES <= set(plugins.home_subpage_models()))

    def test_sections_nest_and_hold_the_content_pages(self):
        self.assertAllowedParentPageTypes(SectionPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(SectionPage, CONTENT_PAGES)

    def test_articles_material_and_help_pages_are_leaves_under_home_or_a_section(self):
        for model in (ArticlePage, MaterialLibraryPage, HelpPage):
            self.assertAllowedParentPageTypes(model, {HomePage, SectionPage}, msg=model.__name__)
            self.assertAllowedSubpageTypes(model, set(), msg=model.__name__)

    def test_drug_pages_live_only_in_the_encyclopedia(self):
        self.assertAllowedParentPageTypes(DrugIndexPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(DrugIndexPage, {DrugPage})
        self.assertAllowedParentPageTypes(DrugPage, {DrugIndexPage})
        self.assertAllowedSubpageTypes(DrugPage, set())

    def test_news_pages_live_only_in_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_a_drug_cannot_be_filed_under_news(self):
        self.assertCanNotCreateAt(NewsIndexPage, DrugPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
