import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitment.environment import Env

PROJECT_DIR = Path(__file__).resolve().parents[2]


def start_django(*command: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, *(command or ("manage.py", "check"))],
        cwd=PROJECT_DIR,
        env={**clean, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("INTEGRATION_RPS", "abc"),
        ("INTEGRATION_RPS", "0"),
        ("DATABASE_URL", "mysql//nonsense"),
        ("DATABASE_URL", "postgres://"),
        ("REDIS_URL", "localhost:6379"),
        ("ONEF_API_AUTH", "maybe"),
        ("ONEF_WEBHOOK_URL", "not a url"),
        ("DEBUG", "perhaps"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("AI_BACKEND", "skynet"),
        ("TEST_HEARTBEAT_SECONDS", "ten"),
        ("WEBHOOK_RETRY_SCHEDULE", "5,soon"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = start_django(**{variable: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.splitlines()[-1]


def test_the_deployment_check_requires_a_secret_key_without_debug():
    result = start_django("manage.py", "check", "--deploy", DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_web_app_refuses_to_load_without_a_secret_key():
    result = start_django("-c", "import recruitment.wsgi", DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_offline_commands_need_no_secret_key():
    result = start_django("manage.py", "makemigrations", "--check", "--dry-run", DEBUG="false", SECRET_KEY="")

    assert result.returncode == 0, result.stderr


def test_openai_backend_requires_an_api_url():
    result = start_django(AI_BACKEND="openai", AI_API_URL="")

    assert "AI_API_URL must be set" in result.stderr


def test_escape_window_must_be_longer_than_the_heartbeat():
    result = start_django(TEST_HEARTBEAT_SECONDS="30", TEST_ESCAPE_AFTER_SECONDS="20")

    assert "TEST_ESCAPE_AFTER_SECONDS must be longer" in result.stderr


def test_defaults_start_without_any_environment():
    result = start_django()

    assert result.returncode == 0, result.stderr


class TestEnvParsing:
    def test_integer_parses_and_checks_bounds(self):
        env = Env({"N": " 42 "})
        assert env.int("N", 1, minimum=1) == 42
        with pytest.raises(ImproperlyConfigured, match="N must be at most 10"):
            env.int("N", 1, maximum=10)

    def test_missing_values_take_the_default(self):
        env = Env({})
        assert env.int("N", 7) == 7
        assert env.bool("B", True) is True
        assert env.list("L", ["a"]) == ["a"]
        assert env.url("U", "") == ""

    def test_boolean_accepts_common_spellings(self):
        assert Env({"B": "Yes"}).bool("B") is True
        assert Env({"B": "off"}).bool("B", True) is False

    def test_list_splits_on_commas_and_drops_blanks(self):
        assert Env({"L": "a, b,,c "}).list("L", []) == ["a", "b", "c"]

    def test_url_strips_the_trailing_slash(self):
        assert Env({"U": "https://example.com/"}).url("U") == "https://example.com"

    def test_database_url_parses_postgres(self):
        config = Env({"D": "postgres://u:p@db:5432/recruitment"}).database("D", "sqlite:///x")
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert config["NAME"] == "recruitment"
