"""`onef_api_key create NAME` prints a new key once; `list` shows keys; `revoke PREFIX` revokes one."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onef_api.models import ApiKey
from onef_api.services import api_key_create, api_key_revoke


class Command(BaseCommand):
    help = "Manage OneF API keys: create NAME | list | revoke PREFIX"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a key and print it once.")
        create.add_argument("name")
        actions.add_parser("list", help="List keys (never the keys themselves).")
        revoke = actions.add_parser("revoke", help="Revoke the key with this prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, *, name: str, **options) -> None:
        try:
            api_key, raw_key = api_key_create(name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(f"Created API key {api_key.name!r}. It is shown only now; store it safely:")
        self.stdout.write(raw_key)

    def _list(self, **options) -> None:
        for api_key in ApiKey.objects.all():
            state = f"revoked {api_key.revoked_at:%Y-%m-%d %H:%M}" if api_key.revoked_at else "active"
            last_used = f"{api_key.last_used_at:%Y-%m-%d %H:%M}" if api_key.last_used_at else "never"
            self.stdout.write(f"{api_key.prefix}  {api_key.name}  {state}  last used: {last_used}")

    def _revoke(self, *, prefix: str, **options) -> None:
        matches = list(ApiKey.objects.filter(prefix__startswith=prefix)[:2]) if prefix else []
        if len(matches) != 1:
            raise CommandError(f"{len(matches) or 'No'} keys match {prefix!r}; give a unique prefix.")
        if api_key_revoke(api_key=matches[0]):
            self.stdout.write(f"Revoked {matches[0]}.")
        else:
            self.stdout.write(f"{matches[0]} was already revoked.")
