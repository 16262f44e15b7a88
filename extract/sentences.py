"""Split a document into sentences that work for Chinese, English and mixed text.

Chinese sentences end at 。！？； (full or half width) and at line breaks. English sentences end at
. ! ? followed by white space and a capital, a digit or an opening quote -- unless the word before the
full stop is a known abbreviation (Co., Ltd., No., U.S.): company names must not be cut in half.
"""
from __future__ import annotations

import re

from .language import detect_language
from .model import Span

# Words that end with a full stop without ending a sentence. Compared case-insensitively.
ENGLISH_ABBREVIATIONS = frozenset(
    """co ltd inc corp no nos mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n p.r.c
    jan feb mar apr jun jul aug sep sept oct nov dec est approx dept govt fig figs art sec
    mt bn mn tn""".split()
)

CHINESE_END = "。！？；!?;"
CLOSING = "”’\"'）)」』】》"
LINE_BREAK = re.compile(r"\n")
ENGLISH_END = re.compile(r"([.!?])([\"”’')]*)(\s+)(?=[A-Z0-9“\"‘(])")


def split_sentences(text: str) -> list[Span]:
    """Sentences as spans of `text`, with leading and trailing white space trimmed away."""
    spans: list[Span] = []
    for line_start, line_end in _lines(text):
        for start, end in _sentences_in_line(text, line_start, line_end):
            start, end = _trim(text, start, end)
            if start < end:
                spans.append(Span(start, end, detect_language(text[start:end])))
    return spans


def _lines(text: str):
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _sentences_in_line(text: str, start: int, end: int):
    cuts = sorted(set(_chinese_cuts(text, start, end)) | set(_english_cuts(text, start, end)))
    previous = start
    for cut in cuts:
        yield previous, cut
        previous = cut
    yield previous, end


def _chinese_cuts(text: str, start: int, end: int):
    i = start
    while i < end:
        if text[i] in CHINESE_END and not _inside_number(text, i):
            j = i + 1
            while j < end and (text[j] in CHINESE_END or text[j] in CLOSING):
                j += 1
            if j < end:
                yield j
            i = j
        else:
            i += 1


def _inside_number(text: str, i: int) -> bool:
    """A '?' or ';' between two digits is not a sentence end (rare, but seen in tables)."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _english_cuts(text: str, start: int, end: int):
    for match in ENGLISH_END.finditer(text, start, end):
        if match.group(1) == "." and _ends_with_abbreviation(text, start, match.start(1)):
            continue
        yield match.end(2)


def _ends_with_abbreviation(text: str, line_start: int, dot: int) -> bool:
    word_start = dot
    while word_start > line_start and not text[word_start - 1].isspace() and text[word_start - 1] not in "(“\"":
        word_start -= 1
    word = text[word_start:dot].lower().rstrip(".")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "U.S."
        return True
    return word in ENGLISH_ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_index(sentences: list[Span], position: int) -> int | None:
    """Index of the sentence that contains character `position` (binary search)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= position:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= position:
        return lo
    return None
