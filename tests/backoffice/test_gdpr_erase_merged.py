"""Erasing a person that a merge joined erases every record of theirs: the kept candidate and the
stub, whichever of them HR erases; afterwards nothing of either is in any table."""

import pytest

from backoffice.gdpr import candidate_erase
from candidates.models import Candidate
from candidates.services import candidate_merge, merge_undo_blocker
from tests.backoffice.test_gdpr_erase_everywhere import PERSONAL, _every_text_value
from tests.backoffice.test_gdpr_erase_everywhere import person as person  # the fixture
from tests.factories import ApplicationFactory, CandidateFactory, MessageFactory

pytestmark = pytest.mark.django_db

DUPLICATE = ["Vilhelmina", "Kvaxelbrand", "vq.private@example.net", "+491709999999"]


@pytest.fixture
def merged(person):
    duplicate = CandidateFactory(
        name="Vilhelmina", surname="Kvaxelbrand", email="vq.private@example.net",
        phone="+491709999999", telegram_id=None,
    )  # fmt: skip
    ApplicationFactory(candidate=duplicate)
    MessageFactory(candidate=duplicate, text="Vilhelmina again", telegram_chat_id=None)
    merge = candidate_merge(kept=person, merged=duplicate, actor=None)
    return person, duplicate, merge


@pytest.mark.parametrize("erased", ["stub", "kept"])
def test_erasing_either_record_of_a_merged_person_leaves_nothing_of_either(merged, erased):
    kept, stub, merge = merged
    assert any(value in _every_text_value() for value in DUPLICATE)

    assert candidate_erase(candidate=stub if erased == "stub" else kept) is True

    everything = _every_text_value()
    assert [value for value in PERSONAL + DUPLICATE if value in everything] == []
    assert Candidate.objects.filter(anonymized_at__isnull=False).count() == 2
    merge.refresh_from_db()
    assert merge_undo_blocker(merge=merge)  # an erased person's merge is not undone
