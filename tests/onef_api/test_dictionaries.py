import pytest

from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_candidate_statuses_dictionary(api):
    body = api.get(url("dictionaries/candidate-statuses")).json()
    assert body[0] == {"id": "new", "label": "New"}
    assert [s["id"] for s in body] == [
        "new",
        "reviewing",
        "test_assigned",
        "test_completed",
        "interview",
        "accepted",
        "rejected",
    ]


def test_dictionary_labels_stay_english_for_a_russian_client(api):
    body = api.get(url("dictionaries/candidate-statuses"), headers={"accept-language": "ru"}).json()

    assert body[2] == {"id": "test_assigned", "label": "Test Assigned"}


def test_test_statuses_dictionary(api):
    body = api.get(url("dictionaries/test-statuses")).json()
    assert body[0] == {"id": "pending", "label": "Pending (Invite Sent)"}
    assert len(body) == 8
