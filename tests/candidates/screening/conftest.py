import pytest

from candidates.screening.tasks import analyze_candidates


@pytest.fixture
def celery_eager():
    """Tasks run in-process when queued, so a job's follow-up chunks run inside the test."""
    conf = analyze_candidates.app.conf
    previous = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = previous
