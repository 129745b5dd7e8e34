"""Phone numbers: parsed with `phonenumbers`, stored in E.164 (+79167654321), shown formatted.

A number typed without a country code is read in `PHONE_DEFAULT_REGION` (RU: "8 (916) 765-43-21").
"""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _("Enter a valid phone number, e.g. +7 916 765-43-21 or 8 916 765-43-21.")


class InvalidPhone(ValueError):
    pass


def phone_to_e164(text: str, *, region: str | None = None) -> str:
    """The number in E.164, or `InvalidPhone` when it is not a possible, valid number."""
    raw = (text or "").strip()
    if not raw or len(raw) > 40:
        raise InvalidPhone(raw)
    try:
        number = phonenumbers.parse(raw, region or settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(raw) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """+79167654321 -> "+7 916 765-43-21"; a value that does not parse is shown as stored."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
