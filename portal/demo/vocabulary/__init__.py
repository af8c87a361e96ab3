"""The words demo data is built from: places, names, violations and their legal bases.

Everything here is plain data. The legal bases cite the texts in force for decisions
of 2023-2026: 《医疗机构管理条例》 is cited with the article numbers of its 2022
revision (国务院令第752号, in force 2022-05-01: 第二十三条 no licence, 第四十三条 its
penalty, 第四十四条 validation, 第四十六条 scope, 第四十七条 non-qualified staff);
《传染病防治法》 is cited in its 2013 text and only for decisions before its 2025
revision took effect. Names of facilities are invented from brand words; any
likeness to a real organisation is accidental.

One module per concern: `places`, `names`, `parties` (kinds of party), `penalties` and
`violations` (split into `violations_medical`, `violations_public_health` and
`violations_care`), `blacklist`, `licences`, `inspections`, `scores` and `lifecycle`.
Everything is re-exported here, so the generator reads `vocabulary.AREAS` etc.
"""

from .blacklist import (
    BLACKLIST_REASONS,
    LISTING_POLICY,
    REMOVAL_REASONS,
)
from .inspections import (
    INSPECTION_OTHER_DETAILS,
    INSPECTION_TOPICS,
    TRANSFER_DETAILS,
    InspectionTopic,
)
from .licences import (
    LICENCE_KINDS,
    LicenceKind,
)
from .lifecycle import (
    LICENCE_WITHDRAWAL_REASONS,
    REPAIR_REASONS,
    WITHDRAWAL_REASONS,
)
from .names import (
    BIRTHPLACE_CODES,
    BRANDS,
    CLINIC_SPECIALTIES,
    COMPOUND_SURNAMES,
    COSMETIC_BRANDS,
    COSMETIC_SUFFIXES,
    FEMALE_GIVEN,
    HOSPITAL_SPECIALTIES,
    HOTEL_BRANDS,
    MALE_GIVEN,
    OUTPATIENT_SPECIALTIES,
    PROPERTY_BRANDS,
    PUBLIC_HOSPITAL_NAMES,
    SALON_BRANDS,
    SPECIAL_FACILITIES,
    SURNAMES,
    SWIM_BRANDS,
    WATER_BRANDS,
)
from .parties import (
    DOCTORS,
    HOSPITALS,
    MEDICAL,
    NATURAL_PERSON_KINDS,
    PARTY_KIND,
    PARTY_KINDS,
    PUBLIC_PLACES,
    RADIATION,
    SMALL_MEDICAL,
    SUBJECTS,
    SUBJECTS_BY_KIND,
    WATER,
    PartyKind,
)
from .penalties import (
    CERTIFICATES,
    CRITICISE,
    DEFAULT_CERTIFICATE,
    REVOKE,
    SUSPEND,
    C,
    F,
    G,
    Scheme,
    Violation,
    W,
)
from .places import (
    AREAS,
    OTHER_AGENCIES,
    Area,
    District,
)
from .scores import (
    SCORE_BEHAVIOURS,
    SCORE_WEIGHTS,
)
from .violations import (
    VIOLATIONS,
)

__all__ = [
    "AREAS",
    "Area",
    "BIRTHPLACE_CODES",
    "BLACKLIST_REASONS",
    "BRANDS",
    "C",
    "CERTIFICATES",
    "CLINIC_SPECIALTIES",
    "COMPOUND_SURNAMES",
    "COSMETIC_BRANDS",
    "COSMETIC_SUFFIXES",
    "CRITICISE",
    "DEFAULT_CERTIFICATE",
    "DOCTORS",
    "District",
    "F",
    "FEMALE_GIVEN",
    "G",
    "HOSPITALS",
    "HOSPITAL_SPECIALTIES",
    "HOTEL_BRANDS",
    "INSPECTION_OTHER_DETAILS",
    "INSPECTION_TOPICS",
    "InspectionTopic",
    "LICENCE_KINDS",
    "LICENCE_WITHDRAWAL_REASONS",
    "LISTING_POLICY",
    "LicenceKind",
    "MALE_GIVEN",
    "MEDICAL",
    "NATURAL_PERSON_KINDS",
    "OTHER_AGENCIES",
    "OUTPATIENT_SPECIALTIES",
    "PARTY_KIND",
    "PARTY_KINDS",
    "PROPERTY_BRANDS",
    "PUBLIC_HOSPITAL_NAMES",
    "PUBLIC_PLACES",
    "PartyKind",
    "RADIATION",
    "REMOVAL_REASONS",
    "REPAIR_REASONS",
    "REVOKE",
    "SALON_BRANDS",
    "SCORE_BEHAVIOURS",
    "SCORE_WEIGHTS",
    "SMALL_MEDICAL",
    "SPECIAL_FACILITIES",
    "SUBJECTS",
    "SUBJECTS_BY_KIND",
    "SURNAMES",
    "SUSPEND",
    "SWIM_BRANDS",
    "Scheme",
    "TRANSFER_DETAILS",
    "VIOLATIONS",
    "Violation",
    "W",
    "WATER",
    "WATER_BRANDS",
    "WITHDRAWAL_REASONS",
]
