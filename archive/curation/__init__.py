"""The curation core: the only code that writes utterances, appearances and speaker identity.

Every operation is one transaction that leaves everything derived exact:
appearance utterance and word counts, a tombstone for every vanished quote id,
slug redirects. Admin classes, management commands and importers call these
and do no bookkeeping of their own; ``audit.find_drift`` (``manage.py
check_archive``) proves it by recounting from scratch.
"""

from .credits import Identified, identify_people, identity_url, set_credits
from .lines import (
    EDITABLE_FIELDS,
    credit,
    delete_episodes,
    delete_shows,
    delete_utterances,
    edit_utterance,
    reattribute,
    reattribute_label,
    set_published,
    uncredit,
)
from .people import (
    MergePlan,
    SplitPlan,
    check_new_slug,
    delete_speakers,
    merge_speakers,
    new_speaker,
    plan_merge,
    plan_split,
    rename_speaker_slug,
    save_speaker,
    split_alias,
)
from .transcripts import Provenance, TranscriptChanges, lock_transcript, write_transcript

__all__ = [
    "EDITABLE_FIELDS",
    "Identified",
    "MergePlan",
    "Provenance",
    "SplitPlan",
    "TranscriptChanges",
    "check_new_slug",
    "credit",
    "delete_episodes",
    "delete_shows",
    "delete_speakers",
    "delete_utterances",
    "edit_utterance",
    "identify_people",
    "identity_url",
    "lock_transcript",
    "merge_speakers",
    "new_speaker",
    "plan_merge",
    "plan_split",
    "reattribute",
    "reattribute_label",
    "rename_speaker_slug",
    "save_speaker",
    "set_credits",
    "set_published",
    "split_alias",
    "uncredit",
    "write_transcript",
]
