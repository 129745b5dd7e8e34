"""The database's settings, read from the environment (README, "Configuration"; docs/operations.md).

- DATABASE_URL: where the web processes and workers connect: PostgreSQL directly, or a pooler.
- DATABASE_POOLER: `none` (the default) or `pgbouncer-transaction`, PgBouncer in transaction mode.
  A transaction there may run on another server connection than the one before, so nothing may
  outlive a transaction: streamed lists read keyset chunks instead of a server-side cursor
  (core/keyset.py; same bytes, same memory bound), Django's own server-side cursors are off, and
  psycopg prepares no statements (PgBouncer before 1.21 cannot route them). The project keeps no
  other session state (its advisory locks and SET LOCALs are per transaction).
- DATABASE_DIRECT_URL: optional, the same database without the pooler, for what needs a session of
  its own: `migrate` (run it with DATABASE_URL set to this) and the test run's creation and removal
  of the test database (tests/conftest.py).
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from recruitment.environment import Env

POOLERS = ("none", "pgbouncer-transaction")


def _sqlite_options(database: dict) -> None:
    # The web server, the worker and beat share the file: wait for locks instead of failing.
    database["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    database["CONN_MAX_AGE"] = 0
    database["CONN_HEALTH_CHECKS"] = False


def database_settings(env: Env, *, base_dir: Path) -> dict[str, Any]:
    default = env.database("DATABASE_URL", f"sqlite:///{base_dir / 'db.sqlite3'}")
    sqlite = default["ENGINE"] == "django.db.backends.sqlite3"
    if sqlite:
        _sqlite_options(default)
    pooler = env.choice("DATABASE_POOLER", "none", POOLERS)
    transaction_pooling = pooler == "pgbouncer-transaction"
    if transaction_pooling:
        if sqlite:
            raise ImproperlyConfigured(
                "DATABASE_POOLER=pgbouncer-transaction needs a postgres:// DATABASE_URL."
            )
        default["DISABLE_SERVER_SIDE_CURSORS"] = True
        default["OPTIONS"] = {**default.get("OPTIONS", {}), "prepare_threshold": None}
    direct = None
    if env.str("DATABASE_DIRECT_URL", ""):
        direct = env.database("DATABASE_DIRECT_URL", "")
        if direct["ENGINE"] != default["ENGINE"]:
            raise ImproperlyConfigured(
                "DATABASE_DIRECT_URL must be a database of the same kind as DATABASE_URL."
            )
    return {
        "DATABASES": {"default": default},
        "DATABASE_POOLER": pooler,
        "DATABASE_DIRECT": direct,
        # Streamed lists read keyset chunks (core.keyset) rather than a server-side cursor.
        "STREAM_WITH_KEYSET": transaction_pooling,
    }
