"""Find every lexicon name in a text: one compiled trie-shaped regex, leftmost-longest per position.

A plain alternation of a thousand names makes the regex engine try each name at each position; the
trie shape (`中国(?:人民银行|银行(?:间市场交易商协会)?)`) lets it follow one branch per character, so a
scan runs at C speed whatever the lexicon size. Chinese names match on raw characters, so word
segmentation can never hide them; Latin names must not be glued to more letters or digits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

ASCII_WORD = "A-Za-z0-9"
# Character classes a name's character stands for in running text.
CHAR_VARIANTS = {
    " ": r"\s+",
    "'": "['’]",
    "’": "['’]",
    "-": "[-‐‑–]",
    "(": "[(（]",
    ")": "[)）]",
    "（": "[(（]",
    "）": "[)）]",
}


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int
    end: int
    surface: str


def _is_ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _piece(ch: str) -> str:
    return CHAR_VARIANTS.get(ch, re.escape(ch))


def trie_pattern(names: Iterable[str]) -> str:
    """A regex matching any of `names`, longest first at each node, with word edges for Latin text."""
    root: dict = {}
    for name in names:
        node = root
        for ch in name:
            # characters written the same way in text share a trie node
            node = node.setdefault(_piece(ch) if ch in CHAR_VARIANTS else ch, {})
        node[""] = True
    # Names that start with a Latin letter or digit need a word edge before them; grouping them under
    # one look-behind keeps the other branch a plain set of first characters the engine can skip to.
    latin = [_node_pattern(ch, root[ch]) for ch in sorted(k for k in root if k and _is_ascii_word_char(k))]
    other = [_node_pattern(ch, root[ch]) for ch in sorted(k for k in root if k and not _is_ascii_word_char(k))]
    alternatives = []
    if other:
        alternatives.append("|".join(other))
    if latin:
        alternatives.append(f"(?<![{ASCII_WORD}])(?:" + "|".join(latin) + ")")
    return "|".join(alternatives) if alternatives else "(?!)"


def _node_pattern(ch: str, node: dict) -> str:
    head = ch if ch.startswith(("\\s", "[")) and len(ch) > 1 else re.escape(ch)
    options = [_node_pattern(child, node[child]) for child in sorted(k for k in node if k)]
    if "" in node:
        # ending here is the last option: longer names are tried first
        options.append(f"(?![{ASCII_WORD}])" if _is_ascii_word_char(ch) else "")
    if not options:
        return head
    if len(options) == 1:
        only = options[0]
        return head + (only if only else "")
    return head + "(?:" + "|".join(options) + ")"


class NameMatcher:
    """All (possibly overlapping) name matches, each the longest name starting at its position.

    Names starting with a Latin letter or digit and all other names (Han ...) get separate patterns:
    a pattern whose branches all start with plain characters lets the engine skip ahead to the next
    possible first character, many times faster than trying a look-behind at every position."""

    def __init__(self, names: Iterable[str]):
        names = sorted(set(names))
        groups = ([n for n in names if _is_ascii_word_char(n[0])], [n for n in names if not _is_ascii_word_char(n[0])])
        self.patterns = [re.compile(trie_pattern(group)) for group in groups if group]

    def finditer(self, text: str) -> Iterator[NameMatch]:
        for pattern in self.patterns:
            search, position = pattern.search, 0
            while True:
                match = search(text, position)
                if match is None:
                    break
                yield NameMatch(match.start(), match.end(), match.group())
                position = match.start() + 1
