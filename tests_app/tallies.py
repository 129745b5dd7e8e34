"""Exact attempt totals for the dashboards on PostgreSQL: triggers keep AttemptTally in step with every
write to attempts (the scheme and its installation: core/tallies.py).
"""

from core import tallies as sql
from tests_app.models.content import FINISHED_ATTEMPT_STATUSES

TALLY = "tests_app_attempttally"
LOCK_CLASS = 3  # the advisory lock space of these triggers (candidates uses 6)
FINISHED = "(" + ", ".join(f"'{status}'" for status in sorted(FINISHED_ATTEMPT_STATUSES)) + ")"


def _flag_delta(condition: str) -> str:
    """+1 for each touched candidate that now has an attempt matching `condition` and had none
    before, -1 for the reverse. Before = the rows now, less the new versions, plus the old ones."""
    return f"""sum(
        (EXISTS (SELECT 1 FROM tests_app_attempt a WHERE a.candidate_id = t.candidate_id AND a.{condition}))::int
        - (EXISTS (SELECT 1 FROM tests_app_attempt a WHERE a.candidate_id = t.candidate_id AND a.{condition}
                   AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.d = 1 AND c.id = a.id))
           OR EXISTS (SELECT 1 FROM changes c WHERE c.d = -1 AND c.candidate_id = t.candidate_id
                      AND c.{condition}))::int)"""


def _branch(rows: str) -> str:
    # Candidates whose attempts changed status (a heartbeat that changes nothing else costs no lock).
    touched = f"""WITH changes AS ({rows}) SELECT DISTINCT candidate_id FROM changes
            GROUP BY id, candidate_id, status HAVING sum(d) <> 0"""
    return f"""{sql.upsert(TALLY, sql.status_deltas(rows))}{sql.candidate_stripe_locks(LOCK_CLASS, f"({touched}) AS t")}
        WITH changes AS ({rows})
        SELECT coalesce({_flag_delta("status <> 'pending'")}, 0),
               coalesce({_flag_delta(f"status IN {FINISHED}")}, 0)
        INTO v_started, v_finished
        FROM ({touched}) AS t;"""


ATTEMPTS = sql.TriggerFunction(
    "tests_app_tally_attempts",
    sql.by_operation(
        {op: _branch(rows) for op, rows in sql.signed_changes("id, candidate_id, status").items()}
    )
    + sql.add_delta(TALLY, "started", "v_started")
    + sql.add_delta(TALLY, "finished", "v_finished"),
    variables="v_started bigint; v_finished bigint;",
)

TALLIES = sql.TallySql(
    tally=TALLY,
    functions=(ATTEMPTS,),
    triggers=sql.statement_triggers("tests_app_tally", "tests_app_attempt", ATTEMPTS),
    counted_tables=("tests_app_attempt",),
    counts=(
        sql.status_recount("tests_app_attempt"),
        "SELECT 'started', 0, count(DISTINCT candidate_id) FROM tests_app_attempt WHERE status <> 'pending'",
        f"SELECT 'finished', 0, count(DISTINCT candidate_id) FROM tests_app_attempt WHERE status IN {FINISHED}",
    ),
)
