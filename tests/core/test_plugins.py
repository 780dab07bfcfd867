"""A feature app adds pages, links, styles, a banner and its parameters
through core/plugins.py, without core naming it; tips stays sealed."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import clear_url_caches, path

from core import plugins
from core.models import HomePage
from education.models import DrugIndexPage
from tests.utils import make_site
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
FEATURE_APPS = {"education", "campaigns", "quizzes", "tips"}


def imported_apps(folder: str) -> dict[str, set[str]]:
    """Top-level packages each module under ``folder`` imports."""
    found = {}
    for file in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(file.relative_to(ROOT))] = names
    return found


def test_core_imports_no_feature_app():
    offenders = {f: names & FEATURE_APPS for f, names in imported_apps("core").items() if names & FEATURE_APPS}
    assert not offenders


def test_nothing_outside_tips_imports_it():
    for folder in ("core", "education", "campaigns", "quizzes", "config"):
        offenders = {f for f, names in imported_apps(folder).items() if "tips" in names}
        assert not offenders, offenders


def test_core_templates_name_no_feature_url_or_page_type():
    for name in ("base.html", "includes/header.html", "includes/footer.html", "core/home_page.html"):
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        assert "news_feed" not in text and "education." not in text, name


# ---------------------------------------------------------------- a feature of its own
def banner(request):
    return '<div class="test-banner">宣传月横幅</div>'


def month_view(request):
    from django.http import HttpResponse

    return HttpResponse(f"month={request.GET.get('month', '')} other={request.GET.get('other', '')}")


urlpatterns = [path("test-month/", month_view, name="test_month")]


@pytest.fixture
def feature():
    plugins.register(plugins.Feature(
        app_label="testfeature",
        home_subpage_types=["education.DrugIndexPage"],
        footer_links=[("test_month", "活动日历")],
        head_links=[("test_month", "活动日历 (iCal)", "text/calendar")],
        stylesheets=["css/print.css"],
        query_params=["month"],
        banners=[f"{__name__}.banner"],
        urls=__name__,
    ))
    clear_url_caches()
    import importlib

    import config.urls

    importlib.reload(config.urls)
    yield
    plugins.unregister("testfeature")
    importlib.reload(config.urls)
    clear_url_caches()


def test_a_registered_feature_shows_on_every_page(client, feature):
    make_site()
    html = client.get("/").content.decode()
    assert '<div class="test-banner">宣传月横幅</div>' in html
    assert '<a href="/test-month/">活动日历</a>' in html
    assert 'type="text/calendar" href="/test-month/"' in html
    assert "/static/css/print.css" in html
    # In every language, under that language's prefix.
    assert '<a href="/en/test-month/">活动日历</a>' in client.get("/en/").content.decode()


def test_a_registered_feature_adds_page_types_under_the_home_page(feature):
    assert DrugIndexPage in HomePage.clean_subpage_models()
    plugins.unregister("testfeature")
    registered = plugins.features()
    for feature_app in registered:
        plugins.unregister(feature_app.app_label)
    try:
        assert HomePage.clean_subpage_models() == []
    finally:
        # Back in the same order: demo loaders run in registration order.
        for feature_app in registered:
            plugins.register(feature_app)
    assert DrugIndexPage in HomePage.clean_subpage_models()


def test_only_registered_parameters_reach_a_page(wsgi_app, feature):
    make_site()
    body = wsgi_get(wsgi_app, "/test-month/", query="month=2027-06&other=x")[2]
    assert body == "month=2027-06 other="


# ---------------------------------------------------------------- snapshots
BUILDS = []


def live_news_titles():
    from education.models import NewsPage

    BUILDS.append(1)
    return sorted(NewsPage.objects.live().values_list("title", flat=True))


def news_banner(request):
    from core.caching import snapshot

    return f'<p class="test-snapshot">{"、".join(snapshot("test-news", request))}</p>'


@pytest.fixture
def snapshot_feature():
    plugins.register(plugins.Feature(
        app_label="testsnapshot",
        banners=[f"{__name__}.news_banner"],
        snapshots={"test-news": f"{__name__}.live_news_titles"},
    ))
    BUILDS.clear()
    yield
    plugins.unregister("testsnapshot")


def test_a_snapshot_is_built_by_the_publisher_and_read_by_visitors(client, settings, snapshot_feature):
    from django.contrib.auth.models import User

    from core.caching import forget_process_memos
    from education.models import NewsIndexPage, NewsPage
    from tests.utils import add_page, run_commit_callbacks

    settings.PAGE_CACHE_ENABLED = False
    home = make_site()
    news = add_page(home, NewsIndexPage, "禁毒动态", slug="news")
    add_page(news, NewsPage, "六二六宣传", slug="a")
    run_commit_callbacks()  # the publish commits: the publisher builds the snapshot
    assert len(BUILDS) == 1

    forget_process_memos()  # as in another worker process
    assert '<p class="test-snapshot">六二六宣传</p>' in client.get("/").content.decode()
    assert '<p class="test-snapshot">六二六宣传</p>' in client.get("/news/").content.decode()
    assert len(BUILDS) == 1, "visitors read the publisher's snapshot, they do not build it"

    add_page(news, NewsPage, "禁毒法宣传", slug="b")
    run_commit_callbacks()
    forget_process_memos()
    assert "六二六宣传、禁毒法宣传" in client.get("/").content.decode()
    assert len(BUILDS) == 2

    # Staff never read a shared cache: their page is built from the database.
    client.force_login(User.objects.create_superuser("boss", password="x"))
    NewsPage.objects.filter(slug="a").update(title="改过的标题")  # no publish, no bump
    assert "改过的标题" in client.get("/").content.decode()
    assert len(BUILDS) == 3
