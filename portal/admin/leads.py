"""Back office for complaints and reports (issue 5), grouped under "线索管理".

Leads come from citizens, so staff get an inbox (portal/admin/lead_inbox*.py: filters,
saved filters, menu counts, bulk actions, export) and a lead page but no add, edit, copy or
delete screens. Lists never load the reporter's identity (see portal/intake/admin_views.py).
Lead categories and evidence file types are ordinary editable lists for the 管理员 group.
"""

import re

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from filetype.types import AUDIO, DOCUMENT, IMAGE, VIDEO
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from ..intake.admin_views import (
    EvidenceDownloadView,
    LeadDetailView,
    LeadHistoryView,
    RevealIdentityView,
    answer_403,
)
from ..models import EvidenceFileType, Lead, LeadCategory
from . import lead_actions, lead_inbox_bulk  # noqa: F401 (registers the bulk actions)
from .lead_inbox import (
    EXPORT_HEADINGS,
    LIST_DISPLAY,
    LIST_EXPORT,
    DeleteFilterView,
    LeadIndexView,
    LeadMenuItem,
    SaveFilterView,
)
from .lead_inbox_filters import SEARCH_FIELDS, LeadFilterSet
from .lead_stats import LeadStatsViewSet
from .risk import FacilityRiskViewSet, RiskFactorViewSet


class LeadViewSet(ModelViewSet):
    model = Lead
    name = "leads"  # /admin/leads/
    icon = "form"
    menu_label = gettext_lazy("投诉举报线索")
    index_view_class = LeadIndexView
    index_template_name = "portal/admin/leads/inbox.html"
    index_results_template_name = "portal/admin/leads/inbox_results.html"
    menu_item_class = LeadMenuItem
    inspect_view_class = LeadDetailView
    history_view_class = LeadHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Leads are not in the reference index: no usage listings of leads on facilities,
    # regions or categories for users who may not see leads, and no extra writes per lead.
    add_to_reference_index = False
    inspect_template_name = "portal/admin/leads/detail.html"
    list_display = LIST_DISPLAY
    filterset_class = LeadFilterSet
    list_export = LIST_EXPORT
    export_headings = EXPORT_HEADINGS
    export_filename = "leads"
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    list_per_page = 50
    exclude_form_fields = []  # no forms are used; keeps ModelViewSet from complaining

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # No staff-side add/edit/delete: these views are not routed, so no links to them.
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            save_filter_url_name=self.get_url_name("save_filter"),
            delete_filter_url_name=self.get_url_name("delete_filter"),
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"),
            reveal_url_name=self.get_url_name("reveal"),
            evidence_url_name=self.get_url_name("evidence"),
            history_url_name=self.get_url_name("history"),
            **kwargs,
        )

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

    @cached_property
    def reveal_view(self):
        return self.construct_view(RevealIdentityView, **self.get_inspect_view_kwargs())

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", answer_403(self.inspect_view), name="inspect"),
            path("reveal/<int:pk>/", answer_403(self.reveal_view), name="reveal"),
            path("history/<int:pk>/", answer_403(self.history_view), name="history"),
            path(
                "history-results/<int:pk>/",
                answer_403(self.history_results_view),
                name="history_results",
            ),
            path(
                "<int:lead_id>/evidence/<int:evidence_id>/",
                answer_403(EvidenceDownloadView.as_view()),
                name="evidence",
            ),
            path(
                "saved-filters/",
                answer_403(SaveFilterView.as_view(index_url_name=self.get_url_name("index"))),
                name="save_filter",
            ),
            path(
                "saved-filters/<int:pk>/delete/",
                answer_403(DeleteFilterView.as_view(index_url_name=self.get_url_name("index"))),
                name="delete_filter",
            ),
            *lead_actions.urlpatterns(self),
        ]


class LeadCategoryDeleteView(DeleteView):
    """A category in use cannot be deleted (PROTECT); it can be made unavailable instead."""

    def refuse_if_in_use(self):
        if self.object.leads.exists():
            messages.error(
                self.request,
                _("该类别已有线索使用，不能删除；可取消勾选“可选”，使其不再出现在表单中。"),
            )
            return redirect(self.edit_url_name, self.object.pk)
        return None

    def get(self, request, *args, **kwargs):
        return self.refuse_if_in_use() or super().get(request, *args, **kwargs)

    def form_valid(self, form):
        return self.refuse_if_in_use() or super().form_valid(form)


class ReferenceListViewSet(ModelViewSet):
    """An editable list used by the intake forms. No usage pages: leads are not in the
    reference index, so a usage count would always read 0."""

    add_to_reference_index = False
    copy_view_enabled = False
    search_backend_name = None

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "usage_url_name": None}

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "usage"]


class LeadCategoryViewSet(ReferenceListViewSet):
    model = LeadCategory
    name = "lead-categories"
    icon = "tag"
    menu_label = gettext_lazy("线索类别")
    delete_view_class = LeadCategoryDeleteView
    form_fields = ["name", "description", "order", "active"]
    list_display = ["name", "description", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


# Types the upload check can recognise from the content (filetype) and that are evidence:
# pictures, recordings, videos, documents, PDF; never archives or executables.
RECOGNISABLE_TYPES = {t.mime for group in (IMAGE, AUDIO, VIDEO, DOCUMENT) for t in group} | {
    "application/pdf"
}
# Pictures that portal.intake.evidence.strip_metadata can decode and re-encode.
REENCODABLE_IMAGES = {"image/jpeg", "image/png", "image/webp", "image/heic", "image/gif",
                      "image/tiff", "image/bmp"}  # fmt: skip


class EvidenceFileTypeForm(WagtailAdminModelForm):
    class Meta:
        model = EvidenceFileType
        fields = ["label", "mime_type", "extensions", "is_image", "active"]

    def clean_mime_type(self):
        mime = self.cleaned_data["mime_type"].strip().lower()
        if mime.startswith("image/") and mime not in REENCODABLE_IMAGES:
            raise forms.ValidationError(_("该图片格式无法重新编码以去除元数据，不能作为证据类型。"))
        if mime not in RECOGNISABLE_TYPES:
            raise forms.ValidationError(
                _("无法从文件内容识别“%(mime)s”，或该类型（如压缩包、可执行文件）不允许上传。")
                % {"mime": mime}
            )
        return mime

    def clean_extensions(self):
        parts = re.split(r"[\s,，;；]+", self.cleaned_data["extensions"].lower())
        extensions = [p.lstrip(".") for p in parts if p.lstrip(".")]
        if not extensions or not all(re.fullmatch(r"[a-z0-9]{1,10}", e) for e in extensions):
            raise forms.ValidationError(_("请填写扩展名，用空格分隔，如：jpg jpeg"))
        return " ".join(dict.fromkeys(extensions))

    def clean(self):
        cleaned = super().clean()
        mime = cleaned.get("mime_type")
        if mime:
            is_picture = mime in REENCODABLE_IMAGES
            if is_picture != bool(cleaned.get("is_image")):
                self.add_error(
                    "is_image",
                    _("图片类型必须勾选（上传后重新编码以去除位置等元数据）；其他类型不能勾选。"),
                )
        return cleaned


class EvidenceFileTypeViewSet(ReferenceListViewSet):
    model = EvidenceFileType
    name = "evidence-file-types"
    icon = "doc-full"
    menu_label = gettext_lazy("证据文件类型")
    list_display = ["label", "mime_type", "extensions", "is_image", "active"]
    list_filter = ["active", "is_image"]
    search_fields = ["label", "mime_type", "extensions"]

    def get_form_class(self, for_update=False):
        return EvidenceFileTypeForm


class LeadsGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("线索管理")
    menu_icon = "form"
    menu_order = 190
    items = (
        LeadViewSet,
        LeadStatsViewSet,
        FacilityRiskViewSet,
        RiskFactorViewSet,
        LeadCategoryViewSet,
        EvidenceFileTypeViewSet,
    )
