"""Which language a stretch of text is written in: zh, en or mixed."""
from __future__ import annotations

import re
from itertools import islice

# Han characters: the unified ideographs, extension A and the compatibility ideographs, as the ranges
# of a character class (other modules build their own classes with them).
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHARACTER = f"[{HAN_RANGES}]"
HAN = re.compile(HAN_CHARACTER)
# Runs of Han characters and Latin words, each opening with its character class so that the engine
# skips other text fast; counting the characters of runs is 3x faster than listing every character.
HAN_RUN = re.compile(HAN_CHARACTER + HAN_CHARACTER + "*")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]+")

# Share of "script units" (Han characters count one each, Latin words count one each)
# that the minority script may reach before the text is called mixed.
MIXED_SHARE = 0.2
# Characters counted at a time while the share of Han may still change the answer.
HAN_CHUNK = 512
# The opening characters of a text that tell which script is likely to lead it.
LEAD_SAMPLE = 64


def detect_language(text: str, start: int = 0, end: int | None = None) -> str:
    """The language of text[start:end]: "zh", "en", "mixed", or "" when it holds neither script.

    In a long text only the script that is likely in the minority (the one its opening holds less of) is
    counted to its end; the other is counted until it has made the answer certain, so a document is not
    read to its end for the script that dominates it."""
    end = len(text) if end is None else end
    if end - start <= HAN_CHUNK:  # a sentence, say: both counted whole
        return _language_of(_han_characters(text, start, end), _latin_words(text, start, end))
    if _han_leads(text, start, start + LEAD_SAMPLE):
        words = _latin_words(text, start, end)
        han = _han_until_chinese(text, start, end, words)
    else:
        han = _han_characters(text, start, end)
        words = _words_until_english(text, start, end, han)
    return _language_of(han, words)


def _han_leads(text: str, start: int, end: int) -> bool:
    return _han_characters(text, start, end) >= _latin_words(text, start, end)


def _han_characters(text: str, start: int, end: int) -> int:
    return sum(map(len, HAN_RUN.findall(text, start, end)))


def _latin_words(text: str, start: int, end: int) -> int:
    return len(LATIN_WORD.findall(text, start, end))


def _language_of(han: int, words: int) -> str:
    total = han + words
    if total == 0:
        return ""
    share_han = han / total
    if share_han >= 1 - MIXED_SHARE:
        return "zh"
    if share_han <= MIXED_SHARE:
        return "en"
    return "mixed"


def _han_until_chinese(text: str, start: int, end: int, words: int) -> int:
    """The Han characters of the stretch, counted a chunk at a time only until they make it Chinese next
    to `words` Latin words (the share of Han only grows with more of them, so the answer cannot change
    after). A run cut at a chunk's edge is counted in two parts, which add up to the same."""
    han = 0
    for chunk_start in range(start, end, HAN_CHUNK):
        han += _han_characters(text, chunk_start, min(end, chunk_start + HAN_CHUNK))
        if _language_of(han, words) == "zh":
            break
    return han


def _words_until_english(text: str, start: int, end: int, han: int) -> int:
    """The Latin words of the stretch, counted only until they outnumber `han` Han characters four to one
    (the answer is "en" whatever follows)."""
    enough_words = int(han * (1 - MIXED_SHARE) / MIXED_SHARE) + 1
    return sum(1 for _ in islice(LATIN_WORD.finditer(text, start, end), enough_words))
