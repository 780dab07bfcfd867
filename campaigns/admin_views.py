"""The committee's report in the admin: figures per campaign, venue type,
organiser unit and month, school coverage, charts and CSV/XLSX export
(campaigns/reports.py). Staff who may view outreach reports may read it."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns import reports
from campaigns.dates import local_today


def _year(request, years):
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and int(value) in years:
        return int(value)
    return years[0] if years else local_today().year


def committee_report(request):
    from campaigns.models import CampaignPage, Event

    if not request.user.has_perm("campaigns.view_outreachreport"):
        raise PermissionDenied
    years = sorted({d.year for d in Event.objects.dates("start", "year")}, reverse=True)
    year = _year(request, years)
    campaigns = list(
        CampaignPage.objects.filter(year=year, locale__language_code="zh-hans").order_by("window_start")
    )
    campaign_key = request.GET.get("campaign", "")
    if campaign_key not in {str(c.translation_key) for c in campaigns}:
        campaign_key = ""
    tables = reports.tables(year, campaign_key or None)
    coverage = reports.school_coverage(year, campaign_key or None)
    export = request.GET.get("export", "")
    if export == "csv":
        response = HttpResponse(reports.csv_bytes(tables, coverage), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="outreach-{year}.csv"'
        return response
    if export == "xlsx":
        response = HttpResponse(
            reports.xlsx_bytes(tables, coverage),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="outreach-{year}.xlsx"'
        return response
    by_venue = next(t for t in tables if t.key == "venue_type")
    by_month = next(t for t in tables if t.key == "month")
    labels = reports.figure_labels()
    return render(request, "campaigns/admin/committee_report.html", {
        "page_title": _("Outreach figures"),
        "header_icon": "table",
        "year": year,
        "years": years,
        "campaigns": campaigns,
        "campaign_key": campaign_key,
        "tables": tables,
        "figure_names": reports.FIGURES,
        "figure_labels": [labels[name] for name in reports.FIGURES],
        "coverage": coverage,
        "charts": [
            (_("People reached per month"), mark_safe(reports.bar_chart_svg(by_month.rows, title=_("People reached per month")))),  # noqa: S308 - escaped in bar_chart_svg
            (_("People reached per venue type"), mark_safe(reports.bar_chart_svg(by_venue.rows, title=_("People reached per venue type")))),  # noqa: S308
        ],
        "coverage_chart": mark_safe(reports.coverage_svg(coverage, title=_("School coverage"))),  # noqa: S308
        "query": request.GET.urlencode(),
    })
