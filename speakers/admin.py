from django.contrib import admin

from config.admin_slugs import PermanentSlugAdminMixin

from .models import Speaker, SpeakerAlias


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


@admin.register(Speaker)
class SpeakerAdmin(PermanentSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "disambiguation", "slug", "appearance_count"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_appearance_counts()

    @admin.display(ordering="appearance_count", description="appearances")
    def appearance_count(self, speaker):
        return speaker.appearance_count


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "speaker"]
    list_select_related = ["speaker"]
    search_fields = ["name", "key", "speaker__name"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["key"]
