"""Slugs are part of public URLs: the admin sets them once and never changes them."""


class PermanentSlugAdminMixin:
    """Prepopulate ``slug`` on the add page; show it read-only afterwards."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)
