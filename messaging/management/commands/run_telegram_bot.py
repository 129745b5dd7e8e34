from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the Telegram bot worker (long polling)."

    def handle(self, *args, **options):
        raise CommandError("The Telegram bot worker is not built yet (see the Telegram bot issue).")
