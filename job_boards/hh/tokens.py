"""The employer's OAuth tokens at rest (core.secrets_at_rest). Changing SECRET_KEY makes the stored
tokens unreadable: the set-up page then asks HR to connect again."""

from core.secrets_at_rest import SecretBox

_BOX = SecretBox("job_boards.hh.tokens")
token_encrypt = _BOX.encrypt
token_decrypt = _BOX.decrypt
