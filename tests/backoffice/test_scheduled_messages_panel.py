"""HR sees on the candidate page that a notification waits for the candidate's morning."""

import datetime as dt

import pytest
from django.utils import timezone

from messaging.notifications import scheduled_message_create
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_a_held_message_shows_as_scheduled_in_the_chat(hr_client, monkeypatch, settings):
    settings.TIME_ZONE = "UTC"
    late = dt.datetime(2026, 1, 15, 22, 30, tzinfo=dt.UTC)
    candidate = CandidateFactory(phone="+4915112345678")
    monkeypatch.setattr(timezone, "now", lambda: late)
    scheduled_message_create(candidate=candidate, text="We invite you", reason="status:interview")
    monkeypatch.undo()

    page = hr_client.get(f"/admin/candidates/candidate/{candidate.pk}/change/").content.decode()

    assert 'id="scheduled-messages"' in page
    assert "Scheduled for 16 Jan 08:00" in page and "We invite you" in page
