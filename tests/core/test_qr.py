"""/qr.svg answers a clear 400 for any url it cannot encode, never a 500."""

import pytest

BAD_URLS = [
    "/" + "禁毒" * 130,  # ~260 CJK characters: more than a QR code holds
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/path\x00with-nul",
    "javascript:alert(1)",
    "",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_qr_urls_get_400_not_500(client, url):
    response = client.get("/qr.svg", {"url": url})
    assert response.status_code == 400
    assert len(response.content) < 200


@pytest.mark.django_db
def test_too_long_qr_url_is_explained_in_the_visitors_language(client):
    response = client.get("/qr.svg", {"url": "/" + "禁毒" * 130})
    assert response.status_code == 400
    assert "链接太长" in response.content.decode()
