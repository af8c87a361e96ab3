"""What a record card shows besides its fields: status labels (always text, colour is only a
second cue) and the party's public identifier."""

from django.utils.translation import gettext as _

from portal.models import InspectionResult, Tier

from .formatting import identifier, rows


def badge(label, variant=""):
    return {"label": label, "css": f"badge badge--{variant}" if variant else "badge"}


def badges(record, kind) -> list[dict]:
    slug = kind.slug
    if slug == "penalties":
        if record.tier == Tier.SERIOUS:
            return [badge(_("严重失信"), "serious")]
        return [badge(record.get_tier_display() + _("失信"))] if record.tier else []
    if slug == "licences":
        return [badge(record.get_status_display(), "success")]
    if slug == "blacklist":
        return [badge(_("严重失信主体"), "serious")]
    if slug == "inspections":
        variant = "success" if record.result == InspectionResult.Result.NO_PROBLEM else "warning"
        return [badge(record.get_result_display(), variant)]
    if slug == "scores":
        return [badge(_("记%(points)s分") % {"points": record.points}, "warning")]
    return []


def decorate(records, kind, facility=None):
    """Prepare loaded records for the card template (no queries)."""
    for record in records:
        if facility is not None:
            record.facility = facility  # already loaded by the caller
        record.summary_rows = rows(record, kind, kind.summary)
        record.badges = badges(record, kind)
        record.identifier = identifier(record.facility)
    return records
