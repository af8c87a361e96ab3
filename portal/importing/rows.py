"""A validated row, ready to be written, and the hash that tells whether it changed."""

import hashlib
import json
from dataclasses import dataclass, field

from ..crypto import blind_index
from .parsing import canonical

PARTY_KEYS = (
    "party_name",
    "party_category",
    "party_uscc",
    "business_registration_no",
    "organisation_code",
    "tax_registration_no",
    "institution_certificate_no",
    "social_organisation_no",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "id_type",
    "id_number",
)


@dataclass(slots=True)
class CleanRow:
    row: int
    party: dict
    authority_name: str
    authority_uscc: str
    fields: dict  # record model field → value
    penalty_names: list = field(default_factory=list)
    source_hash: str = ""
    record_key: str = ""  # set during planning, once the authority is resolved
    facility: object = None  # an existing Facility id, or a new unsaved Facility
    authority: object = None  # an existing Authority id, or a new unsaved Authority


def row_hash(kind: str, row: CleanRow) -> str:
    """SHA-256 of the normalised row. ID numbers enter as their keyed digest only."""
    party = dict(row.party)
    for key in ("id_number", "legal_rep_id_number"):
        party[key] = blind_index(party[key]) if party[key] else ""
    data = {
        "kind": kind,
        "party": {k: canonical(val) for k, val in sorted(party.items())},
        "authority": [row.authority_name, row.authority_uscc],
        "fields": {k: canonical(val) for k, val in sorted(row.fields.items())},
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
