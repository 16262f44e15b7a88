"""The entity finder's shortcuts give what the plain way gives: each test runs both on the cases that pick
between them (Chinese and English text)."""
from __future__ import annotations

import random
import re

import pytest

from extract.entities import (EN_ATTRIBUTION_VERB_LAST, WORD_PART, EntityFinder, Mention, WordsOf,
                              attribution_verb_starts, has_han, longest_first)
from lexicon.matcher import FIRST_CHARACTERS_PER_PATTERN, NameMatcher, trie_pattern

TEXTS = [
    "中国银行间市场交易商协会发布公告，中国银行、国家开发银行和嘉澜证券股份有限公司参与。",
    "（来源：财联社）财联社12月25日电，作者：王娜 张伟，浙江省交通投资集团有限公司发行23浙交01。",
    "随后宁波甬兴控股有限公司公告，宁波甬兴控股将继续发行。",
    "The People's Bank of China and Bank of China said on Monday that the bank of china unit would list.",
    "Reporting by Helen Zhou and Wang Tao in Beijing; Editing by Sam Holmes",
    "Wang Tao, an analyst at Nomura, said yields would fall. Ardent Hill Capital Co., Ltd. agreed.",
    "“Yields may fall,” says Li Wei, head of Asia rates strategy at Harbourline Capital.",
    "(Source: Reuters) The Biden administration met the Shanghai Stock Exchange.",
    "Analyst: Helen Zhou, CFA\nThe bonds of Tidewater Bank rose; Ningbo Harbour Group Co., Ltd. fell.",
    "",
]


def overlapping_matches(pattern: re.Pattern, text: str) -> set[tuple[int, int]]:
    spans, position = set(), 0
    while (match := pattern.search(text, position)) is not None:
        spans.add(match.span())
        position = match.start() + 1
    return spans


# Han names with many first characters (so the matcher splits them over several patterns), sharing
# first characters and prefixes (中国 中国银行 中国银行间市场), and Latin names in both cases.
HAN_NAMES = ["中国", "中国银行", "中国银行间市场", "国家开发银行", "（中国）", "(香港)公司"] + [
    chr(0x4E00 + 37 * index) + "某银行" for index in range(3 * FIRST_CHARACTERS_PER_PATTERN)]
LATIN_NAMES = ["Bank of China", "bank of china", "People's Bank of China", "China", "CICC", "2X Capital"]
MATCHER_TEXTS = TEXTS + [
    "".join(name[0] + "的" + name for name in HAN_NAMES),
    "在(香港)公司与（香港）公司之后，中国银行间市场与中国人民银行。",
    "bank of china (bank of china) xbank of china, People's bank of china 2X Capital and X2X Capital",
    "bank of china 与中国银行",
]


@pytest.mark.parametrize("text", MATCHER_TEXTS)
def test_split_matcher_finds_what_one_trie_finds(text):
    matcher = NameMatcher(HAN_NAMES + LATIN_NAMES)
    assert len(matcher.other_patterns) >= 3
    mostly_latin = len(text.encode("ascii", "ignore")) > len(text) // 2
    one_trie = re.compile(trie_pattern(HAN_NAMES + LATIN_NAMES, edge_first=mostly_latin))
    found = [(match.start, match.end) for match in matcher.finditer(text)]
    assert len(found) == len(set(found))  # each position once
    assert set(found) == overlapping_matches(one_trie, text)
    assert all(text[start:end] == surface for start, end, surface in matcher.finditer(text))


@pytest.mark.parametrize("text", TEXTS + ["联系人：王先生", "Source: none here, 来源：新华社"])
def test_context_without_chinese_cues_only_skips_what_cannot_match(lexicon, text):
    finder = EntityFinder(lexicon)
    skipped = list(finder.context_mentions(text, has_han(text)))
    assert skipped == list(finder.context_mentions(text, True))


@pytest.mark.parametrize("text", TEXTS + ["Nothing is attributed here, the analyst at Nomura, sai d."])
def test_verb_last_attributions_need_a_verb_at_a_word_start(text):
    every = [match.span() for match in EN_ATTRIBUTION_VERB_LAST.finditer(text)]
    assert not every or attribution_verb_starts(text)


@pytest.mark.parametrize("text", TEXTS)
def test_remembered_name_edges_agree_with_a_fresh_finder(lexicon, text):
    warm = EntityFinder(lexicon)
    first = warm.find(text)
    assert warm.find(text) == first == EntityFinder(lexicon).find(text)
    doubled = text + "\n" + text  # the second copy's windows are all remembered
    assert [(m.start, m.end, m.id) for m in warm.find(doubled)][:len(first)] == [(m.start, m.end, m.id) for m in first]


def greedy_longest_first(mentions: list[Mention]) -> list[Mention]:
    """longest_first the plain way: every mention against every one taken before it."""
    order = sorted(mentions, key=lambda m: (m.start - m.end, -{"lexicon": 4, "context": 3, "bond": 3,
                                                                 "discovered": 1}[m.source], m.start))
    taken: list[Mention] = []
    for mention in order:
        if all(mention.end <= other.start or other.end <= mention.start for other in taken):
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


@pytest.mark.parametrize("seed", range(30))
def test_longest_first_by_runs_agrees_with_the_plain_greedy(seed):
    chance = random.Random(seed)
    mentions = []
    for index in range(chance.randint(0, 40)):
        start = chance.randint(0, 80)
        end = start + chance.randint(1, 12)
        source = chance.choice(["lexicon", "context", "bond", "discovered"])
        mentions.append(Mention(start, end, f"m{index}", source, "company", f"id{index}",
                                reported=chance.random() < 0.7))
    assert longest_first(mentions) == greedy_longest_first(mentions)


def scanned_word(text: str, word: str) -> bool:
    """The plain way: some occurrence of `word` with no letter, digit or hyphen glued to either side."""
    return any(not WORD_PART.match(text, position - 1) if position else True
               for position in range(len(text)) if text.startswith(word, position)
               and not WORD_PART.match(text, position + len(word)))


WORDS_TEXT = ("Issuers rose. The issuers' bonds, re-priced, and co-issuer notes; analysts2 said o'brien "
              "and 发行人issuers met the bank-led group in state-owned banks.\nbanks")


@pytest.mark.parametrize("word", ["issuers", "issuer", "bonds", "re-priced", "priced", "co-issuer", "co", "analysts",
                                  "analysts2", "o'brien", "brien", "o", "bank-led", "bank", "state-owned", "owned",
                                  "banks", "group", "met", "issuers'", "the", "rose.", ""])
def test_a_texts_word_set_answers_as_a_scan_of_the_text_would(word):
    assert WordsOf(WORDS_TEXT).has(word) == scanned_word(WORDS_TEXT, word)
