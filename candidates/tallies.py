"""Exact candidate totals for the dashboards on PostgreSQL: triggers keep CandidateTally in step with
every write to candidates and applications (the scheme and its installation: core/tallies.py).
"""

from core import tallies as sql

TALLY = "candidates_candidatetally"
LOCK_CLASS = 6  # the advisory lock space of these triggers (tests_app uses 3)

# A stub a merge left (merged_into set) is no candidate of its own: it is not counted.
_LIVING = {
    op: " UNION ALL ".join(f"{part} WHERE merged_into_id IS NULL" for part in rows.split(" UNION ALL "))
    for op, rows in sql.signed_changes("status").items()
}
STATUSES = sql.TriggerFunction(
    "candidates_tally_statuses",
    sql.by_operation({op: sql.upsert(TALLY, sql.status_deltas(rows)) for op, rows in _LIVING.items()}),
)

# "applied" counts candidates with at least one application. Concurrent first applications of one
# candidate must not both count: each statement locks the candidates' stripes, then looks at the
# committed rows with a fresh snapshot (READ COMMITTED: each statement of the function has one).
_FIRST_APPLICATIONS = f"""{sql.candidate_stripe_locks(LOCK_CLASS, "new_rows")}
        SELECT count(*) INTO v_delta FROM (SELECT DISTINCT candidate_id FROM new_rows) AS n
        WHERE NOT EXISTS (
            SELECT 1 FROM candidates_application a WHERE a.candidate_id = n.candidate_id
            AND NOT EXISTS (SELECT 1 FROM new_rows r WHERE r.id = a.id));"""
_LAST_APPLICATIONS = f"""{sql.candidate_stripe_locks(LOCK_CLASS, "old_rows")}
        SELECT -count(*) INTO v_delta FROM (SELECT DISTINCT candidate_id FROM old_rows) AS o
        WHERE NOT EXISTS (SELECT 1 FROM candidates_application a WHERE a.candidate_id = o.candidate_id);"""
# An update that moves applications to another candidate (a merge, its undo): the candidates that
# got their first ones count, the ones left without any stop counting.
_MOVED = "(SELECT n.id, n.candidate_id AS gained, o.candidate_id AS lost FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.candidate_id <> n.candidate_id)"
_MOVED_APPLICATIONS = f"""{
    sql.candidate_stripe_locks(
        LOCK_CLASS, f"(SELECT gained AS candidate_id FROM {_MOVED} m UNION SELECT lost FROM {_MOVED} m2) AS t"
    )
}
        SELECT count(*) INTO v_delta FROM (SELECT DISTINCT gained FROM {_MOVED} AS m) AS g
        WHERE NOT EXISTS (
            SELECT 1 FROM candidates_application a WHERE a.candidate_id = g.gained
            AND NOT EXISTS (SELECT 1 FROM {_MOVED} AS r WHERE r.id = a.id));
        SELECT v_delta - count(*) INTO v_delta FROM (SELECT DISTINCT lost FROM {_MOVED} AS m) AS l
        WHERE NOT EXISTS (SELECT 1 FROM candidates_application a WHERE a.candidate_id = l.lost);"""
APPLIED = sql.TriggerFunction(
    "candidates_tally_applied",
    sql.by_operation(
        {"INSERT": _FIRST_APPLICATIONS, "DELETE": _LAST_APPLICATIONS, "UPDATE": _MOVED_APPLICATIONS}
    )
    + sql.add_delta(TALLY, "applied", "v_delta"),
    variables="v_delta bigint;",
)

TALLIES = sql.TallySql(
    tally=TALLY,
    functions=(STATUSES, APPLIED),
    triggers=sql.statement_triggers("candidates_tally", "candidates_candidate", STATUSES)
    + sql.statement_triggers(
        "candidates_tally_applied", "candidates_application", APPLIED, ("INSERT", "UPDATE", "DELETE")
    ),
    counted_tables=("candidates_candidate", "candidates_application"),
    counts=(
        "SELECT 'status:' || status, 0, count(*) FROM candidates_candidate WHERE merged_into_id IS NULL "
        "GROUP BY status",
        "SELECT 'applied', 0, count(DISTINCT candidate_id) FROM candidates_application",
    ),
)
