"""What a figure measures (`metric`), whom it belongs to (`subject`) and when it holds (`period`).

Both passes are linear in the document plus a logarithmic look-up per figure: metric terms are found
in one scan of the text and looked up by bisection; stops (sentence and clause ends) are searched only
in the few characters between a figure and its candidate term; sentences, dates and entities are
grouped once and looked up by bisection.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..model import Fact, Span
from .grammar import HAN, case_variants, trie_regex
from .tables import KINDS_METRIC_IN_CLAUSE, KINDS_WITHOUT_METRIC, METRIC_WINDOW, SUBJECT_KINDS

# A metric term does not reach across the end of a sentence (nor, for some kinds, of a clause).
SENTENCE_END_CHARS = frozenset("。；;！？!?\n")
CLAUSE_END_CHARS = SENTENCE_END_CHARS | frozenset("，,、：:")


def _stop_pattern(chars) -> re.Pattern:
    """Any of `chars`, or a full stop before white space (not 1.87% or Co.,Ltd)."""
    return re.compile("[" + re.escape("".join(sorted(chars))) + r"]|\.(?=\s)")


SENTENCE_STOP = _stop_pattern(SENTENCE_END_CHARS)
CLAUSE_STOP = _stop_pattern(CLAUSE_END_CHARS)


@dataclass(frozen=True)
class MetricTerms:
    """A metric-term table made ready for matching: (Chinese, English) patterns, both literal tries
    that the engine scans fast, and the metric of each surface. An English term must start after a
    character that is neither a Latin letter nor a Han character (that character is part of the
    match); its end is checked by a lookahead."""

    chinese: re.Pattern | None
    english: re.Pattern | None
    exact: dict[str, str]   # Chinese surface -> metric
    folded: dict[str, str]  # lower-cased English surface -> metric

    @classmethod
    def build(cls, terms: tuple[tuple[str, str], ...]) -> "MetricTerms":
        terms = tuple(sorted(terms))  # the same table in any order gives the same matcher
        chinese = [word for word, _ in terms if not word.isascii()]
        english = case_variants(word for word, _ in terms if word.isascii())
        return cls(re.compile(trie_regex(chinese)) if chinese else None,
                   re.compile(rf"[^A-Za-z{HAN}](?P<w>{trie_regex(english)})(?![A-Za-z])") if english else None,
                   dict(terms), {word.lower(): metric for word, metric in terms})

    def ends(self, text: str) -> tuple[list[int], list[str]]:
        """Where each term occurrence ends (sorted) and its metric."""
        found = []
        if self.chinese:
            exact = self.exact
            found += [(m.end(), exact[m.group()]) for m in self.chinese.finditer(text)]
        if self.english:  # matched in " " + text, so that a term may open the text: offsets are one too far
            folded = self.folded
            found += [(m.end() - 1, folded[m.group("w").lower()]) for m in self.english.finditer(" " + text)]
            found.sort()
        return [end for end, _ in found], [metric for _, metric in found]


@lru_cache(maxsize=8)
def metric_terms_matcher(terms: tuple[tuple[str, str], ...]) -> MetricTerms:
    """Built once per term table (the key is the table's items in their own order: cheap to hash)."""
    return MetricTerms.build(terms)


def attach_metrics(text: str, figures: list[Fact], metric_terms: Mapping[str, str]) -> None:
    """Set `metric` on each measuring figure: the nearest metric term before it in its sentence,
    at most METRIC_WINDOW characters away."""
    if not metric_terms or not figures:
        return
    ends, metrics = metric_terms_matcher(tuple(metric_terms.items())).ends(text)
    for figure in figures:
        kind = figure.fields.get("kind")
        if kind in KINDS_WITHOUT_METRIC:
            continue
        start = figure.start
        i = bisect.bisect_right(ends, start) - 1
        if i < 0:
            continue
        end = ends[i]
        if start - end > METRIC_WINDOW:
            continue
        stop = CLAUSE_STOP if kind in KINDS_METRIC_IN_CLAUSE else SENTENCE_STOP
        if stop.search(text, end, start) is None:
            figure.fields["metric"] = metrics[i]


def link_figure_context(text: str, figures: list[Fact], sentences: list[Span], entities: list[Fact]) -> None:
    """Set `subject` (entity id) and `period` (ISO date) on every figure that is not a date.

    Both come from the figure's own sentence: the nearest organisation (or bond) entity before it,
    and the nearest date figure before it ("截至2025年5月7日，...存量规模约1.9万亿元") or, failing that,
    the first one after it ("Wingtech raised 1.66 billion yuan in February"). An entity after a
    figure is more often its underwriter or counterparty than its owner, so subjects look back only.
    """
    sentence_of = SentenceIndex(sentences)
    dates: dict[int | None, list[Fact]] = defaultdict(list)
    owners: dict[int | None, list[Fact]] = defaultdict(list)
    for figure in figures:
        if figure.fields.get("kind") == "date":
            dates[sentence_of(figure.start)].append(figure)
    for entity in entities:
        if entity.type == "entity" and entity.fields.get("kind") in SUBJECT_KINDS and entity.fields.get("id"):
            owners[sentence_of(entity.start)].append(entity)
    dates_near = {sentence: Nearest(found) for sentence, found in dates.items()}
    owners_near = {sentence: Nearest(found) for sentence, found in owners.items()}
    for figure in figures:
        if figure.fields.get("kind") == "date":
            continue
        sentence = sentence_of(figure.start)
        if sentence in dates_near:
            date = dates_near[sentence].before(figure.start) or dates_near[sentence].after(figure.end)
            if date is not None:
                figure.fields["period"] = date.fields.get("value")
        if sentence in owners_near:
            owner = owners_near[sentence].before(figure.start)
            if owner is not None:
                figure.fields["subject"] = owner.fields.get("id")


class SentenceIndex:
    """The index of the sentence holding a position (as `sentences.sentence_index`), by bisection
    over the sentence ends computed once."""

    def __init__(self, sentences: list[Span]):
        self.sentences = sentences
        self.ends = [s.end for s in sentences]

    def __call__(self, position: int) -> int | None:
        i = bisect.bisect_right(self.ends, position)
        if i < len(self.sentences) and self.sentences[i].start <= position:
            return i
        return None


class Nearest:
    """The facts of one sentence, sorted so that the closest one before or after a position is
    found by bisection. Among facts ending (or starting) at the same place the first listed wins."""

    def __init__(self, facts: list[Fact]):
        self.by_end = sorted(facts, key=lambda f: f.end)  # stable: ties keep their order
        self.ends = [f.end for f in self.by_end]
        self.by_start = sorted(facts, key=lambda f: f.start)
        self.starts = [f.start for f in self.by_start]

    def before(self, position: int) -> Fact | None:
        """The fact ending last at or before `position`."""
        i = bisect.bisect_right(self.ends, position)
        if i == 0:
            return None
        return self.by_end[bisect.bisect_left(self.ends, self.ends[i - 1])]

    def after(self, position: int) -> Fact | None:
        """The fact starting first at or after `position`."""
        i = bisect.bisect_left(self.starts, position)
        return self.by_start[i] if i < len(self.starts) else None
