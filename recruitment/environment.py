"""Typed reading of environment variables.

Every parser raises ``ImproperlyConfigured`` naming the variable, so a bad value stops start-up
with a message an operator can act on instead of failing later in some unrelated place.
"""

import ipaddress
import os
import re
import zoneinfo
from collections.abc import Mapping
from urllib.parse import urlparse

import dj_database_url
import phonenumbers
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self.source = os.environ if source is None else source

    def _raw(self, name: str) -> str | None:
        value = self.source.get(name)
        return None if value is None else value.strip()

    def str(self, name: str, default: str = "") -> str:
        value = self._raw(name)
        return default if value is None else value

    def bool(self, name: str, default: bool = False) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}.")

    def int(
        self,
        name: str,
        default: int,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        longer_than: tuple[str, int] | None = None,
    ) -> int:
        """`longer_than=(OTHER, value)` requires more than another setting's value."""
        value = self._raw(name)
        number = default if value is None or value == "" else self._whole_number(name, value)
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}.")
        if longer_than is not None and number <= longer_than[1]:
            other, limit = longer_than
            raise ImproperlyConfigured(f"{name} must be longer than {other}, got {number} <= {limit}.")
        return number

    @staticmethod
    def _whole_number(name: str, value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None

    def seconds_list(self, name: str, default: list[float]) -> list[float]:
        """A comma list of non-negative delays in seconds, at least one."""
        items = self.list(name, [str(step) for step in default])
        try:
            steps = [float(item) for item in items]
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a comma list of seconds, got {','.join(items)!r}."
            ) from None
        if not steps or any(step < 0 for step in steps):
            raise ImproperlyConfigured(f"{name} must list at least one non-negative delay.")
        return steps

    def timezone(self, name: str, default: str) -> str:
        value = self._raw(name) or default
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"{name} must be an IANA time zone such as Europe/Berlin, got {value!r}."
            ) from None
        return value

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = (self._raw(name) or default).lower()
        if value not in choices:
            allowed = ", ".join(choices)
            raise ImproperlyConfigured(f"{name} must be one of {allowed}; got {value!r}.")
        return value

    def token(self, name: str, *, pattern: str, what: str, required_because: str = "") -> str:
        """A secret that must match `pattern` (described by `what`); the error never quotes the value."""
        value = self.str(name)
        if not value and required_because:
            raise ImproperlyConfigured(f"{name} must be set when {required_because}.")
        if value and not re.fullmatch(pattern, value):
            raise ImproperlyConfigured(f"{name} must be {what}.")
        return value

    def phone_region(self, name: str, default: str) -> str:
        """An ISO 3166 region that `phonenumbers` knows (RU, DE, ...), upper-cased."""
        value = (self._raw(name) or default).upper()
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ImproperlyConfigured(f"{name} must be a two-letter region code such as RU, got {value!r}.")
        return value

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None:
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    def ip_networks(self, name: str) -> "list[str]":  # `list` is a method name here
        """A comma list of IP addresses or CIDR networks (empty when unset)."""
        items = self.list(name, [])
        for item in items:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ImproperlyConfigured(
                    f"{name} must list IP addresses or networks, got {item!r}."
                ) from None
        return items

    def url(
        self,
        name: str,
        default: str = "",
        *,
        schemes: tuple[str, ...] = ("http", "https"),
        required_because: str = "",
    ) -> str:
        """`required_because` names the setting that makes this URL required (empty: optional)."""
        value = self._raw(name)
        if not value and required_because:
            raise ImproperlyConfigured(f"{name} must be set when {required_because}.")
        if not value:
            return default
        parsed = urlparse(value)
        if parsed.scheme not in schemes or not parsed.netloc:
            allowed = "/".join(schemes)
            raise ImproperlyConfigured(
                f"{name} must be an absolute {allowed} URL such as {schemes[0]}://host, got {value!r}."
            )
        return value.rstrip("/")

    def database(self, name: str, default: str) -> dict:
        value = self._raw(name) or default
        scheme = urlparse(value).scheme
        if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
            raise ImproperlyConfigured(f"{name} must be a sqlite:/// or postgres:// URL, got {value!r}.")
        try:
            config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        except Exception as exc:  # dj-database-url raises several types for malformed URLs
            raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
        if scheme != "sqlite" and not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} must name a database, got {value!r}.")
        return config
