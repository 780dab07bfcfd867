"""Public anonymous pages name no Cookie or Accept-Language in Vary, so a
shared cache keeps one copy per URL and a purge on publish reaches every
visitor (docs/architecture.md, "The caching story"; core.caching.drop_vary).
What is per visitor stays out of shared caches: logged-in pages, forms with a
CSRF token, previews and the tip pages are private, not public-with-Vary."""

import re

import pytest
from django.test import Client

from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db

PREFIXES = ("/", "/en/", "/zh-hant/")
# Home, the A–Z, a drug page and a campaign page of the demo.
PATHS = ("", "drugs/", "drugs/methamphetamine/", "campaigns/2026-idad/")


def varies_on_visitor(headers) -> list:
    vary = {value.strip().lower() for value in headers.get("Vary", "").split(",")}
    return sorted(vary & {"cookie", "accept-language"})


def publicly_cacheable(cache_control: str) -> bool:
    return "public" in cache_control or ("s-maxage" in cache_control and "private" not in cache_control)


class TestPublicPagesDoNotVary:
    def test_anonymous_pages_in_every_language_are_public_and_do_not_vary(self, demo, wsgi_app):
        seen = {}
        for prefix in PREFIXES:
            for path in PATHS:
                url = prefix + path
                # The first request renders (miss), the second comes from the page cache (hit).
                for expected in ("miss", "hit"):
                    status, headers, body = wsgi_get(wsgi_app, url)
                    assert status.startswith("200"), url
                    assert headers["X-Page-Cache"] == expected, url
                    assert publicly_cacheable(headers["Cache-Control"]), (url, headers["Cache-Control"])
                    seen[(url, expected)] = varies_on_visitor(headers)
        assert not any(seen.values()), {key: value for key, value in seen.items() if value}

    def test_the_language_still_comes_from_the_url_whatever_the_browser_asks(self, demo, client):
        # Without Vary: Accept-Language a shared cache gives everyone the same
        # copy: it must be the URL's language for every browser.
        for url, asks, expected in (("/", "en", "zh-Hans"), ("/en/", "zh-CN", "en"), ("/zh-hant/", "en", "zh-Hant")):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=asks).content.decode()
            assert re.search(r'<html lang="([^"]+)"', page).group(1) == expected, url

    def test_a_logged_in_visitor_gets_private_pages(self, demo, admin_user):
        staff = Client()
        staff.force_login(admin_user)
        for prefix in PREFIXES:
            for path in PATHS:
                response = staff.get(prefix + path)
                assert response.status_code == 200
                cache_control = response["Cache-Control"]
                assert "private" in cache_control and "no-store" in cache_control, (prefix + path, cache_control)
                assert not publicly_cacheable(cache_control)

    def test_form_and_tip_pages_are_private_not_public(self, demo, client):
        for url in ("/tips/", "/en/tips/", "/zh-hant/tips/", "/tips/status/", "/quiz/", "/_util/login/"):
            response = client.get(url)
            assert response.status_code == 200, url
            cache_control = response["Cache-Control"]
            assert "no-store" in cache_control and "private" in cache_control, (url, cache_control)
            assert not publicly_cacheable(cache_control), url
