"""Text of a CV file: PDF (pypdf), DOCX (python-docx) or plain text, within size and page limits.

Every failure becomes a `CVTextError` whose message is shown to HR as is, so it says what went
wrong in plain words; no exception of a parser ever escapes from here.
"""

import io
import logging
import re
import zipfile

import docx
from django.conf import settings
from django.db.models.fields.files import FieldFile
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 30
MAX_TEXT_CHARS = 60_000
# A DOCX is a zip: its unpacked size is checked before parsing so a zip bomb cannot exhaust memory.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
NO_TEXT = "no text could be read from the CV"


class CVTextError(Exception):
    """The CV exists but gives no usable text; the message is meant for HR."""


def cv_file_read(*, cv_file: FieldFile) -> bytes:
    limit = settings.CV_MAX_BYTES
    try:
        with cv_file.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        logger.warning("CV file %s is missing from storage", cv_file.name)
        raise CVTextError("the CV file is missing from storage") from None
    except Exception:  # any storage backend: a read failure must not lose the analysis
        logger.exception("CV file %s cannot be read", cv_file.name)
        raise CVTextError("the CV file could not be read from storage") from None
    if len(data) > limit:
        raise CVTextError(f"the CV file is larger than the limit of {limit // 1024} KB")
    return data


def cv_text_extract(*, data: bytes, filename: str = "") -> str:
    """Return the normalised text of a CV file, or raise CVTextError saying why there is none."""
    if len(data) > settings.CV_MAX_BYTES:
        raise CVTextError(f"the CV file is larger than the limit of {settings.CV_MAX_BYTES // 1024} KB")
    kind = _file_kind(data=data, filename=filename)
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    elif kind == "text":
        text = _plain_text(data)
    else:
        raise CVTextError(f"{NO_TEXT}: unsupported file type (PDF, DOCX or TXT are read)")
    text = text_normalise(text)
    if not text:
        raise CVTextError(f"{NO_TEXT} (a scanned document without a text layer, or an empty file)")
    return text


def text_normalise(text: str) -> str:
    # PostgreSQL text cannot hold NUL; other control characters only get in the way of matching.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\s*\n\s*", "\n", text)
    return text.strip()[:MAX_TEXT_CHARS]


def _file_kind(*, data: bytes, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if extension in ("docx", "") else "unsupported"
    if extension in ("pdf", "docx", "doc", "odt", "rtf", "png", "jpg", "jpeg"):
        # The extension promises a binary format the content does not have: a damaged file.
        if extension in ("pdf", "docx"):
            raise CVTextError(f"{NO_TEXT}: the {extension.upper()} file is damaged")
        return "unsupported"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with its byte order mark
    if extension in ("txt", "text", "md"):
        # Declared as text: a stray NUL does not make it binary.
        data = data.replace(b"\x00", b"")
    return "text" if _looks_like_text(data) else "unsupported"


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8 text.
        if exc.start >= len(sample) - 3:
            return True
    # A legacy 8-bit encoding: text if nearly every character is printable.
    decoded = sample.decode("cp1252", errors="replace")
    printable = sum(1 for char in decoded if char.isprintable() or char in "\r\n\t")
    return printable >= 0.95 * len(decoded)


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CVTextError(f"{NO_TEXT}: the PDF is password-protected")
        pages = []
        for page in reader.pages[:MAX_PDF_PAGES]:
            pages.append(page.extract_text() or "")
            if sum(map(len, pages)) > MAX_TEXT_CHARS:
                break
    except CVTextError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        logger.info("PDF CV could not be parsed: %r", exc)
        raise CVTextError(f"{NO_TEXT}: the PDF file is damaged") from None
    return "\n".join(pages)


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNPACKED_BYTES:
                raise CVTextError(f"{NO_TEXT}: the DOCX file unpacks to more than the allowed size")
        document = docx.Document(io.BytesIO(data))
        parts = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
    except CVTextError:
        raise
    except Exception as exc:  # python-docx and zipfile raise many types on damaged files
        logger.info("DOCX CV could not be parsed: %r", exc)
        raise CVTextError(f"{NO_TEXT}: the DOCX file is damaged") from None
    return "\n".join(parts)


def _plain_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
