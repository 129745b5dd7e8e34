"""CV parsers free of Django, run inside the bounded child process (`parse_child`).

Every failure becomes a `CVTextError` whose message is shown to HR as is. A DOCX is a zip: each
member is read through a streaming reader that counts the bytes it actually inflates, so a zip bomb
or a header that lies about a member's size stops at the cap instead of exhausting memory.
"""

import io
import re
import zipfile

MAX_PDF_PAGES = 30
MAX_TEXT_CHARS = 60_000
MAX_DOCX_UNPACKED_BYTES = 20 * 1024 * 1024  # inflated bytes of all members together
MAX_DOCX_MEMBERS = 500
NO_TEXT = "no text could be read from the CV"
DAMAGED_OR_TOO_LARGE = f"{NO_TEXT}: the file is damaged or too large to read"


class CVTextError(Exception):
    """The CV exists but gives no usable text; the message is meant for HR."""


def extract_text(*, data: bytes, filename: str = "") -> str:
    """The normalised text of a CV file, or CVTextError saying why there is none."""
    kind = file_kind(data=data, filename=filename)
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
    text = text[: MAX_TEXT_CHARS * 4]
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)
    text = re.sub(r"[\ud800-\udfff]", "", text)  # lone surrogates cannot be stored either
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\s*\n\s*", "\n", text)
    return text.strip()[:MAX_TEXT_CHARS]


def file_kind(*, data: bytes, filename: str) -> str:
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
    from pypdf import PdfReader  # imported by the child only for a PDF: less memory under RLIMIT_AS

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CVTextError(f"{NO_TEXT}: the PDF is password-protected")
        pages, length = [], 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            pages.append(text)
            length += len(text)
            if length > MAX_TEXT_CHARS:
                break
    except (CVTextError, MemoryError):
        raise
    except Exception:  # pypdf raises many types on damaged files
        raise CVTextError(DAMAGED_OR_TOO_LARGE) from None
    return "\n".join(pages)


def docx_unpacked(data: bytes, *, limit: int = MAX_DOCX_UNPACKED_BYTES) -> bytes:
    """The DOCX re-packed without compression, each member read in bounded chunks.

    The cap counts the bytes the decompressor really produced, whatever the headers declare; a
    member whose headers lie is cut by zipfile at the declared size and then fails its CRC check.
    """
    total = 0
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(packed, "w") as copy:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_DOCX_MEMBERS:
            raise CVTextError(DAMAGED_OR_TOO_LARGE)
        for info in members:
            chunks = []
            with archive.open(info) as member:
                while chunk := member.read(64 * 1024):
                    total += len(chunk)
                    if total > limit:
                        raise CVTextError(DAMAGED_OR_TOO_LARGE)
                    chunks.append(chunk)
            copy.writestr(info.filename, b"".join(chunks))
    return packed.getvalue()


def _docx_text(data: bytes) -> str:
    import docx  # imported by the child only for a DOCX: less memory under RLIMIT_AS

    try:
        document = docx.Document(io.BytesIO(docx_unpacked(data)))
        parts = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
    except (CVTextError, MemoryError):
        raise
    except Exception:  # python-docx and zipfile raise many types on damaged files
        raise CVTextError(DAMAGED_OR_TOO_LARGE) from None
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
