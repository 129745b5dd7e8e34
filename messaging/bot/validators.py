"""Parsing of what a candidate types during registration. Each parser returns the clean value or
raises `InvalidAnswer` carrying the text to send back."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from messaging.bot import texts

NAME_MAX = 150
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\u2019\-][^\W\d_]+)*\.?$")
PHONE_RE = re.compile(r"^\+?[\d\s().\-]+$")
PHONE_DIGITS = (7, 15)  # E.164 allows at most 15 digits
MIN_AGE, MAX_AGE = 14, 100
DOB_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


class InvalidAnswer(ValueError):
    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


def parse_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > NAME_MAX or not NAME_RE.match(name):
        raise InvalidAnswer(texts.BAD_NAME.format(max=NAME_MAX))
    return name


def parse_phone(text: str) -> str:
    raw = text.strip()
    digits = re.sub(r"\D", "", raw)
    if not PHONE_RE.match(raw) or not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]:
        raise InvalidAnswer(str(texts.BAD_PHONE))
    return ("+" if raw.startswith("+") else "") + digits


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
        raise InvalidAnswer(str(texts.BAD_DOB_FORMAT))
    today = today or timezone.localdate()
    age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise InvalidAnswer(texts.BAD_DOB_AGE.format(min=MIN_AGE, max=MAX_AGE))
    return dob
