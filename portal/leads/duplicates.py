"""A lead's relations: possible duplicates, and links to the penalty decision and the
inspection it produced.

Duplicates: a new lead is matched to open leads about the same thing.

Two leads are possible duplicates when both are open, they were submitted within
`PORTAL_DUPLICATE_WINDOW_DAYS` (default 90) of each other, and either
- they are about the same subject (the same facility record; else the same facility name,
  normalised, in the same region) and of the same category, or
- their descriptions are alike: the Jaccard index of their character bigrams is at least
  `PORTAL_DUPLICATE_TEXT_SIMILARITY` (default 0.5), among leads about the same facility
  record or of the same category in the same region (a few candidates, compared in Python).

Pairs are stored both ways in `Lead.possible_duplicates`. Staff confirm a pair with the
workflow's "merge" action or `dismiss` it; a dismissed pair is never suggested again (the
dismissal is read back from the audit log).

Links ("一案多查"): `link` a concluded lead to a penalty decision and/or an inspection
result about its facility, `unlink` them; internal LINK events and audit entries.
"""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..models import OPEN_STATES, InspectionResult, Lead, LeadEvent, LeadState, PenaltyRecord
from . import access
from .errors import TransitionError

HANDLE = "portal.handle_lead"
DISMISS_ACTION = "portal.lead.duplicate_dismiss"
LINK_ACTION = "portal.lead.link"
UNLINK_ACTION = "portal.lead.unlink"
CONCLUDED_STATES = (LeadState.CONCLUDED, LeadState.REPLIED, LeadState.CLOSED)
CANDIDATE_LIMIT = 500  # newest candidates compared
MATCH_LIMIT = 20  # pairs stored for one lead


def window_days() -> int:
    return int(getattr(settings, "PORTAL_DUPLICATE_WINDOW_DAYS", 90))


def text_threshold() -> float:
    return float(getattr(settings, "PORTAL_DUPLICATE_TEXT_SIMILARITY", 0.5))


def normalise_name(value) -> str:
    """Facility names as typed: full-width forms, case, spaces and punctuation ignored."""
    text = unicodedata.normalize("NFKC", value or "").lower()
    return "".join(ch for ch in text if ch.isalnum())


def bigrams(text) -> set:
    chars = normalise_name(text)
    if len(chars) < 2:
        return {chars} if chars else set()
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(a, b) -> float:
    """Jaccard index of the character bigrams of two texts (0 … 1)."""
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def find(lead) -> list:
    """Link `lead` to the open leads it may duplicate (both ways); returns them."""
    if lead.state not in OPEN_STATES:
        return []
    keys = _subject_keys(lead)
    regions = {key[2] for key in keys if key[0] == "name" and key[2]}
    scope = Q(category_id=lead.category_id)
    if regions:
        scope &= Q(region_id__in=regions) | Q(facility__region_id__in=regions)
    if lead.facility_id:
        scope |= Q(facility_id=lead.facility_id)
    days = timedelta(days=window_days())
    candidates = (
        Lead.objects.filter(
            scope,
            state__in=OPEN_STATES,
            submitted_at__gte=lead.submitted_at - days,
            submitted_at__lte=lead.submitted_at + days,
        )
        .exclude(pk=lead.pk)
        .exclude(pk__in=dismissed(lead))
        .select_related("facility")
        .only(
            "pk", "category_id", "region_id", "facility_name", "description", "submitted_at",
            "facility__name", "facility__region_id",
        )
        .order_by("-submitted_at", "-pk")[:CANDIDATE_LIMIT]
    )  # fmt: skip
    threshold = text_threshold()
    scored = []
    for other in candidates:
        if other.category_id == lead.category_id and keys & _subject_keys(other):
            scored.append((2.0, other))  # same subject and category: always first
            continue
        score = similarity(lead.description, other.description)
        if score >= threshold:
            scored.append((score, other))
    scored.sort(key=lambda pair: -pair[0])
    found = [other for _, other in scored[:MATCH_LIMIT]]
    _link(lead, found)
    return found


def dismiss(user, lead, other, note="") -> None:
    """Staff say two leads are not duplicates: unlink them, note it on both timelines."""
    if not user.has_perm(HANDLE):
        raise TransitionError(_("您没有办理线索的权限。"))
    if not (access.can_view_lead(user, lead) and access.can_view_lead(user, other)):
        raise TransitionError(_("您无权办理这条线索。"))
    if lead.pk == other.pk:
        raise TransitionError(_("不能与自身比较。"))
    through = Lead.possible_duplicates.through
    pair = Q(from_lead_id=lead.pk, to_lead_id=other.pk) | Q(
        from_lead_id=other.pk, to_lead_id=lead.pk
    )
    note = (note or "").strip()
    with transaction.atomic():
        locked = list(Lead.objects.select_for_update().filter(pk__in=[lead.pk, other.pk]))
        if len(locked) != 2 or not through.objects.filter(pair).exists():
            raise TransitionError(_("这两条线索未被标记为可能重复。"))
        through.objects.filter(pair).delete()
        for this, that in ((lead, other), (other, lead)):
            text = _("经核实，与线索 %(number)s 不是重复线索。") % {"number": that.receipt_number}
            if note:
                text += "\n" + note
            event = LeadEvent.objects.create(
                lead_id=this.pk, kind=LeadEvent.Kind.DUPLICATE, actor=user, internal_text=text
            )
            log(
                instance=this,
                action=DISMISS_ACTION,
                user=user,
                data={"other": that.pk, "note": note, "event": event.pk},
            )


def dismissed(lead) -> list:
    """Leads once dismissed as duplicates of `lead` (from the audit log of `lead`)."""
    entries = ModelLogEntry.objects.filter(
        content_type__app_label="portal",
        content_type__model="lead",
        object_id=str(lead.pk),
        action=DISMISS_ACTION,
    ).values_list("data", flat=True)
    return [data["other"] for data in entries if isinstance(data, dict) and "other" in data]


def _subject_keys(lead) -> set:
    """What a lead is about: its facility record, and the facility name (normalised) with
    its region. Two leads are about the same subject when their keys meet."""
    keys = set()
    if lead.facility_id:
        keys.add(("facility", lead.facility_id, None))
        region = lead.facility.region_id or lead.region_id
        name = normalise_name(lead.facility.name)
    else:
        region, name = lead.region_id, normalise_name(lead.facility_name)
    if name:
        keys.add(("name", name, region))
    return keys


def _link(lead, found) -> None:
    if not found:
        return
    through = Lead.possible_duplicates.through
    rows = [through(from_lead_id=lead.pk, to_lead_id=o.pk) for o in found]
    rows += [through(from_lead_id=o.pk, to_lead_id=lead.pk) for o in found]
    through.objects.bulk_create(rows, ignore_conflicts=True)


# --- Links to the penalty and the inspection a lead produced ("一案多查") ---------------


def check_record(lead, record, model, label) -> None:
    """Raise TransitionError unless `record` is a `model` about the lead's facility (the
    workflow's "conclude" can use this for the penalty/inspection given with it)."""
    if not isinstance(record, model):
        raise TransitionError(_("请选择%(what)s。") % {"what": label})
    if not lead.facility_id:
        raise TransitionError(_("线索未关联被反映机构，不能关联%(what)s。") % {"what": label})
    if record.facility_id != lead.facility_id:
        raise TransitionError(_("所选%(what)s不是关于被反映机构的。") % {"what": label})
    if record.withdrawn_at:
        raise TransitionError(_("所选%(what)s已撤下。") % {"what": label})


def can_link(user, lead) -> bool:
    return bool(
        user.has_perm(HANDLE)
        and lead.state in CONCLUDED_STATES
        and access.can_view_lead(user, lead)
    )


def link(user, lead, penalty=None, inspection=None) -> LeadEvent:
    """Link the lead to a penalty decision and/or an inspection result."""
    if penalty is None and inspection is None:
        raise TransitionError(_("请选择要关联的行政处罚或检查结果。"))
    _check_link(user, lead)
    if penalty is not None:
        check_record(lead, penalty, PenaltyRecord, _("行政处罚"))
    if inspection is not None:
        check_record(lead, inspection, InspectionResult, _("检查结果"))
    with transaction.atomic():
        current = _lock_concluded(lead)
        parts, data = [], {}
        if penalty is not None:
            current.penalty = penalty
            parts.append(_("行政处罚 %(number)s") % {"number": penalty.document_number})
            data["penalty"] = penalty.pk
        if inspection is not None:
            current.inspection = inspection
            parts.append(_("检查结果 %(number)s") % {"number": _inspection_label(inspection)})
            data["inspection"] = inspection.pk
        current.save(update_fields=["penalty", "inspection", "updated_at"])
        text = _("关联：%(records)s") % {"records": "；".join(parts)}
        event = _record_link(current, user, LINK_ACTION, text, data)
    lead.refresh_from_db(fields=["penalty", "inspection", "updated_at"])
    return event


def unlink(user, lead, penalty=False, inspection=False) -> LeadEvent:
    """Remove the penalty and/or inspection link (say which with True)."""
    _check_link(user, lead)
    with transaction.atomic():
        current = _lock_concluded(lead)
        parts, data = [], {}
        if penalty and current.penalty_id:
            parts.append(_("行政处罚 %(number)s") % {"number": current.penalty.document_number})
            data["penalty"] = current.penalty_id
            current.penalty = None
        if inspection and current.inspection_id:
            label = _inspection_label(current.inspection)
            parts.append(_("检查结果 %(number)s") % {"number": label})
            data["inspection"] = current.inspection_id
            current.inspection = None
        if not parts:
            raise TransitionError(_("线索没有可取消的关联。"))
        current.save(update_fields=["penalty", "inspection", "updated_at"])
        text = _("取消关联：%(records)s") % {"records": "；".join(parts)}
        event = _record_link(current, user, UNLINK_ACTION, text, data)
    lead.refresh_from_db(fields=["penalty", "inspection", "updated_at"])
    return event


def _check_link(user, lead):
    if not access.can_view_lead(user, lead):
        raise TransitionError(_("您无权办理这条线索。"))
    if not user.has_perm(HANDLE):
        raise TransitionError(_("您没有办理线索的权限。"))
    if lead.state not in CONCLUDED_STATES:
        raise TransitionError(_("线索办结后才能关联处罚或检查。"))


def _lock_concluded(lead) -> Lead:
    current = Lead.objects.select_for_update().get(pk=lead.pk)
    if current.state not in CONCLUDED_STATES:
        raise TransitionError(_("线索办结后才能关联处罚或检查。"))
    return current


def _inspection_label(inspection) -> str:
    return inspection.document_number or inspection.plan_number


def _record_link(lead, user, action, text, data) -> LeadEvent:
    event = LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.LINK, actor=user, internal_text=text
    )
    log(instance=lead, action=action, user=user, data={**data, "event": event.pk})
    return event
