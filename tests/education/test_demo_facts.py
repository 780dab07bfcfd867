"""The demo's facts as they stand today, on the pages people read: categories
the office uses since 2024, the law as written, what changed after 2021, and
student pages that say what to recognise, never how a drug is taken."""

import html
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.utils import shared_test_data


@pytest.fixture(scope="class")
def shared_demo(django_db_setup, django_db_blocker):
    with override_settings(PAGE_CACHE_ENABLED=False), shared_test_data(django_db_blocker):
        call_command("load_initial_data", verbosity=0)
        yield


@pytest.fixture
def demo(settings, db, shared_demo):
    settings.PAGE_CACHE_ENABLED = False


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
        listed = text(client, "/en/drugs/?category=unscheduled")
        assert "Nitrous oxide" in listed and "Etomidate" not in listed
        medicines = text(client, "/en/drugs/?category=medicine")
        assert "Etomidate" in medicines and "Nitrous oxide" not in medicines
