from .calendar import CalendarAdjustment
from .imports import ImportJob
from .leads import (
    OPEN_STATES,
    Evidence,
    EvidenceFileType,
    Lead,
    LeadCategory,
    LeadEvent,
    LeadKind,
    LeadState,
    LeadSupplement,
)
from .parties import Facility, PartyType
from .places import Authority, AuthorityKind, Region
from .policy import PenaltyType, PublicityPolicy, Tier
from .records import (
    RECORD_MODELS,
    BlacklistEntry,
    InspectionResult,
    LicenceRecord,
    PenaltyRecord,
    PracticeScore,
    RecordKind,
)

__all__ = [
    "Authority",
    "AuthorityKind",
    "BlacklistEntry",
    "CalendarAdjustment",
    "Evidence",
    "EvidenceFileType",
    "Lead",
    "LeadCategory",
    "LeadEvent",
    "LeadKind",
    "LeadState",
    "LeadSupplement",
    "OPEN_STATES",
    "Facility",
    "ImportJob",
    "InspectionResult",
    "LicenceRecord",
    "PartyType",
    "PenaltyRecord",
    "PenaltyType",
    "PracticeScore",
    "PublicityPolicy",
    "RECORD_MODELS",
    "RecordKind",
    "Region",
    "Tier",
]
