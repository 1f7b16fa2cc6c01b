"""What a visitor typed, parsed once and written out for each database's full-text engine.

The syntax is the one web search boxes taught everyone: words (all must
match), "an exact phrase", -word or -"a phrase" to leave out, OR between two
alternatives, and word* for a prefix. Parsing is lenient (a missing closing
quote closes at the end), and a query with nothing to search for raises
``QueryError`` with a message for the visitor, never a database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Longest query we parse: past this, the rest is ignored (and the visitor told).
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Words too common to find anything by. Both engines get the same list, so a
# query behaves the same on PostgreSQL (which drops these) and SQLite (which
# would otherwise match nearly every line). A phrase keeps them, unless it is
# made of nothing else.
STOP_WORDS = frozenset(
    {
        *("a", "about", "again", "all", "an", "and", "any", "are", "as", "at", "be", "been"),
        *("both", "but", "by", "can", "did", "do", "does", "don", "each", "few", "for", "from"),
        *("further", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if"),
        *("in", "into", "is", "it", "its", "just", "me", "more", "most", "my", "no", "nor"),
        *("not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "over", "own"),
        *("s", "same", "she", "should", "so", "some", "such", "t", "than", "that", "the"),
        *("their", "them", "then", "there", "these", "they", "this", "to", "too", "under"),
        *("until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which"),
        *("while", "who", "why", "will", "with", "you", "your"),
    }
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


class QueryError(ValueError):
    """A query with nothing to search for; the message is for the visitor."""


@dataclass(frozen=True)
class Term:
    """One word, a phrase (several words in order) or a prefix (``word*``)."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class Clause:
    """Alternatives joined by OR (usually just one); a negated clause leaves lines out."""

    terms: list[Term]
    negated: bool = False


@dataclass
class ParsedQuery:
    clauses: list[Clause]
    notes: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [clause for clause in self.clauses if not clause.negated]

    @property
    def words(self) -> list[str]:
        """Every word searched for (not left out), for "did you mean" style messages."""
        return [word for clause in self.positive for term in clause.terms for word in term.words]


def parse(text: str) -> ParsedQuery:
    """Parse a visitor's query; raises ``QueryError`` when nothing is left to search for."""
    notes = []
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notes.append(f"Only the first {MAX_QUERY_LENGTH} characters were searched for.")
    if text.count('"') % 2:
        notes.append("A closing quote was missing, so the phrase runs to the end.")
    clauses = _clauses(text, notes)
    if len(clauses) > MAX_TERMS:
        clauses = clauses[:MAX_TERMS]
        notes.append(f"Only the first {MAX_TERMS} terms were searched for.")
    parsed = ParsedQuery(clauses=clauses, notes=notes)
    if not parsed.positive:
        raise QueryError(_why_empty(text, clauses))
    return parsed


def _clauses(text: str, notes: list[str]) -> list[Clause]:
    clauses: list[Clause] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            join_next = bool(clauses) and not clauses[-1].negated
            continue
        if bare is not None:
            negated, bare = (
                ("-", bare[1:]) if bare.startswith("-") and len(bare) > 1 else ("", bare)
            )
        term = _term(phrase if phrase is not None else bare, is_phrase=phrase is not None)
        if term is None:
            join_next = False
            continue
        if join_next and not negated:
            clauses[-1].terms.append(term)
        else:
            clauses.append(Clause(terms=[term], negated=bool(negated)))
        join_next = False
    return clauses


def _term(text: str, *, is_phrase: bool) -> Term | None:
    prefix = not is_phrase and text.endswith("*")
    words = tuple(word.casefold() for word in _WORD.findall(text))
    if not words:
        return None
    if all(word in STOP_WORDS for word in words):
        return None  # PostgreSQL indexes none of them: the same answer on both engines
    if len(words) == 1 and len(words[0]) < 2 and not words[0].isdigit():
        return None
    return Term(words=words, prefix=prefix and len(words) == 1)


def _why_empty(text: str, clauses: list[Clause]) -> str:
    if clauses:
        return "Say what to look for, not only what to leave out (-word)."
    words = _WORD.findall(text)
    if not words:
        return "Type a word or two to search for."
    if all(len(word) < 2 for word in words):
        return "Search for a word of at least two letters."
    return (
        f"“{' '.join(words[:4])}” is made of words too common to search for; "
        "add a more telling word."
    )


def to_tsquery(parsed: ParsedQuery) -> str:
    """PostgreSQL ``to_tsquery`` text: ``'cach':* & ('ada' | 'kenji') & !'redi'``."""
    parts = []
    for clause in parsed.clauses:
        alternatives = " | ".join(_ts_term(term) for term in clause.terms)
        group = f"({alternatives})" if len(clause.terms) > 1 else alternatives
        parts.append(f"!{group}" if clause.negated else group)
    return " & ".join(parts)


def _ts_term(term: Term) -> str:
    lexemes = [f"'{word}'" for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    joined = " <-> ".join(lexemes)
    return f"({joined})" if len(lexemes) > 1 else joined


def to_fts5(parsed: ParsedQuery) -> str:
    """SQLite FTS5 MATCH text: ``"cach"* AND ("ada" OR "kenji") NOT "redis"``."""
    positive = []
    for clause in parsed.positive:
        alternatives = " OR ".join(_fts_term(term) for term in clause.terms)
        positive.append(f"({alternatives})" if len(clause.terms) > 1 else alternatives)
    negative = [
        " OR ".join(_fts_term(term) for term in clause.terms)
        for clause in parsed.clauses
        if clause.negated
    ]
    return " AND ".join(positive) + "".join(f" NOT ({group})" for group in negative)


def _fts_term(term: Term) -> str:
    quoted = '"' + " ".join(term.words) + '"'
    return quoted + "*" if term.prefix else quoted
