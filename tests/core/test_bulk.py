"""core.bulk.bulk_set: each object's fields written to its own row in one statement run."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.bulk import bulk_set
from tests.factories import DeliveryAttemptFactory
from webhooks.models import DeliveryAttempt

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_json_and_times_included_in_one_statement():
    first, second, untouched = DeliveryAttemptFactory.create_batch(3)
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    first.request_headers, first.response_status, first.updated_at = {"webhook-id": "ä"}, 200, moment
    second.request_headers, second.response_status, second.updated_at = {}, None, moment
    with CaptureQueriesContext(connection) as queries:
        bulk_set(DeliveryAttempt, [first, second], ["request_headers", "response_status", "updated_at"])
    assert len(queries) == 1
    stored = {a.pk: a for a in DeliveryAttempt.objects.all()}
    assert (stored[first.pk].request_headers, stored[first.pk].response_status) == ({"webhook-id": "ä"}, 200)
    assert (stored[second.pk].request_headers, stored[second.pk].response_status) == ({}, None)
    assert stored[first.pk].updated_at == moment
    assert stored[untouched.pk].updated_at != moment


def test_nothing_to_write_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk_set(DeliveryAttempt, [], ["error"])
