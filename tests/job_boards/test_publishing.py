"""Publishing a vacancy on hh.ru from the back-office's publish form: hh's dictionaries with our
defaults, publish or draft, hh's refusals shown field by field with HR's input kept, archiving."""

import pytest
from django.urls import reverse
from django.utils import translation

from job_boards.models import HHVacancy, LinkState
from tests.factories import UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db

LONG = "<p>" + "Мы строим платформу найма и ищем разработчика на Python и Django. " * 4 + "</p>"


@pytest.fixture
def staff(client, hh_connected):
    client.force_login(UserFactory(is_superuser=True))
    return client


def form_data(**changes) -> dict:
    data = {
        "name": "Python developer",
        "description": LONG,
        "area_id": "1",
        "professional_role_id": "96",
        "billing_type": "standard",
        "vacancy_type": "open",
        "employment": "full",
        "schedule": "remote",
        "experience": "between3And6",
        "salary_from": "200000",
        "salary_to": "300000",
        "currency": "RUR",
        "action": "publish",
    }
    return {**data, **changes}


def test_the_form_offers_hh_dictionaries_with_our_defaults(staff, settings, django_assert_max_num_queries):
    settings.HH_DEFAULT_SCHEDULE, settings.HH_DEFAULT_EXPERIENCE = "remote", "moreThan6"
    vacancy = VacancyFactory(name="Data engineer")

    with django_assert_max_num_queries(12):
        page = staff.get(reverse("admin:hh-publish", args=[vacancy.pk])).content.decode()

    assert 'value="Data engineer"' in page
    assert '<option value="remote" selected>' in page and '<option value="moreThan6" selected>' in page
    assert '<optgroup label="Information technology">' in page or '<optgroup label="Информационные' in page
    assert '<option value="96" selected>' in page and 'id="hh-area-name"' in page


def test_publishing_links_the_vacancy_with_the_fields_hh_requires(staff, fake_hh):
    vacancy = VacancyFactory(name="Python developer")

    response = staff.post(reverse("admin:hh-publish", args=[vacancy.pk]), form_data())

    assert response.status_code == 302
    link = HHVacancy.objects.get(vacancy=vacancy)
    assert link.state == LinkState.LINKED
    sent = fake_hh.vacancies[link.hh_vacancy_id]["sent"]
    assert sent["area"] == {"id": "1"} and sent["professional_roles"] == [{"id": "96"}]
    assert sent["billing_type"] == {"id": "standard"} and sent["schedule"] == {"id": "remote"}
    assert sent["salary"] == {"from": 200000, "to": 300000, "currency": "RUR", "gross": False}
    assert link.published_with["experience"] == "between3And6"


def test_hh_validation_errors_are_shown_at_their_fields_and_nothing_typed_is_lost(staff, fake_hh):
    vacancy = VacancyFactory(name="Python developer")
    data = form_data(description="<p>Коротко: hr@example.com</p>", area_id="113")

    with translation.override("en"):
        page = staff.post(reverse("admin:hh-publish", args=[vacancy.pk]), data, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()

    assert page.status_code == 200 and 'id="hh-publish-errors"' in text
    assert "hh.ru finds this too short." in text and "Описание должно содержать не менее 200" in text
    assert "does not allow an email address in the description" in text
    assert "choose a city or town" in text
    assert "Коротко: hr@example.com" in text and 'value="113"' in text and 'value="200000"' in text
    assert not HHVacancy.objects.exists() and not fake_hh.drafts


def test_a_quota_refusal_says_so(staff, fake_hh):
    fake_hh.publish_refusal = "quota_exceeded"
    vacancy = VacancyFactory()

    page = staff.post(reverse("admin:hh-publish", args=[vacancy.pk]), form_data()).content.decode()

    assert "quota for publishing this type of vacancy is used up" in page
    assert not HHVacancy.objects.exists()


def test_a_duplicate_is_refused_until_hr_asks_to_publish_anyway(staff, fake_hh):
    fake_hh.add_vacancy("Python developer")
    vacancy = VacancyFactory()
    url = reverse("admin:hh-publish", args=[vacancy.pk])

    page = staff.post(url, form_data()).content.decode()
    assert "already has a similar vacancy" in page and not HHVacancy.objects.exists()

    assert staff.post(url, form_data(ignore_duplicates="on")).status_code == 302
    assert HHVacancy.objects.get(vacancy=vacancy).state == LinkState.LINKED


def test_a_paid_method_is_explained_on_the_form(staff, fake_hh):
    fake_hh.paid_paths.add("/vacancies")
    vacancy = VacancyFactory()
    page = staff.post(reverse("admin:hh-publish", args=[vacancy.pk]), form_data()).content.decode()
    assert "plan does not include" in page and not HHVacancy.objects.exists()


def test_a_draft_then_its_publication_then_archiving(staff, fake_hh):
    vacancy = VacancyFactory()
    staff.post(reverse("admin:hh-publish", args=[vacancy.pk]), form_data(action="draft"))
    link = HHVacancy.objects.get(vacancy=vacancy)
    assert link.state == LinkState.DRAFT and link.hh_draft_id in fake_hh.drafts

    staff.post(reverse("admin:hh-vacancy", args=[link.pk]), {"action": "publish_draft"})
    link.refresh_from_db()
    assert link.state == LinkState.LINKED and link.hh_vacancy_id in fake_hh.vacancies

    staff.post(reverse("admin:hh-vacancy", args=[link.pk]), {"action": "archive"})
    link.refresh_from_db()
    assert link.state == LinkState.ARCHIVED and fake_hh.vacancies[link.hh_vacancy_id]["archived"]


def test_a_draft_hh_refuses_to_publish_stays_a_draft_with_the_reason(staff, fake_hh):
    vacancy = VacancyFactory()
    staff.post(
        reverse("admin:hh-publish", args=[vacancy.pk]), form_data(action="draft", description="<p>x</p>")
    )
    link = HHVacancy.objects.get(vacancy=vacancy)

    page = staff.post(reverse("admin:hh-vacancy", args=[link.pk]), {"action": "publish_draft"}, follow=True)

    assert "not accepted by hh.ru: description: hh.ru finds this too short." in page.content.decode()
    link.refresh_from_db()
    assert link.state == LinkState.DRAFT and link.hh_draft_id in fake_hh.drafts


def test_a_published_vacancy_is_not_published_twice(staff, fake_hh):
    vacancy = VacancyFactory()
    url = reverse("admin:hh-publish", args=[vacancy.pk])
    staff.post(url, form_data())
    page = staff.post(url, form_data(ignore_duplicates="on")).content.decode()
    assert "already published on hh.ru" in page and len(fake_hh.vacancies) == 1


def test_the_vacancy_list_action_opens_the_form_of_one_vacancy(staff):
    first, second = VacancyFactory(), VacancyFactory()
    changelist = reverse("admin:candidates_vacancy_changelist")

    one = staff.post(changelist, {"action": "publish_on_hh", "_selected_action": [first.pk]})
    assert one.status_code == 302 and one["Location"] == reverse("admin:hh-publish", args=[first.pk])

    two = staff.post(
        changelist, {"action": "publish_on_hh", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "Choose one vacancy to publish on hh.ru." in two.content.decode()


def test_without_a_connection_the_form_sends_hr_to_the_set_up_page(client, hh_settings):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("admin:hh-publish", args=[VacancyFactory().pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:hh-setup")


def test_hh_refusals_are_explained_in_russian_too(staff, fake_hh):
    vacancy = VacancyFactory()
    data = form_data(area_id="113")

    page = staff.post(reverse("admin:hh-publish", args=[vacancy.pk]), data, HTTP_ACCEPT_LANGUAGE="ru")

    assert "выберите город или населённый пункт" in page.content.decode()
