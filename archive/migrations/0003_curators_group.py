"""The Curators group: staff in it curate; other staff may only look."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from archive.permissions import CURATORS, ensure_curators_group


def create_curators(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_curators_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_staged_transcripts"),
        ("speakers", "0002_identity_links_redirects_publishing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators, remove_curators)]
