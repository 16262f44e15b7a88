"""Run every parser over one document's text and reconcile their findings.

`Extractor` holds what is expensive to build (the lexicon and its matchers) and is created once per
worker process; `Extractor.extract(text, tables)` is then a pure function of the text and of the tables
the loader found in it (PDF tables, whose cells the text alone does not show).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import Fact, Span
from .language import detect_language
from .sentences import sentence_index, split_sentences

if TYPE_CHECKING:
    from .load import Table

# Distinct table header texts whose metric an extractor remembers.
HEADERS_REMEMBERED = 4096


@dataclass
class ExtractedDocument:
    lang: str
    sentences: list[Span]
    facts: list[Fact] = field(default_factory=list)

    def sentence_records(self, text: str) -> list[dict]:
        return [{"start": s.start, "end": s.end, "lang": s.lang, "text": text[s.start:s.end]} for s in self.sentences]

    def fact_records(self) -> list[dict]:
        records = []
        for fact in self.facts:
            record = fact.to_json()
            record["sentence"] = fact.sentence
            records.append(record)
        return records


class Extractor:
    def __init__(self, lexicon):
        self.lexicon = lexicon
        self._metric_terms: dict[str, str] | None = None
        self._header_metrics = None

    @property
    def metric_terms(self) -> dict[str, str]:
        if self._metric_terms is None:
            self._metric_terms = self.lexicon.metric_terms()
        return self._metric_terms

    @property
    def header_metrics(self):
        """The metric a table header names (extract.tables.HeaderMetrics over the lexicon's terms),
        remembered per header text: a batch of documents repeats the same few headers."""
        if self._header_metrics is None:
            from .tables import HeaderMetrics

            self._header_metrics = lru_cache(maxsize=HEADERS_REMEMBERED)(HeaderMetrics(self.metric_terms))
        return self._header_metrics

    def extract(self, text: str, tables: Sequence[Table] = ()) -> ExtractedDocument:
        """All facts of `text`. `tables` are the loader's tables (extract.load.Table, with the span of
        each cell); text tables are found in the text itself."""
        from .clauses import find_clauses
        from .entities import find_entities
        from .figures import find_figures, link_figure_context
        from .rules import find_rules

        sentences = split_sentences(text)
        entities = find_entities(text, self.lexicon)
        rules = find_rules(text, sentences, entities)
        blockers = not_figures(entities, rules)
        figures = drop_covered(find_figures(text, self.metric_terms), blockers)
        figures = self._with_table_context(text, tables, figures, blockers)
        link_figure_context(text, figures, sentences, entities)
        clauses = find_clauses(text, sentences, figures, rules, entities)
        facts = sorted([*entities, *figures, *rules, *clauses], key=lambda f: (f.start, -f.end, f.type))
        for fact in facts:
            fact.sentence = sentence_index(sentences, fact.start)
        return ExtractedDocument(lang=detect_language(text), sentences=sentences, facts=facts)

    def _with_table_context(self, text: str, tables: Sequence[Table], figures: list[Fact],
                            blockers: list[Fact]) -> list[Fact]:
        """Figures in table cells get their row and column headers; bare numbers whose header names
        the unit become figures too (in document order with the others)."""
        from .tables import find_text_tables, grid_from_spans, link_table_figures

        grids = [grid for grid in (grid_from_spans(text, table.cells) for table in tables if table.cells) if grid]
        grids += [grid for grid in find_text_tables(text) if not any(_overlap(grid, other) for other in grids)]
        if not grids:
            return figures
        added = drop_covered(link_table_figures(text, grids, figures, self.header_metrics), blockers)
        return sorted([*figures, *added], key=lambda f: (f.start, -f.end)) if added else figures


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def not_figures(entities: list[Fact], rules: list[Fact]) -> list[Fact]:
    """Spans whose digits are names, not quantities: bond short names and rule document numbers."""
    bonds = [e for e in entities if e.get("kind") == "bond"]
    numbers = [r for r in rules if r.get("number")]
    return bonds + numbers


def drop_covered(figures: list[Fact], blockers: list[Fact]) -> list[Fact]:
    """The figures that overlap no blocker. The blockers' characters are marked once, so a long report
    with many bond names costs one look per figure, not one per figure and bond name."""
    if not blockers:
        return figures
    covered = bytearray(max(blocker.end for blocker in blockers))
    for blocker in blockers:
        covered[blocker.start:blocker.end] = b"\x01" * (blocker.end - blocker.start)
    return [figure for figure in figures if covered.find(1, figure.start, figure.end) < 0]
