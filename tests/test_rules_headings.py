"""Heading lines: where a heading's title starts on its line (after white space and an attachment label)."""
import re

import pytest

from extract.rules import HEADING_OPENING, LINE, find_rules
from extract.sentences import split_sentences

LINES = [
    "上海证券交易所关于发布《绿色债券业务指引》的通知",
    "\u3000\u3000关于做好民营企业债券融资支持工作的通知",
    " \t附件 2 ：上海证券交易所科技创新债券业务指引",
    "附件:上海证券交易所绿色债券业务指引",
    "附件\u3000三：\u3000关于进一步规范债券发行业务有关事项的通知",
    "附件",
    "\u3000 \t",
    "\r",
    "  Annex 1: Measures for the Administration of Corporate Bonds",
    "The Exchange issued the Guidelines on 5 May.",
    "1. 2025 3.5% 100",
]
OLD_LABEL = re.compile(r"(?:附件\s*[0-9一二三四五六七八九十]*\s*[:：]\s*)?")


@pytest.mark.parametrize("line", LINES)
def test_heading_opening_is_the_line_stripped_then_its_label(line):
    text = "前文。\n" + line + "\n后文。"
    match = next(m for m in LINE.finditer(text) if m.start() == len("前文。\n"))
    stripped = match.start() + len(match.group()) - len(match.group().lstrip())
    expected = OLD_LABEL.match(text, stripped, match.end()).end()
    assert HEADING_OPENING.match(text, match.start(), match.end()).end() == expected


@pytest.mark.parametrize("text, expected", [
    ("\u3000\u3000关于做好民营企业债券融资支持工作的通知\n为支持民营企业融资,现将有关事项通知如下。",
     ["关于做好民营企业债券融资支持工作的通知"]),
    ("特此通知。\n \t附件 2 ：关于进一步规范债券发行业务有关事项的通知\n", ["关于进一步规范债券发行业务有关事项的通知"]),
    ("Annex 1: Measures for the Administration of Corporate Bonds\n", ["Measures for the Administration of Corporate Bonds"]),
])
def test_heading_lines_with_white_space_and_labels(text, expected):
    assert [f.text for f in find_rules(text, split_sentences(text), [])] == expected
