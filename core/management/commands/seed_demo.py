"""Idempotent demo data, contributed by each app's `demo` module (see core/demo.py).

Running it again adds nothing; `--candidates N` adds N more anonymous-looking candidates quickly,
for benchmarks.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import demo_modules


class Command(BaseCommand):
    help = "Load idempotent demo data; --candidates N adds N more candidates in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=0, help="Add N more candidates (bulk).")

    def handle(self, *args, candidates: int, **options):
        modules = list(demo_modules())
        with transaction.atomic():
            summaries = [module.seed_demo() for module in modules if hasattr(module, "seed_demo")]
        self.stdout.write(f"Demo data ready: {'; '.join(summaries)}.")
        if candidates > 0:
            for module in modules:
                if hasattr(module, "seed_bulk"):
                    self.stdout.write(module.seed_bulk(candidates) + ".")
