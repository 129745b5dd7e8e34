"""DATABASE_URL, DATABASE_POOLER and DATABASE_DIRECT_URL (recruitment/database_settings.py)."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitment.database_settings import database_settings
from recruitment.environment import Env

PG = "postgres://app@127.0.0.1:6432/recruitment"


def read(**variables: str) -> dict:
    return database_settings(Env(variables), base_dir=Path("/srv"))


def test_by_default_sqlite_with_server_side_cursors_and_no_pooler():
    config = read()

    assert config["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert config["DATABASE_POOLER"] == "none"
    assert config["STREAM_WITH_KEYSET"] is False
    assert config["DATABASE_DIRECT"] is None


def test_pgbouncer_in_transaction_mode_turns_off_everything_that_outlives_a_transaction():
    config = read(DATABASE_URL=PG, DATABASE_POOLER="pgbouncer-transaction")

    default = config["DATABASES"]["default"]
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert default["OPTIONS"]["prepare_threshold"] is None
    assert config["STREAM_WITH_KEYSET"] is True


def test_postgres_without_a_pooler_keeps_server_side_cursors():
    default = read(DATABASE_URL=PG)["DATABASES"]["default"]

    assert not default.get("DISABLE_SERVER_SIDE_CURSORS")


def test_the_direct_address_is_read_when_given():
    config = read(DATABASE_URL=PG, DATABASE_DIRECT_URL="postgres://app@db:5432/recruitment")

    assert (config["DATABASE_DIRECT"]["HOST"], config["DATABASE_DIRECT"]["PORT"]) == ("db", 5432)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DATABASE_POOLER": "pgpool"}, "DATABASE_POOLER"),
        ({"DATABASE_POOLER": "pgbouncer-transaction"}, "needs a postgres://"),
        ({"DATABASE_URL": PG, "DATABASE_DIRECT_URL": "sqlite:///x.db"}, "DATABASE_DIRECT_URL"),
        ({"DATABASE_URL": PG, "DATABASE_DIRECT_URL": "mysql://x/y"}, "DATABASE_DIRECT_URL"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        read(**variables)
