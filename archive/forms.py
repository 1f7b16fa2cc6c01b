from django import forms
from django.conf import settings
from django.db import DatabaseError

from .formats import FORMATS, TranscriptError
from .ingest import ImportSummary, import_transcript_file, parse_speaker_map
from .models import Episode
from .turns import DEFAULT_MAX_GAP_MS


class TranscriptImportForm(forms.Form):
    """Staff upload of a transcript file for one episode (admin)."""

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
    speaker_map = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='One per line: "Speaker 1=Jane Doe" (a name or slug); "Speaker 3=" for nobody.',
    )
    max_gap_seconds = forms.FloatField(
        initial=DEFAULT_MAX_GAP_MS / 1000,
        min_value=0,
        help_text="A pause longer than this splits one speaker's turn.",
    )
    dry_run = forms.BooleanField(
        required=False, help_text="Report what would change; write nothing."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.TRANSCRIPT_MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size:,} bytes, over the "
                f"{settings.TRANSCRIPT_MAX_BYTES:,}-byte limit."
            )
        return upload

    def import_into(self, episode: Episode) -> ImportSummary | None:
        """Run the importer with the cleaned data; on refusal, None and the reason as an error."""
        if not self.is_valid():
            return None
        upload = self.cleaned_data["file"]
        try:
            return import_transcript_file(
                episode,
                upload.read(),
                source=upload.name,
                format=self.cleaned_data["format"] or None,
                speaker_map=self.cleaned_data["speaker_map"],
                max_gap_ms=round(self.cleaned_data["max_gap_seconds"] * 1000),
                dry_run=self.cleaned_data["dry_run"],
            )
        except TranscriptError as error:
            self.add_error("file", str(error))
        except DatabaseError as error:
            self.add_error(None, f"The database refused the import; nothing was saved ({error}).")
        return None

    def clean_speaker_map(self) -> dict[str, str | None]:
        try:
            return parse_speaker_map(self.cleaned_data["speaker_map"].splitlines())
        except ValueError as error:
            raise forms.ValidationError(str(error).replace("entry", "Line", 1)) from None
