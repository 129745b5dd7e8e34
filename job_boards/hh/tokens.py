"""The employer's OAuth tokens at rest: encrypted with Fernet under a key derived from SECRET_KEY.

Changing SECRET_KEY makes the stored tokens unreadable: the set-up page then asks HR to connect again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"job_boards.hh.tokens:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def token_encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def token_decrypt(value: str) -> str:
    """The stored token, or "" when there is none or it cannot be read (another SECRET_KEY)."""
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return ""
