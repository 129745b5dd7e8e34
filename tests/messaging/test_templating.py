import pytest
from django.core.exceptions import ValidationError

from messaging.models import MessageTemplate
from messaging.templating import template_render, template_render_for, template_validate
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def test_placeholders_are_filled_from_the_candidate_the_vacancy_and_the_company(settings):
    settings.COMPANY_NAME = "Acme"
    application = ApplicationFactory(candidate__name="Ann", vacancy__name="Python developer")

    text = template_render(text="Hi {first_name}, {vacancy} at {company}", candidate=application.candidate)

    assert text == "Hi Ann, Python developer at Acme"


def test_test_url_is_the_link_of_the_newest_unstarted_invitation():
    candidate = CandidateFactory()
    attempt = AttemptFactory(candidate=candidate, status="pending")

    assert template_render(text="{test_url}", candidate=candidate) == attempt.test_url


def test_a_placeholder_without_a_value_renders_empty():
    candidate = CandidateFactory(name="Ann")

    assert template_render(text="{first_name}: {interview_time}.", candidate=candidate) == "Ann: ."


@pytest.mark.parametrize("text", ["Hi {name}", "{first_name.__class__}", "{first_name!r}", "{vacancy:>999}"])
def test_unknown_placeholders_are_refused_with_the_allowed_ones_named(text):
    with pytest.raises(ValidationError) as error:
        template_validate(text)

    assert "Unknown placeholder" in error.value.messages[0]
    assert "{first_name}" in error.value.messages[0]


def test_an_unmatched_brace_is_refused_clearly():
    with pytest.raises(ValidationError, match="unmatched"):
        template_validate("Hello {first_name")


def test_a_named_template_is_rendered_in_the_candidates_language_else_in_another():
    MessageTemplate.objects.create(name="Hello", language="en", text="Hello {first_name}")
    MessageTemplate.objects.create(name="Hello", language="ru", text="Привет, {first_name}")
    MessageTemplate.objects.create(name="Only English", language="en", text="Bye {first_name}")
    candidate = CandidateFactory(name="Anna", language="ru")

    assert template_render_for(name="Hello", candidate=candidate) == "Привет, Anna"
    assert template_render_for(name="Only English", candidate=candidate) == "Bye Anna"
    assert template_render_for(name="Missing", candidate=candidate) is None


def test_the_default_templates_exist_in_english_and_russian_and_are_valid(default_notifications):
    rows = list(MessageTemplate.objects.all())

    assert {(t.name, t.language) for t in rows} >= {("Rejection", "en"), ("Rejection", "ru")}
    for template in rows:
        template_validate(template.text)
