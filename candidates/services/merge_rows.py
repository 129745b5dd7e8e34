"""Re-pointing rows from one record to another by their foreign key (merges and their undo)."""

from django.db import models
from django.utils import timezone


def rows_move(
    relations, source: models.Model, target: models.Model, only: dict | None = None
) -> dict[str, list]:
    moved: dict[str, list] = {}
    now = timezone.now()
    for key, model, field in relations:
        rows = model._base_manager.filter(**{field: source})
        if only is not None:
            rows = rows.filter(pk__in=only.get(key, []))
        pks = list(rows.values_list("pk", flat=True))
        if not pks:
            continue
        changes = {field: target}
        if any(f.name == "updated_at" for f in model._meta.fields):
            changes["updated_at"] = now  # the API's `updated_since` sees them
        model._base_manager.filter(pk__in=pks).update(**changes)
        moved[key] = [str(pk) for pk in pks]
    return moved
