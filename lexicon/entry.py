"""One lexicon entry, the vocabulary of types and kinds, and the error every lexicon problem raises."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

ORGANISATION_KINDS = ("regulator", "exchange", "association", "government", "bank", "company", "media",
                      "university")
# `type` column values. An organisation kind (or "person") may also be written in the type column
# as a shorthand: "regulator" there means type organisation, kind regulator.
TYPES = ("organisation", "person", "product", "metric", "term", "unit")
COLUMNS = ("id", "type", "kind", "name_zh", "name_en", "abbreviations", "aliases")
MULTI_SEPARATOR = "|"


class LexiconError(ValueError):
    """A lexicon file problem: names the file and line and says what to fix."""

    def __init__(self, path: str | Path | None, line: int | None, message: str):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if self.path and line else (self.path or "lexicon")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    type: str
    kind: str = ""
    name_zh: str = ""
    name_en: str = ""
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = field(default="", compare=False)  # "file:line" where the entry was (last) defined

    def names(self) -> tuple[str, ...]:
        """Every surface form, most official first, without duplicates."""
        seen: dict[str, None] = {}
        for name in (self.name_zh, self.name_en, *self.abbreviations, *self.aliases):
            if name:
                seen.setdefault(name, None)
        return tuple(seen)

    @property
    def is_organisation(self) -> bool:
        return self.type == "organisation"

    @property
    def entity_kind(self) -> str:
        """The `kind` an entity fact carries: the organisation kind, or the type for people."""
        return "person" if self.type == "person" else self.kind

    def merged_with(self, override: "Entry") -> "Entry":
        """A user entry with the same id: its non-empty fields replace ours, its names add to ours."""
        def union(ours: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys((*ours, *theirs)))

        return replace(
            self,
            type=override.type or self.type,
            kind=override.kind or self.kind,
            name_zh=override.name_zh or self.name_zh,
            name_en=override.name_en or self.name_en,
            abbreviations=union(self.abbreviations, override.abbreviations),
            aliases=union(self.aliases, override.aliases),
            source=override.source or self.source,
        )

    def to_row(self) -> list[str]:
        return [self.id, self.type, self.kind, self.name_zh, self.name_en,
                MULTI_SEPARATOR.join(self.abbreviations), MULTI_SEPARATOR.join(self.aliases)]

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.type, "kind": self.kind, "name_zh": self.name_zh,
                "name_en": self.name_en, "abbreviations": list(self.abbreviations),
                "aliases": list(self.aliases)}
