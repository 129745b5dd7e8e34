"""Exact attempt totals for the dashboards on PostgreSQL, kept by statement-level triggers on the
attempts table in the same transaction as every write (see candidates/tallies.py for the scheme).
Installed and recounted after every `migrate` by the post_migrate handler of tests_app.apps.
"""

from tests_app.models.content import FINISHED_ATTEMPT_STATUSES

# The triggers that keep AttemptTally exact on PostgreSQL (statement-level, with transition tables).

TALLY = "tests_app_attempttally"
# Advisory locks on 64 stripes of candidates, as in candidates/tallies.py (its lock space is 6).
LOCK_CLASS = 3
FINISHED = "(" + ", ".join(f"'{status}'" for status in sorted(FINISHED_ATTEMPT_STATUSES)) + ")"
UPSERT = f"""
    INSERT INTO {TALLY} (name, shard, value) {{select}}
    ON CONFLICT (name, shard) DO UPDATE SET value = {TALLY}.value + EXCLUDED.value;
"""
CHANGES = {
    "INSERT": "SELECT id, candidate_id, status, 1 AS d FROM new_rows",
    "DELETE": "SELECT id, candidate_id, status, -1 AS d FROM old_rows",
    "UPDATE": "SELECT id, candidate_id, status, 1 AS d FROM new_rows "
    "UNION ALL SELECT id, candidate_id, status, -1 AS d FROM old_rows",
}


def _flag_delta(condition: str) -> str:
    """+1 for each touched candidate that now has an attempt matching `condition` and had none
    before, -1 for the reverse. Before = the rows now, less the new versions, plus the old ones."""
    return f"""sum(
        (EXISTS (SELECT 1 FROM tests_app_attempt a WHERE a.candidate_id = t.candidate_id AND a.{condition}))::int
        - (EXISTS (SELECT 1 FROM tests_app_attempt a WHERE a.candidate_id = t.candidate_id AND a.{condition}
                   AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.d = 1 AND c.id = a.id))
           OR EXISTS (SELECT 1 FROM changes c WHERE c.d = -1 AND c.candidate_id = t.candidate_id
                      AND c.{condition}))::int)"""


def _branch(op: str, rows: str) -> str:
    # Candidates whose attempts changed status (a heartbeat that changes nothing else costs no lock).
    touched = f"""WITH changes AS ({rows}) SELECT DISTINCT candidate_id FROM changes
            GROUP BY id, candidate_id, status HAVING sum(d) <> 0"""
    return f"""
    IF TG_OP = '{op}' THEN
        INSERT INTO {TALLY} (name, shard, value)
            SELECT 'status:' || status, v_shard, sum(d) FROM ({rows}) AS changes
            GROUP BY status HAVING sum(d) <> 0
        ON CONFLICT (name, shard) DO UPDATE SET value = {TALLY}.value + EXCLUDED.value;
        PERFORM pg_advisory_xact_lock({LOCK_CLASS}, stripe) FROM
            (SELECT DISTINCT hashtext(candidate_id::text) & 63 AS stripe FROM ({touched}) AS t ORDER BY 1) AS l;
        WITH changes AS ({rows})
        SELECT coalesce({_flag_delta("status <> 'pending'")}, 0),
               coalesce({_flag_delta(f"status IN {FINISHED}")}, 0)
        INTO v_started, v_finished
        FROM ({touched}) AS t;
    END IF;"""


def _function() -> str:
    branches = "".join(_branch(op, rows) for op, rows in CHANGES.items())
    return f"""
CREATE OR REPLACE FUNCTION tests_app_tally_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_shard int := pg_backend_pid() % 8; v_started bigint; v_finished bigint;
BEGIN{branches}
    IF v_started <> 0 THEN{UPSERT.format(select="VALUES ('started', v_shard, v_started)")}
    END IF;
    IF v_finished <> 0 THEN{UPSERT.format(select="VALUES ('finished', v_shard, v_finished)")}
    END IF;
    RETURN NULL;
END $$;
"""


TRIGGERS = """
CREATE TRIGGER tests_app_tally_insert AFTER INSERT ON tests_app_attempt
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tests_app_tally_attempts();
CREATE TRIGGER tests_app_tally_update AFTER UPDATE ON tests_app_attempt
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tests_app_tally_attempts();
CREATE TRIGGER tests_app_tally_delete AFTER DELETE ON tests_app_attempt
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tests_app_tally_attempts();
"""

FILL = f"""
LOCK TABLE tests_app_attempt IN SHARE MODE;
DELETE FROM {TALLY};
INSERT INTO {TALLY} (name, shard, value)
    SELECT 'status:' || status, 0, count(*) FROM tests_app_attempt GROUP BY status;
INSERT INTO {TALLY} (name, shard, value)
    SELECT 'started', 0, count(DISTINCT candidate_id) FROM tests_app_attempt WHERE status <> 'pending';
INSERT INTO {TALLY} (name, shard, value)
    SELECT 'finished', 0, count(DISTINCT candidate_id) FROM tests_app_attempt WHERE status IN {FINISHED};
"""

DROP = """
DROP TRIGGER IF EXISTS tests_app_tally_insert ON tests_app_attempt;
DROP TRIGGER IF EXISTS tests_app_tally_update ON tests_app_attempt;
DROP TRIGGER IF EXISTS tests_app_tally_delete ON tests_app_attempt;
DROP FUNCTION IF EXISTS tests_app_tally_attempts();
"""


def install(connection) -> None:
    """(Re)create the functions and triggers and recount the tallies (idempotent)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(DROP + _function() + TRIGGERS + FILL)
