"""An interviewer's CalDAV password at rest (core.secrets_at_rest). Changing SECRET_KEY makes the stored
passwords unreadable: the calendar sync then reports it and HR types the password again."""

from core.secrets_at_rest import SecretBox

_BOX = SecretBox("interviews.caldav")
secret_encrypt = _BOX.encrypt
secret_decrypt = _BOX.decrypt
