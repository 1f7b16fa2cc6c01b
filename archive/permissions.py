"""Who may curate: the Curators group and its permissions.

Plain data and one function over model classes, so the data migration (with
historical models) and the test factories (with real ones) build the same group.
"""

CURATORS = "Curators"
# (app label, model, actions). Tombstones and slug redirects are written by the
# curation core only, so curators just see them; lines come from transcripts.
CURATOR_PERMISSIONS = [
    ("archive", "show", ["add", "change", "delete", "view"]),
    ("archive", "episode", ["add", "change", "delete", "view"]),
    ("archive", "appearance", ["add", "change", "delete", "view"]),
    ("archive", "utterance", ["change", "delete", "view"]),
    ("archive", "removedutterance", ["view"]),
    ("speakers", "speaker", ["add", "change", "delete", "view"]),
    ("speakers", "speakeralias", ["add", "change", "delete", "view"]),
    ("speakers", "speakerlink", ["add", "change", "delete", "view"]),
    ("speakers", "speakerslugredirect", ["view"]),
]


def ensure_curators_group(group_model, permission_model):
    """Create the Curators group (if missing) holding exactly its permissions."""
    group, _ = group_model.objects.get_or_create(name=CURATORS)
    permissions = []
    for app_label, model, actions in CURATOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        permissions += permission_model.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    group.permissions.set(permissions)
    return group
