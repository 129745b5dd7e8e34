"""The "HR manager" group can run hiring, and is refused users, groups, API keys and webhook endpoints."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from backoffice.permissions import HR_MANAGER_GROUP, hr_manager_codenames, hr_manager_group_sync
from tests.factories import (
    CandidateFactory,
    DeliveryFactory,
    EndpointFactory,
    GradeFactory,
    MessageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFUSED = [
    "admin:auth_user_changelist",
    "admin:auth_user_add",
    "admin:auth_group_changelist",
    "admin:auth_group_add",
    "admin:onef_api_apikey_changelist",
    "admin:onef_api_apikey_add",
    "admin:webhooks_endpoint_changelist",
    "admin:webhooks_endpoint_add",
]
ALLOWED = [
    "admin:index",
    "admin:candidates_candidate_changelist",
    "admin:candidates_candidate_add",
    "admin:candidates_vacancy_changelist",
    "admin:candidates_vacancy_add",
    "admin:candidates_application_changelist",
    "admin:candidates_aianalysis_changelist",
    "admin:candidates_grade_changelist",
    "admin:candidates_grade_add",
    "admin:tests_app_test_changelist",
    "admin:tests_app_test_add",
    "admin:tests_app_attempt_changelist",
    "admin:messaging_message_changelist",
    "admin:webhooks_delivery_changelist",
]


@pytest.mark.parametrize("url_name", REFUSED)
def test_hr_manager_is_refused_users_groups_api_keys_and_webhook_endpoints(hr_client, url_name):
    assert hr_client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", ALLOWED)
def test_hr_manager_can_open_every_hiring_screen(hr_client, url_name):
    assert hr_client.get(reverse(url_name)).status_code == 200


def test_hr_manager_cannot_edit_an_existing_webhook_endpoint(hr_client):
    endpoint = EndpointFactory()
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    assert hr_client.get(url).status_code == 403
    assert hr_client.post(url, {"name": "x", "url": "http://127.0.0.1:1/"}).status_code == 403


def test_hr_manager_can_view_a_failed_webhook_delivery(hr_client):
    delivery = DeliveryFactory(status="failed")
    assert hr_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk])).status_code == 200


def test_superuser_can_manage_users_api_keys_and_endpoints(client):
    client.force_login(UserFactory(is_superuser=True))
    for url_name in REFUSED:
        assert client.get(reverse(url_name)).status_code == 200, url_name


def test_the_group_holds_exactly_the_listed_permissions_and_nothing_on_access_or_integration_setup():
    group = hr_manager_group_sync()
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == set(hr_manager_codenames())
    assert not {(a, c) for a, c in granted if a in {"auth", "onef_api", "admin"}}
    assert not {c for a, c in granted if c.endswith("_endpoint")}
    assert ("candidates", "delete_candidate") not in granted  # erasure is anonymisation, not deletion


def test_syncing_the_group_again_resets_added_permissions():
    group = hr_manager_group_sync()
    group.permissions.add(Permission.objects.get(codename="add_user"))
    hr_manager_group_sync()
    assert not Group.objects.get(name=HR_MANAGER_GROUP).permissions.filter(codename="add_user").exists()


def test_staff_user_outside_the_group_sees_no_candidates(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:candidates_candidate_changelist")).status_code == 403
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"hr-dashboard" not in response.content


@pytest.fixture
def viewer_client(client):
    """Staff who may only look at candidates: every write of the candidate page is refused."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_candidate"))
    client.force_login(user)
    return client


def test_view_only_staff_cannot_reply_anonymise_add_or_share_grades(viewer_client):
    candidate = CandidateFactory()
    grade = GradeFactory(candidate=candidate)
    MessageFactory(candidate=candidate)
    for name, args, data in [
        ("admin:candidates_candidate_reply", [candidate.pk], {"text": "hi"}),
        ("admin:candidates_candidate_anonymize", [candidate.pk], {"confirm": "1"}),
        ("admin:candidates_candidate_grade_add", [candidate.pk], {"value": "50"}),
        ("admin:candidates_candidate_grade_share", [candidate.pk, grade.pk], {}),
    ]:
        assert viewer_client.post(reverse(name, args=args), data).status_code == 403, name
    candidate.refresh_from_db()
    grade.refresh_from_db()
    assert candidate.anonymized_at is None
    assert grade.shared_at is None
    assert candidate.messages.count() == 1
    assert candidate.grades.count() == 1


def test_view_only_staff_gets_no_bulk_write_actions(viewer_client):
    CandidateFactory()
    response = viewer_client.get(reverse("admin:candidates_candidate_changelist"))
    actions = {value for value, _ in response.context["action_form"].fields["action"].choices}
    assert "export_csv" in actions
    assert not {"invite_to_test", "anonymize", "share_latest_grade", "set_status_accepted"} & actions
