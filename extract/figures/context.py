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
from functools import cache, lru_cache

from ..model import Fact, Span
from .grammar import WholeWords, case_variants, trie_regex
from .tables import (DATE_EDGE_CHARS, ENGLISH_DATE_FILLERS, KINDS_METRIC_IN_CLAUSE, KINDS_WITHOUT_METRIC, METRIC_WINDOW,
                     PERIOD_BASE_AFTER, PERIOD_BASE_BEFORE, PERIOD_MOVE_WORDS, PERIOD_ORIGIN_BEFORE,
                     PERIOD_WINDOW_AFTER, PERIOD_WINDOW_BEFORE, PERCENTILE_WORDS_AFTER, SPREAD_CUES_AFTER,
                     SPREAD_CUE_WINDOW, SPREAD_CUES_BEFORE, SPREAD_METRICS, SUBJECT_KINDS, TIME_WORDS_AFTER_COMPARISON)

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
    """A metric-term table made ready for matching: a literal trie of the Chinese terms (the engine scans
    fast for it), the English terms as whole words, and the metric of each surface."""

    chinese: re.Pattern | None
    english: WholeWords | None
    exact: dict[str, str]   # Chinese surface -> metric
    folded: dict[str, str]  # lower-cased English surface -> metric

    @classmethod
    def build(cls, terms: tuple[tuple[str, str], ...]) -> "MetricTerms":
        terms = tuple(sorted(terms))  # the same table in any order gives the same matcher
        chinese = [word for word, _ in terms if not word.isascii()]
        english = case_variants(word for word, _ in terms if word.isascii())
        return cls(re.compile(trie_regex(chinese)) if chinese else None,
                   WholeWords(english) if english else None,
                   dict(terms), {word.lower(): metric for word, metric in terms})

    def ends(self, text: str) -> tuple[list[int], list[str]]:
        """Where each term occurrence ends (sorted) and its metric."""
        found = []
        if self.chinese:
            exact = self.exact
            found += [(m.end(), exact[m.group()]) for m in self.chinese.finditer(text)]
        if self.english:
            folded = self.folded
            found += [(end, folded[text[start:end].lower()]) for start, end in self.english.spans(text)]
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
    spread = metric_terms.get("利差") or metric_terms.get("spread") or "spread"
    differences: DifferenceWords | None = None  # found on the first bp figure
    for figure in figures:
        kind = figure.fields.get("kind")
        if kind in KINDS_WITHOUT_METRIC:
            continue
        start = figure.start
        i = bisect.bisect_right(ends, start) - 1
        term_end = ends[i] if i >= 0 and start - ends[i] <= METRIC_WINDOW else None
        if term_end is not None:
            stop = CLAUSE_STOP if kind in KINDS_METRIC_IN_CLAUSE else SENTENCE_STOP
            if stop.search(text, term_end, start) is None:
                figure.fields["metric"] = metrics[i]
        if kind == "bp" and figure.fields.get("metric") not in SPREAD_METRICS:
            differences = differences or DifferenceWords(text)
            if differences.before(figure, term_end) or differences.after(figure):
                figure.fields["metric"] = spread
        elif kind == "percent" and text.startswith(PERCENTILE_WORDS_AFTER, figure.end):
            figure.fields.pop("metric", None)  # 处在历史约8%的分位: a rank, not a value


class DifferenceWords:
    """The words that make a bp figure a spread (see SPREAD_CUES_BEFORE), looked for in the few
    characters before each bp figure (a scan of the whole document would cost more: bp figures are few)."""

    def __init__(self, text: str):
        self.text = text

    def before(self, figure: Fact, term_end: int | None) -> bool:
        """A difference word in the figure's clause, after its metric term, naming no time."""
        text = self.text
        last = None
        for found in spread_cue_before_pattern().finditer(text, max(term_end or 0, figure.start - SPREAD_CUE_WINDOW),
                                                          figure.start):
            if not found.group().isascii() or not text[found.start() - 1:found.start()].isalpha():
                last = found
        if last is None:
            return False
        end = last.end()
        return CLAUSE_STOP.search(text, end, figure.start) is None and not _names_a_time(text, end)

    def after(self, figure: Fact) -> bool:
        """An English comparison right after the figure ("22 bp over SOFR"), naming no time."""
        if not self.text[figure.end:figure.end + 1].isspace():
            return False
        found = spread_cue_after_pattern().match(self.text, figure.end)
        return found is not None and not _names_a_time(self.text, found.end())


def _names_a_time(text: str, position: int) -> bool:
    """相比上周, 相对于5月, "over the week": the thing compared with is a time."""
    following = text[position:position + 16].lstrip().lower()
    return not following or following[0].isdigit() or following[0] in "一二三四五六七八九十" or following.startswith(
        TIME_WORDS_AFTER_COMPARISON)


@lru_cache(maxsize=1)
def spread_cue_before_pattern() -> re.Pattern:
    """All the words as one literal trie (the engine scans fast for it); an English word must end a
    word here, and start one (checked by the caller: a lookbehind first would slow the scan)."""
    chinese = [w for w in SPREAD_CUES_BEFORE if not w.isascii()]
    english = case_variants(w for w in SPREAD_CUES_BEFORE if w.isascii())
    return re.compile(f"{trie_regex(chinese, top_level=True)}|(?:{trie_regex(english, top_level=True)})(?![A-Za-z])")


@lru_cache(maxsize=1)
def spread_cue_after_pattern() -> re.Pattern:
    return re.compile(rf"\s+(?i:{trie_regex(SPREAD_CUES_AFTER)})(?![A-Za-z])")


def link_figure_context(text: str, figures: list[Fact], sentences: list[Span], entities: list[Fact]) -> None:
    """Set `subject` (entity id) and `period` (ISO date) on every figure that is not a date.

    Both come from the figure's own sentence: the nearest organisation (or bond) entity before it,
    and the nearest date figure before it ("截至2025年5月7日，...存量规模约1.9万亿元") or, failing that,
    the first one after it ("Wingtech raised 1.66 billion yuan in February"). An entity after a
    figure is more often its underwriter or counterparty than its owner, so subjects look back only.
    A date that is a comparison base (比5月) or a window start (2021年以来) is no period; an origin
    (从2024年的72%降到了49%) is the period of the figures before the move word only (see `date_role`).
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
    # Each sentence's lookup is built when a figure of that sentence first asks: many sentences with a
    # date or an owner hold no other figure.
    dates_near = cache(lambda sentence: Nearest(dates[sentence]))
    owners_near = cache(lambda sentence: Nearest(owners[sentence]))
    roles: dict[int, str | None] = {}  # start of a date -> its role, read when the date is first a candidate
    for figure in figures:
        if figure.fields.get("kind") == "date":
            continue
        sentence = sentence_of(figure.start)
        if sentence in dates:
            date = _period_of(text, figure, dates_near(sentence), roles)
            if date is not None:
                figure.fields["period"] = date.fields.get("value")
        if sentence in owners:
            owner = owners_near(sentence).before(figure.start)
            if owner is not None:
                figure.fields["subject"] = owner.fields.get("id")


def _period_of(text: str, figure: Fact, dates: "Nearest", roles: dict[int, str | None]) -> Fact | None:
    """The nearest date before the figure that still holds for it, else the first plain date after it."""
    by_end = dates.by_end
    for j in range(bisect.bisect_right(dates.ends, figure.start) - 1, -1, -1):
        date = by_end[j]
        role = _role(text, date, roles)
        if role is None or role == "origin" and not _moved(text, date.end, figure.start):
            return date
    by_start = dates.by_start
    for j in range(bisect.bisect_left(dates.starts, figure.end), len(by_start)):
        date = by_start[j]
        role = _role(text, date, roles)
        if role is None:
            return date
        if role == "origin":
            return None  # the start of a move the figure stands before
    return None


def _role(text: str, date: Fact, roles: dict[int, str | None]) -> str | None:
    """The role of a date, read once per document (dates do not overlap: the start is a key)."""
    start = date.start
    if start in roles:
        return roles[start]
    role = roles[start] = date_role(text, date)
    return role


def _moved(text: str, start: int, end: int) -> bool:
    """Whether a move word (到, 至, " to ") stands between an origin date and a figure."""
    between = text[start:end]
    return any(word in between for word in PERIOD_MOVE_WORDS)


def _cue_ends(cues: tuple[str, ...]) -> tuple[str, ...]:
    """English cues as whole words (" than"), Chinese ones as they are."""
    return tuple(" " + cue if cue.isascii() else cue for cue in cues)


BASE_ENDS, WINDOW_ENDS, ORIGIN_ENDS = map(_cue_ends, (PERIOD_BASE_BEFORE, PERIOD_WINDOW_BEFORE, PERIOD_ORIGIN_BEFORE))
ROLE_STARTS_AFTER = frozenset(word[0] for word in (*PERIOD_BASE_AFTER, *PERIOD_WINDOW_AFTER)) | frozenset(
    DATE_EDGE_CHARS) | frozenset(" \t")


ROLE_ENDS_BEFORE = frozenset(cue[-1] for cue in (*BASE_ENDS, *WINDOW_ENDS, *ORIGIN_ENDS))


def date_role(text: str, date: Fact) -> str | None:
    """"base" (比5月, than in 2023, 与2024年相比), "window" (2021年以来, since 2021), "origin" (从2024年, from
    2024) or None: an ordinary date, a period."""
    before = ""
    previous = text[date.start - 1:date.start]
    if previous in ROLE_ENDS_BEFORE or previous.isascii():  # ASCII: spaces and English words, read below
        before = _words_before(text, date.start)
    after = ""
    if text[date.end:date.end + 1] in ROLE_STARTS_AFTER:
        after = text[date.end:date.end + 6].lstrip().lstrip(DATE_EDGE_CHARS)
    if before.endswith(BASE_ENDS) or after.startswith(PERIOD_BASE_AFTER):
        return "base"
    if before.endswith(WINDOW_ENDS) or after.startswith(PERIOD_WINDOW_AFTER):
        return "window"
    if before.endswith(ORIGIN_ENDS):
        return "origin"
    return None


def _words_before(text: str, start: int) -> str:
    """The text before a date; before an English one, its words in lower case after a space, English
    fillers dropped (" than" for "than at the end of")."""
    window = text[max(0, start - 32):start].rstrip()
    if not window or not window[-1].isascii():
        return window
    words = window.lower().split()
    while words and words[-1] in ENGLISH_DATE_FILLERS:
        words.pop()
    return " " + " ".join(words)


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

