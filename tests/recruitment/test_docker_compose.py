from pathlib import Path

import yaml
from django.core.management import get_commands

PROJECT_DIR = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())


def test_compose_runs_every_process_of_a_deployment():
    assert {"postgres", "redis", "web", "worker", "beat", "bot"} <= set(compose()["services"])


def test_every_service_command_exists_in_the_project():
    for name, service in compose()["services"].items():
        command = service.get("command")
        if not command or "image" in service:
            continue
        if command[:2] == ["python", "manage.py"]:
            assert command[2] in get_commands(), f"{name}: no management command {command[2]}"
        elif command[0] == "gunicorn":
            module, _, attribute = command[1].partition(":")
            assert (PROJECT_DIR / (module.replace(".", "/") + ".py")).exists(), name
            assert attribute == "application"
        elif command[0] == "celery":
            assert command[1:3] == ["-A", "recruitment"], name
            assert (PROJECT_DIR / "recruitment" / "celery.py").exists()
        else:
            raise AssertionError(f"{name}: unexpected command {command}")


def test_stateful_services_have_health_checks_and_volumes():
    services = compose()["services"]
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name], name
        assert services[name].get("volumes"), name
    assert "healthcheck" in services["web"]


def test_web_health_check_is_readiness_and_the_image_checks_liveness():
    services = compose()["services"]
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    # Processes without an HTTP server must not inherit the image's HTTP check.
    for name in ("beat", "bot"):
        assert services[name]["healthcheck"] == {"disable": True}, name


SCALE = {"pgbouncer", "nginx", "scale-web-1", "scale-web-2", "scale-worker-1", "scale-worker-2", "scale-bot"}


def test_the_scale_profile_runs_two_webs_behind_nginx_two_workers_and_the_webhook_bot_through_pgbouncer():
    services = compose()["services"]
    assert set(services) >= SCALE
    for name in SCALE:
        assert services[name]["profiles"] == ["scale"], name
    for name in SCALE - {"pgbouncer", "nginx"}:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://recruitment:recruitment@pgbouncer:6432/"), (
            name
        )
        assert environment["DATABASE_POOLER"] == "pgbouncer-transaction", name
        assert environment["TELEGRAM_MODE"] == "webhook", name
    assert services["migrate"]["environment"]["DATABASE_URL"].startswith(
        "postgres://recruitment:recruitment@postgres:"
    )


def test_every_dependency_and_mounted_file_of_the_compose_file_exists():
    services = compose()["services"]
    for name, service in services.items():
        assert set(service.get("depends_on", [])) <= set(services), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (PROJECT_DIR / source).is_file(), f"{name}: {source}"


def test_nginx_sends_to_the_web_containers_and_pgbouncer_pools_transactions():
    nginx = (PROJECT_DIR / "deploy" / "nginx-scale.conf").read_text()
    assert "server scale-web-1:8000" in nginx and "server scale-web-2:8000" in nginx
    pgbouncer = (PROJECT_DIR / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text()
    assert "pool_mode = transaction" in pgbouncer and "listen_port = 6432" in pgbouncer
