import pytest

pytestmark = pytest.mark.django_db


def test_readyz_names_each_dependency_with_its_latency_when_all_are_up(client, embedded_settings):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert body["checks"]["cache"]["backend"] == "file"
    assert body["checks"]["broker"]["backend"] == "filesystem"
    for check in body["checks"].values():
        assert check["status"] == "up"
        assert isinstance(check["latency_ms"], float)
        assert check["latency_ms"] >= 0


def test_readyz_is_503_when_the_embedded_broker_folder_is_missing(client, embedded_settings, tmp_path):
    (tmp_path / "control").rmdir()

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["status"] == "down"
    assert "control" in body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["cache"]["status"] == "up"


def test_readyz_reports_a_stopped_redis_as_503_naming_it(client, redis_settings, private_redis):
    assert client.get("/readyz").status_code == 200

    private_redis.stop()
    response = client.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["status"] == "up"
    for name in ("cache", "broker"):
        assert checks[name]["status"] == "down"
        assert checks[name]["backend"] == "redis"
        assert "ConnectionError" in checks[name]["error"]
        assert str(private_redis.port) in checks[name]["error"]


def test_readyz_is_not_cached(client, embedded_settings):
    assert "no-cache" in client.get("/readyz")["Cache-Control"]


def test_healthz_touches_no_dependency(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
