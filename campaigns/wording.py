"""Sentences the banner, the campaign pages and the calendar share."""

from django.utils.translation import gettext, ngettext


def countdown_sentence(days: int, title: str) -> str:
    """"距第39个国际禁毒日还有 N 天", or "今天是第39个国际禁毒日" on the day."""
    if days <= 0:
        return gettext("Today is %(title)s") % {"title": title}
    return ngettext(
        "%(days)s day until %(title)s", "%(days)s days until %(title)s", days
    ) % {"days": days, "title": title}
