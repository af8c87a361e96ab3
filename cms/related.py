"""Typical cases related to a facility or a record: the one place public pages ask.

Implemented by the CMS (CasePage links to facilities and penalty records); returns live,
public pages only.
"""


def cases_for_facility(facility, limit=10):
    return []


def cases_for_record(record, limit=10):
    return []
