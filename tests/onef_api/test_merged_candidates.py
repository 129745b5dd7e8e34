"""The API after a merge: the kept candidate carries everything; the merged id is gone from the list
and answers 404 naming the kept id (docs/api.md), on reads and writes alike."""

import pytest

from candidates.services import candidate_merge
from tests.factories import ApplicationFactory, CandidateFactory, TestFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_pair():
    kept, merged = CandidateFactory(), CandidateFactory(telegram_id=None)
    ApplicationFactory(candidate=merged)
    candidate_merge(kept=kept, merged=merged, actor=None)
    return kept, merged


def test_the_list_has_the_kept_candidate_only(api, merged_pair):
    kept, _ = merged_pair
    assert [row["id"] for row in api.get(url("candidates")).json()] == [str(kept.pk)]


@pytest.mark.parametrize(
    "path", ["candidates/{id}", "candidates/{id}/attempts", "messages/{id}", "candidates/{id}/cv"]
)
def test_reading_the_merged_id_answers_404_naming_the_kept_candidate(api, merged_pair, path):
    kept, merged = merged_pair
    response = api.get(url(path.format(id=merged.pk)))
    assert response.status_code == 404
    assert response.json()["detail"] == f"Candidate {merged.pk} was merged into candidate {kept.pk}."


def test_the_kept_candidate_has_the_merged_ones_application(api, merged_pair):
    kept, _ = merged_pair
    assert len(api.get(url(f"candidates/{kept.pk}")).json()["applications"]) == 1


def test_writes_to_the_merged_id_are_refused(api, merged_pair):
    _, merged = merged_pair
    assert (
        api.post(url(f"candidates/{merged.pk}/status"), {"status": "reviewing"}, format="json").status_code
        == 404
    )
    invite = api.post(
        url("invites"), {"candidate_id": str(merged.pk), "test_id": str(TestFactory().pk)}, format="json"
    )
    assert invite.status_code in (400, 404)
