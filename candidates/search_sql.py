"""The PostgreSQL side of the candidate search: a trigger keeps `candidates_candidatesearch.document`
equal to the candidate's name, email, phone and CV parsed with the `simple`, `russian` and `english`
configurations, on every insert or update of those columns by any path (ORM, bulk, raw SQL); a GIN
index serves the matches. Installed by migration 0009 and, idempotently, after every migrate
(post_migrate), so test databases built without migrations have it too."""

DOCUMENT = """
    setweight(to_tsvector('simple', coalesce({row}.fullname, '') || ' ' || coalesce({row}.email, '')
        || ' ' || coalesce({row}.phone, '')), 'A')
    || to_tsvector('simple', coalesce({row}.cv_text, ''))
    || to_tsvector('russian', coalesce({row}.cv_text, ''))
    || to_tsvector('english', coalesce({row}.cv_text, ''))
"""

INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION candidates_search_document() RETURNS trigger AS $$
    BEGIN
        INSERT INTO candidates_candidatesearch (candidate_id, document)
        VALUES (NEW.id, {DOCUMENT.format(row="NEW")})
        ON CONFLICT (candidate_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS candidates_search_document ON candidates_candidate",
    """
    CREATE TRIGGER candidates_search_document
    AFTER INSERT OR UPDATE OF fullname, email, phone, cv_text ON candidates_candidate
    FOR EACH ROW EXECUTE FUNCTION candidates_search_document()
    """,
    "CREATE INDEX IF NOT EXISTS candidate_search_document_gin ON candidates_candidatesearch USING gin (document)",
]

BACKFILL = f"""
    INSERT INTO candidates_candidatesearch (candidate_id, document)
    SELECT c.id, {DOCUMENT.format(row="c")} FROM candidates_candidate c
    ON CONFLICT (candidate_id) DO UPDATE SET document = EXCLUDED.document
"""

UNINSTALL = [
    "DROP TRIGGER IF EXISTS candidates_search_document ON candidates_candidate",
    "DROP FUNCTION IF EXISTS candidates_search_document()",
]


def search_install(connection) -> None:
    """Create (or replace) the trigger and the index; nothing on other databases."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in INSTALL:
            cursor.execute(statement)


def search_backfill(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(BACKFILL)


def search_uninstall(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in UNINSTALL:
            cursor.execute(statement)
