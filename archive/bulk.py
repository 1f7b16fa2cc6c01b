"""Writing many rows fast: PostgreSQL's ``COPY`` through psycopg 3, ``executemany`` elsewhere.

``bulk_create`` builds a model instance and a parameter list per row and sends
INSERTs of a thousand rows each; for the hundreds of thousands of rows a long
transcript or the synthetic archive writes, that is most of the time. Here
rows are plain tuples of column values, and their primary keys are taken from
the table's own sequence first, so the caller knows every new id (a quote id
is permanent: it is never guessed from ``max(id)``, which could hand out a
deleted line's id again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``'s table, from its sequence. PostgreSQL only.

    One query. The ids are the sequence's, so no concurrent insert can take them.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write ``rows`` (tuples in ``columns`` order, database column names) into ``model``'s table.

    PostgreSQL: one ``COPY … FROM STDIN``; other databases: ``executemany``.
    Bypasses the ORM: no signals, no defaults, no ``auto_now``; the caller gives
    every column that has no database default. Returns how many rows were written.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join("%s" for _ in columns)
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
            written += len(batch)
    return written
