"""What the curation admin's classes share: history entries, publishing, short delete pages."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import model_ngettext
from django.db.models import QuerySet
from django.template.response import TemplateResponse

from .. import curation


def log_change(request, objects: QuerySet, message: str) -> None:
    """One admin-history entry per object, in one query: who did what, bulk actions too."""
    LogEntry.objects.log_actions(request.user.pk, objects, CHANGE, change_message=message)


def selection(request) -> dict:
    """What an action's intermediate page posts back so the action sees the same rows."""
    return {
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across") == "1",
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }


def render_admin(request, model_admin, template: str, title: str, **context):
    """An intermediate admin page (preview, confirmation) with the admin's own chrome."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **context,
    }
    return TemplateResponse(request, template, context)


class CurationAdmin(admin.ModelAdmin):
    """Every archive admin page: any staff member may look; the Curators group may change."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def save_model(self, request, obj, form, change):
        self.save_through_core(obj, form)

    def save_through_core(self, obj, form) -> None:
        """Where a model's form save goes; admins whose model the core writes override it."""
        obj.save()


class CurationInline(admin.TabularInline):
    """Inline rows follow the same rule as their pages: staff may look."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class PublishingAdminMixin:
    """Publish / hide through the curation core, from the list (actions) or the form."""

    actions = ["publish", "hide"]

    @admin.action(permissions=["change"], description="Publish selected %(verbose_name_plural)s")
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(permissions=["change"], description="Hide selected %(verbose_name_plural)s")
    def hide(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        changing = queryset.exclude(is_published=published)
        log_change(request, changing, "Published." if published else "Hidden from visitors.")
        count = curation.set_published(changing, published)
        state = "published" if published else "hidden"
        noun = model_ngettext(self.opts, count)
        self.message_user(request, f"{count} {noun} {state}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        """A ticked or unticked box goes through ``set_published`` like the actions do."""
        flip = change and "is_published" in form.changed_data
        if flip:
            obj.is_published = not obj.is_published
        super().save_model(request, obj, form, change)
        if flip:
            obj.is_published = not obj.is_published
            curation.set_published(type(obj).objects.filter(pk=obj.pk), obj.is_published)


class CuratedDeleteMixin:
    """Deletes go through a curation operation, and their confirmation page counts what
    goes along instead of listing every row.

    Subclasses set ``delete_operation`` (a curation function over a queryset) and say
    what goes along in ``deleted_along(objects)``: plural name -> count.
    """

    delete_operation = None

    def delete_model(self, request, obj):
        self.delete_operation(type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        self.delete_operation(queryset)

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        noun = self.opts.verbose_name
        to_delete = [f"{noun.capitalize()}: {obj}" for obj in objs]
        counts = {self.opts.verbose_name_plural: len(objs), **self.deleted_along(objs)}
        return to_delete, {name: n for name, n in counts.items() if n}, set(), []

    def deleted_along(self, objs) -> dict[str, int]:
        return {}
