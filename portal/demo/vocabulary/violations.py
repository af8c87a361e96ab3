"""Every violation the demo's penalties are for, in a fixed order (the generator draws
from this tuple by position, so reordering changes the data of a seed)."""

from .violations_care import CARE_VIOLATIONS
from .violations_medical import MEDICAL_VIOLATIONS
from .violations_public_health import PUBLIC_HEALTH_VIOLATIONS

VIOLATIONS = MEDICAL_VIOLATIONS + PUBLIC_HEALTH_VIOLATIONS + CARE_VIOLATIONS
