"""webhooks.selectors: the deliveries HR should look at."""

import pytest

from tests.factories import DeliveryFactory
from webhooks import selectors
from webhooks.models import DeliveryStatus

pytestmark = pytest.mark.django_db


def test_failing_count_includes_deliveries_waiting_to_retry():
    DeliveryFactory(status=DeliveryStatus.PENDING, attempt_count=1)
    DeliveryFactory(status=DeliveryStatus.PENDING, attempt_count=0)
    DeliveryFactory(status=DeliveryStatus.DELIVERED, attempt_count=1)
    assert selectors.failing_deliveries_count() == 1


def test_failing_deliveries_are_the_failed_ones_and_those_waiting_to_retry():
    failed = DeliveryFactory(status=DeliveryStatus.FAILED, attempt_count=3)
    retrying = DeliveryFactory(status=DeliveryStatus.PENDING, attempt_count=1)
    DeliveryFactory(status=DeliveryStatus.PENDING, attempt_count=0)
    DeliveryFactory(status=DeliveryStatus.DELIVERED, attempt_count=2)
    assert set(selectors.failing_deliveries()) == {failed, retrying}
