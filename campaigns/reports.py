"""The committee's figures: what the outreach reached, per campaign, venue type,
organiser unit and month, and school coverage against the subdistrict registry.

An event counts as held when its report is filed; its figures are the
report's. Everything is computed in a few grouped queries, whatever the
number of events. Exports (CSV, XLSX) and the inline SVG charts read the same
rows, so the three never disagree.
"""

import io
from dataclasses import dataclass, field

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractMonth
from django.utils.html import escape
from django.utils.translation import gettext as _

from campaigns.choices import VenueType
from campaigns.dates import LOCAL
from core import spreadsheet

FIGURES = ("events", "people_reached", "materials_handed_out", "boards_shown", "consultations", "wechat_posts")


def figure_labels() -> dict:
    return {
        "events": _("Events held"),
        "people_reached": _("People reached"),
        "materials_handed_out": _("Materials handed out"),
        "boards_shown": _("Boards shown"),
        "consultations": _("Consultations"),
        "wechat_posts": _("WeChat posts"),
    }


@dataclass
class Table:
    key: str
    title: str
    heading: str  # the first column's heading
    rows: list[dict] = field(default_factory=list)  # {"label": str, figures...}

    def total(self) -> dict:
        return {name: sum(row[name] for row in self.rows) for name in FIGURES}


def reports_for(year: int | None = None, campaign_key=None):
    from campaigns.models import OutreachReport

    reports = OutreachReport.objects.all()
    if year:
        # Local year: an event at 00:30 on 1 January belongs to the new year.
        reports = reports.filter(event__start__year=year)
    if campaign_key:
        reports = reports.filter(event__campaign__translation_key=campaign_key)
    return reports


def _grouped(reports, group_field, extra=None):
    annotations = {
        "events": Count("pk"),
        "people_reached": Sum("people_reached"),
        "materials_handed_out": Sum("materials_handed_out"),
        "boards_shown": Sum("boards_shown"),
        "consultations": Sum("consultations"),
        "wechat_posts": Sum("wechat_posts"),
    }
    query = reports
    if extra:
        query = query.annotate(**extra)
    return query.values(group_field).annotate(**annotations).order_by(group_field)


def tables(year=None, campaign_key=None) -> list[Table]:
    from campaigns.models import CampaignPage

    reports = reports_for(year, campaign_key)
    by_campaign = Table("campaign", _("Per campaign"), _("Campaign"))
    rows = list(_grouped(reports, "event__campaign__translation_key"))
    titles = dict(
        CampaignPage.objects.filter(
            translation_key__in=[r["event__campaign__translation_key"] for r in rows if r["event__campaign__translation_key"]],
            locale__language_code="zh-hans",
        ).values_list("translation_key", "title")
    )
    for row in rows:
        key = row.pop("event__campaign__translation_key")
        by_campaign.rows.append({"label": titles.get(key, _("No campaign")), **_ints(row)})

    by_venue = Table("venue_type", _("Per venue type"), _("Venue type"))
    found = {row.pop("event__venue_type"): _ints(row) for row in _grouped(reports, "event__venue_type")}
    for value, label in VenueType.choices:
        by_venue.rows.append({"label": str(label), **found.get(value, dict.fromkeys(FIGURES, 0))})

    by_organiser = Table("organiser", _("Per organiser unit"), _("Organiser unit"))
    for row in _grouped(reports, "event__organiser"):
        label = row.pop("event__organiser")
        by_organiser.rows.append({"label": label, **_ints(row)})

    by_month = Table("month", _("Per month"), _("Month"))
    # The month in local time, whatever the database's time zone.
    months = _grouped(reports, "local_month", {"local_month": ExtractMonth(F("event__start"), tzinfo=LOCAL)})
    for row in months:
        number = row.pop("local_month")
        by_month.rows.append({"label": f"{year}-{number:02d}" if year else f"{number:02d}", **_ints(row)})
    return [by_campaign, by_venue, by_organiser, by_month]


def _ints(row: dict) -> dict:
    return {name: int(row.get(name) or 0) for name in FIGURES}


def school_coverage(year=None, campaign_key=None) -> dict:
    """Schools reached (an event with a filed report at the school) out of the schools registered."""
    from core.models import School

    registered = School.objects.count()
    reached = (
        reports_for(year, campaign_key)
        .filter(event__school__isnull=False)
        .values("event__school")
        .distinct()
        .count()
    )
    return {
        "reached": reached,
        "registered": registered,
        "percent": round(100 * reached / registered) if registered else 0,
    }


# ---------------------------------------------------------------- exports


def _export_rows(table_list, coverage):
    labels = figure_labels()
    for table in table_list:
        yield [table.title]
        yield [table.heading, *[labels[name] for name in FIGURES]]
        for row in table.rows:
            yield [row["label"], *[row[name] for name in FIGURES]]
        total = table.total()
        yield [_("Total"), *[total[name] for name in FIGURES]]
        yield []
    yield [_("School coverage")]
    yield [_("Schools reached"), _("Schools registered"), _("Coverage (%)")]
    yield [coverage["reached"], coverage["registered"], coverage["percent"]]


def csv_bytes(table_list, coverage) -> bytes:
    return spreadsheet.csv_bytes(_export_rows(table_list, coverage))


def xlsx_bytes(table_list, coverage) -> bytes:
    out = io.BytesIO()
    workbook = spreadsheet.Workbook(out)
    bold = workbook.add_format({"bold": True})
    labels = figure_labels()
    for table in table_list:
        sheet = workbook.add_worksheet(table.title[:31])
        workbook.write_row(sheet, 0, [table.heading, *[labels[name] for name in FIGURES]], bold)
        for n, row in enumerate(table.rows, start=1):
            workbook.write_row(sheet, n, [row["label"], *[row[name] for name in FIGURES]])
        total = table.total()
        workbook.write_row(sheet, len(table.rows) + 1, [_("Total"), *[total[name] for name in FIGURES]], bold)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(FIGURES), 14)
    sheet = workbook.add_worksheet(_("School coverage")[:31])
    workbook.write_row(sheet, 0, [_("Schools reached"), _("Schools registered"), _("Coverage (%)")], bold)
    workbook.write_row(sheet, 1, [coverage["reached"], coverage["registered"], coverage["percent"]])
    workbook.close()
    return out.getvalue()


# ---------------------------------------------------------------- charts


def bar_chart_svg(rows, value="people_reached", title="") -> str:
    """Horizontal bars, one per row, drawn on the server (no chart library, no
    script, no inline style: presentation attributes only, which the CSP allows)."""
    width, bar, gap, label_width = 560, 22, 10, 150
    height = max(1, len(rows)) * (bar + gap) + gap
    top = max([row[value] for row in rows] or [0]) or 1
    parts = [
        f'<svg class="report-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for n, row in enumerate(rows):
        y = gap + n * (bar + gap)
        length = round((width - label_width - 70) * row[value] / top)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.7:.0f}" text-anchor="end" font-size="13" '
            f'fill="#1b2a41">{escape(str(row["label"])[:14])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" rx="3" fill="#0b6e70"/>'
            f'<text x="{label_width + length + 6}" y="{y + bar * 0.7:.0f}" font-size="13" '
            f'fill="#1b2a41">{row[value]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def coverage_svg(coverage, title="") -> str:
    width, height = 560, 36
    filled = round(width * coverage["percent"] / 100)
    return (
        f'<svg class="report-chart" role="img" aria-label="{escape(title)}: {coverage["percent"]}%" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="0" y="0" width="{width}" height="{height}" rx="4" fill="#d3dbe4"/>'
        f'<rect x="0" y="0" width="{filled}" height="{height}" rx="4" fill="#0b6e70"/>'
        # The figure inside the bar when it fits there, else just after it.
        f'<text x="{10 if filled > 200 else filled + 10}" y="24" font-size="15" '
        f'fill="{"#ffffff" if filled > 200 else "#1b2a41"}" font-weight="bold">'
        f'{coverage["reached"]} / {coverage["registered"]} ({coverage["percent"]}%)</text></svg>'
    )
