"""The figure finder tries the grammar only at anchors, and at each anchor only the branches that can
begin with what stands there (find._pattern_for). These tests hold the fast paths to the slow one:
at every anchor the chosen branch set matches exactly as the whole grammar does there."""
from __future__ import annotations

import random
import re

import pytest

from extract.figures.find import _anchors, _pattern_for, to_ascii_width
from extract.figures.grammar import CN_NUMERAL, SIGN_BLOCKERS, figure_pattern, figure_patterns
from extract.figures.tables import CURRENCY_PREFIXES

TEXTS = {
    "zh-dates": "2025年5月7日，交易所发布通知。2025年第三季度科创债发行规模达1.2万亿元，较2024年1-5月增长35%，"
                "2023年至2024年间累计发行800只。",
    "zh-months": "5月、12月24日及6月份到期的3月期品种，利率为1.87%；10月内完成，十月十七日披露，二〇二五年十月起实施。",
    "zh-years-not-dates": "20世纪90年代以来，2020年代的市场，1000年一遇，2025年期国债，2025 年 6 月发行。",
    "zh-ranges": "1-3月发行额增长3-5%，期限5至10年、1~2年，利率2.1-2.3%；客服电话010-12345678，邮箱 5-ab@bank.cn。",
    "en-ranges": "Notes of 1-year and 3-5 years paid 2.1-2.3%, up 10–20 bp; call 021-12345678 or 1-desk@bank.com.",
    "zh-signs": "利差变动-5BP至+3BP，区间为-1.2%～+0.8%；- 一项说明 -- 另一项 +-2，联系 -ir@bank.cn。",
    "en-words": "Between 2 and 3 billion yuan was raised in March 2025; on 18 March the bank sold RMB 5 billion of "
                "3-year notes at 1.9%. Q3 2025 issuance rose 12%, per No. 4 rules, and two hundred bonds matured "
                "in the third quarter of 2024. Rmb5bn more came in May.",
    "en-currency": "It paid US$2,350/oz, HK$12 billion and USD 300 million; the rate was 2.35% in 2025, 30 bp wider.",
    "en-markdown": "- item one\n- item two\n\n| tenor | spread |\n|---|---|\n| 3-year | -5 bp |\n| 5-year | +3% |\n"
                   "Contact ir-team@example.com or -x@y.com --- or call +86 138 0000 0000.",
}


def _key(match):
    if match is None:
        return None
    found = {name: value for name, value in match.groupdict().items() if value is not None}
    return match.span(), match.lastgroup, found


@pytest.mark.parametrize("name", list(TEXTS))
def test_each_anchor_matches_as_the_whole_grammar_does(name):
    norm = to_ascii_width(TEXTS[name])
    patterns = figure_patterns()
    anchors = _anchors(norm)
    assert anchors
    for start, run_end in anchors:
        chosen = _pattern_for(norm, start, run_end, patterns)
        assert _key(chosen.match(norm, start)) == _key(figure_pattern().match(norm, start)), norm[start:start + 12]


@pytest.mark.parametrize("name", list(TEXTS))
def test_a_sign_left_out_for_what_follows_it_begins_no_figure(name):
    """A sign after a letter or a digit is a hyphen (never an anchor); any other sign is an anchor
    only when a number or an e-mail address follows it."""
    norm = to_ascii_width(TEXTS[name])
    anchored = {start for start, _ in _anchors(norm)}
    hyphen = re.compile(f"[{SIGN_BLOCKERS}]")
    for position, char in enumerate(norm):
        if char in "+-" and position not in anchored and not hyphen.match(norm, position - 1):
            assert figure_pattern().match(norm, position) is None, norm[position:position + 12]


def test_no_currency_prefix_begins_with_a_digit_or_a_numeral():
    """The quantity branch skips its currency prefix at a digit or a numeral (grammar._quantity)."""
    assert not [word for word in CURRENCY_PREFIXES if word[0].isdigit() or word[0] in CN_NUMERAL]


WORD_TEXTS = [
    "May issuance rose; in May 2025 the one-year rate was two percent, between 1% and 2%.",
    "2025年5月，RMB债券发行Q3环比上升，one笔three-year品种；5one不算，oneself不算，“May”算。",
    "March\nApril, June. (may) Between-bank, BETWEEN two and THREE; first half; q3; us$5; US$5",
    "国债收益率下行，信用利差收窄，yield and spread 在 curve 上；spreads 与 the yield curve。",
]


@pytest.mark.parametrize("text", WORD_TEXTS)
def test_both_whole_word_expressions_find_the_same_words(text):
    from extract.figures.grammar import anchor_patterns
    from extract.figures.context import metric_terms_matcher
    from extract.figures.tables import DEFAULT_METRIC_TERMS

    metric_words = metric_terms_matcher(tuple(DEFAULT_METRIC_TERMS.items())).english
    for words in (anchor_patterns()[1], metric_words):
        letter_first = [m.span() for m in words.letter_first.finditer(text)]
        after_edge = [(m.start(), m.end() - 1) for m in words.after_edge.finditer(" " + text)]
        assert letter_first == after_edge
        assert words.spans(text) == letter_first


def test_the_scan_follows_the_script_of_the_text():
    """Chinese text with a few English words is scanned letter first; English text edge first."""
    from extract.figures.grammar import few_latin_letters

    assert few_latin_letters("本周国债收益率整体下行，10年期国债收益率收于1.65%，信用利差收窄5BP，RMB计价的债券发行放量。" * 3)
    assert not few_latin_letters("Treasury yields fell this week; the 10-year yield closed at 1.65% and spreads narrowed.")


@pytest.mark.parametrize("seed", range(30))
def test_figures_under_a_bond_name_or_document_number_are_dropped_as_a_pairwise_check_would(seed):
    from extract.document import drop_covered
    from extract.model import Fact

    chance = random.Random(seed)

    def spans(count: int, kind: str) -> list[Fact]:
        starts = (chance.randint(0, 120) for _ in range(count))
        return [Fact(kind, start, start + chance.randint(1, 15), "x") for start in starts]

    figures, blockers = spans(chance.randint(0, 30), "figure"), spans(chance.randint(0, 8), "entity")
    pairwise = [figure for figure in figures if not any(figure.overlaps(blocker) for blocker in blockers)]
    assert drop_covered(figures, blockers) == pairwise
