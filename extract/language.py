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


def detect_language(text: str) -> str:
    han = sum(map(len, HAN_RUN.findall(text)))
    # once Latin words outnumber Han characters four to one the answer is "en" whatever follows:
    # English documents are not read to their end just to count their words
    enough_words = int(han * (1 - MIXED_SHARE) / MIXED_SHARE) + 1
    words = sum(1 for _ in islice(LATIN_WORD.finditer(text), enough_words))
    total = han + words
    if total == 0:
        return ""
    share_han = han / total
    if share_han >= 1 - MIXED_SHARE:
        return "zh"
    if share_han <= MIXED_SHARE:
        return "en"
    return "mixed"
