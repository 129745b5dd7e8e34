"""The local analyzer on the evaluation set, through the real pipeline: file -> text -> rating."""

import pytest

from candidates.screening import candidate_analyze
from tests.candidates.screening.cv_files import attach_cv, cv_bytes
from tests.candidates.screening.evaluation_data import (
    CVS,
    LABEL_ORDER,
    TWINS,
    VACANCIES,
    label,
    ranks,
    spearman,
)
from tests.factories import ApplicationFactory, CandidateFactory, VacancyFactory


def rate_every_pair() -> dict[tuple[str, str], int]:
    vacancies = {
        item.key: VacancyFactory(name=item.name, description=item.description, requirements=item.requirements)
        for item in VACANCIES
    }
    result = {}
    for cv in CVS:
        candidate = attach_cv(
            CandidateFactory(), cv_bytes(cv.text, cv.file_format), f"{cv.key}.{cv.file_format}"
        )
        for key, vacancy in vacancies.items():
            application = ApplicationFactory(candidate=candidate, vacancy=vacancy)
            analysis = candidate_analyze(candidate=candidate, application=application)
            assert analysis.rating is not None, analysis.comment
            result[key, cv.key] = analysis.rating
    return result


def test_the_set_covers_every_format_and_label():
    assert len(CVS) >= 20
    assert len(VACANCIES) >= 4
    assert {cv.file_format for cv in CVS} == {"pdf", "docx", "txt"}
    for vacancy in VACANCIES:
        assert {label(vacancy.key, cv.key) for cv in CVS} >= {"strong", "weak"}


@pytest.mark.django_db
def test_local_ratings_put_every_strong_fit_above_every_weak_fit_and_follow_the_labels():
    # One test for all checks: the analyses of the set are computed once.
    ratings = rate_every_pair()

    for vacancy in VACANCIES:
        strong = {
            cv.key: ratings[vacancy.key, cv.key] for cv in CVS if label(vacancy.key, cv.key) == "strong"
        }
        weak = {cv.key: ratings[vacancy.key, cv.key] for cv in CVS if label(vacancy.key, cv.key) == "weak"}
        assert min(strong.values()) > max(weak.values()), (vacancy.key, strong, weak)

    correlations = {
        vacancy.key: spearman(
            [ratings[vacancy.key, cv.key] for cv in CVS],
            [LABEL_ORDER[label(vacancy.key, cv.key)] for cv in CVS],
        )
        for vacancy in VACANCIES
    }
    pairs = list(ratings)
    overall = spearman([ratings[pair] for pair in pairs], [LABEL_ORDER[label(*pair)] for pair in pairs])
    print("\nSpearman rank correlation of local ratings with the labels:")
    for key, value in correlations.items():
        print(f"  {key:<10} {value:.3f}")
    print(f"  {'all pairs':<10} {overall:.3f}")
    assert all(value > 0.5 for value in correlations.values()), correlations
    assert overall > 0.6

    # A Russian or mixed-language CV is rated as well as its English twin (same facts, same labels).
    gaps = {
        (v.key, ru): ratings[v.key, ru] - ratings[v.key, en] for v in VACANCIES for ru, en in TWINS.items()
    }
    print("Russian twin minus English CV, per vacancy:", {key: gap for key, gap in gaps.items() if gap})
    assert all(abs(gap) <= 5 for gap in gaps.values()), gaps


def test_ranks_share_the_average_rank_on_ties():
    assert ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]


def test_spearman_is_one_for_the_same_order_and_minus_one_for_the_reverse():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    # A worked example with ties: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4).
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486833, abs=1e-6)
