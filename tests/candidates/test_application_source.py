"""Every application keeps the way it came in; applications from before got it from their history."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from candidates import services
from candidates.models import Application, ApplicationSource, HistoryEntry, HistoryKind
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def test_an_application_keeps_its_source():
    application = services.application_create(
        candidate=CandidateFactory(), vacancy=VacancyFactory(), source=ApplicationSource.CAREERS
    )
    application.refresh_from_db()
    assert application.source == ApplicationSource.CAREERS


def test_an_unknown_source_is_refused_and_nothing_is_stored():
    with pytest.raises(ValueError, match="source"):
        services.application_create(candidate=CandidateFactory(), vacancy=VacancyFactory(), source="fax")
    assert not Application.objects.exists()


def test_a_closed_vacancy_still_refuses_whatever_the_source():
    with pytest.raises(ValidationError):
        services.application_create(
            candidate=CandidateFactory(),
            vacancy=VacancyFactory(is_published=False),
            source=ApplicationSource.TELEGRAM,
        )


def _applied(application: Application, *, actor=None, actor_label: str = "") -> Application:
    HistoryEntry.objects.create(
        candidate=application.candidate,
        application=application,
        kind=HistoryKind.APPLIED,
        actor=actor,
        actor_label=actor_label,
    )
    return application


def test_the_migration_reads_the_source_of_older_applications_from_their_history():
    migration = importlib.import_module("candidates.migrations.0012_application_source_phone_index")
    bot = _applied(ApplicationFactory(), actor_label="bot")
    web = _applied(ApplicationFactory(), actor_label="careers page")
    api = _applied(ApplicationFactory(), actor_label="API key 1F")
    hr = _applied(ApplicationFactory(), actor=UserFactory())
    unknown = ApplicationFactory()

    migration.source_from_history(apps, None)

    sources = dict(Application.objects.values_list("pk", "source"))
    assert [sources[a.pk] for a in (bot, web, api, hr, unknown)] == [
        "telegram",
        "careers",
        "api",
        "backoffice",
        "other",
    ]
