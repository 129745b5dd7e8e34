"""Text of a CV file: PDF (pypdf), DOCX (python-docx) or plain text, within size and page limits.

The parsing itself (`parsers`) runs in a child process (`parse_child`) with an address-space limit
(`CV_PARSE_MAX_MB`) and a time limit (`CV_PARSE_TIMEOUT_SECONDS`), so no file, however crafted, can
take a worker past that ceiling: the child fails instead and the CV is "damaged or too large".
Every failure becomes a `CVTextError` whose message is shown to HR as is, so it says what went
wrong in plain words; no exception of a parser ever escapes from here.
"""

import json
import logging
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db.models.fields.files import FieldFile

from candidates.screening.parsers import (
    DAMAGED_OR_TOO_LARGE,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    NO_TEXT,
    CVTextError,
    text_normalise,
)

logger = logging.getLogger(__name__)
CHILD = Path(__file__).with_name("parse_child.py")

__all__ = [
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "NO_TEXT",
    "CVTextError",
    "cv_file_read",
    "cv_text_extract",
    "text_normalise",
]


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
    timeout = settings.CV_PARSE_TIMEOUT_SECONDS
    command = [sys.executable, "-I", str(CHILD), str(settings.CV_PARSE_MAX_MB), str(timeout), filename]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        logger.warning("Parsing the CV %r took longer than %s s: stopped", filename[:80], timeout)
        raise CVTextError(DAMAGED_OR_TOO_LARGE) from None
    try:
        result = json.loads(done.stdout)
    except ValueError:
        # Killed by a limit (or crashed in a C extension): nothing readable came back.
        logger.warning("The CV parser of %r ended with %s", filename[:80], done.returncode)
        raise CVTextError(DAMAGED_OR_TOO_LARGE) from None
    if "error" in result:
        raise CVTextError(result["error"])
    return result["text"]
