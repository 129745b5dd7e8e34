"""gunicorn.conf.py: workers from the cores, worker recycling with jitter, timeouts; the image and
compose run gunicorn with it."""

import runpy
from pathlib import Path

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
CONF = PROJECT_DIR / "gunicorn.conf.py"


def load(monkeypatch, **env) -> dict:
    for name in (
        "WEB_CONCURRENCY",
        "GUNICORN_BIND",
        "GUNICORN_TIMEOUT",
        "GUNICORN_MAX_REQUESTS",
        "GUNICORN_PRELOAD",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_follow_the_usable_cores_and_workers_are_recycled_with_jitter(monkeypatch):
    conf = load(monkeypatch)
    assert conf["workers"] == 2 * conf["usable_cores"]() + 1
    assert conf["max_requests"] == 20000 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["preload_app"] is True
    assert conf["timeout"] == 30 and conf["bind"] == "0.0.0.0:8000"
    assert callable(conf["on_starting"]) and callable(conf["child_exit"])  # the Prometheus hooks
    assert callable(conf["when_ready"])  # the preloaded master's imports


def test_the_environment_overrides_the_defaults(monkeypatch):
    conf = load(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60", GUNICORN_BIND="127.0.0.1:9000")
    assert (conf["workers"], conf["timeout"], conf["bind"]) == (3, 60, "127.0.0.1:9000")


@pytest.mark.parametrize("value", ["many", "0", "-1"])
def test_a_bad_worker_count_stops_start_up_naming_the_variable(monkeypatch, value):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        load(monkeypatch, WEB_CONCURRENCY=value)


def test_the_image_and_compose_run_gunicorn_with_the_config_file():
    web = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())["services"]["web"]["command"]
    assert web[0] == "gunicorn" and web[web.index("--config") + 1] == "gunicorn.conf.py"
    assert '"--config", "gunicorn.conf.py"' in (PROJECT_DIR / "Dockerfile").read_text()


def test_preloading_can_be_turned_off_and_a_bad_value_stops_start_up(monkeypatch):
    assert load(monkeypatch, GUNICORN_PRELOAD="false")["preload_app"] is False
    with pytest.raises(SystemExit, match="GUNICORN_PRELOAD"):
        load(monkeypatch, GUNICORN_PRELOAD="maybe")
