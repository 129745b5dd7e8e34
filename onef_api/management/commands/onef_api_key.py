"""`onef_api_key create NAME [--scopes read,write] [--expires 2027-01-01]` prints a new key once;
`list` shows keys; `rotate PREFIX` prints a new key like an old one (both work until the old one is
revoked); `revoke PREFIX` revokes one."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onef_api.models import ApiKey, ApiScope
from onef_api.services import api_key_create, api_key_revoke, api_key_rotate


def parse_scopes(value: str) -> list[str]:
    scopes = sorted({scope.strip() for scope in value.split(",") if scope.strip()})
    unknown = set(scopes) - set(ApiScope.values)
    if not scopes or unknown:
        raise CommandError(f"--scopes takes a comma-separated list of: {', '.join(ApiScope.values)}.")
    return scopes


def parse_expiry(value: str | None) -> dt.datetime | None:
    """A date (the key stops working at 00:00 UTC that day) or an ISO-8601 time (UTC if naive)."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--expires takes a date or time in ISO-8601 (2027-01-01), not {value!r}."
        ) from None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = "Manage OneF API keys: create NAME [--scopes read,write] [--expires DATE] | list | rotate PREFIX | revoke PREFIX"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a key and print it once.")
        create.add_argument("name")
        create.add_argument("--scopes", default="read,write", help="read, write or read,write (default).")
        create.add_argument("--expires", default=None, help="ISO-8601 date or time; default: never.")
        actions.add_parser("list", help="List keys (never the keys themselves).")
        rotate = actions.add_parser("rotate", help="Create a new key like the one with this prefix.")
        rotate.add_argument("prefix")
        revoke = actions.add_parser("revoke", help="Revoke the key with this prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _print_new(self, api_key: ApiKey, raw_key: str) -> None:
        self.stderr.write(
            f"Created API key {api_key.name!r} (scopes: {', '.join(api_key.scopes)}). "
            "It is shown only now; store it safely:"
        )
        self.stdout.write(raw_key)

    def _create(self, *, name: str, scopes: str, expires: str | None, **options) -> None:
        try:
            api_key, raw_key = api_key_create(
                name=name, scopes=parse_scopes(scopes), expires_at=parse_expiry(expires)
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self._print_new(api_key, raw_key)

    def _list(self, **options) -> None:
        for api_key in ApiKey.objects.all():
            state = f"revoked {api_key.revoked_at:%Y-%m-%d %H:%M}" if api_key.revoked_at else "active"
            if api_key.expires_at:
                state += f", expires {api_key.expires_at:%Y-%m-%d %H:%M}"
            last_used = f"{api_key.last_used_at:%Y-%m-%d %H:%M}" if api_key.last_used_at else "never"
            if api_key.last_used_ip:
                last_used += f" from {api_key.last_used_ip}"
            self.stdout.write(
                f"{api_key.prefix}  {api_key.name}  [{','.join(api_key.scopes)}]  {state}  last used: {last_used}"
            )

    def _one(self, prefix: str) -> ApiKey:
        matches = list(ApiKey.objects.filter(prefix__startswith=prefix)[:2]) if prefix else []
        if len(matches) != 1:
            raise CommandError(f"{len(matches) or 'No'} keys match {prefix!r}; give a unique prefix.")
        return matches[0]

    def _rotate(self, *, prefix: str, **options) -> None:
        old = self._one(prefix)
        self._print_new(*api_key_rotate(api_key=old))
        self.stderr.write(f"{old} still works: revoke it with `onef_api_key revoke {old.prefix}` once moved.")

    def _revoke(self, *, prefix: str, **options) -> None:
        api_key = self._one(prefix)
        if api_key_revoke(api_key=api_key):
            self.stdout.write(f"Revoked {api_key}.")
        else:
            self.stdout.write(f"{api_key} was already revoked.")
