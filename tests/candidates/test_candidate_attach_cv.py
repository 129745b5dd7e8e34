import pytest
from django.core.exceptions import ValidationError

from candidates.services import candidate_attach_cv
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("filename", ["cv.pdf", "CV.DOCX", "notes.txt"])
def test_a_pdf_docx_or_txt_cv_is_stored_with_its_original_name(filename):
    candidate = CandidateFactory()
    candidate_attach_cv(candidate=candidate, content=b"my cv", filename=filename)
    candidate.refresh_from_db()
    assert candidate.cv_filename == filename
    assert candidate.cv_file.read() == b"my cv"
    assert filename not in candidate.cv_file.name  # stored under a random name


@pytest.mark.parametrize("filename", ["cv.png", "cv", "cv.pdf.exe", ""])
def test_other_file_types_are_refused(filename):
    candidate = CandidateFactory()
    with pytest.raises(ValidationError, match="PDF, DOCX or TXT"):
        candidate_attach_cv(candidate=candidate, content=b"x", filename=filename)
    candidate.refresh_from_db()
    assert not candidate.cv_file


def test_a_cv_over_the_size_limit_is_refused(settings):
    settings.CV_MAX_BYTES = 1024
    candidate = CandidateFactory()
    with pytest.raises(ValidationError, match="at most"):
        candidate_attach_cv(candidate=candidate, content=b"x" * 1025, filename="cv.pdf")
    candidate_attach_cv(candidate=candidate, content=b"x" * 1024, filename="cv.pdf")


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        candidate_attach_cv(candidate=CandidateFactory(), content=b"", filename="cv.pdf")


def test_a_new_cv_replaces_the_old_file(django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    candidate_attach_cv(candidate=candidate, content=b"old", filename="old.pdf")
    old_name = candidate.cv_file.name
    with django_capture_on_commit_callbacks(execute=True):
        candidate_attach_cv(candidate=candidate, content=b"new", filename="new.txt")
    assert not candidate.cv_file.storage.exists(old_name)
    assert candidate.cv_file.read() == b"new"
