"""Reads whose SQL Django compiles once per process, for the API's hottest paths.

Compiling a queryset (`as_sql`) costs more than PostgreSQL takes to answer a lookup by primary key.
A PreparedQuery builds its queryset once per database, with a placeholder for its one parameter,
keeps the SQL, and from then on only puts the parameter in, runs the SQL and converts the rows with
the ORM's own converters (so the values are those `values_list` gives). The queryset must take
nothing else from the moment it runs: no `now()`, no settings, only the parameter.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import Field, QuerySet


class PreparedQuery:
    """`build(value)` is a `values_list` queryset; `field` says how the value goes to the database."""

    def __init__(self, build: Callable[[Any], QuerySet], *, field: Field, placeholder: Any = None) -> None:
        self.build = build
        self.field = field
        self.placeholder = placeholder if placeholder is not None else uuid.uuid4()
        self._compiled: dict[str, tuple[Any, str, list, list[int]]] = {}

    def _compile(self, using: str) -> tuple[Any, str, list, list[int]]:
        connection = connections[using]
        compiler = self.build(self.placeholder).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        marker = self.field.get_db_prep_value(self.placeholder, connection)
        slots = [index for index, param in enumerate(params) if param == marker]
        if not slots:
            raise ValueError("The prepared queryset does not use its parameter.")
        return compiler, sql, list(params), slots

    def rows(self, value: Any, *, using: str = "default") -> list[tuple]:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        compiler, sql, params, slots = compiled
        connection = connections[using]
        params = list(params)
        prepared = self.field.get_db_prep_value(value, connection)
        for index in slots:
            params[index] = prepared
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))
