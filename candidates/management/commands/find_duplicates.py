"""`python manage.py find_duplicates`: list probable duplicates of every candidate for HR now
(the beat task does it nightly); prints how many new pairs were found."""

from django.core.management.base import BaseCommand

from candidates.services import duplicates_detect_all


class Command(BaseCommand):
    help = "Find probable duplicate candidates (never merged automatically; HR decides in the admin)."

    def handle(self, *args, **options) -> None:
        found = duplicates_detect_all()
        self.stdout.write(f"{found} new possible duplicate pair(s).")
