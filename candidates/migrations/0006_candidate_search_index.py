"""The GIN expression index behind the candidate search (PostgreSQL only; SQLite searches with LIKE).

The expression is written out here, not imported, so this migration stays what it was when it ran;
it equals candidates.search.search_vector() (a test checks PostgreSQL uses it).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "candidate_search_gin"


def _index() -> GinIndex:
    vector = (
        SearchVector("fullname", "email", "phone", "cv_text", config="simple")
        + SearchVector("cv_text", config="russian")
        + SearchVector("cv_text", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("candidates", "Candidate"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("candidates", "Candidate"), _index())


class Migration(migrations.Migration):
    dependencies = [("candidates", "0005_candidate_language")]

    operations = [migrations.RunPython(create_index, drop_index)]
