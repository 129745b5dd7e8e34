"""Writes of the careers page: an application through the web form.

It goes through the same services as the bot's: the candidate (with their consent), the CV, the
application (whose AI screening runs after commit and then announces `new_application`) and its
history. A returning applicant is recognised by the same phone or the same email (one person, one
candidate: `candidates.services.candidate_register`) and their consent is recorded again.

The form proves neither detail, so anyone typing someone's email can add an application to that
person's record. What limits the harm: the joined record is never changed (no name, phone or date
of birth from the form is stored on it; only the new application with its CV is added, and the
history says it joined on the email or phone), nothing about the record is shown back (the answer
is the same thanks page as for a new person), and HR sees who applied before inviting anyone.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates.models import Application, ApplicationSource, Vacancy
from candidates.services import Person, application_create, candidate_attach_cv, candidate_register

WEB_ACTOR = "careers page"


@dataclass(frozen=True)
class WebApplicant:
    name: str
    surname: str
    email: str
    phone: str  # E.164
    dob: dt.date
    language: str


def web_application_submit(
    *, vacancy: Vacancy, applicant: WebApplicant, cv_content: bytes, cv_filename: str
) -> Application:
    """Create (or find) the candidate, store the CV and apply; consent is recorded before anything else.

    Raises ValidationError (nothing stored) on a bad CV, a closed vacancy or a second application
    (ApplicationAlreadyExists).
    """
    consent_at, version = timezone.now(), settings.DATA_POLICY_VERSION
    person = Person(
        name=applicant.name,
        surname=applicant.surname,
        email=applicant.email,
        phone=applicant.phone,
        dob=applicant.dob,
        language=applicant.language,
    )
    with transaction.atomic():
        candidate = candidate_register(
            person=person,
            via=ApplicationSource.CAREERS,
            match_on=("phone", "email"),
            consent_at=consent_at,
            consent_policy_version=version,
        ).candidate
        candidate_attach_cv(candidate=candidate, content=cv_content, filename=cv_filename)
        return application_create(
            candidate=candidate, vacancy=vacancy, source=ApplicationSource.CAREERS, actor_label=WEB_ACTOR
        )
