"""Let queries join SQLite's FTS5 table (state only), and give its rank column bm25 weights."""

import django.db.models.deletion
from django.db import migrations, models

import archive.search.tables
from archive.search.engines import SQLiteEngine


def weigh_rank(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            SQLiteEngine().configure(cursor)


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_search_index")]

    operations = [
        migrations.CreateModel(
            name="SQLiteSearchEntry",
            fields=[
                (
                    "utterance",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="sqlite_search_entry",
                        serialize=False,
                        to="archive.utterance",
                    ),
                ),
                (
                    "document",
                    archive.search.tables.FullTextDocument(db_column="archive_utterance_fts"),
                ),
                ("rank", models.FloatField(db_column="rank")),
            ],
            options={"db_table": "archive_utterance_fts", "managed": False},
        ),
        migrations.RunPython(weigh_rank, migrations.RunPython.noop),
    ]
