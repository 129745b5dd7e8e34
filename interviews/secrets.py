"""An interviewer's CalDAV password at rest: encrypted with Fernet under a key derived from SECRET_KEY.

Changing SECRET_KEY makes the stored passwords unreadable: the calendar sync then reports it and
HR types the password again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"interviews.caldav:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def secret_encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def secret_decrypt(value: str) -> str:
    """The stored secret, or "" when there is none or it cannot be read (another SECRET_KEY)."""
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return ""
