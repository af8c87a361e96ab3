"""Build the demo database: authorities, parties and public records.

Deterministic: every section draws from its own `random.Random(f"{seed}:{section}")`
and every date is counted back from the `today` passed in, so the same seed on the
same day gives the same data, and adding a section later (typical cases, pages,
complaints and leads) leaves the existing ones unchanged. A new section is one more
module with a `build_…(demo, …)` function, called from `run.generate_demo`.

Records are written with `bulk_create`, which bypasses `Model.save()`: everything
`save()` would compute (party name, publicity, the masked ID number, the penalty-type
M2M) is computed by these modules.

Modules, one concern each:

- `common`: the `Demo` context every section draws from, rates and small helpers;
- `authorities`, `users`: the authorities and the demo staff accounts (kept across runs);
- `names`, `facilities`: parties (行政相对人) and their names, addresses, codes;
- `records`: what every record kind shares (document numbers, publication, withdrawal);
- `blacklist`, `penalties`, `licences`, `inspections`, `scores`: one per record kind;
- `run`: the whole run (`generate_demo`), its summary and `reset_demo_data`.
"""

from .run import (
    DEFAULT_SEED,
    RECORD_BUILDERS,
    Summary,
    demo_data_exists,
    generate_demo,
    reset_demo_data,
)
from .users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "RECORD_BUILDERS",
    "Summary",
    "demo_data_exists",
    "ensure_demo_users",
    "generate_demo",
    "reset_demo_data",
]
