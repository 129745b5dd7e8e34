"""hh.ru's dictionaries for the publish form (GET /dictionaries, /professional_roles, /areas/{id}), in
the reader's language (hh's `locale` parameter: RU or EN) and kept in the cache for
HH_DICTIONARIES_CACHE_HOURS: they change rarely, and the form must not cost three requests a view."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from job_boards.hh.client import HHClient, HHNotFound

# The keys of GET /dictionaries the form offers (each a list of {"id", "name"}; currency: {"code", "name"}).
FORM_DICTIONARIES = ("vacancy_type", "vacancy_billing_type", "employment", "schedule", "experience")
Choices = list[tuple[str, str]]


@dataclass
class Dictionaries:
    lists: dict[str, Choices] = field(default_factory=dict)  # FORM_DICTIONARIES and "currency"
    # (category name, [(role id, role name)]): optgroups of the role select.
    roles: list[tuple[str, Choices]] = field(default_factory=list)


def _locale() -> str:
    return "EN" if (get_language() or "").startswith("en") else "RU"


def _cached(key: str, read):
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, settings.HH_DICTIONARIES_CACHE_HOURS * 3600)
    return value


def _pairs(items: object, key: str = "id") -> Choices:
    rows = items if isinstance(items, list) else []
    return [(str(i[key]), str(i.get("name") or i[key])) for i in rows if isinstance(i, dict) and i.get(key)]


def _read(client: HHClient, locale: str) -> Dictionaries:
    answer = client.get("/dictionaries", locale=locale)
    lists = {name: _pairs(answer.get(name)) for name in FORM_DICTIONARIES}
    lists["currency"] = _pairs(answer.get("currency"), key="code")
    categories = client.get("/professional_roles", locale=locale).get("categories") or []
    roles = [
        (str(c.get("name", "")), _pairs(c.get("roles")))
        for c in categories
        if isinstance(c, dict) and c.get("roles")
    ]
    return Dictionaries(lists=lists, roles=roles)


def hh_dictionaries(*, client: HHClient | None = None) -> Dictionaries:
    """The form's choices; raises HHError when hh.ru cannot give them (nothing is cached then)."""
    locale = _locale()
    return _cached(f"hh:dictionaries:{locale}", lambda: _read(client or HHClient(), locale))


def hh_area_name(*, area_id: str, client: HHClient | None = None) -> str:
    """The name of an area (GET /areas/{id}), "" when hh.ru does not know it."""
    locale = _locale()

    def read() -> str:
        try:
            return str((client or HHClient()).get(f"/areas/{area_id}", locale=locale).get("name") or "")
        except HHNotFound:
            return ""

    return _cached(f"hh:area:{locale}:{area_id}", read)
