"""One rule for a CV file wherever it arrives: the bot (before downloading it), the careers form and
the services."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from candidates.services import cv_check, cv_max_mb


def _reason(name: str, size: int | None) -> str:
    with pytest.raises(ValidationError) as raised:
        cv_check(name=name, size=size)
    return " ".join(raised.value.messages)


@pytest.mark.parametrize("name", ["cv.pdf", "CV.DOCX", "notes.txt", "my.cv.v2.pdf"])
def test_a_pdf_docx_or_txt_within_the_limit_passes(name, settings):
    settings.CV_MAX_BYTES = 1024 * 1024

    cv_check(name=name, size=1024 * 1024)


@pytest.mark.parametrize("name", ["photo.png", "cv", "cv.pdf.exe", ""])
def test_another_type_names_the_allowed_formats(name):
    assert _reason(name, 10) == "The CV must be a PDF, DOCX or TXT file."


def test_a_file_over_the_limit_names_the_limit_in_megabytes(settings):
    settings.CV_MAX_BYTES = 10 * 1024 * 1024

    assert _reason("cv.pdf", 10 * 1024 * 1024 + 1) == "The CV must be at most 10 MB."


def test_an_empty_file_is_refused():
    assert _reason("cv.txt", 0) == "The CV file is empty."


def test_a_size_not_known_yet_is_checked_for_the_type_only():
    cv_check(name="cv.pdf", size=None)
    assert _reason("cv.zip", None) == "The CV must be a PDF, DOCX or TXT file."


def test_the_reasons_and_the_limit_read_in_russian(settings):
    settings.CV_MAX_BYTES = 5 * 1024 * 1024 // 2

    with translation.override("ru"):
        assert _reason("cv.png", 1) == "Резюме должно быть файлом PDF, DOCX или TXT."
        assert _reason("cv.pdf", settings.CV_MAX_BYTES + 1) == "Резюме должно быть не больше 2,5 МБ."
    with translation.override("en"):
        assert cv_max_mb() == "2.5"
