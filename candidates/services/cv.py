"""The rules a CV file must meet, wherever it arrives (the bot, the careers form, the services)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

CV_EXTENSIONS = ("pdf", "docx", "txt")
MEGABYTE = 1024 * 1024


def cv_max_mb() -> str:
    """CV_MAX_BYTES in megabytes as a person reads it ("10", "2.5"; "2,5" in Russian)."""
    megabytes = float(f"{settings.CV_MAX_BYTES / MEGABYTE:.3g}")
    return formats.number_format(int(megabytes) if megabytes.is_integer() else megabytes)


def cv_check(*, name: str, size: int | None) -> None:
    """Raise ValidationError, worded for the candidate, unless a file so named and sized may be a CV.
    `size` None (not known before the download) skips the size rules."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CV_EXTENSIONS:
        raise ValidationError(_("The CV must be a PDF, DOCX or TXT file."), code="cv_type")
    if size == 0:
        raise ValidationError(_("The CV file is empty."), code="cv_empty")
    if size is not None and size > settings.CV_MAX_BYTES:
        raise ValidationError(
            _("The CV must be at most %(max_mb)s MB."), code="cv_size", params={"max_mb": cv_max_mb()}
        )
