"""Admin views to import and export the subdistrict registry (core/registry_io.py and core/importing.py do the work)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import importing, registry_io


def get_resource(name: str) -> registry_io.RegistryImporter:
    try:
        return registry_io.RESOURCES[name]()
    except KeyError:
        raise Http404 from None


def _perm(resource, action: str) -> str:
    return f"core.{action}_{resource.model._meta.model_name}"


def can_export(user, resource) -> bool:
    return any(user.has_perm(_perm(resource, action)) for action in ("view", "add", "change"))


def can_import(user, resource) -> bool:
    return user.has_perm(_perm(resource, "add")) and user.has_perm(_perm(resource, "change"))


def listing_url(resource) -> str:
    return reverse(f"wagtailsnippets_core_{resource.model._meta.model_name}:list")


def export_view(request, resource_name, file_format):
    resource = get_resource(resource_name)
    if file_format not in importing.FORMATS:
        raise Http404
    if not can_export(request.user, resource):
        raise PermissionDenied
    return resource.export_response(file_format)


class RegistryImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a spreadsheet of communities or schools; all rows are saved or none."""

    template_name = "core/admin/registry_import.html"
    form_class = importing.ImportForm
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.resource = get_resource(kwargs["resource_name"])
        if not can_import(request.user, self.resource):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import %(things)s") % {"things": self.resource.model._meta.verbose_name_plural}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": listing_url(self.resource),
             "label": str(self.resource.model._meta.verbose_name_plural).capitalize()},
            {"url": "", "label": _("Import")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            resource=self.resource,
            columns=self.resource.columns,
            listing_url=listing_url(self.resource),
            max_rows=importing.MAX_ROWS,
        )
        return context

    def form_valid(self, form):
        try:
            result = self.resource.import_file(form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if result.ok and not result.dry_run:
            messages.success(self.request, result.summary())
            return redirect(listing_url(self.resource))
        return self.render_to_response(self.get_context_data(form=form, result=result))
