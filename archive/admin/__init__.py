"""The curation admin: every write goes through ``archive.curation``."""

from . import episodes, people, shows, utterances

__all__ = ["episodes", "people", "shows", "utterances"]
