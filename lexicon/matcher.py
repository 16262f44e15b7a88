"""Find every lexicon name in a text: one compiled trie-shaped regex, leftmost-longest per position.

A plain alternation of a thousand names makes the regex engine try each name at each position; the
trie shape (`中国(?:人民银行|银行(?:间市场交易商协会)?)`) lets it follow one branch per character, so a
scan runs at C speed whatever the lexicon size. Chinese names match on raw characters, so word
segmentation can never hide them; Latin names must not be glued to more letters or digits.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple

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


class NameMatch(NamedTuple):  # a tuple: thousands are made per document
    start: int
    end: int
    surface: str


def _is_ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _piece(ch: str) -> str:
    return CHAR_VARIANTS.get(ch, re.escape(ch))


def trie_pattern(names: Iterable[str], edge_first: bool = False, after_edge: bool = False) -> str:
    """A regex matching any of `names`, longest first at each node, with word edges for Latin text.

    A name starting with a Latin letter or digit must not continue a word. In mostly Latin text it
    is fastest to check that first (`edge_first`): most positions are inside words and fail at once.
    Elsewhere the check comes right after the first character, so every branch starts with a plain
    character the engine can skip ahead to. `after_edge`: the caller's pattern checks it already."""
    root: dict = {}
    for name in names:
        node = root
        for ch in name:
            # characters written the same way in text share a trie node
            node = node.setdefault(_piece(ch) if ch in CHAR_VARIANTS else ch, {})
        node[""] = True
    latin = [k for k in sorted(root) if k and _is_ascii_word_char(k)]
    other = [k for k in sorted(root) if k and not _is_ascii_word_char(k)]
    if after_edge:
        branches = [_node_pattern(ch, root[ch]) for ch in sorted(latin + other)]
    elif edge_first:
        branches = [_node_pattern(ch, root[ch]) for ch in other]
        if latin:
            branches.append(f"(?<![{ASCII_WORD}])(?:" + "|".join(_node_pattern(ch, root[ch]) for ch in latin) + ")")
    else:
        branches = [_node_pattern(ch, root[ch], f"(?<![{ASCII_WORD}].)" if ch in latin else "")
                    for ch in sorted(latin + other)]
    return "|".join(branches) if branches else "(?!)"


def _node_pattern(ch: str, node: dict, after_head: str = "") -> str:
    head = (ch if ch.startswith(("\\s", "[")) and len(ch) > 1 else re.escape(ch)) + after_head
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


# First characters per pattern for names not starting with a Latin letter or digit. At a position whose
# character starts some name, the regex engine tries the top-level alternatives one after another
# (each a one-character test), and after the right one fails it still tests all the others: with
# ~180 Han first characters that costs ten times the scan itself. Several patterns of this many first
# characters each scan the text once more (cheap: the engine skips to their first characters) but
# test four times fewer alternatives at each candidate.
FIRST_CHARACTERS_PER_PATTERN = 48


class NameMatcher:
    """All (possibly overlapping) name matches, each the longest name starting at its position.

    Names starting with a Latin letter or digit and all other names (Han ...) get separate patterns:
    each is then a small set of first characters the engine can skip ahead to. The other names are
    split further by first character (see FIRST_CHARACTERS_PER_PATTERN); names sharing a first
    character always share a pattern, so each position still gets its longest name, once."""

    def __init__(self, names: Iterable[str]):
        names = sorted(set(names))
        latin = [n for n in names if _is_ascii_word_char(n[0])]
        other = [n for n in names if not _is_ascii_word_char(n[0])]
        heads = sorted({_head(name) for name in other})
        size = FIRST_CHARACTERS_PER_PATTERN
        groups = [set(heads[index:index + size]) for index in range(0, len(heads), size)]
        self.other_patterns = [re.compile(trie_pattern(n for n in other if _head(n) in group)) for group in groups]
        # any first character of those names: a text without one (most English texts) skips them all
        self.other_first = re.compile("|".join(map(_head_pattern, heads)) or "(?!)")
        # In mostly Latin text every position can be a name's first letter. Names starting with a capital
        # or a digit are found by skipping to those (a capital is rare); the lower-case ones (lower-case
        # forms of long names) by skipping to the character before a word, or at the text's start.
        self.latin_pattern = re.compile(trie_pattern(latin))  # for text that is mostly not Latin
        lower_case = [n for n in latin if n[0].islower()]
        self.capitalised_pattern = re.compile(trie_pattern(n for n in latin if not n[0].islower()))
        self.lower_case_at_start = re.compile(trie_pattern(lower_case))
        self.lower_case_after_edge = re.compile(f"[^{ASCII_WORD}]({trie_pattern(lower_case, after_edge=True)})")

    def finditer(self, text: str) -> Iterator[NameMatch]:
        """The matches of each pattern in turn (in text order within one pattern)."""
        first = self.other_first.search(text)
        if first is not None:
            for pattern in self.other_patterns:
                yield from _overlapping_matches(pattern, text, first.start())
        mostly_latin = len(text.encode("ascii", "ignore")) > len(text) // 2
        yield from self._mostly_latin_matches(text) if mostly_latin else _overlapping_matches(self.latin_pattern, text, 0)

    def _mostly_latin_matches(self, text: str) -> Iterator[NameMatch]:
        yield from _overlapping_matches(self.capitalised_pattern, text, 0)
        if (match := self.lower_case_at_start.match(text)) is not None:
            yield NameMatch(0, match.end(), match.group())
        search, position = self.lower_case_after_edge.search, 0
        while (match := search(text, position)) is not None:  # the name is the group after the edge
            start, end = match.span(1)
            yield NameMatch(start, end, text[start:end])
            position = start  # the next edge is at the name's first letter or later


def _overlapping_matches(pattern: re.Pattern, text: str, position: int) -> Iterator[NameMatch]:
    """The longest match at each position from `position` on (finditer would skip to each one's end)."""
    search = pattern.search
    while (match := search(text, position)) is not None:
        start, end = match.span()
        yield NameMatch(start, end, text[start:end])
        position = start + 1


def _head(name: str) -> str:
    """A name's first trie node: its first character, or the class it stands for in text."""
    return _piece(name[0]) if name[0] in CHAR_VARIANTS else name[0]


def _head_pattern(head: str) -> str:
    return head if head.startswith(("\\s", "[")) and len(head) > 1 else re.escape(head)
