"""Messages to reporters (SMS or email) through a pluggable sender.

PORTAL_NOTIFIER names a class with `send(lead, subject, text)`; the default writes to the
console (the demo). A real deployment plugs in its SMS gateway here. Messages never carry
the query code or the report's content: only the receipt number and where to look.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("portal.intake")


class ConsoleNotifier:
    """Prints what would be sent, addressed by masked details only."""

    def send(self, lead, subject, text):
        address = lead.reporter_phone_masked or lead.reporter_email_masked or "-"
        print(f"[通知 → {address}] {subject}：{text}")  # noqa: T201 (the demo's "SMS")
        return True


class EmailNotifier:
    """Email to the reporter's address when they gave one."""

    def send(self, lead, subject, text):
        if not lead.reporter_email:
            return False
        send_mail(subject, text, None, [lead.reporter_email])
        return True


def notifier():
    path = getattr(settings, "PORTAL_NOTIFIER", "portal.intake.notify.ConsoleNotifier")
    return import_string(path)()


def notify(lead, subject, text) -> bool:
    if lead.anonymous or not (lead.reporter_phone or lead.reporter_email):
        return False
    try:
        return bool(notifier().send(lead, subject, text))
    except Exception:
        # The gateway's trouble must not lose the lead; log without personal data.
        logger.exception("notify failed for lead %s", lead.pk)
        return False
