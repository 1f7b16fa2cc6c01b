"""A synthetic archive for benchmarking at scale: ``manage.py generate_archive``.

A seed names one archive: shows over fifteen years, Zipfian hosts and guests,
turns of Zipfian words, with every derived value (appearance counts, aliases,
slugs, the search index) exactly as the curation core would leave it, so
``check_archive`` finds no drift. ``plan`` draws it, ``transcripts`` and
``rows`` turn it into rows, ``write`` writes them through ``archive.bulk``;
``landmarks`` tells a benchmark what to search for and which pages to open.
"""

from .landmarks import ProbeTerms, busiest_host, longest_episode, probe_terms, typical_guest
from .plan import SCALES, ArchivePlan, Scale, plan_archive
from .write import ArchiveNotEmpty, Generated, empty_archive, generate_archive

__all__ = [
    "SCALES",
    "ArchiveNotEmpty",
    "ArchivePlan",
    "Generated",
    "ProbeTerms",
    "Scale",
    "busiest_host",
    "empty_archive",
    "generate_archive",
    "longest_episode",
    "plan_archive",
    "probe_terms",
    "typical_guest",
]
