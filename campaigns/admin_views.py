"""The committee's report in the admin: figures per campaign, venue type,
organiser unit and month, school coverage, charts and CSV/XLSX export
(campaigns/reports.py). Staff who may view outreach reports may read it."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import reports
from campaigns.dates import local_today
from core.importing import ImportFileError, ImportForm


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


class EventImportForm(ImportForm):
    field_order = ["file", "campaign", "to_year", "dry_run"]
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), required=False, queryset=None,
        help_text=gettext_lazy("The campaign the imported events belong to."),
    )
    to_year = forms.IntegerField(
        label=gettext_lazy("Move to year"), required=False, min_value=2000, max_value=2100,
        help_text=gettext_lazy("Give last year's list this year's dates (same day and time); blank: keep the dates."),
    )

    def __init__(self, *args, **kwargs):
        from campaigns.models import CampaignPage

        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE).order_by("-year", "window_start")


def import_events_view(request):
    from campaigns.events_io import EventImporter

    if not request.user.has_perm("campaigns.add_event"):
        raise PermissionDenied
    result = None
    form = EventImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        importer = EventImporter(form.cleaned_data["campaign"], form.cleaned_data["to_year"])
        try:
            result = importer.import_file(form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok and not result.dry_run:
                messages.success(request, _("%(count)s events imported.") % {"count": result.created})
                return redirect("wagtailsnippets_campaigns_event:list")
    return render(request, "campaigns/admin/import_events.html", {
        "page_title": _("Import events"), "header_icon": "upload", "form": form, "result": result,
    })
