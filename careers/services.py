"""Writes of the careers page: an application through the web form.

It goes through the same services as the bot's: the candidate (with their consent), the CV, the
application (whose AI screening runs after commit and then announces `new_application`) and its
history. A returning applicant is recognised by the same email and phone together (one of them
alone could be someone else's), and their consent is recorded again.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates.models import Application, ApplicationSource, Candidate, Vacancy
from candidates.services import (
    application_create,
    candidate_attach_cv,
    candidate_consent_record,
    candidate_create,
)

WEB_ACTOR = "careers page"


@dataclass(frozen=True)
class WebApplicant:
    name: str
    surname: str
    email: str
    phone: str  # E.164
    dob: dt.date
    language: str


def _returning_candidate(applicant: WebApplicant) -> Candidate | None:
    return (
        Candidate.objects.select_for_update()
        .filter(email__iexact=applicant.email, phone=applicant.phone, anonymized_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def web_application_submit(
    *, vacancy: Vacancy, applicant: WebApplicant, cv_content: bytes, cv_filename: str
) -> Application:
    """Create (or find) the candidate, store the CV and apply; consent is recorded before anything else.

    Raises ValidationError (nothing stored) on a bad CV, a closed vacancy or a second application
    (ApplicationAlreadyExists).
    """
    consent_at, version = timezone.now(), settings.DATA_POLICY_VERSION
    with transaction.atomic():
        candidate = _returning_candidate(applicant)
        if candidate is None:
            candidate = candidate_create(
                name=applicant.name,
                surname=applicant.surname,
                email=applicant.email,
                phone=applicant.phone,
                dob=applicant.dob,
                language=applicant.language,
                consent_at=consent_at,
                consent_policy_version=version,
            )
        else:
            candidate_consent_record(candidate=candidate, consent_at=consent_at, policy_version=version)
        candidate_attach_cv(candidate=candidate, content=cv_content, filename=cv_filename)
        return application_create(
            candidate=candidate, vacancy=vacancy, source=ApplicationSource.CAREERS, actor_label=WEB_ACTOR
        )
