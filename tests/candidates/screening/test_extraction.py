import json
import subprocess
import sys

import pytest

from candidates.screening import extraction
from candidates.screening.extraction import (
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    CVTextError,
    cv_file_read,
    cv_text_extract,
)
from tests.candidates.screening.cv_files import (
    attach_cv,
    docx_bomb_bytes,
    docx_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
)
from tests.factories import CandidateFactory

CV = "Anna Keller\nSenior Python Developer\nSkills: Python, Django, PostgreSQL\nLanguages: English C1"


def test_pdf_text_is_extracted():
    text = cv_text_extract(data=pdf_bytes(CV), filename="cv.pdf")

    assert "Senior Python Developer" in text
    assert "PostgreSQL" in text


def test_docx_paragraphs_and_tables_are_extracted():
    text = cv_text_extract(data=docx_bytes(CV), filename="cv.docx")

    assert "Senior Python Developer" in text
    # The last two lines were written into a table.
    assert "Skills: Python, Django, PostgreSQL" in text
    assert "English C1" in text


def test_plain_text_in_utf8_and_cp1252_is_extracted():
    assert "Zoë" in cv_text_extract(data="Zoë Müller\nPython".encode(), filename="cv.txt")
    assert "Zoë" in cv_text_extract(data="Zoë Müller\nPython".encode("cp1252"), filename="cv.txt")


def test_text_is_normalised_without_nul_and_control_characters():
    text = cv_text_extract(data=b"Python\x00 and\x07  Django\r\n\r\n\tSQL", filename="cv.txt")

    assert text == "Python and Django\nSQL"


def test_long_text_is_cut_at_the_limit():
    text = cv_text_extract(data=b"python " * MAX_TEXT_CHARS, filename="cv.txt")

    assert len(text) == MAX_TEXT_CHARS


def test_scanned_pdf_without_text_layer_says_no_text_could_be_read():
    with pytest.raises(CVTextError, match="no text could be read from the CV"):
        cv_text_extract(data=scanned_pdf_bytes(), filename="scan.pdf")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"%PDF-1.7\n this is not really a pdf \x00\x01", "cv.pdf"),
        (b"PK\x03\x04 broken zip archive", "cv.docx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "cv.docx"),
        (b"\x00\x01\x02\x03" * 20, "cv.bin"),
        (b"", "cv.txt"),
        (b"   \n\t  ", "cv.txt"),
    ],
    ids=["corrupt-pdf", "corrupt-docx", "png-named-docx", "binary", "empty", "blank"],
)
def test_unreadable_files_give_a_clear_error_not_a_crash(data, filename):
    with pytest.raises(CVTextError, match="no text could be read from the CV"):
        cv_text_extract(data=data, filename=filename)


def test_only_the_first_pages_of_a_long_pdf_are_read():
    text = cv_text_extract(data=pdf_bytes("Python developer", pages=MAX_PDF_PAGES + 5), filename="cv.pdf")

    assert f"Page marker {MAX_PDF_PAGES}\n" in f"{text}\n"
    assert f"Page marker {MAX_PDF_PAGES + 1}\n" not in f"{text}\n"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.CV_MAX_BYTES = 2048

    with pytest.raises(CVTextError, match="larger than the limit"):
        cv_text_extract(data=b"python " * 1000, filename="cv.txt")


@pytest.mark.django_db
def test_reading_a_stored_file_over_the_limit_stops_early(settings):
    candidate = attach_cv(CandidateFactory(), b"python " * 1000, "cv.txt")
    settings.CV_MAX_BYTES = 2048

    with pytest.raises(CVTextError, match="larger than the limit of 2 KB"):
        cv_file_read(cv_file=candidate.cv_file)


@pytest.mark.django_db
def test_a_file_missing_from_storage_is_reported():
    candidate = attach_cv(CandidateFactory(), b"Python", "cv.txt")
    candidate.cv_file.storage.delete(candidate.cv_file.name)

    with pytest.raises(CVTextError, match="missing from storage"):
        cv_file_read(cv_file=candidate.cv_file)


def test_utf16_text_with_byte_order_mark_is_extracted():
    assert cv_text_extract(data="Python developer".encode("utf-16"), filename="cv.txt") == "Python developer"


@pytest.mark.django_db
def test_a_storage_failure_is_reported_not_raised(monkeypatch):
    candidate = attach_cv(CandidateFactory(), b"Python", "cv.txt")

    def unavailable(*args, **kwargs):
        raise RuntimeError("object store unavailable")

    monkeypatch.setattr(candidate.cv_file, "open", unavailable)

    with pytest.raises(CVTextError, match="could not be read from storage"):
        cv_file_read(cv_file=candidate.cv_file)


def _peak_rss_mb(who: int) -> float:
    import resource

    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


@pytest.mark.parametrize("declared_bytes", [None, 4096], ids=["honest-headers", "lying-headers"])
def test_a_docx_inflating_to_600_mb_is_refused_as_damaged_or_too_large_under_the_memory_ceiling(
    settings, declared_bytes
):
    import resource

    data = docx_bomb_bytes(inflated_mb=600, declared_bytes=declared_bytes)
    assert len(data) < 1024 * 1024
    before = _peak_rss_mb(resource.RUSAGE_SELF)

    with pytest.raises(CVTextError, match="damaged or too large"):
        cv_text_extract(data=data, filename="cv.docx")

    assert _peak_rss_mb(resource.RUSAGE_SELF) - before < 50  # this process inflated nothing
    # The child that parsed it, run as cv_text_extract runs it, stayed far under the ceiling.
    child = subprocess.run(
        [sys.executable, "-I", str(extraction.CHILD), str(settings.CV_PARSE_MAX_MB), "30", "cv.docx"],
        input=data,
        capture_output=True,
        check=True,
    )
    result = json.loads(child.stdout)
    assert "damaged or too large" in result["error"]
    assert 0 < result["peak_mb"] <= settings.CV_PARSE_MAX_MB


def test_the_parser_cannot_grow_past_the_memory_ceiling(settings):
    settings.CV_PARSE_MAX_MB = 24  # too little even to load the DOCX parser

    with pytest.raises(CVTextError, match="damaged or too large"):
        cv_text_extract(data=docx_bytes(CV), filename="cv.docx")


def test_a_parser_running_past_the_time_limit_is_stopped(settings, monkeypatch, tmp_path):
    from candidates.screening import extraction

    slow = tmp_path / "slow_child.py"
    slow.write_text("import time\ntime.sleep(30)\n")
    monkeypatch.setattr(extraction, "CHILD", slow)
    settings.CV_PARSE_TIMEOUT_SECONDS = 1

    with pytest.raises(CVTextError, match="damaged or too large"):
        cv_text_extract(data=b"Python developer", filename="cv.txt")
