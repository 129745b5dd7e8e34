"""Counters kept by database triggers on PostgreSQL: statement-level triggers (with transition tables,
so a bulk COPY of 20,000 rows is one trigger call) add each write's changes to a tally table of
(name, shard, value) rows in the same transaction; a reader sums the shards.

An app describes its tally as a `TallySql` (the functions, the triggers, the recount) built with the
pieces below, and connects `tally_installer(...)` to post_migrate: after every migrate the triggers
and their functions are dropped and created again and the tally recounted, so an existing database
gets changed definitions without a migration, and a test database built without migrations gets
them too. Other databases have no triggers; the selectors count the tables.
Keep the trigger and function names: a renamed one would be left behind in existing databases.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connections, transaction

# The rows a statement changed, by operation, as named by the triggers' REFERENCING clauses.
TRANSITION_TABLES = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def signed_changes(columns: str) -> dict[str, str]:
    """Per operation, a query of the changed rows' `columns` with `d`: +1 for a new version of a
    row, -1 for an old one (an update gives both)."""
    new, old = f"SELECT {columns}, 1 AS d FROM new_rows", f"SELECT {columns}, -1 AS d FROM old_rows"
    return {"INSERT": new, "DELETE": old, "UPDATE": f"{new} UNION ALL {old}"}


def upsert(tally: str, select: str) -> str:
    """Adds the (name, shard, value) rows of `select` to the tally."""
    return f"""
    INSERT INTO {tally} (name, shard, value) {select}
    ON CONFLICT (name, shard) DO UPDATE SET value = {tally}.value + EXCLUDED.value;
"""


def add_delta(tally: str, name: str, delta: str) -> str:
    """Adds the PL/pgSQL variable `delta` to the count `name`, unless it is 0."""
    return f"""
    IF {delta} <> 0 THEN{upsert(tally, f"VALUES ('{name}', v_shard, {delta})")}
    END IF;"""


def status_deltas(changes: str) -> str:
    """The (name, shard, value) rows moving the 'status:<status>' counts by the signed `changes`."""
    return (
        f"SELECT 'status:' || status, v_shard, sum(d) FROM ({changes}) AS changes "
        "GROUP BY status HAVING sum(d) <> 0"
    )


def candidate_stripe_locks(lock_class: int, touched: str) -> str:
    """Transaction-level advisory locks on the stripes (64) of the candidates of `touched` (a query
    with a candidate_id column), so concurrent statements about one candidate count it once. A
    bulk write takes at most 64 locks, in stripe order, so two statements cannot deadlock on them."""
    return f"""
        PERFORM pg_advisory_xact_lock({lock_class}, stripe) FROM
            (SELECT DISTINCT hashtext(candidate_id::text) & 63 AS stripe FROM {touched} ORDER BY 1) AS touched;"""


def by_operation(branches: dict[str, str]) -> str:
    """PL/pgSQL running the branch of the trigger's operation (TG_OP)."""
    chain = "".join(
        f"""
    {"IF" if n == 0 else "ELSIF"} TG_OP = '{op}' THEN{body}"""
        for n, (op, body) in enumerate(branches.items())
    )
    return f"""{chain}
    END IF;"""


@dataclass(frozen=True)
class TriggerFunction:
    name: str
    body: str  # PL/pgSQL, with `v_shard` (the shard this backend writes to) declared
    variables: str = ""  # more declarations ("v_delta bigint;")

    def create(self) -> str:
        return f"""
CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_shard int := pg_backend_pid() % 8;{" " + self.variables if self.variables else ""}
BEGIN{self.body}
    RETURN NULL;
END $$;
"""

    def drop(self) -> str:
        return f"\nDROP FUNCTION IF EXISTS {self.name}();"


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    operation: str  # INSERT, UPDATE or DELETE
    function: str

    def create(self) -> str:
        return f"""
CREATE TRIGGER {self.name} AFTER {self.operation} ON {self.table}
    REFERENCING {TRANSITION_TABLES[self.operation]} FOR EACH STATEMENT EXECUTE FUNCTION {self.function}();"""

    def drop(self) -> str:
        return f"\nDROP TRIGGER IF EXISTS {self.name} ON {self.table};"


def statement_triggers(
    prefix: str,
    table: str,
    function: TriggerFunction,
    operations: Iterable[str] = ("INSERT", "UPDATE", "DELETE"),
) -> tuple[Trigger, ...]:
    """One trigger `<prefix>_<operation>` per operation on `table`, all calling `function`."""
    return tuple(Trigger(f"{prefix}_{op.lower()}", table, op, function.name) for op in operations)


@dataclass(frozen=True)
class TallySql:
    tally: str  # the tally table
    functions: tuple[TriggerFunction, ...]
    triggers: tuple[Trigger, ...]
    counted_tables: tuple[str, ...]  # what the recount reads; writers wait meanwhile
    counts: tuple[str, ...]  # queries of (name, 0, value) rows: the counts so far

    def script(self) -> str:
        """Drop the triggers, replace the functions, create the triggers, recount (idempotent)."""
        drop = "".join(trigger.drop() for trigger in self.triggers)
        drop += "".join(function.drop() for function in self.functions)
        create = "".join(f.create() for f in self.functions) + "".join(t.create() for t in self.triggers)
        return drop + create + self._recount()

    def _recount(self) -> str:
        # Taken while writers wait (SHARE mode), so that nothing is counted twice or missed.
        inserts = "".join(
            f"\nINSERT INTO {self.tally} (name, shard, value)\n    {count};" for count in self.counts
        )
        return f"""
LOCK TABLE {", ".join(self.counted_tables)} IN SHARE MODE;
DELETE FROM {self.tally};{inserts}
"""

    def install(self, connection) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(self.script())


def status_recount(table: str) -> str:
    """The recount of the 'status:<status>' rows of `table`."""
    return f"SELECT 'status:' || status, 0, count(*) FROM {table} GROUP BY status"


def tally_installer(tally: TallySql) -> Callable[..., None]:
    """A post_migrate receiver installing `tally` (connect it with weak=False: it is a closure)."""

    def install_tallies(sender, using: str, **kwargs) -> None:
        connection = connections[using]
        if tally.tally in connection.introspection.table_names():
            with transaction.atomic(using=using):
                tally.install(connection)

    return install_tallies
