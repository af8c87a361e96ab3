"""Back office for leads (issues 5 and 6): the lead page with the reporter masked, revealing
the reporter's identity (explicit permission + a stated reason, written to the audit log) and
evidence downloads from private storage. The views are wired up by `LeadViewSet`
(portal/admin/leads.py) under /admin/leads/; the handling sections of the lead page are built
in portal/admin/lead_page.py and its action forms live in portal/admin/lead_actions.py.

Who may see which lead is decided in one place (portal/leads/access.py): `visible_leads(user)`
for lists and `can_view_lead(user, lead)` for one lead (the page, its history, its evidence,
its actions): the user's office region subtree and the leads assigned to them.

The clear identity is never loaded for lists or the normal lead page (`masked()` defers the
encrypted columns), never put into the session, a message or a log entry; it appears only in
the response to the reveal POST, and every lead response is sent with `Cache-Control: no-store`.
"""

import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables
from django.views.generic import View
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter, log

from ..leads.access import can_view_lead, can_view_leads, visible_leads  # row-level rules
from ..models import Evidence, EvidenceFileType, Lead

VIEW_LEAD_PERMISSION = "portal.view_lead"
REVEAL_PERMISSION = "portal.view_reporter_identity"
REVEAL_ACTION = "portal.lead.reveal_identity"
VIEW_EVIDENCE_ACTION = "portal.lead.view_evidence"

# The encrypted columns; never loaded except to answer a reveal.
IDENTITY_FIELDS = (
    "reporter_name",
    "reporter_id_number",
    "reporter_phone",
    "reporter_email",
    "reporter_address",
)
# Types a browser may show in the page (the stored type is the re-encoded one). Never SVG.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
REASON_MIN_LENGTH = 5


# --- Access -----------------------------------------------------------------------------


def can_reveal_identity(user, lead) -> bool:
    return can_view_lead(user, lead) and user.has_perm(REVEAL_PERMISSION)


def masked(queryset):
    """Leads without their encrypted identity columns (not read, not decrypted), with
    `has_reporter_address` for the address, which has no masked copy."""
    return queryset.defer(*IDENTITY_FIELDS).annotate(
        has_reporter_address=ExpressionWrapper(~Q(reporter_address=""), output_field=BooleanField())
    )


def get_lead_for(user, pk) -> Lead:
    """The lead `pk` for `user`, identity deferred: 403 without lead access, 404 if missing."""
    if not can_view_leads(user):
        raise PermissionDenied
    lead = get_object_or_404(
        masked(
            Lead.objects.select_related(
                "category",
                "facility__region",
                "region",
                "suggested_authority",
                "office",
                "handler",
                "transferred_to",
            )
        ),
        pk=pk,
    )
    if not can_view_lead(user, lead):
        raise PermissionDenied
    return lead


def answer_403(view):
    """Answer PermissionDenied with a 403 page. (Wagtail's admin otherwise redirects to the
    dashboard: wrong for a download or an <img>, and a reveal refusal should say so.)"""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            message = _("您没有查看该线索或其举报人身份信息的权限。")
            response = TemplateResponse(
                request, "portal/admin/leads/forbidden.html", {"message": message}, status=403
            )
            return no_store(response)

    return wrapped


def no_store(response):
    patch_cache_control(
        response, no_store=True, no_cache=True, must_revalidate=True, private=True, max_age=0
    )
    return response


# --- Audit log --------------------------------------------------------------------------


class RevealLogFormatter(LogFormatter):
    label = gettext_lazy("查看举报人身份信息")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason", "")
        return _("查看举报人身份信息，理由：%(reason)s") % {"reason": reason}


class EvidenceLogFormatter(LogFormatter):
    label = gettext_lazy("查看证据材料")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        text = _("预览证据材料 #%(id)s") if data.get("inline") else _("下载证据材料 #%(id)s")
        return text % {"id": data.get("evidence", "")}


def register_lead_log_actions(actions):
    """Called from the `register_log_actions` hook (portal/wagtail_hooks.py)."""
    actions.register_action(REVEAL_ACTION)(RevealLogFormatter)
    actions.register_action(VIEW_EVIDENCE_ACTION)(EvidenceLogFormatter)


class RevealedIdentity:
    """The clear identity for one response. Its repr hides the values, so a debug page, an
    error report or a log line that prints the template context does not carry them."""

    __slots__ = ("name", "id_number", "phone", "email", "address")

    def __init__(self, lead):
        self.name = lead.reporter_name
        self.id_number = lead.reporter_id_number
        self.phone = lead.reporter_phone
        self.email = lead.reporter_email
        self.address = lead.reporter_address

    def __repr__(self):
        return "<RevealedIdentity (hidden)>"

    __str__ = __repr__


@sensitive_variables("clear")
def reveal_identity(lead, user, reason) -> RevealedIdentity:
    """The clear identity of `lead`, after writing who/when/which lead/why to the audit
    log. The log entry holds the reason only, never the identity."""
    if not can_reveal_identity(user, lead):
        raise PermissionDenied
    log(instance=lead, action=REVEAL_ACTION, user=user, data={"reason": reason})
    clear = Lead.objects.only(*IDENTITY_FIELDS).get(pk=lead.pk)
    return RevealedIdentity(clear)


# --- Lead page --------------------------------------------------------------------------


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("查看理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        max_length=500,
        help_text=gettext_lazy("查看理由将与您的账号、时间一并记入审计日志。"),
        error_messages={
            "required": gettext_lazy("请说明查看理由。"),
            "min_length": gettext_lazy("请说明查看理由，至少 %(limit_value)d 个字。"),
            "max_length": gettext_lazy("查看理由不能超过 %(limit_value)d 个字。"),
        },
    )


class LeadDetailView(InspectView):
    """One lead on one screen: handling (state, offices, deadlines, actions), the report,
    evidence, supplements, the reporter (masked; clear only in the response to a reveal),
    the facility's profile and history, replies, the timeline, duplicates and the reward.
    What is shown besides the report is built in portal/admin/lead_page.py."""

    template_name = "portal/admin/leads/detail.html"
    page_title = gettext_lazy("线索详情")
    header_icon = "form"
    any_permission_required = None  # decided by can_view_lead
    inspect_url_name = None
    reveal_url_name = None
    evidence_url_name = None
    history_url_name = None

    def get_object(self, queryset=None):
        return get_lead_for(self.request.user, self.pk)

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return self.object.receipt_number

    def get_history_url(self):
        if self.history_url_name:
            return reverse(self.history_url_name, args=[self.object.pk])

    @property
    def header_more_buttons(self):
        buttons = []
        if history_url := self.get_history_url():
            buttons.append(Button(_("审计记录"), url=history_url, icon_name="history", priority=10))
        return buttons

    def dispatch(self, request, *args, **kwargs):
        return no_store(super().dispatch(request, *args, **kwargs))

    def sibling_url_name(self, name):
        """A URL name of the same viewset (e.g. "act" next to "inspect")."""
        return f"{self.inspect_url_name.rpartition(':')[0]}:{name}"

    def evidence_url(self, evidence):
        return reverse(self.evidence_url_name, args=[self.object.pk, evidence.pk])

    def get_evidence(self):
        labels = dict(EvidenceFileType.objects.values_list("mime_type", "label"))
        items = []
        for evidence in self.object.evidence.all():
            url = self.evidence_url(evidence)
            items.append(
                {
                    "object": evidence,
                    "type_label": labels.get(evidence.content_type, evidence.content_type),
                    "url": url,
                    "inline_url": f"{url}?inline=1"
                    if evidence.content_type in INLINE_TYPES
                    else "",
                }
            )
        return items

    def get_facility_links(self):
        facility = self.object.facility
        if facility is None:
            return {}
        links = {"admin": AdminURLFinder(self.request.user).get_edit_url(facility)}
        if not facility.is_natural_person:
            from ..public.profile import facility_key

            links["public"] = reverse("public:facility", args=[facility_key(facility)])
        return links

    def get_handling_context(self, lead, user):
        from ..admin import lead_page
        from ..admin.lead_actions import STEPS
        from ..admin.lead_page_forms import NoteForm

        act = self.sibling_url_name("act")
        note_allowed = lead_page.note_allowed(user, lead)
        events = list(lead.events.select_related("actor"))
        letter = lead_page.transfer_letter_event(lead) if lead.transferred_to_id else None
        return {
            "events": events,
            "replies": lead_page.replies(events),
            "co_offices": list(lead.co_offices.all()),
            "deadlines": lead_page.deadline_rows(lead),
            "due": lead_page.due_flags(lead),
            "linked": lead_page.linked_leads(user, lead, self.inspect_url_name),
            "records": lead_page.linked_records(user, lead),
            "history": lead_page.facility_history(user, lead, self.inspect_url_name),
            "reward": lead_page.reward_panel(user, lead),
            "actions": lead_page.action_links(user, lead, act, STEPS),
            "note_form": NoteForm(lead=lead, user=user, auto_id="lead-%s")
            if note_allowed
            else None,
            "note_url": reverse(act, args=[lead.pk, "note"]) if note_allowed else "",
            "letter_url": reverse(self.sibling_url_name("transfer_letter"), args=[lead.pk])
            if letter
            else "",
        }

    def get_context_data(self, identity=None, reveal_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        lead = self.object
        user = self.request.user
        evidence = self.get_evidence()
        by_supplement = {}
        for item in evidence:
            by_supplement.setdefault(item["object"].supplement_id, []).append(item)
        supplements = [
            {"object": supplement, "evidence": by_supplement.get(supplement.pk, [])}
            for supplement in lead.supplements.all()
        ]
        duplicates = masked(visible_leads(user)).filter(
            pk__in=lead.possible_duplicates.values("pk")
        )
        can_reveal = can_reveal_identity(user, lead)
        has_identity = not lead.anonymous and any(
            (
                lead.reporter_name_masked,
                lead.reporter_id_masked,
                lead.reporter_phone_masked,
                lead.reporter_email_masked,
                lead.has_reporter_address,
            )
        )
        context.update(
            lead=lead,
            evidence=[item for item in evidence if item["object"].supplement_id is None],
            evidence_count=len(evidence),
            supplements=supplements,
            duplicates=[
                {"object": d, "url": reverse(self.inspect_url_name, args=[d.pk])}
                for d in duplicates.select_related("category")
            ],
            facility_links=self.get_facility_links(),
            has_identity=has_identity,
            can_reveal=can_reveal and has_identity,
            reveal_form=reveal_form or (RevealForm() if can_reveal else None),
            reveal_url=reverse(self.reveal_url_name, args=[lead.pk])
            if self.reveal_url_name
            else "",
            identity=identity,
            **self.get_handling_context(lead, user),
        )
        return context


class RevealIdentityView(LeadDetailView):
    """POST with a reason: the lead page again, this once with the clear identity.
    Without the permission: 403 (GET or POST)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_reveal_identity(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect(self.inspect_url_name, self.object.pk)

    @method_decorator(sensitive_variables("identity", "context"))
    def post(self, request, *args, **kwargs):
        if self.object.anonymous:
            return redirect(self.inspect_url_name, self.object.pk)
        form = RevealForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(reveal_form=form)
            return self.render_to_response(context)
        identity = reveal_identity(self.object, request.user, form.cleaned_data["reason"])
        context = self.get_context_data(identity=identity, reveal_form=RevealForm())
        return self.render_to_response(context)


class LeadHistoryView(HistoryView):
    """The lead's audit log (reveals, evidence views, later issue 6's actions)."""

    any_permission_required = None  # decided by can_view_lead
    inspect_url_name = None

    def get_object(self):
        return get_lead_for(self.request.user, self.pk)

    @property
    def header_buttons(self):
        return []

    def get_page_subtitle(self):
        return self.object.receipt_number

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.inspect_url_name:
            items.insert(
                -1,
                {
                    "url": reverse(self.inspect_url_name, args=[self.object.pk]),
                    "label": self.object.receipt_number,
                },
            )
        return items

    def dispatch(self, request, *args, **kwargs):
        return no_store(super().dispatch(request, *args, **kwargs))


# --- Evidence ---------------------------------------------------------------------------


class EvidenceDownloadView(View):
    """/admin/leads/<lead_id>/evidence/<evidence_id>/ — the file from private storage, to
    staff who may see the lead; `?inline=1` shows an image in the page. Logged."""

    def get(self, request, lead_id, evidence_id):
        lead = get_lead_for(request.user, lead_id)
        evidence = get_object_or_404(Evidence, pk=evidence_id, lead=lead)
        inline = request.GET.get("inline") == "1" and evidence.content_type in INLINE_TYPES
        try:
            handle = evidence.file.storage.open(evidence.file.name, "rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404(_("证据文件不存在。")) from exc
        response = FileResponse(
            handle,
            content_type=evidence.content_type,
            as_attachment=not inline,
            filename=evidence.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        response["Referrer-Policy"] = "no-referrer"
        log(
            instance=lead,
            action=VIEW_EVIDENCE_ACTION,
            user=request.user,
            data={"evidence": evidence.pk, "inline": inline},
        )
        return no_store(response)
