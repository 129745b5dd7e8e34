import pytest

from candidates import screening, signals
from candidates.models import AIAnalysis, Candidate
from candidates.screening import services as screening_services
from candidates.screening.tasks import screen_application
from candidates.services import candidate_status_change
from tests.candidates.screening.cv_files import attach_cv, pdf_bytes, scanned_pdf_bytes
from tests.factories import ApplicationFactory, CandidateFactory, VacancyFactory

pytestmark = pytest.mark.django_db

CV = "Senior Python developer with 6 years of experience: Django, PostgreSQL, Docker. English C1."


@pytest.fixture
def screened_events():
    events = []

    def receiver(sender, application, **kwargs):
        events.append(application.pk)

    signals.application_screened.connect(receiver, weak=False)
    yield events
    signals.application_screened.disconnect(receiver)


def application_with_cv(data: bytes = b"", filename: str = "cv.pdf", **vacancy_fields):
    candidate = CandidateFactory()
    if data:
        attach_cv(candidate, data, filename)
    vacancy = VacancyFactory(
        **({"requirements": "Python, Django, PostgreSQL, 3+ years of experience"} | vacancy_fields)
    )
    return ApplicationFactory(candidate=candidate, vacancy=vacancy)


def test_analysis_is_stored_with_its_metadata_and_becomes_the_candidates_latest():
    application = application_with_cv(pdf_bytes(CV))

    analysis = screening.candidate_analyze(candidate=application.candidate, application=application)

    analysis.refresh_from_db()
    assert (analysis.backend, analysis.model) == ("local", "rules-1")
    assert analysis.rating == 100
    assert "Matched 3 of 3 required skills" in analysis.comment
    assert analysis.breakdown and analysis.breakdown[0]["criterion"] == "Python"
    assert len(analysis.input_hash) == 64
    assert analysis.duration_ms >= 0
    assert analysis.application == application
    candidate = Candidate.objects.get(pk=application.candidate.pk)
    assert (candidate.ai_rating, candidate.ai_comment) == (analysis.rating, analysis.comment)
    assert "Django" in candidate.cv_text


def test_every_analysis_is_kept_in_the_history_and_the_latest_wins():
    application = application_with_cv(pdf_bytes(CV))
    first = screening.candidate_analyze(candidate=application.candidate, application=application)
    application.vacancy.requirements = "Python, Kubernetes"
    application.vacancy.save()

    second = screening.candidate_analyze(candidate=application.candidate, application=application)

    assert AIAnalysis.objects.filter(candidate=application.candidate).count() == 2
    assert first.input_hash != second.input_hash
    assert Candidate.objects.get(pk=application.candidate.pk).ai_rating == second.rating == 50


def test_the_same_input_gives_the_same_hash():
    application = application_with_cv(pdf_bytes(CV))

    first = screening.candidate_analyze(candidate=application.candidate, application=application)
    second = screening.candidate_analyze(candidate=application.candidate, application=application)

    assert first.input_hash == second.input_hash


def test_without_an_application_the_latest_application_is_used():
    application = application_with_cv(pdf_bytes(CV))
    newer = ApplicationFactory(
        candidate=application.candidate,
        vacancy=VacancyFactory(name="Data Scientist", requirements="Pandas, NumPy", description=""),
        applied_at=application.applied_at.replace(year=application.applied_at.year + 1),
    )

    analysis = screening.candidate_analyze(candidate=application.candidate)

    assert analysis.application == newer
    assert analysis.rating == 0
    assert '"Data Scientist"' in analysis.comment


def test_without_any_application_the_comment_says_there_is_nothing_to_compare_with():
    candidate = attach_cv(CandidateFactory(), pdf_bytes(CV), "cv.pdf")

    analysis = screening.candidate_analyze(candidate=candidate)

    assert analysis.rating is None
    assert "nothing to compare the CV with" in analysis.comment
    assert Candidate.objects.get(pk=candidate.pk).ai_comment == analysis.comment


def test_a_scanned_cv_gives_no_rating_and_says_no_text_could_be_read():
    application = application_with_cv(scanned_pdf_bytes())

    analysis = screening.candidate_analyze(candidate=application.candidate, application=application)

    assert analysis.rating is None
    assert "no text could be read from the CV" in analysis.comment
    assert analysis.error


def test_a_candidate_without_cv_gives_no_rating_and_says_so():
    application = application_with_cv()

    analysis = screening.candidate_analyze(candidate=application.candidate, application=application)

    assert analysis.rating is None
    assert analysis.comment == "No rating: the candidate has no CV."


def test_cv_text_without_a_file_is_analysed():
    application = application_with_cv()
    Candidate.objects.filter(pk=application.candidate.pk).update(cv_text=CV)
    application.candidate.refresh_from_db()

    assert screening.candidate_analyze(candidate=application.candidate, application=application).rating == 100


def test_screening_an_application_announces_it_once(screened_events):
    application = application_with_cv(pdf_bytes(CV))

    analysis = screening.application_screen(application=application)

    application.refresh_from_db()
    assert application.screened_at is not None
    assert screened_events == [application.pk]
    assert analysis.rating == 100


def test_a_failing_analysis_still_announces_the_application_with_a_null_rating(monkeypatch, screened_events):
    application = application_with_cv(pdf_bytes(CV))
    Candidate.objects.filter(pk=application.candidate.pk).update(ai_rating=80)

    def broken(**kwargs):
        raise RuntimeError("analyzer bug")

    monkeypatch.setattr(screening_services, "local_analyze", broken)

    analysis = screening.application_screen(application=application)

    application.refresh_from_db()
    assert application.screened_at is not None
    assert screened_events == [application.pk]
    assert analysis.rating is None
    assert "failed" in analysis.comment
    assert "analyzer bug" in analysis.error
    assert Candidate.objects.get(pk=application.candidate.pk).ai_rating is None


def test_a_failing_analyzer_gives_a_stored_analysis_without_rating_not_an_exception(monkeypatch):
    application = application_with_cv(pdf_bytes(CV))

    def broken(**kwargs):
        raise RuntimeError("analyzer bug")

    monkeypatch.setattr(screening_services, "local_analyze", broken)

    analysis = screening.candidate_analyze(candidate=application.candidate, application=application)

    assert analysis.pk is not None
    assert analysis.rating is None
    assert analysis.comment == "No rating: the AI analysis failed with an internal error; run it again later."


def test_a_failure_outside_the_analyzer_still_announces_the_application(monkeypatch, screened_events):
    application = application_with_cv(pdf_bytes(CV))

    def broken(**kwargs):
        raise OSError("storage unavailable")

    monkeypatch.setattr(screening_services, "application_cv_text", broken)

    analysis = screening.application_screen(application=application)

    application.refresh_from_db()
    assert application.screened_at is not None
    assert screened_events == [application.pk]
    assert analysis.rating is None
    assert "storage unavailable" in analysis.error


def test_the_screening_task_screens_a_new_application_once(screened_events):
    application = application_with_cv(pdf_bytes(CV))

    screen_application(application.pk)
    screen_application(application.pk)

    assert AIAnalysis.objects.filter(application=application).count() == 1
    assert screened_events == [application.pk]


def test_the_screening_task_ignores_a_deleted_application():
    screen_application(987654)

    assert not AIAnalysis.objects.exists()


def test_the_candidate_row_is_updated_without_overwriting_concurrent_changes():
    application = application_with_cv(pdf_bytes(CV))
    stale = application.candidate
    candidate_status_change(candidate=Candidate.objects.get(pk=stale.pk), status="interview")

    screening.candidate_analyze(candidate=stale, application=application)

    assert Candidate.objects.get(pk=stale.pk).status == "interview"
