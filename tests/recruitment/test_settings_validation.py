import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitment.environment import Env

PROJECT_DIR = Path(__file__).resolve().parents[2]


def start_django(*command: str, **env: str) -> subprocess.CompletedProcess:
    database = {
        "DATABASE_URL",
        "DATABASE_POOLER",
        "DATABASE_DIRECT_URL",
    }  # the suite's own (CI: through PgBouncer)
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL", *database}}
    return subprocess.run(
        [sys.executable, *(command or ("manage.py", "check"))],
        cwd=PROJECT_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "recruitment.settings", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bad_value_stops_start_up_naming_the_variable():
    result = start_django(INTEGRATION_RPS="abc")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "INTEGRATION_RPS" in result.stderr.splitlines()[-1]


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
        ("DEFAULT_LANGUAGE", "de"),
        ("PHONE_DEFAULT_REGION", "Russia"),
        ("TEST_HEARTBEAT_SECONDS", "ten"),
        ("WEBHOOK_RETRY_SCHEDULE", "5,soon"),
        ("WEBHOOK_RETRY_SCHEDULE", "5,-1"),
    ],
)
def test_every_bad_value_is_refused_naming_the_variable(read_settings, variable, value):
    with pytest.raises(ImproperlyConfigured, match=variable):
        read_settings({variable: value})


def test_openai_backend_requires_an_api_url(read_settings):
    with pytest.raises(ImproperlyConfigured, match="AI_API_URL must be set when AI_BACKEND=openai"):
        read_settings({"AI_BACKEND": "openai", "AI_API_URL": ""})


def test_escape_window_must_be_longer_than_the_heartbeat(read_settings):
    with pytest.raises(ImproperlyConfigured, match="TEST_ESCAPE_AFTER_SECONDS must be longer"):
        read_settings({"TEST_HEARTBEAT_SECONDS": "30", "TEST_ESCAPE_AFTER_SECONDS": "20"})


def test_the_default_language_is_russian_unless_configured(read_settings):
    assert read_settings({})["LANGUAGE_CODE"] == "ru"
    assert read_settings({"DEFAULT_LANGUAGE": "EN"})["LANGUAGE_CODE"] == "en"
    assert read_settings({"PHONE_DEFAULT_REGION": "de"})["PHONE_DEFAULT_REGION"] == "DE"


def test_importing_the_settings_creates_no_directory(read_settings, tmp_path):
    var_dir = tmp_path / "var"

    read_settings({"VAR_DIR": str(var_dir)})

    assert not var_dir.exists()


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

    def test_time_zone_must_be_an_iana_name(self):
        assert Env({"TZ": "Europe/Moscow"}).timezone("TZ", "UTC") == "Europe/Moscow"
        with pytest.raises(ImproperlyConfigured, match="TZ must be an IANA time zone"):
            Env({"TZ": "Mars/Olympus"}).timezone("TZ", "UTC")

    def test_seconds_list_parses_and_refuses_negative_steps(self):
        assert Env({"S": "5, 30,0.5"}).seconds_list("S", [1]) == [5.0, 30.0, 0.5]
        assert Env({}).seconds_list("S", [1, 2]) == [1.0, 2.0]
        with pytest.raises(ImproperlyConfigured, match="non-negative"):
            Env({"S": "5,-1"}).seconds_list("S", [1])

    def test_an_integer_can_be_required_longer_than_another_setting(self):
        assert Env({"N": "61"}).int("N", 1, longer_than=("OTHER", 60)) == 61
        with pytest.raises(ImproperlyConfigured, match="N must be longer than OTHER, got 60 <= 60"):
            Env({"N": "60"}).int("N", 1, longer_than=("OTHER", 60))

    def test_a_url_can_be_required_by_another_setting(self):
        assert Env({}).url("U", "", required_because="") == ""
        with pytest.raises(ImproperlyConfigured, match="U must be set when MODE=remote"):
            Env({}).url("U", "", required_because="MODE=remote")


def test_metrics_allowed_ips_accepts_addresses_and_networks_and_names_a_bad_item():
    assert Env({"M": "10.0.0.0/8, 127.0.0.1"}).ip_networks("M") == ["10.0.0.0/8", "127.0.0.1"]
    assert Env({}).ip_networks("M") == []
    with pytest.raises(ImproperlyConfigured, match="M must list IP addresses"):
        Env({"M": "10.0.0.0/8,intranet"}).ip_networks("M")
