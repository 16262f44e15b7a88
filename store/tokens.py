"""Turn text into the token stream the full-text index holds; search builds its FTS5 phrases from the same tokens.

Every CJK character becomes a token of its own (so any substring of Chinese text can be found as a phrase
of characters); runs of letters and runs of digits stay whole words. The same function tokenises documents and
queries, so they always agree.
"""
from __future__ import annotations

import re

# CJK ideographs (with extensions and compatibility forms), kana and hangul: one token per character.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
# Letters and digits are separate words, so "30bp" is found by "bp" and "2025年" by "2025".
TOKEN = re.compile(rf"[{CJK_RANGES}]|[^\W\d_{CJK_RANGES}]+|\d+")


def tokens(text: str) -> list[str]:
    """The index tokens of `text`, lower-cased; full-width letters and digits folded to ASCII."""
    if FULLWIDTH_IN_TOKENS.search(text):  # most text has none; a translate costs ~a third of the tokenising
        text = text.translate(FULLWIDTH_TO_ASCII)
    return TOKEN.findall(text.lower())


def index_text(text: str) -> str:
    """What goes into the FTS column: tokens separated by spaces."""
    return " ".join(tokens(text))


FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
FULLWIDTH_TO_ASCII[0x3000] = 0x20
# The full-width characters whose folding can change a token: those a token can hold, folded or not (the
# letters and digits). The others (punctuation, the ideographic space) separate tokens either way.
FULLWIDTH_IN_TOKENS = re.compile("[" + "".join(
    chr(code) for code, ascii_code in FULLWIDTH_TO_ASCII.items() if TOKEN.fullmatch(chr(code)) or
    TOKEN.fullmatch(chr(ascii_code))) + "]")


def fold(text: str) -> str:
    """`text` case- and width-folded character by character, so offsets into the result are offsets into
    `text` (str.lower() alone can lengthen a few characters, such as 'İ')."""
    return "".join(ch.translate(FULLWIDTH_TO_ASCII).lower()[:1] or ch for ch in text)


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """The index tokens of `text` with their character offsets in `text` (for highlighting hits)."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(fold(text))]
