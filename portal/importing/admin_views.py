"""Admin upload page for bulk imports (Wagtail admin furniture).

The upload is stored as an `ImportJob` and imported by the worker (django-q2), so a large
file never holds a web request; the job page shows the progress and then the result, with
the JSON report as a download. Registered in portal/wagtail_hooks.py.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ImportJob
from .columns import COLUMNS, KINDS
from .forms import ImportForm
from .jobs import create_job, get_progress, job_result
from .service import can_import, kind_label

SHOWN_PROBLEMS = 1000


def user_can_import(user) -> bool:
    return any(can_import(user, kind) for kind in KINDS)


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "portal/import/form.html"
    form_class = ImportForm
    page_title = gettext_lazy("批量导入")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("portal_import"),
            submit_button_label=_("开始导入"),
            submit_button_active_label=_("正在导入，请稍候…"),
            templates=[
                (kind, kind_label(kind), reverse("portal_import_template", args=[kind]))
                for kind in KINDS
                if can_import(self.request.user, kind)
            ],
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        job = create_job(
            data["file"],
            self.request.user,
            kind=data["kind"],
            publish=data["publish"],
            skip_invalid=data["skip_invalid"],
            dry_run=data["dry_run"],
        )
        return redirect("portal_import_result", token=job.token)


def get_job(token, user) -> ImportJob:
    """Jobs belong to the user who uploaded them."""
    job = ImportJob.objects.filter(token=token, user=user).first()
    if job is None:
        raise Http404(_("导入结果不存在或已过期"))
    return job


class ImportResultView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "portal/import/result.html"
    page_title = gettext_lazy("导入结果")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("portal_import"), "label": _("批量导入")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_template_names(self):
        if not self.job.finished:
            return ["portal/import/progress.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        self.job = get_job(kwargs["token"], request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        context.update(job=job, kind_label=kind_label(job.kind), again_url=reverse("portal_import"))
        if not job.finished:
            progress = get_progress(job)
            total = progress.get("total") or 0
            context.update(
                progress=progress,
                percent=int(100 * progress.get("done", 0) / total) if total else 0,
            )
            return context
        result = job_result(job)
        problems = result.problems
        context.update(
            result=result,
            problems=problems[:SHOWN_PROBLEMS],
            problems_truncated=len(problems) > SHOWN_PROBLEMS,
            problem_count=len(problems),
            report_url=reverse("portal_import_report", args=[job.token]),
        )
        return context


class ImportReportView(ImportPermissionMixin, View):
    def get(self, request, token):
        job = get_job(token, request.user)
        result = job_result(job)
        if result is None:
            raise Http404(_("导入尚未完成"))
        response = HttpResponse(
            result.report_json(), content_type="application/json; charset=utf-8"
        )
        name = f"import-report-{result.kind}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportTemplateView(ImportPermissionMixin, View):
    """An empty CSV (UTF-8 with BOM, opens in Excel) with the Chinese header of a kind."""

    def get(self, request, kind):
        if kind not in KINDS:
            raise Http404
        buffer = io.StringIO()
        csv.writer(buffer).writerow([column.zh for column in COLUMNS[kind]])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="template-{kind}.csv"'
        return response


def get_import_urls():
    return [
        path("import/", require_admin_access(ImportView.as_view()), name="portal_import"),
        path(
            "import/result/<str:token>/",
            require_admin_access(ImportResultView.as_view()),
            name="portal_import_result",
        ),
        path(
            "import/result/<str:token>/report.json",
            require_admin_access(ImportReportView.as_view()),
            name="portal_import_report",
        ),
        path(
            "import/template/<str:kind>.csv",
            require_admin_access(ImportTemplateView.as_view()),
            name="portal_import_template",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_import(request.user)


def import_menu_item(order=900):
    return ImportMenuItem(
        gettext_lazy("批量导入"),
        reverse("portal_import"),
        name="portal-import",
        icon_name="upload",
        order=order,
    )
