import pytest

from candidates.screening.parsers import CVTextError, docx_unpacked, extract_text, text_normalise
from tests.candidates.screening.cv_files import docx_bomb_bytes, docx_bytes


def test_the_docx_reader_stops_at_the_cap_on_inflated_bytes_whatever_the_headers_declare():
    bomb = docx_bomb_bytes(inflated_mb=8, declared_bytes=None)

    with pytest.raises(CVTextError, match="damaged or too large"):
        docx_unpacked(bomb, limit=2 * 1024 * 1024)


def test_a_docx_whose_headers_understate_a_member_is_damaged():
    with pytest.raises(CVTextError, match="damaged or too large"):
        extract_text(data=docx_bomb_bytes(inflated_mb=2, declared_bytes=4096), filename="cv.docx")


def test_a_docx_within_the_cap_is_read_in_full():
    assert "Skills" in extract_text(data=docx_bytes("Anna\nSkills: Python\nSQL"), filename="cv.docx")


def test_lone_surrogates_and_nul_never_reach_the_text():
    assert text_normalise("Python\x00 dev \ud800") == "Python dev"
