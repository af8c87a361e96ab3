"""The benchmark database, shared by benchmarks/search.py and benchmarks/leads.py: what it
is, a guard against wiping anything that is not a benchmark database, wipe and migrate."""

import sys
import time
from pathlib import Path


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def guard_database(workdir: Path):
    """SQLite files must live under `workdir`; a PostgreSQL database's name must contain
    "bench"."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        if not Path(name).resolve().is_relative_to(workdir.resolve()):
            sys.exit(f"refusing to wipe {name}: benchmark SQLite files live in {workdir}")
    elif "bench" not in name:
        sys.exit(f"refusing to wipe database {name!r}: its name must contain 'bench'")


def wipe_and_migrate(workdir: Path):
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    guard_database(workdir)
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    cache.clear()  # the benchmark's own cache directory (PORTAL_VAR_DIR)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated in {time.perf_counter() - started:.1f} s")
