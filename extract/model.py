"""The records every parser produces: facts with exact character offsets.

A `Fact` is one finding in a document's decoded text. `text == document[start:end]` always holds;
the type-specific fields (kind, value, unit, id, modality ...) live in `fields` so that each parser
owns its own vocabulary while the pipeline, the store and the CLI treat all facts alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FACT_TYPES = ("figure", "entity", "rule", "clause")


@dataclass(slots=True)
class Fact:
    type: str  # one of FACT_TYPES
    start: int
    end: int
    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    sentence: int | None = None  # index into the document's sentences

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    def overlaps(self, other: "Fact | Span") -> bool:
        return self.start < other.end and other.start < self.end

    def within(self, other: "Fact | Span") -> bool:
        return other.start <= self.start and self.end <= other.end

    def to_json(self) -> dict[str, Any]:
        """The JSONL contract of `factlex extract` (SPEC.md): flat, numbers as JSON numbers."""
        record: dict[str, Any] = {"type": self.type, "text": self.text, "start": self.start, "end": self.end}
        for name, value in self.fields.items():
            record[name] = json_value(value)
        return record


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of the document: a sentence, a page, a table cell."""

    start: int
    end: int
    lang: str = ""

    def text_of(self, document: str) -> str:
        return document[self.start:self.end]


def json_value(value: Any) -> Any:
    """Exact decimals become JSON numbers: integers stay integers, others use their shortest form."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)  # float(str(Decimal)) round-trips the decimal string exactly as written
    return value
