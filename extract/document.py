"""Run every parser over one document's text and reconcile their findings.

`Extractor` holds what is expensive to build (the lexicon and its matchers) and is created once per
worker process; `Extractor.extract(text)` is then a pure function of the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Fact, Span
from .language import detect_language
from .sentences import sentence_index, split_sentences


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

    @property
    def metric_terms(self) -> dict[str, str]:
        if self._metric_terms is None:
            self._metric_terms = self.lexicon.metric_terms()
        return self._metric_terms

    def extract(self, text: str) -> ExtractedDocument:
        from .clauses import find_clauses
        from .entities import find_entities
        from .figures import find_figures, link_figure_context
        from .rules import find_rules

        sentences = split_sentences(text)
        entities = find_entities(text, self.lexicon)
        rules = find_rules(text, sentences, entities)
        figures = drop_covered(find_figures(text, self.metric_terms), not_figures(entities, rules))
        link_figure_context(text, figures, sentences, entities)
        clauses = find_clauses(text, sentences, figures, rules, entities)
        facts = sorted([*entities, *figures, *rules, *clauses], key=lambda f: (f.start, -f.end, f.type))
        for fact in facts:
            fact.sentence = sentence_index(sentences, fact.start)
        return ExtractedDocument(lang=detect_language(text), sentences=sentences, facts=facts)


def not_figures(entities: list[Fact], rules: list[Fact]) -> list[Fact]:
    """Spans whose digits are names, not quantities: bond short names and rule document numbers."""
    bonds = [e for e in entities if e.get("kind") == "bond"]
    numbers = [r for r in rules if r.get("number")]
    return bonds + numbers


def drop_covered(figures: list[Fact], blockers: list[Fact]) -> list[Fact]:
    if not blockers:
        return figures
    return [f for f in figures if not any(f.overlaps(b) for b in blockers)]
