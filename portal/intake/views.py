"""The public side of intake: /report/ (the choice, the four forms, the receipt) and /track/
(lookup, progress, adding information). docs/intake.md describes the flow.

Every view sends `Cache-Control: no-store` and hides POST data from error reports; views
that take files install the evidence upload handler before anything reads the body
(portal/intake/decorators.py).
"""

import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_safe

from ..models import LeadKind
from . import flow, pending, ratelimit, tokens
from .decorators import private, readable_body, takes_uploads
from .forms import LeadForm, SupplementForm, TrackForm
from .page import KIND_PAGES, evidence_accept, form_context
from .receipts import check_query_code, normalize_receipt
from .submit import add_supplement, submit_lead


def track_crumbs(*steps) -> list[dict]:
    """进度查询 › steps; each step a label, or (label, url name) when it links."""
    trail = [{"url": reverse("intake:track") if steps else "", "label": _("进度查询")}]
    for step in steps:
        label, name = step if isinstance(step, tuple) else (step, "")
        trail.append({"url": reverse(name) if name else "", "label": label})
    return trail


def notice(level, title, text):
    return {"level": level, "title": title, "text": text}


def limited_notice():
    return notice("error", _("提交过于频繁"), _("您提交得太频繁了，请一小时后再试；已填写的内容和文件已为您保留。也可拨打 12320 卫生健康热线反映。"))  # fmt: skip


def expired_notice():
    return notice("warning", _("页面已过期"), _("页面停留时间过长或已在其他窗口提交。您填写的内容已保留，请核对后再次提交。"))  # fmt: skip


def busy_notice():
    return notice("warning", _("上一次提交仍在处理"), _("请稍候片刻，然后到“进度查询”查看，或刷新本页。"))  # fmt: skip


# --- /report/ ------------------------------------------------------------------------------


@never_cache
@require_safe
def choose(request):
    context = {"kinds": KIND_PAGES, "deadlines": flow.deadlines(), "reward": flow.reward_amounts()}
    context["breadcrumbs"] = [{"url": "", "label": _("投诉举报")}]
    return render(request, "intake/choose.html", context)


@private
@takes_uploads
def report_form(request, kind):
    kind = flow.KIND_SLUGS[kind]
    if request.method == "POST":
        return submit(request, kind)
    return render_form(request, LeadForm(kind), tokens.issue(request))


def render_form(request, form, token, notice=None, status=200):
    context = form_context(request, form, token, notice)
    return render(request, "intake/form.html", context, status=status)


@sensitive_variables()
def submit(request, kind):
    post = request.POST
    if post.get("website", "").strip():
        ratelimit.count_submission(request)  # bots keep trying: let them use up the rate
        return render(request, "intake/problem.html", {"problem": "honeypot"})
    token = post.get("form_token", "")[:64]
    state, receipt = tokens.state(request, token)
    if state == "used":
        flow.remember_receipt_number(request, receipt)
        return redirect("intake:receipt")
    if state == "unknown":
        return check_form(request, kind, tokens.issue(request), fresh=False)[0]
    return run_once(
        token,
        lambda: check_form(request, kind, token, fresh=True),
        filed=lambda: redirect("intake:receipt"),
        busy=lambda: render_form(
            request, unchecked(LeadForm(kind, post)), token, busy_notice(), 409
        ),
    )


def run_once(token, work, filed, busy):
    """Run `work()` -> (response, receipt number or "") while holding the token's lock. A
    request whose token another request is using waits for it: `filed()` when that one
    filed (a double click: the first request's session must stay untouched), `busy()`
    after the wait."""
    lock = flow.TokenLock(token)
    try:
        receipt = lock.acquire()
    except flow.TokenBusy:
        return busy()
    if receipt:
        time.sleep(0.2)  # let the first request save its session before the redirect lands
        return filed()
    try:
        response, receipt = work()
    except BaseException:
        lock.release()
        raise
    if receipt:
        lock.done(receipt)
    else:
        lock.release()
    return response


def unchecked(form):
    """A bound form shown as typed, without validating (and using up its CAPTCHA)."""
    form._errors = ErrorDict()
    return form


@sensitive_variables()
def check_form(request, kind, token, fresh):
    kept = pending.remove(request, token, request.POST.getlist("remove_evidence")) if fresh else []
    rejected = getattr(request, "evidence_rejected", [])
    form = LeadForm(kind, request.POST, request.FILES, kept=kept, rejected=rejected)
    valid = form.is_valid()
    problem, status = None, 200
    if not fresh:
        problem = expired_notice()
    elif ratelimit.submission_limited(request):
        problem, status = limited_notice(), 429
    if problem or not valid:
        pending.add(request, token, form.new_files)
        return render_form(request, form, token, problem, status), ""
    files = unique(pending.load(request, token) + form.new_files)
    lead, code = submit_lead(kind, form.cleaned_data, files)
    ratelimit.count_submission(request)
    tokens.consume(request, token, lead.receipt_number)
    pending.clear(request, token)
    flow.remember_receipt(request, lead, code)
    return redirect("intake:receipt"), lead.receipt_number


def unique(files):
    return list({checked.sha256: checked for checked in files}.values())


def receipt_crumbs():
    return [{"url": reverse("intake:report"), "label": _("投诉举报")}, {"url": "", "label": _("受理回执")}]  # fmt: skip


@private
def receipt(request):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    data = flow.take_receipt(request)
    context = {"receipt": data, "deadlines": flow.deadlines(), "breadcrumbs": receipt_crumbs()}
    if data:
        number, code = data["number"], data.get("code") or ""
        context["number_groups"] = [number[:2], number[2:10], number[10:]]
        context["number_spelled"] = " ".join(number)
        context["code_spelled"] = " ".join(code.replace("-", ""))
    if data and data.get("date"):
        day = datetime.date.fromisoformat(data["date"])
        context.update(submitted_on=day, decide_by=flow.decide_by(day))
        context["kind_label"] = LeadKind(data["kind"]).label if data.get("kind") else ""
        context["reward"] = data.get("kind") == LeadKind.REWARD
    return render(request, "intake/receipt.html", context)


@never_cache
@require_safe
def facilities(request):
    """Type-ahead for the facility field: like /search/suggest/, with the facility's id."""
    from search.backends.base import BackendUnavailable
    from search.service import suggest
    from search.views import long_enough

    from ..public.formatting import redact_id_numbers

    text = " ".join((request.GET.get("q") or "").split())[:100]
    items = []
    if long_enough(text):
        try:
            items = suggest(text, 8)
        except BackendUnavailable:
            items = []
    data = [
        {
            "id": item["object_id"],
            "title": redact_id_numbers(item["title"]),
            "code": item.get("code", ""),
            "url": "",
        }  # fmt: skip
        for item in items
    ]
    response = JsonResponse({"suggestions": data}, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, private=True)
    return response


# --- /track/ ------------------------------------------------------------------------------


@private
@readable_body
@sensitive_variables()
def track(request):
    form = TrackForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "intake/track.html", {"form": form, "breadcrumbs": track_crumbs()})
    if ratelimit.lookup_limited(request):  # before any code is compared
        problem = notice("error", _("查询次数过多"), _("输入错误的次数过多，请一小时后再试。如需帮助，请拨打 12320 卫生健康热线。"))  # fmt: skip
        context = {"form": form, "notice": problem, "breadcrumbs": track_crumbs()}
        return render(request, "intake/track.html", context, status=429)
    if form.is_valid():
        number = normalize_receipt(form.cleaned_data["receipt_number"])
        lead = _lookup(number)
        if check_query_code(
            form.cleaned_data["query_code"], lead.query_code_hash if lead else None
        ):
            flow.open_lead(request, lead)
            return redirect("intake:progress")
        ratelimit.count_failed_lookup(request)
        form.add_error(None, _("受理编号或查询码不正确，请核对后重新输入。"))
    return render(request, "intake/track.html", {"form": form, "breadcrumbs": track_crumbs()})


def _lookup(number):
    from ..models import Lead

    return Lead.objects.filter(receipt_number=number).only("pk", "query_code_hash").first()


@private
def progress(request):
    lead = flow.tracked_lead(request)
    if lead is None:
        messages.info(request, _("请先输入受理编号和查询码。"))
        return redirect("intake:track")
    if request.method == "POST":  # 退出查询
        flow.forget_lead(request)
        messages.success(request, _("您已退出查询。"))
        return redirect("intake:track")
    timeline, replies = flow.public_history(lead)
    context = {
        "lead": lead,
        "steps": flow.progress_steps(lead),
        "timeline": timeline,
        "replies": replies,
        "submitted_on": timezone.localdate(lead.submitted_at),
        "decide_by": flow.decide_by(timezone.localdate(lead.submitted_at)),
        "deadlines": flow.deadlines(),
        "breadcrumbs": track_crumbs(_("办理进度")),
    }
    return render(request, "intake/progress.html", context)


@private
@takes_uploads
def add_information(request):
    lead = flow.tracked_lead(request)
    if lead is None:
        messages.info(request, _("请先输入受理编号和查询码。"))
        return redirect("intake:track")
    if not lead.is_open:
        messages.warning(request, _("这件反映已经办理完毕，不能再补充材料。如有新的情况，请重新提交。"))  # fmt: skip
        return redirect("intake:progress")
    if request.method != "POST":
        return render_supplement(request, lead, SupplementForm(), tokens.issue(request))
    return supplement(request, lead)


def render_supplement(request, lead, form, token, problem=None, status=200):
    context = {"lead": lead, "form": form, "form_token": token, "notice": problem,
               "pending": pending.listed(request, token), "errors": form.error_list() if form.is_bound else [],  # fmt: skip
               "accept": evidence_accept(),
               "breadcrumbs": track_crumbs((_("办理进度"), "intake:progress"), _("补充材料"))}  # fmt: skip
    return render(request, "intake/add.html", context, status=status)


@sensitive_variables()
def supplement(request, lead):
    token = request.POST.get("form_token", "")[:64]
    state, _receipt = tokens.state(request, token)
    if state == "used":
        return redirect("intake:progress")
    if state == "unknown":
        return check_supplement(request, lead, tokens.issue(request), fresh=False)[0]
    return run_once(
        token,
        lambda: check_supplement(request, lead, token, fresh=True),
        filed=lambda: redirect("intake:progress"),
        busy=lambda: render_supplement(
            request, lead, unchecked(SupplementForm(request.POST)), token, busy_notice(), 409
        ),
    )


@sensitive_variables()
def check_supplement(request, lead, token, fresh):
    kept = pending.remove(request, token, request.POST.getlist("remove_evidence")) if fresh else []
    rejected = getattr(request, "evidence_rejected", [])
    form = SupplementForm(request.POST, request.FILES, kept=kept, rejected=rejected)
    valid = form.is_valid()
    problem, status = None, 200
    if not fresh:
        problem = expired_notice()
    elif ratelimit.exceeded("supplement-ip", ratelimit.client_ip(request), rate()):
        problem, status = limited_notice(), 429
    if problem or not valid:
        pending.add(request, token, form.new_files)
        return render_supplement(request, lead, form, token, problem, status), ""
    add_supplement(lead, form.cleaned_data["text"], unique(pending.load(request, token) + form.new_files))  # fmt: skip
    ratelimit.count("supplement-ip", ratelimit.client_ip(request), rate())
    tokens.consume(request, token, lead.receipt_number)
    pending.clear(request, token)
    messages.success(request, _("补充材料已收到，承办人员会一并处理。"))
    return redirect("intake:progress"), lead.receipt_number


def rate():
    return getattr(settings, "PORTAL_REPORT_RATE", "5/h")
