"""Exact candidate totals for the dashboards on PostgreSQL: triggers keep CandidateTally in step with
every write to candidates and applications (the scheme and its installation: core/tallies.py).
"""

from core import tallies as sql

TALLY = "candidates_candidatetally"
LOCK_CLASS = 6  # the advisory lock space of these triggers (tests_app uses 3)

STATUSES = sql.TriggerFunction(
    "candidates_tally_statuses",
    sql.by_operation(
        {op: sql.upsert(TALLY, sql.status_deltas(rows)) for op, rows in sql.signed_changes("status").items()}
    ),
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
APPLIED = sql.TriggerFunction(
    "candidates_tally_applied",
    sql.by_operation({"INSERT": _FIRST_APPLICATIONS, "DELETE": _LAST_APPLICATIONS})
    + sql.add_delta(TALLY, "applied", "v_delta"),
    variables="v_delta bigint;",
)

TALLIES = sql.TallySql(
    tally=TALLY,
    functions=(STATUSES, APPLIED),
    triggers=sql.statement_triggers("candidates_tally", "candidates_candidate", STATUSES)
    + sql.statement_triggers(
        "candidates_tally_applied", "candidates_application", APPLIED, ("INSERT", "DELETE")
    ),
    counted_tables=("candidates_candidate", "candidates_application"),
    counts=(
        sql.status_recount("candidates_candidate"),
        "SELECT 'applied', 0, count(DISTINCT candidate_id) FROM candidates_application",
    ),
)
