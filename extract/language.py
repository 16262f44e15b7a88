"""Which language a stretch of text is written in: zh, en or mixed."""
from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Share of "script units" (Han characters count one each, Latin words count one each)
# that the minority script may reach before the text is called mixed.
MIXED_SHARE = 0.2


def detect_language(text: str) -> str:
    han = len(HAN.findall(text))
    words = len(LATIN_WORD.findall(text))
    total = han + words
    if total == 0:
        return ""
    share_han = han / total
    if share_han >= 1 - MIXED_SHARE:
        return "zh"
    if share_han <= MIXED_SHARE:
        return "en"
    return "mixed"
