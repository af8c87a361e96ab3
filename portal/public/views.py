"""Public record pages: lists, record detail (or 410), party profile and its print version."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from cms.related import cases_for_facility, cases_for_record

from .cards import badges
from .detail import detail_sections
from .formatting import publicity_text
from .gone import gone_reason
from .listing import build_listing
from .profile import (
    PRINT_LIMIT,
    SECTION_LIMIT,
    build_profile,
    facility_key,
    find_facility,
    related_records,
)
from .queries import public_records, today


def list_crumb(kind):
    return {"url": reverse("public:list", args=[kind.slug]), "label": kind.label}


def record_list(request, kind):
    listing = build_listing(kind, request.GET)
    context = {
        "kind": kind,
        "listing": listing,
        "page_obj": listing.page_obj,
        "querystring": listing.querystring,
        "breadcrumbs": [{"url": "", "label": kind.label}],
    }
    return render(request, "portal/public/list.html", context)


def record_detail(request, kind, pk):
    day = today()
    record = public_records(kind, day).filter(pk=pk).first()
    if record is None:
        stale = kind.model.objects.filter(pk=pk).first()
        reason = gone_reason(stale, kind, day) if stale else None
        if reason is None:
            raise Http404
        context = {"reason": reason, "kind": kind, "list_url": list_crumb(kind)["url"]}
        return render(request, "410.html", context, status=410)
    context = {
        "kind": kind,
        "record": record,
        "badges": badges(record, kind),
        "sections": detail_sections(record, kind),
        "publicity": publicity_text(record),
        "profile_url": reverse("public:facility", args=[facility_key(record.facility)]),
        "related": related_records(record, day),
        "cases": cases_for_record(record),
        "breadcrumbs": [
            list_crumb(kind),
            {"url": "", "label": record.document_number},
        ],
    }
    return render(request, "portal/public/detail.html", context)


def facility_profile(request, key, printable=False):
    facility = find_facility(key)
    if facility is None:
        raise Http404
    profile = build_profile(facility, limit=PRINT_LIMIT if printable else SECTION_LIMIT)
    if facility.is_natural_person and not profile.has_public_records:
        raise Http404
    canonical = facility_key(facility)
    if key != canonical:
        name = "public:facility_print" if printable else "public:facility"
        return redirect(reverse(name, args=[canonical]), permanent=True)
    context = {
        "facility": facility,
        "profile": profile,
        "cases": cases_for_facility(facility),
        "printable": printable,
        "print_url": reverse("public:facility_print", args=[canonical]),
        "profile_url": reverse("public:facility", args=[canonical]),
        "breadcrumbs": [{"url": "", "label": facility.name}],
    }
    template = "portal/public/facility_print.html" if printable else "portal/public/facility.html"
    return render(request, template, context)


def facility_print(request, key):
    return facility_profile(request, key, printable=True)
