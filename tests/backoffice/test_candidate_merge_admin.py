"""The back-office around duplicates: the panel on the candidate page, the merge confirmation page
(HR manager group), the stub's redirect, the undo button, and the list of possible duplicates."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from candidates.models import (
    Candidate,
    CandidateMerge,
    DuplicatePair,
    DuplicateReason,
    DuplicateState,
    HistoryKind,
)
from candidates.services import candidate_merge
from tests.factories import ApplicationFactory, CandidateFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    first = CandidateFactory(name="Anna", surname="Smirnova", email="anna@example.com", telegram_id=None)
    second = CandidateFactory(name="Anna", surname="Smirnova", email="anna.smirnova@example.com")
    ApplicationFactory(candidate=second)
    MessageFactory(candidate=second)
    DuplicatePair.objects.create(first=first, second=second, reason=DuplicateReason.NAME_SIMILAR_EMAIL)
    return first, second


def merge_url(kept, merged) -> str:
    return reverse("admin:candidates_candidate_merge", args=[kept.pk, merged.pk])


def test_the_hr_manager_group_may_merge_candidates(hr_user):
    assert hr_user.has_perm("candidates.merge_candidate")
    assert hr_user.has_perm("candidates.change_duplicatepair")


def test_the_candidate_page_lists_possible_duplicates_with_a_merge_link(hr_client, pair):
    first, second = pair
    page = hr_client.get(reverse("admin:candidates_candidate_change", args=[first.pk])).content.decode()
    assert "Possible duplicates" in page
    assert merge_url(first, second) in page
    assert "Same name, similar email" in page


def test_the_confirmation_page_shows_both_records_and_what_moves(
    hr_client, pair, django_assert_max_num_queries
):
    first, second = pair
    with django_assert_max_num_queries(30):
        response = hr_client.get(merge_url(first, second))
    page = response.content.decode()
    assert response.status_code == 200
    assert "anna.smirnova@example.com" in page and "anna@example.com" in page
    assert "Applications: 1" in page and "Messages: 1" in page
    assert not CandidateMerge.objects.exists()  # a GET changes nothing


def test_confirming_merges_redirects_to_the_kept_candidate_and_the_history_says_so(hr_client, hr_user, pair):
    first, second = pair
    response = hr_client.post(merge_url(first, second))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/candidates/candidate/{first.pk}/change/#history")
    merge = CandidateMerge.objects.get()
    assert (merge.kept, merge.merged, merge.actor) == (first, second, hr_user)
    entry = first.history.get(kind=HistoryKind.MERGED)
    assert entry.actor == hr_user
    page = hr_client.get(reverse("admin:candidates_candidate_change", args=[first.pk])).content.decode()
    assert f"Merged the duplicate record {str(second.pk)[:8]} into this candidate" in page
    assert "Undo the merge" in page
    assert DuplicatePair.objects.get().state == DuplicateState.MERGED


def test_the_stub_redirects_to_the_kept_candidate_and_leaves_the_list(hr_client, pair):
    first, second = pair
    candidate_merge(kept=first, merged=second, actor=None)
    response = hr_client.get(reverse("admin:candidates_candidate_change", args=[second.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:candidates_candidate_change", args=[first.pk])
    listing = hr_client.get(reverse("admin:candidates_candidate_changelist")).content.decode()
    assert str(second.pk) not in listing


def test_a_refused_merge_shows_the_reason_on_the_page(hr_client, pair):
    first, second = pair
    first.telegram_id = 1
    first.save()
    response = hr_client.post(merge_url(first, second))
    assert response.status_code == 200
    assert "Both candidates have a Telegram account" in response.content.decode()
    assert Candidate.objects.get(pk=second.pk).merged_into is None


def test_staff_without_the_merge_permission_cannot_merge(client, pair):
    first, second = pair
    user = UserFactory(is_superuser=False)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_candidate", "change_candidate"]))
    client.force_login(user)
    assert client.post(merge_url(first, second)).status_code == 403
    assert not CandidateMerge.objects.exists()


def test_undo_from_the_candidate_page_splits_them_again(hr_client, pair):
    first, second = pair
    merge = candidate_merge(kept=first, merged=second, actor=None)
    response = hr_client.post(reverse("admin:candidates_candidate_merge_undo", args=[merge.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into is None


def test_the_duplicates_list_shows_open_pairs_and_dismisses_them(
    hr_client, pair, django_assert_max_num_queries
):
    DuplicatePair.objects.create(
        first=CandidateFactory(), second=CandidateFactory(), reason=DuplicateReason.SAME_CV
    )
    url = reverse("admin:candidates_duplicatepair_changelist")
    with django_assert_max_num_queries(12):
        page = hr_client.get(url).content.decode()
    assert page.count('class="merge-pair"') == 2
    ids = list(DuplicatePair.objects.values_list("pk", flat=True))
    response = hr_client.post(url, {"action": "dismiss", "_selected_action": ids})
    assert response.status_code == 302
    assert set(DuplicatePair.objects.values_list("state", flat=True)) == {DuplicateState.DISMISSED}
    assert hr_client.get(url).content.decode().count('class="merge-pair"') == 0


def test_the_confirmation_page_says_which_applications_join_and_the_merge_goes_through(hr_client, pair):
    first, second = pair
    vacancy = second.applications.get().vacancy
    ApplicationFactory(candidate=first, vacancy=vacancy)
    page = hr_client.get(merge_url(first, second)).content.decode()
    assert "Both applied to:" in page and vacancy.name in page
    assert hr_client.post(merge_url(first, second)).status_code == 302
    assert first.applications.count() == 1
