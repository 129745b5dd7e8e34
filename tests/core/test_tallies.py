"""core.tallies on a table of the test's own: the triggers a TallySql installs keep its counts exact
through inserts, updates and deletes, and installing again (what every migrate does) replaces
changed definitions in an existing database and recounts."""

import pytest
from django.db import connection

from core.tallies import (
    TallySql,
    TriggerFunction,
    by_operation,
    signed_changes,
    statement_triggers,
    status_deltas,
    status_recount,
    tally_installer,
    upsert,
)

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tallies are triggers")

FUNCTION = TriggerFunction(
    "test_tally_items",
    by_operation(
        {op: upsert("test_tally", status_deltas(rows)) for op, rows in signed_changes("status").items()}
    ),
)
TALLY = TallySql(
    tally="test_tally",
    functions=(FUNCTION,),
    triggers=statement_triggers("test_tally", "test_items", FUNCTION),
    counted_tables=("test_items",),
    counts=(status_recount("test_items"),),
)


def run(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def items():
    """The tables live in the test's transaction and go away with it."""
    key = "serial" if connection.vendor == "postgresql" else "integer"
    run(f"CREATE TABLE test_items (id {key} PRIMARY KEY, status text NOT NULL)")
    run("CREATE TABLE test_tally (name text, shard int, value bigint, UNIQUE (name, shard))")


def tallied() -> dict[str, int]:
    rows = run("SELECT name, sum(value) FROM test_tally GROUP BY name HAVING sum(value) <> 0")
    return {name: int(total) for name, total in rows}


def counted() -> dict[str, int]:
    return {
        f"status:{status}": total
        for status, total in run("SELECT status, count(*) FROM test_items GROUP BY status")
    }


@postgresql_only
def test_the_triggers_follow_inserts_updates_and_deletes(items):
    TALLY.install(connection)
    run("INSERT INTO test_items (status) VALUES ('new'), ('new'), ('done')")
    assert tallied() == counted() == {"status:new": 2, "status:done": 1}
    run("UPDATE test_items SET status = 'done' WHERE id = (SELECT min(id) FROM test_items)")
    run("UPDATE test_items SET status = status")  # no change, no count
    assert tallied() == counted() == {"status:new": 1, "status:done": 2}
    run("DELETE FROM test_items WHERE status = 'done'")
    assert tallied() == counted() == {"status:new": 1}


@postgresql_only
def test_installing_again_replaces_a_changed_function_and_recounts(items):
    run("INSERT INTO test_items (status) VALUES ('new')")
    TALLY.install(connection)
    # An older definition in an existing database: it counts nothing.
    run(TriggerFunction("test_tally_items", "").create())
    run("INSERT INTO test_items (status) VALUES ('new'), ('done')")
    assert tallied() == {"status:new": 1}

    tally_installer(TALLY)(sender=None, using="default")  # the post_migrate receiver
    assert tallied() == counted() == {"status:new": 2, "status:done": 1}
    run("INSERT INTO test_items (status) VALUES ('done')")
    assert tallied() == {"status:new": 2, "status:done": 2}


def test_a_database_without_the_tally_table_is_left_alone():
    tally_installer(TALLY)(sender=None, using="default")  # would fail on the missing test_items
    assert "test_tally" not in connection.introspection.table_names()


def test_installing_on_another_database_than_postgresql_does_nothing(items):
    if connection.vendor == "postgresql":
        pytest.skip("the case of the other databases")
    TALLY.install(connection)
    run("INSERT INTO test_items (status) VALUES ('new')")
    assert tallied() == {}
