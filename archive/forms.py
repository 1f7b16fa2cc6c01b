from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils import timezone

from speakers.models import Speaker
from speakers.resolve import check_name

from .formats import FORMATS, TranscriptError, read_transcript
from .ingest import configured_limits
from .labels import LabelKind
from .models import Episode, StagedTranscript, Utterance
from .preview import Action, Choice, LabelPreview
from .turns import DEFAULT_MAX_GAP_MS

# An upload nobody confirmed is swept after this long.
STAGED_LIFETIME = timedelta(days=1)


def speaker_autocomplete() -> AutocompleteSelect:
    """The admin's speaker search box, for forms outside a ModelAdmin."""
    return AutocompleteSelect(Utterance._meta.get_field("speaker"), admin.site)


class TranscriptUploadForm(forms.Form):
    """Step one of an upload: the file, read at once so errors name their line or cue."""

    file = forms.FileField(
        help_text=(
            "WebVTT, SRT, JSON (Podcasting 2.0, Whisper, AssemblyAI, Deepgram, Amazon "
            "Transcribe), HTML, or a text export (Otter, Rev, iHeart, Markdown, Name: text)."
        )
    )
    format = forms.ChoiceField(
        required=False,
        choices=[("", "Detect from content"), *((n, m.TITLE) for n, m in FORMATS.items())],
    )
    max_gap_seconds = forms.FloatField(
        initial=DEFAULT_MAX_GAP_MS / 1000,
        min_value=0,
        help_text="A pause longer than this splits one speaker's turn.",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > settings.TRANSCRIPT_MAX_BYTES:
            self.add_error(
                "file",
                f"{upload.name} is {upload.size:,} bytes, over the "
                f"{settings.TRANSCRIPT_MAX_BYTES:,}-byte limit.",
            )
            return cleaned
        cleaned["data"] = upload.read()
        try:
            read_transcript(
                cleaned["data"],
                source=upload.name,
                format=cleaned.get("format") or None,
                limits=configured_limits(),
            )
        except TranscriptError as error:
            self.add_error("file", str(error))
        return cleaned

    def stage(self, episode: Episode, user) -> StagedTranscript:
        """Keep the upload until its curator confirms; sweep what nobody confirmed."""
        StagedTranscript.objects.filter(created_at__lt=timezone.now() - STAGED_LIFETIME).delete()
        return StagedTranscript.objects.create(
            episode=episode,
            uploaded_by=user,
            file_name=self.cleaned_data["file"].name,
            data=self.cleaned_data["data"],
            format=self.cleaned_data["format"],
            max_gap_ms=round(self.cleaned_data["max_gap_seconds"] * 1000),
        )


class LabelMappingForm(forms.Form):
    """Who one speaker label is: someone in the archive, someone new, or nobody."""

    label = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[
            (Action.EXISTING.value, "Existing speaker"),
            (Action.NEW.value, "New speaker"),
            (Action.NOBODY.value, "Leave unattributed"),
        ],
        widget=forms.RadioSelect,
    )
    speaker = forms.ModelChoiceField(
        Speaker.objects.all(), required=False, widget=speaker_autocomplete()
    )
    new_name = forms.CharField(required=False, max_length=200, label="Name")

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == Action.EXISTING.value and not cleaned.get("speaker"):
            self.add_error("speaker", "Choose the speaker, or pick another option.")
        if action == Action.NEW.value:
            try:
                check_name(cleaned.get("new_name", ""))
            except ValueError as error:
                self.add_error("new_name", str(error).capitalize() + ".")
        return cleaned

    @property
    def choice(self) -> Choice:
        action = Action(self.cleaned_data["action"])
        return Choice(
            action,
            speaker=self.cleaned_data["speaker"] if action is Action.EXISTING else None,
            name=self.cleaned_data["new_name"].strip() if action is Action.NEW else "",
        )

    @staticmethod
    def initial_for(label: LabelPreview) -> dict:
        return {
            "label": label.label,
            "action": label.suggestion.action.value,
            "speaker": label.suggestion.speaker,
            "new_name": label.suggestion.name
            or (label.name if label.kind is LabelKind.PERSON else ""),
        }


class BaseLabelMappingFormSet(forms.BaseFormSet):
    def choices(self) -> dict[str, Choice]:
        return {form.cleaned_data["label"]: form.choice for form in self.forms}


LabelMappingFormSet = forms.formset_factory(
    LabelMappingForm, formset=BaseLabelMappingFormSet, extra=0
)


class ReattributeForm(forms.Form):
    """The admin action's second step: who the selected lines are."""

    speaker = forms.ModelChoiceField(
        Speaker.objects.all(),
        required=False,
        widget=speaker_autocomplete(),
        help_text="Leave empty to make the lines unattributed.",
    )
    same_label = forms.BooleanField(
        required=False,
        label="Every line with the same label",
        help_text="Also every other line of these episodes with the selected lines' labels.",
    )
