"""The full-text index: a weighted tsvector column on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

from archive.search.engines import CHUNK, engine_for


def create_index(apps, schema_editor):
    engine = engine_for(schema_editor.connection.vendor)
    ids = list(apps.get_model("archive", "Utterance").objects.values_list("pk", flat=True))
    with schema_editor.connection.cursor() as cursor:
        engine.create(cursor)
        for start in range(0, len(ids), CHUNK):
            engine.reindex(cursor, ids[start : start + CHUNK])


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        engine_for(schema_editor.connection.vendor).drop(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_episode_audio_url_path"),
        ("speakers", "0003_published_verbose_name"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
