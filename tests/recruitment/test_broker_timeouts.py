"""A broker that accepts connections and then stops answering costs a web request one short timeout
per publish (REDIS_SOCKET_TIMEOUT_MS, as the cache), not the 10 s a worker allows its own reads."""

import socket
import threading
import time

import pytest
from celery import Celery
from django.conf import settings

from recruitment import celery as celery_module


@pytest.fixture
def hung_broker():
    """A TCP server that accepts connections and never answers: Redis frozen, or a dead proxy."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()
    for connection in accepted:
        connection.close()


def test_a_publish_to_a_hung_broker_gives_up_after_the_redis_socket_timeout(hung_broker):
    app = Celery("publish-timeout", set_as_current=False)  # the suite's other tests keep the project's app
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = hung_broker
    started = time.monotonic()
    with pytest.raises(Exception, match=r"(?i)timeout|timed out"):
        app.send_task("webhooks.tasks.deliver_batch", args=[[1], None])
    took = time.monotonic() - started
    assert took < 2 * settings.REDIS_SOCKET_TIMEOUT_MS / 1000 + 0.5, took  # it was 10 s


def test_a_worker_allows_its_own_reads_longer_than_its_poll():
    conf = celery_module.app.conf
    before = conf.broker_transport_options  # a worker started in this process earlier may have set it
    web = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    assert web["socket_timeout"] == settings.REDIS_SOCKET_TIMEOUT_MS / 1000
    try:
        conf.broker_transport_options = web
        celery_module.workers_wait_longer_on_the_broker()
        options = conf.broker_transport_options
    finally:
        conf.broker_transport_options = before
    assert options["socket_timeout"] == celery_module.WORKER_BROKER_SOCKET_TIMEOUT > 1  # BRPOP polls for 1 s
    assert options["max_retries"] == web["max_retries"]  # the rest kept
