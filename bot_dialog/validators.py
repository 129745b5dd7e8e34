"""Parsing of what a candidate types during registration. Each parser returns the clean value or
raises `InvalidAnswer` carrying the text to send back."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from bot_dialog import texts
from candidates.applicant_age import MAX_AGE, MIN_AGE, age_allowed
from candidates.phones import InvalidPhone, phone_to_e164

NAME_MAX = 150
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\u2019\-][^\W\d_]+)*\.?$")
DOB_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
# Written in one of those formats, whether or not the calendar has that day (31.02.1994).
DATE_SHAPE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{1,2}-\d{1,2}")


class InvalidAnswer(ValueError):
    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


def parse_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > NAME_MAX or not NAME_RE.match(name):
        raise InvalidAnswer(texts.BAD_NAME.format(max=NAME_MAX))
    return name


def parse_phone(text: str, *, shared: bool = False) -> str:
    """The number in E.164. A shared contact's number is international even without its "+"."""
    raw = text.strip()
    if shared and not raw.startswith("+"):
        raw = "+" + raw
    try:
        return phone_to_e164(raw)
    except InvalidPhone:
        raise InvalidAnswer(str(texts.BAD_PHONE)) from None


def parse_email(text: str) -> str:
    email = text.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidAnswer(str(texts.BAD_EMAIL))
    if len(email) > 254:
        raise InvalidAnswer(str(texts.BAD_EMAIL))
    return email


def parse_dob(text: str, *, today: dt.date | None = None) -> dt.date:
    raw = text.strip()
    for fmt in DOB_FORMATS:
        try:
            dob = dt.datetime.strptime(raw, fmt).date()
            break
        except ValueError:
            continue
    else:
        no_such_day = DATE_SHAPE.fullmatch(raw) is not None
        raise InvalidAnswer(str(texts.BAD_DOB_NO_SUCH_DAY if no_such_day else texts.BAD_DOB_FORMAT))
    if not age_allowed(dob, today or timezone.localdate()):
        raise InvalidAnswer(texts.BAD_DOB_AGE.format(min=MIN_AGE, max=MAX_AGE))
    return dob
