import pytest

from backoffice.permissions import hr_manager_group_sync
from tests.candidates.conftest import grade_shares, status_events
from tests.candidates.screening.conftest import celery_eager
from tests.factories import UserFactory
from tests.tests_app.conftest import sample_test

# Fixtures of the domain apps' tests that the back-office tests share.
__all__ = ["celery_eager", "grade_shares", "sample_test", "status_events"]


@pytest.fixture
def hr_user(db):
    """A staff user whose only rights come from the "HR manager" group of the data migration."""
    user = UserFactory(username="hr.manager", is_staff=True, is_superuser=False)
    user.groups.add(hr_manager_group_sync())
    return user


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client
