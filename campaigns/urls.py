"""The calendar and its iCalendar files, in every language (core/plugins.py)."""

from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar.ics", views.calendar_feed, name="calendar_ics"),
    path("calendar/campaigns/<slug:slug>.ics", views.campaign_ics, name="campaign_ics"),
    path("calendar/events/<int:pk>.ics", views.event_ics, name="event_ics"),
]
