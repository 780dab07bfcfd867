"""`manage.py set_site`: the public host name in sitemap, RSS and share links."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from tests.utils import make_site

pytestmark = pytest.mark.django_db


def test_set_site_gives_pages_the_public_https_address(client):
    home = make_site()
    call_command("set_site", "--hostname", "jdb.example.cn", "--port", "443", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("jdb.example.cn", 443)
    home.refresh_from_db()
    assert home.get_full_url() == "https://jdb.example.cn/"
    sitemap = client.get("/sitemap.xml", HTTP_HOST="jdb.example.cn").content.decode()
    assert "<loc>https://jdb.example.cn/</loc>" in sitemap
    assert "localhost" not in sitemap and "testserver" not in sitemap


def test_set_site_can_rename_the_site():
    make_site()
    call_command("set_site", "--hostname", "jdb.example.cn", "--port", "443", "--name", "南城禁毒", verbosity=0)
    assert Site.objects.get(is_default_site=True).site_name == "南城禁毒"


@pytest.mark.parametrize("hostname", ["https://jdb.example.cn", "jdb.example.cn/", "jdb.example.cn:443", "", "a b"])
def test_set_site_refuses_a_hostname_that_is_not_one(hostname):
    make_site()
    with pytest.raises(CommandError, match="host name"):
        call_command("set_site", "--hostname", hostname, "--port", "443", verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "testserver"


def test_set_site_without_a_site_says_so():
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="load_initial_data"):
        call_command("set_site", "--hostname", "jdb.example.cn", "--port", "443", verbosity=0)
