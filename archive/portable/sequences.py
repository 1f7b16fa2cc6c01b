"""After rows arrive with their own ids, new rows must still get fresh ones.

Rows inserted with explicit ids leave PostgreSQL's sequences where they were
(the next new show would take id 1 and fail); SQLite's AUTOINCREMENT counter
follows the largest id inserted by itself. Either way a new utterance must
also stay clear of every tombstoned id, which may be above the largest live
one (the newest lines deleted): its counter goes past both.
"""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from ..models import RemovedUtterance, Utterance


def advance_past_restored_ids(restored: list[type[models.Model]]) -> None:
    """Move the id counters of ``restored`` models past their rows, utterances' past
    tombstones too. A query or two per model."""
    floor = max(_largest_id(Utterance), _largest_id(RemovedUtterance))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), restored):
                cursor.execute(statement)
            if floor > _largest_id(Utterance):
                table = connection.ops.quote_name(Utterance._meta.db_table)
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, floor]
                )
        elif connection.vendor == "sqlite":
            _lift_sqlite_counter(cursor, Utterance._meta.db_table, floor)


def _largest_id(model: type[models.Model]) -> int:
    return model.objects.aggregate(largest=Max("pk"))["largest"] or 0


def _lift_sqlite_counter(cursor, table: str, floor: int) -> None:
    """``sqlite_sequence`` holds each AUTOINCREMENT table's largest id ever handed out."""
    if not floor:
        return
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    row = cursor.fetchone()
    if row is None:
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, floor])
    elif row[0] < floor:
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [floor, table])
