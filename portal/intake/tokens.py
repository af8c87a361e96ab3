"""One-time form tokens: a double click or a reload files a report once.

A token is issued with the form and kept in the session. The first valid submission
consumes it and remembers the receipt number it produced; a second POST with the same
token gets that receipt again instead of a second lead.
"""

import secrets

SESSION_KEY = "portal_report_tokens"
MAX_TOKENS = 20


def issue(request) -> str:
    tokens = request.session.get(SESSION_KEY, {})
    token = secrets.token_urlsafe(16)
    tokens[token] = ""
    if len(tokens) > MAX_TOKENS:  # oldest first (dicts keep insertion order)
        for old in list(tokens)[: len(tokens) - MAX_TOKENS]:
            del tokens[old]
    request.session[SESSION_KEY] = tokens
    return token


def state(request, token) -> tuple[str, str]:
    """("fresh", "") | ("used", receipt number) | ("unknown", "")."""
    tokens = request.session.get(SESSION_KEY, {})
    if not token or token not in tokens:
        return "unknown", ""
    return ("used", tokens[token]) if tokens[token] else ("fresh", "")


def consume(request, token, receipt_number):
    tokens = request.session.get(SESSION_KEY, {})
    tokens[token] = receipt_number
    request.session[SESSION_KEY] = tokens
