"""Why a record that is not public today is missing: 410 Gone, or 404 Not Found.

410 when the record was public and has left: withdrawn (撤下), credit-repaired (信用修复), a
licence revoked or cancelled, or its publicity period over. 404 for drafts, records decided
in the future, and records whose tier is never published (so their existence is not
revealed). The explanation never names the party.
"""

from django.utils.translation import gettext as _

from portal.models import LicenceRecord

from .formatting import format_date


def gone_reason(record, kind, day):
    """The explanation for a 410, or None for a 404."""
    if not record.live or record.decision_date > day:
        return None
    is_licence = isinstance(record, LicenceRecord)
    if not record.publishable and not is_licence:
        return None
    label = kind.label
    if record.withdrawn_at:
        return _("该%(kind)s信息已撤下：原决定已被撤销或变更，依规定不再公示。") % {"kind": label}
    if record.repaired_at:
        return _("当事人已完成信用修复，该%(kind)s信息依规定停止公示。") % {"kind": label}
    if is_licence and record.status != LicenceRecord.Status.VALID:
        return _("该行政许可当前状态为“%(status)s”，依规定不再公示。") % {
            "status": record.get_status_display()
        }
    if record.publicity_ends_on and record.publicity_ends_on < day:
        return _("该%(kind)s信息的公示期已于%(date)s届满，依规定不再公示。") % {
            "kind": label,
            "date": format_date(record.publicity_ends_on),
        }
    return None
