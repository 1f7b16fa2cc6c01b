"""Lines in the admin: one episode's transcript as a paginated, filterable list with actions."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect

from speakers.models import Speaker

from .. import curation
from ..forms import ReattributeForm
from ..models import Episode, RemovedUtterance, Utterance
from ..search import QueryError
from .base import CuratedDeleteMixin, CurationAdmin, log_change, render_admin, selection


class EpisodeFilter(admin.SimpleListFilter):
    """``?episode=<id>``: the list of one episode's lines (linked from the episode page).

    Offers only the chosen episode, so the filter costs one query however many there are.
    """

    title = "episode"
    parameter_name = "episode"

    def lookups(self, request, model_admin):
        episode = Episode.objects.filter(pk=_int(self.value())).first()
        return [(str(episode.pk), str(episode))] if episode else []

    def queryset(self, request, queryset):
        return queryset.filter(episode_id=_int(self.value())) if self.value() else queryset


class LabelFilter(admin.SimpleListFilter):
    """The chosen episode's speaker labels ("-" for lines without one)."""

    title = "speaker label"
    parameter_name = "label"

    def lookups(self, request, model_admin):
        episode_id = _int(request.GET.get(EpisodeFilter.parameter_name))
        if episode_id is None:
            return []
        labels = (
            Utterance.objects.filter(episode_id=episode_id)
            .order_by("speaker_label")
            .values_list("speaker_label", flat=True)
            .distinct()
        )
        return [(label or "-", label or "(no label)") for label in labels]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(speaker_label="" if self.value() == "-" else self.value())


class SpeakerFilter(admin.SimpleListFilter):
    """The people on the chosen episode, or lines nobody is attributed to."""

    title = "speaker"
    parameter_name = "speaker"

    def lookups(self, request, model_admin):
        episode_id = _int(request.GET.get(EpisodeFilter.parameter_name))
        people = []
        if episode_id is not None:
            on_episode = Speaker.objects.filter(appearances__episode_id=episode_id)
            people = [(str(s.pk), str(s)) for s in on_episode.order_by("name")]
        return [*people, ("none", "Unattributed")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(speaker=None)
        speaker_id = _int(self.value())
        return queryset.filter(speaker_id=speaker_id) if speaker_id else queryset


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@admin.register(Utterance)
class UtteranceAdmin(CuratedDeleteMixin, CurationAdmin):
    list_display = ["sequence", "start_label", "speaker", "speaker_label", "short_text"]
    list_display_links = ["short_text"]
    list_filter = [EpisodeFilter, LabelFilter, SpeakerFilter]
    list_select_related = ["speaker"]
    list_per_page = 100
    ordering = ["episode_id", "sequence"]
    search_fields = ["text"]
    search_help_text = 'Words in the lines or their speaker: "a phrase", -leave-out, OR, prefix*.'
    autocomplete_fields = ["speaker"]
    fields = ["episode", "sequence", "speaker", "speaker_label", "start_ms", "end_ms", "text"]
    readonly_fields = ["episode", "sequence"]
    actions = ["reattribute_selected", "delete_selected"]
    show_full_result_count = False  # a count(*) over a million rows per page view is waste
    delete_operation = staticmethod(curation.delete_utterances)

    def has_add_permission(self, request):
        return False  # lines come from transcripts

    def get_search_results(self, request, queryset, search_term):
        """The public site's full-text search (same syntax), not a LIKE scan of every line."""
        if not search_term.strip():
            return queryset, False
        try:
            return queryset.search(search_term), False
        except QueryError as error:
            self.message_user(request, str(error), messages.WARNING)
            return queryset.none(), False

    @admin.display(description="text")
    def short_text(self, utterance):
        return utterance.text[:120]

    @admin.display(description="at", ordering="start_ms")
    def start_label(self, utterance):
        return utterance.start_label

    def save_model(self, request, obj, form, change):
        """A fix keeps the line's id: the permalink people shared still opens it."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        curation.edit_utterance(obj, **changes)

    def deleted_along(self, objs):
        return {"tombstones (their permalinks will answer 410 Gone)": len(objs)}

    @admin.action(permissions=["change"], description="Attribute selected lines to a speaker…")
    def reattribute_selected(self, request, queryset):
        form = ReattributeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            return self._reattribute(request, queryset, form.cleaned_data)
        labels = queryset.order_by().values("speaker_label").annotate(lines=Count("pk"))
        return render_admin(
            request,
            self,
            "admin/archive/utterance/reattribute.html",
            "Attribute lines to a speaker",
            form=form,
            count=queryset.count(),
            labels=labels.order_by("speaker_label"),
            media=self.media + form.media,
            **selection(request),
        )

    def _reattribute(self, request, queryset, data):
        speaker = data["speaker"]
        lines = queryset
        if data["same_label"]:
            episodes = queryset.values("episode_id")
            labels = queryset.values("speaker_label")
            lines = Utterance.objects.filter(episode_id__in=episodes, speaker_label__in=labels)
        episode_ids = list(lines.order_by().values_list("episode_id", flat=True).distinct())
        count = curation.reattribute(lines, speaker)
        episodes = Episode.objects.filter(pk__in=episode_ids)
        who = f"{speaker} ({speaker.slug})" if speaker else "nobody (unattributed)"
        log_change(request, episodes, f"Attributed {count} lines to {who}.")
        self.message_user(request, f"{count} lines attributed to {who}.", messages.SUCCESS)
        return HttpResponseRedirect(request.get_full_path())


@admin.register(RemovedUtterance)
class RemovedUtteranceAdmin(CurationAdmin):
    """Read-only: the record that keeps deleted quotes' permalinks answering 410."""

    list_display = ["id", "text_start", "episode", "removed_at"]
    list_select_related = ["episode"]
    search_fields = ["=id", "text"]
    date_hierarchy = "removed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="text")
    def text_start(self, removed):
        return removed.text[:100]
