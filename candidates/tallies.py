"""Exact candidate totals for the dashboards on PostgreSQL: statement-level triggers (with transition
tables, so a bulk COPY of 20,000 rows is one trigger call) keep CandidateTally in step with every
write in the same transaction. Installed (and the tallies recounted, writers waiting meanwhile) after
every `migrate`, by the post_migrate handler of candidates.apps: test databases built without
migrations get them too. Other databases have no triggers; the selectors count the tables there.
"""

# The triggers that keep CandidateTally exact on PostgreSQL (statement-level, with transition
# tables: a bulk COPY of 20,000 rows is one trigger call).
TALLY = "candidates_candidatetally"
LOCK_CLASS = 6  # the advisory lock space of these triggers (tests_app uses 3)
UPSERT = f"""
    INSERT INTO {TALLY} (name, shard, value) {{select}}
    ON CONFLICT (name, shard) DO UPDATE SET value = {TALLY}.value + EXCLUDED.value;
"""
STATUS_CHANGES = {
    "INSERT": "SELECT status, 1 AS d FROM new_rows",
    "DELETE": "SELECT status, -1 AS d FROM old_rows",
    "UPDATE": "SELECT status, 1 AS d FROM new_rows UNION ALL SELECT status, -1 AS d FROM old_rows",
}


def _statuses_function() -> str:
    branches = "".join(
        f"""
    {"IF" if n == 0 else "ELSIF"} TG_OP = '{op}' THEN"""
        + UPSERT.format(
            select=f"SELECT 'status:' || status, v_shard, sum(d) FROM ({rows}) AS changes "
            "GROUP BY status HAVING sum(d) <> 0"
        )
        for n, (op, rows) in enumerate(STATUS_CHANGES.items())
    )
    return f"""
CREATE OR REPLACE FUNCTION candidates_tally_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_shard int := pg_backend_pid() % 8;
BEGIN{branches}
    END IF;
    RETURN NULL;
END $$;
"""


# "applied" counts candidates with at least one application. Concurrent first applications of one
# candidate must not both count: each statement takes transaction-level advisory locks on the
# candidates' stripes (64 stripes, so a bulk COPY of thousands of candidates takes at most 64 locks;
# in stripe order, so two statements cannot deadlock on them), then looks at the committed rows
# with a fresh snapshot (READ COMMITTED: each statement of the function has one).
APPLIED_FUNCTION = f"""
CREATE OR REPLACE FUNCTION candidates_tally_applied() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_shard int := pg_backend_pid() % 8; v_delta bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_advisory_xact_lock({LOCK_CLASS}, stripe) FROM
            (SELECT DISTINCT hashtext(candidate_id::text) & 63 AS stripe FROM new_rows ORDER BY 1) AS touched;
        SELECT count(*) INTO v_delta FROM (SELECT DISTINCT candidate_id FROM new_rows) AS n
        WHERE NOT EXISTS (
            SELECT 1 FROM candidates_application a WHERE a.candidate_id = n.candidate_id
            AND NOT EXISTS (SELECT 1 FROM new_rows r WHERE r.id = a.id));
    ELSE
        PERFORM pg_advisory_xact_lock({LOCK_CLASS}, stripe) FROM
            (SELECT DISTINCT hashtext(candidate_id::text) & 63 AS stripe FROM old_rows ORDER BY 1) AS touched;
        SELECT -count(*) INTO v_delta FROM (SELECT DISTINCT candidate_id FROM old_rows) AS o
        WHERE NOT EXISTS (SELECT 1 FROM candidates_application a WHERE a.candidate_id = o.candidate_id);
    END IF;
    IF v_delta <> 0 THEN{UPSERT.format(select="VALUES ('applied', v_shard, v_delta)")}
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER candidates_tally_insert AFTER INSERT ON candidates_candidate
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION candidates_tally_statuses();
CREATE TRIGGER candidates_tally_update AFTER UPDATE ON candidates_candidate
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_tally_statuses();
CREATE TRIGGER candidates_tally_delete AFTER DELETE ON candidates_candidate
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION candidates_tally_statuses();
CREATE TRIGGER candidates_tally_applied_insert AFTER INSERT ON candidates_application
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION candidates_tally_applied();
CREATE TRIGGER candidates_tally_applied_delete AFTER DELETE ON candidates_application
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION candidates_tally_applied();
"""

# The counts so far, taken while writers wait (SHARE mode), so that nothing is counted twice or missed.
FILL = f"""
LOCK TABLE candidates_candidate, candidates_application IN SHARE MODE;
DELETE FROM {TALLY};
INSERT INTO {TALLY} (name, shard, value)
    SELECT 'status:' || status, 0, count(*) FROM candidates_candidate GROUP BY status;
INSERT INTO {TALLY} (name, shard, value)
    SELECT 'applied', 0, count(DISTINCT candidate_id) FROM candidates_application;
"""

DROP = """
DROP TRIGGER IF EXISTS candidates_tally_insert ON candidates_candidate;
DROP TRIGGER IF EXISTS candidates_tally_update ON candidates_candidate;
DROP TRIGGER IF EXISTS candidates_tally_delete ON candidates_candidate;
DROP TRIGGER IF EXISTS candidates_tally_applied_insert ON candidates_application;
DROP TRIGGER IF EXISTS candidates_tally_applied_delete ON candidates_application;
DROP FUNCTION IF EXISTS candidates_tally_statuses();
DROP FUNCTION IF EXISTS candidates_tally_applied();
"""


def install(connection) -> None:
    """(Re)create the functions and triggers and recount the tallies (idempotent)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(DROP + _statuses_function() + APPLIED_FUNCTION + TRIGGERS + FILL)
