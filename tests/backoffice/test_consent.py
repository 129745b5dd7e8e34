"""The candidate's consent to the data-processing policy: in the GDPR export and on the admin page."""

import datetime as dt

import pytest
from django.urls import reverse

from backoffice.gdpr import candidate_export
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

CONSENT_AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def test_the_export_carries_the_consent_time_and_policy_version():
    candidate = CandidateFactory(consent_at=CONSENT_AT, consent_policy_version="2026-11")

    data = candidate_export(candidate=candidate)

    assert (data["consent_at"], data["consent_policy_version"]) == (CONSENT_AT, "2026-11")


def test_the_admin_shows_the_consent(hr_client):
    candidate = CandidateFactory(consent_at=CONSENT_AT, consent_policy_version="2026-11")

    page = hr_client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])).content.decode()

    assert "Consent" in page
    assert "2026-11" in page
