"""Secrets we must read back (OAuth tokens, calendar passwords) kept encrypted at rest: Fernet under a
key derived from SECRET_KEY and a purpose, so one leaked kind of secret does not open another.

Changing SECRET_KEY makes what was stored unreadable: `decrypt` then gives "" and the caller asks
for the secret again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretBox:
    def __init__(self, purpose: str) -> None:
        self.purpose = purpose

    def _fernet(self) -> Fernet:
        # Derived on every use: SECRET_KEY is read when needed, never cached at import.
        digest = hashlib.sha256(f"{self.purpose}:".encode() + settings.SECRET_KEY.encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, value: str) -> str:
        return self._fernet().encrypt(value.encode()).decode() if value else ""

    def decrypt(self, value: str) -> str:
        """The stored secret, or "" when there is none or it cannot be read (another SECRET_KEY)."""
        if not value:
            return ""
        try:
            return self._fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            return ""
