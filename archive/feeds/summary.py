"""What a feed import did, per item, as a curator reads it (command output, admin messages)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass
class ItemReport:
    position: int
    guid: str
    title: str
    status: Status = Status.UNCHANGED
    # What changed ("title, credits"), or why the item was skipped.
    detail: str = ""
    transcript: str = ""
    warnings: list[str] = field(default_factory=list)
    episode_id: int | None = None

    def lines(self) -> list[str]:
        detail = f": {self.detail}" if self.detail else ""
        lines = [f"item {self.position} {self.title!r}: {self.status}{detail}"]
        if self.transcript:
            lines.append(f"    transcript: {self.transcript}")
        lines.extend(f"    warning: {warning}" for warning in self.warnings)
        return lines


@dataclass
class FeedSummary:
    source: str
    show: str = ""
    show_created: bool = False
    show_changed: list[str] = field(default_factory=list)
    # The server answered 304 to our conditional GET: nothing was read.
    not_modified: bool = False
    dry_run: bool = False
    items: list[ItemReport] = field(default_factory=list)
    speakers_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self) -> Counter:
        return Counter(item.status for item in self.items)

    @property
    def changed(self) -> bool:
        counts = self.count()
        return bool(
            self.show_created
            or self.show_changed
            or counts[Status.ADDED]
            or counts[Status.UPDATED]
            or self.speakers_created
        )

    def headline(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        if self.not_modified:
            return f"{self.source}: not modified since the last refresh; nothing to do"
        counts = self.count()
        tally = ", ".join(f"{counts[status]} {status}" for status in Status)
        show = f"{self.show} (new show)" if self.show_created else self.show
        return f"{verb} {self.source} into {show}: {tally}"

    def lines(self, *, every_item: bool = True, items: bool = True) -> list[str]:
        """The headline, then what changed; ``every_item`` lists unchanged items too."""
        lines = [self.headline()]
        if self.show_changed:
            lines.append("  show details updated: " + ", ".join(self.show_changed))
        if self.speakers_created:
            lines.append("  new speakers: " + ", ".join(self.speakers_created))
        lines.extend(f"  warning: {warning}" for warning in self.warnings)
        for item in self.items if items else []:
            if every_item or item.status is not Status.UNCHANGED or item.warnings:
                lines.extend(f"  {line}" for line in item.lines())
        return lines
