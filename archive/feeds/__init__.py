"""Shows from their RSS feeds: safe fetching, reading the feed, importing it through the core.

``parse`` reads a feed's bytes into plain dataclasses (no database), ``fetch``
gets feeds and transcripts from the open internet without letting a URL reach
inside our network, and ``importer`` writes a parsed feed through
``archive.curation`` and ``archive.ingest``.
"""
