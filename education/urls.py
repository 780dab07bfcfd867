"""Education's own URLs (the pages themselves are Wagtail's), included in
every language through core/plugins.py."""

from django.urls import path

from education.feeds import NewsFeed

urlpatterns = [
    path("news/feed/", NewsFeed(), name="news_feed"),
]
