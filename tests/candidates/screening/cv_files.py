"""CV files built by the tests: real PDF (fpdf2), DOCX (python-docx) and TXT bytes."""

import io
from pathlib import Path

import docx
import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF

from candidates.models import Candidate

# A Unicode TTF for Cyrillic text (Debian's fonts-dejavu-core; .ci/run installs it): fpdf2's core
# fonts only cover Latin-1.
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_bytes(text: str, *, pages: int = 1) -> bytes:
    pdf = FPDF()
    try:
        text.encode("latin-1")
        pdf.set_font("Helvetica", size=10)
    except UnicodeEncodeError:
        if not UNICODE_FONT.exists():
            pytest.skip(
                f"a non-Latin PDF needs {UNICODE_FONT} (Debian's fonts-dejavu-core), which is missing"
            )
        pdf.add_font("DejaVu", fname=str(UNICODE_FONT))
        pdf.set_font("DejaVu", size=10)
    for number in range(pages):
        pdf.add_page()
        page_text = text if pages == 1 else f"{text}\nPage marker {number + 1}"
        pdf.multi_cell(0, 5, page_text)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF with drawings only, like a scan: no text layer at all."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    lines = text.splitlines()
    for line in lines[:-2]:
        document.add_paragraph(line)
    # The last lines go into a table: CVs often keep skills in one, and it must be read too.
    table = document.add_table(rows=1, cols=max(1, len(lines[-2:])))
    for cell, line in zip(table.rows[0].cells, lines[-2:], strict=False):
        cell.text = line
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def cv_bytes(text: str, file_format: str) -> bytes:
    if file_format == "pdf":
        return pdf_bytes(text)
    if file_format == "docx":
        return docx_bytes(text)
    return text.encode("utf-8")


def attach_cv(candidate: Candidate, data: bytes, filename: str) -> Candidate:
    candidate.cv_file.save(filename, ContentFile(data), save=False)
    candidate.cv_filename = filename
    candidate.save()
    # The CV sent with the candidate's applications (as the bot's apply step stores it).
    candidate.applications.update(cv_file=candidate.cv_file.name, cv_filename=filename, cv_text="")
    return candidate


def docx_bomb_bytes(*, inflated_mb: int = 600, declared_bytes: int | None = None) -> bytes:
    """A DOCX whose document.xml inflates to `inflated_mb`; its zip headers may lie about that size."""
    import struct
    import zipfile

    template = zipfile.ZipFile(io.BytesIO(docx_bytes("Anna Keller\nPython\nDjango")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, template.read(info))
        with bomb.open("word/document.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    if declared_bytes is not None:  # rewrite the uncompressed size in the local and central headers
        name = b"word/document.xml"
        for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
            start = 0
            while (start := data.find(signature, start)) != -1:
                if data[start + name_at : start + name_at + len(name)] == name:
                    struct.pack_into("<I", data, start + size_at, declared_bytes)
                start += 4
    return bytes(data)
