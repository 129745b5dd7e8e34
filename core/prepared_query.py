"""Reads whose SQL Django compiles once per process, for the API's hottest paths.

Compiling a queryset (`as_sql`) costs more than PostgreSQL takes to answer a lookup by primary key.
A PreparedQuery builds its queryset once per database, with a placeholder for its one parameter,
keeps the SQL and the ORM's converters of its columns, and from then on only puts the parameter in,
runs the SQL and converts the rows with those converters (so the values are those `values_list`
gives; working the converters out on every call was about a tenth of the API detail's CPU
in-process, 2–3 % of its rate under load). The queryset must take nothing else from the moment it
runs: no `now()`, no settings, only the parameter.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Field, QuerySet


@dataclass(frozen=True)
class _Compiled:
    """The SQL with its parameters (`slots`: where the one parameter goes) and the columns' converters."""

    compiler: Any
    sql: str
    params: list
    slots: list[int]
    converters: dict


class PreparedQuery:
    """`build(value)` is a `values_list` queryset; `field` says how the value goes to the database."""

    def __init__(self, build: Callable[[Any], QuerySet], *, field: Field, placeholder: Any = None) -> None:
        self.build = build
        self.field = field
        self.placeholder = placeholder if placeholder is not None else uuid.uuid4()
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, using: str) -> _Compiled:
        connection = connections[using]
        compiler = self.build(self.placeholder).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        marker = self.field.get_db_prep_value(self.placeholder, connection)
        slots = [index for index, param in enumerate(params) if param == marker]
        if not slots:
            raise ValueError("The prepared queryset does not use its parameter.")
        columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("A prepared queryset cannot read a composite primary key.")
        return _Compiled(compiler, sql, list(params), slots, compiler.get_converters(columns))

    def rows(self, value: Any, *, using: str = "default") -> list[tuple]:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        connection = connections[using]
        params = list(compiled.params)
        prepared = self.field.get_db_prep_value(value, connection)
        for index in compiled.slots:
            params[index] = prepared
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in fetched]
        return [tuple(row) for row in compiled.compiler.apply_converters(fetched, compiled.converters)]
