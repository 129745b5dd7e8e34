"""Demo data is contributed by each app: an app with a `demo` module takes part in `seed_demo`.

core imports no project app, so the command finds the contributions through the app registry, in
INSTALLED_APPS order (an app's demo data may rely on the apps listed before it). A `demo` module
may define `seed_demo() -> str` (idempotent; returns a one-line summary), `seed_bulk(count) -> str`
(adds `count` rows quickly, for benchmarks) and `demo_links() -> list[tuple[str, str]]` (what
`run_dev` prints).
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def demo_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "demo"):
            yield import_module(f"{config.name}.demo")
