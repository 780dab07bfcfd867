"""A page can ask browsers to send no Referer onward (core/http.py)."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from core.http import no_referrer, set_no_referrer


@no_referrer
def private_view(request):
    return HttpResponse("receipt")


def private_response_view(request):
    return set_no_referrer(HttpResponse("status"))


urlpatterns = [path("private/", private_view), path("status/", private_response_view)]


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_no_referrer")
@pytest.mark.parametrize("url", ["/private/", "/status/"])
def test_page_can_ask_for_no_referrer(url):
    response = Client().get(url)
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_other_pages_keep_the_site_wide_policy(client):
    assert client.get("/robots.txt").headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
