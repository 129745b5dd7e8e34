import pytest

from candidates.tasks import analyze_candidates


@pytest.fixture
def celery_eager():
    """Tasks run in-process when queued, so a job's follow-up chunks run inside the test."""
    conf = analyze_candidates.app.conf
    previous = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The staff users of the admin tests need no real key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
