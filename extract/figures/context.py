"""What a figure measures (`metric`), whom it belongs to (`subject`) and when it holds (`period`)."""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

from ..model import Fact, Span
from ..sentences import sentence_index
from .grammar import HAN, case_variants, trie_regex
from .tables import KINDS_METRIC_IN_CLAUSE, KINDS_WITHOUT_METRIC, METRIC_WINDOW, SUBJECT_KINDS

# A metric term does not reach across the end of a sentence (nor, for some kinds, of a clause).
SENTENCE_END_CHARS = frozenset("。；;！？!?\n")
CLAUSE_END_CHARS = SENTENCE_END_CHARS | frozenset("，,、：:")
# One character class (the engine scans for it fast); a full stop counts only before white space.
STOP_CANDIDATES = re.compile("[" + re.escape("".join(sorted(CLAUSE_END_CHARS))) + ".]")


@lru_cache(maxsize=8)
def _metric_patterns(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(Chinese, English) term patterns, both literal tries that the engine scans fast. An English
    term must start after a character that is neither a Latin letter nor a Han character (that
    character is part of the match); its end is checked by a lookahead."""
    chinese = [word for word, _ in terms if not word.isascii()]
    english = case_variants(word for word, _ in terms if word.isascii())
    return (re.compile(trie_regex(chinese)) if chinese else None,
            re.compile(rf"[^A-Za-z{HAN}](?P<w>{trie_regex(english)})(?![A-Za-z])") if english else None)


def attach_metrics(text: str, figures: list[Fact], metric_terms: Mapping[str, str]) -> None:
    """Set `metric` on each measuring figure: the nearest metric term before it in its sentence,
    at most METRIC_WINDOW characters away."""
    terms = tuple(sorted(metric_terms.items()))
    if not terms or not figures:
        return
    exact = dict(terms)
    lookup = {word.lower(): metric for word, metric in terms}
    chinese, english = _metric_patterns(terms)
    found = []
    if chinese:
        found += [(m.end(), exact[m.group()]) for m in chinese.finditer(text)]
    if english:  # matched in " " + text, so that a term may open the text: offsets are one too far
        found += [(m.end() - 1, lookup[m.group("w").lower()]) for m in english.finditer(" " + text)]
        found.sort()
    ends = [end for end, _ in found]
    sentence_stops, clause_stops = _stops(text)
    for figure in figures:
        kind = figure.get("kind")
        if kind in KINDS_WITHOUT_METRIC:
            continue
        i = bisect.bisect_right(ends, figure.start) - 1
        if i < 0:
            continue
        end, metric = found[i]
        stops = clause_stops if kind in KINDS_METRIC_IN_CLAUSE else sentence_stops
        if figure.start - end <= METRIC_WINDOW and not _any_between(stops, end, figure.start):
            figure.fields["metric"] = metric


def _stops(text: str) -> tuple[list[int], list[int]]:
    """Positions of sentence ends and of clause ends (a clause end is any sentence end too)."""
    sentence_stops, clause_stops = [], []
    for match in STOP_CANDIDATES.finditer(text):
        position = match.start()
        char = text[position]
        if char == "." and not text[position + 1:position + 2].isspace():
            continue  # 1.87%, Co.,Ltd
        clause_stops.append(position)
        if char in SENTENCE_END_CHARS or char == ".":
            sentence_stops.append(position)
    return sentence_stops, clause_stops


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Is there a position p with start <= p < end in the sorted list?"""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def link_figure_context(text: str, figures: list[Fact], sentences: list[Span], entities: list[Fact]) -> None:
    """Set `subject` (entity id) and `period` (ISO date) on every figure that is not a date.

    Both come from the figure's own sentence: the nearest organisation (or bond) entity before it,
    and the nearest date figure before it ("截至2025年5月7日，...存量规模约1.9万亿元") or, failing that,
    the first one after it ("Wingtech raised 1.66 billion yuan in February"). An entity after a
    figure is more often its underwriter or counterparty than its owner, so subjects look back only.
    """
    dates_by_sentence: dict[int | None, list[Fact]] = defaultdict(list)
    entities_by_sentence: dict[int | None, list[Fact]] = defaultdict(list)
    for figure in figures:
        if figure.get("kind") == "date":
            dates_by_sentence[sentence_index(sentences, figure.start)].append(figure)
    for entity in entities:
        if entity.type == "entity" and entity.get("kind") in SUBJECT_KINDS and entity.get("id"):
            entities_by_sentence[sentence_index(sentences, entity.start)].append(entity)
    for figure in figures:
        if figure.get("kind") == "date":
            continue
        sentence = sentence_index(sentences, figure.start)
        date = _nearest(figure, dates_by_sentence.get(sentence, ()))
        if date is not None:
            figure.fields["period"] = date.get("value")
        owner = _nearest(figure, entities_by_sentence.get(sentence, ()), look_ahead=False)
        if owner is not None:
            figure.fields["subject"] = owner.get("id")


def _nearest(figure: Fact, candidates, look_ahead: bool = True) -> Fact | None:
    """The closest candidate ending before the figure, else (with `look_ahead`) the first one
    starting after it."""
    before = [c for c in candidates if c.end <= figure.start]
    if before:
        return max(before, key=lambda c: c.end)
    if not look_ahead:
        return None
    after = [c for c in candidates if c.start >= figure.end]
    return min(after, key=lambda c: c.start) if after else None
