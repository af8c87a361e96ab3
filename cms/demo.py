"""Demo content for the CMS: about/privacy/contact, typical cases, notices, policy documents.

`seed_cms_demo(seed, today)` is idempotent (each section is skipped when its page already
exists) and deterministic (the same seed, today and demo records give the same pages).
Cases are linked to demo penalties of the matching violation type when the records exist.
"""

import datetime
import random

from django.db import transaction
from wagtail.models import Page

from .demo_cases import CASES
from .demo_documents import NOTICES, POLICIES, STANDARD_PAGES
from .models import (
    CaseCategory,
    CaseIndexPage,
    CasePage,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    PolicyDocumentPage,
    PolicyIndexPage,
    StandardPage,
)

DEFAULT_REGION_CODE = "110105"  # 北京市朝阳区, where the demo's fixed parties are


def seed_cms_demo(seed=2026, today=None) -> dict:
    """Create the demo pages under the home page; returns what was created per section."""
    from django.utils import timezone

    today = today or timezone.localdate()
    home = HomePage.objects.first()
    if home is None:
        return {}
    summary = {}
    with transaction.atomic():
        summary["standard_pages"] = _standard_pages(home)
        summary["cases"] = _cases(home, seed, today)
        summary["notices"] = _documents(
            home, NoticeIndexPage, NoticePage, "notices", "通知公告", NOTICES, today
        )
        summary["policies"] = _documents(
            home, PolicyIndexPage, PolicyDocumentPage, "policies", "政策法规", POLICIES, today
        )
    return summary


def _publish(page):
    page.save_revision().publish()
    return page


def _add(parent, page):
    parent.add_child(instance=page)
    return _publish(page)


def _exists(parent, slug):
    return Page.objects.child_of(parent).filter(slug=slug).exists()


def _standard_pages(home) -> int:
    created = 0
    for spec in STANDARD_PAGES:
        if _exists(home, spec["slug"]):
            continue
        _add(home, StandardPage(title=spec["title"], slug=spec["slug"], body=list(spec["body"])))
        created += 1
    return created


# --- Typical cases ---------------------------------------------------------------------------


def _cases(home, seed, today) -> int:
    if CaseIndexPage.objects.exists() or _exists(home, "cases"):
        return 0
    index = _add(
        home,
        CaseIndexPage(
            title="典型案例",
            slug="cases",
            intro="<p>卫生健康行政执法典型案例，以案释法，警示教育。</p>",
        ),
    )
    categories = {c.slug: c for c in CaseCategory.objects.all()}
    # Oldest first, so the page tree's order matches the dates.
    for spec in sorted(CASES, key=lambda c: -c.days_ago):
        category = categories.get(spec.category) or categories.get("other")
        if category is None:
            continue
        rng = random.Random(f"{seed}:cms-case:{spec.slug}")
        penalty = _pick_penalty(spec.violation_type, today, rng)
        _add(index, _case_page(spec, category, penalty, today))
    return len(CASES)


def _pick_penalty(violation_type, today, rng):
    from portal.models import PenaltyRecord

    if not violation_type:
        return None
    candidates = list(
        PenaltyRecord.objects.public(today)
        .filter(violation_type=violation_type)
        .select_related("facility", "facility__region")
        .order_by("document_number")[:50]
    )
    organisations = [p for p in candidates if not p.facility.is_natural_person]
    pool = organisations or candidates
    return rng.choice(pool) if pool else None


def _case_page(spec, category, penalty, today):
    from portal.models import Region

    if penalty is not None:
        facility = penalty.facility
        party = spec.party if facility.is_natural_person else facility.name
        outcome = penalty.content.rstrip("。；;")
        case_date = min(penalty.decision_date + datetime.timedelta(days=14), today)
        region = facility.region
    else:
        party, outcome = spec.party, spec.outcome
        case_date = today - datetime.timedelta(days=spec.days_ago)
        region = None
    region = region or Region.objects.filter(code=DEFAULT_REGION_CODE).first()
    text = {"party": party, "outcome": outcome}
    body = [
        ("case_heading", "案情"),
        ("paragraph", f"<p>{spec.facts.format(**text)}</p>"),
        ("case_heading", "处理结果"),
        ("paragraph", f"<p>{spec.result.format(**text)}</p>"),
        ("case_heading", "法律依据"),
        ("paragraph", f"<p>{spec.basis}</p>"),
        ("case_heading", "典型意义"),
        ("paragraph", f"<p>{spec.significance}</p>"),
    ]
    if spec.quote:
        body.append(("quote", {"text": spec.quote[0], "source": spec.quote[1]}))
    page = CasePage(
        title=spec.title,
        slug=spec.slug,
        category=category,
        region=region,
        case_date=case_date,
        summary=spec.summary,
        body=body,
    )
    if penalty is not None:
        page.penalties = [penalty]
        page.facilities = [] if penalty.facility.is_natural_person else [penalty.facility]
    return page


# --- Notices and policy documents ------------------------------------------------------------


def _documents(home, index_model, page_model, slug, title, specs, today) -> int:
    if index_model.objects.exists() or _exists(home, slug):
        return 0
    index = _add(home, index_model(title=title, slug=slug))
    pages = {}
    # Replacements first, so an amended document can link to the page that replaced it.
    ordered = sorted(specs, key=lambda s: ("superseded_by" in s, _issue_date(s, today)))
    for spec in ordered:
        issue_date = _issue_date(spec, today)
        fields = {
            key: spec[key]
            for key in ("policy_type", "issuing_authority", "summary", "status", "status_note")
            if key in spec and (key != "policy_type" or page_model is PolicyDocumentPage)
        }
        number = spec.get("document_number", "").format(year=issue_date.year)
        page = page_model(
            title=spec["title"],
            slug=spec["key"],
            document_number=number,
            issue_date=issue_date,
            effective_date=spec.get("effective_date") or issue_date,
            expiry_date=(
                today + datetime.timedelta(days=spec["expires_in"])
                if "expires_in" in spec
                else None
            ),
            superseded_by=pages.get(spec.get("superseded_by")),
            superseded_by_title=spec.get("superseded_by_title", ""),
            body=[("paragraph", spec.get("body") or f"<p>{spec['summary']}</p>")],
            **fields,
        )
        pages[spec["key"]] = _add(index, page)
    return len(specs)


def _issue_date(spec, today):
    if "issue_date" in spec:
        return spec["issue_date"]
    return today - datetime.timedelta(days=spec["days_ago"])


def reset_cms_demo() -> int:
    """Delete the pages `seed_cms_demo` creates (for `seed_demo --reset`): the case, notice and
    policy indexes with everything under them, and the about/privacy/contact pages."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    slugs = [spec["slug"] for spec in STANDARD_PAGES]
    pages = [
        *CaseIndexPage.objects.all(),
        *NoticeIndexPage.objects.all(),
        *PolicyIndexPage.objects.all(),
        *StandardPage.objects.child_of(home).filter(slug__in=slugs),
    ]
    deleted = sum(page.get_descendant_count() + 1 for page in pages)
    for page in pages:
        page.delete()
    return deleted
