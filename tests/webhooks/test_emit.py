"""webhooks.services.emit: the outbox rows are written in the change's transaction, or not at all."""

import pytest
from django.db import transaction

from candidates import services as candidate_services
from candidates.models import CandidateStatus
from tests.factories import CandidateFactory
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def test_a_rolled_back_change_leaves_no_event(onef_receiver):
    candidate = CandidateFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        candidate_services.candidate_status_change(candidate=candidate, status=CandidateStatus.REJECTED)
        raise RuntimeError("the caller fails after the change")
    assert not Event.objects.exists()


def test_without_onef_webhook_url_nothing_is_stored(settings):
    settings.ONEF_WEBHOOK_URL = ""
    candidate_services.candidate_status_change(candidate=CandidateFactory(), status=CandidateStatus.REVIEWING)
    assert not Event.objects.exists()
