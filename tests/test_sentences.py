"""Sentence splitting for Chinese, English and mixed text: where a reader sees a sentence end."""
import pytest

from extract.sentences import sentence_index, split_sentences


def sentences(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # Chinese end marks, with closing quotes kept on the sentence they close
    ("今年发行规模达1.9万亿元。明年有望继续增长！", ["今年发行规模达1.9万亿元。", "明年有望继续增长！"]),
    ("发行人应当披露资金用途；不得挪用募集资金。", ["发行人应当披露资金用途；", "不得挪用募集资金。"]),
    ("他表示：“规模将继续扩大。”随后离场。", ["他表示：“规模将继续扩大。”", "随后离场。"]),
    # numbered sub-items start sentences of their own
    ("主要有两点：一是扩大发行主体，二是放宽资金用途。", ["主要有两点：", "一是扩大发行主体，", "二是放宽资金用途。"]),
    ("（一）总体要求（二）主要任务", ["（一）总体要求", "（二）主要任务"]),
    ("措施包括：①设立基金，②提供贴息", ["措施包括：", "①设立基金，", "②提供贴息"]),
    ("相关报告: 1.《城投转型路径探究》,2024.11.8 2.《永续债定价研究》,2024.12.2",
     ["相关报告:", "1.《城投转型路径探究》,2024.11.8", "2.《永续债定价研究》,2024.12.2"]),
    # an article number inside a sentence is not an item
    ("依据第(二)款规定执行。", ["依据第(二)款规定执行。"]),
    # decimals and dotted dates never split
    ("利率为1.5%，发布于2025.6.27，期限3.5年。", ["利率为1.5%，发布于2025.6.27，期限3.5年。"]),
    # line breaks end sentences
    ("标题\n正文第一句。", ["标题", "正文第一句。"]),
    # a quote cut short with an ellipsis ends before the next sentence
    ("文件将其表述为“分担部分损失……” 与之配套,另一通知也作了安排", ["文件将其表述为“分担部分损失……”", "与之配套,另一通知也作了安排"]),
])
def test_chinese_sentences(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Bonds rose. Yields fell.", ["Bonds rose.", "Yields fell."]),
    ("Zhejiang Geely Holding Group Co., Ltd. sold notes. BYD Co., Ltd. followed.",
     ["Zhejiang Geely Holding Group Co., Ltd. sold notes.", "BYD Co., Ltd. followed."]),
    ("Apple Inc. and Ford Motor Corp. sold debt in the U.S. Market. Demand was strong.",
     ["Apple Inc. and Ford Motor Corp. sold debt in the U.S. Market.", "Demand was strong."]),
    ("See Guidelines No. 4 for details. It took effect, e.g. on Monday. Sales grew 1.5% in 2024.",
     ["See Guidelines No. 4 for details.", "It took effect, e.g. on Monday.", "Sales grew 1.5% in 2024."]),
    ("“It works,” he said. “We agree.” Then he left.", ["“It works,” he said.", "“We agree.”", "Then he left."]),
    ("Is it permitted? Yes. It is!", ["Is it permitted?", "Yes.", "It is!"]),
])
def test_english_sentences(text, expected):
    assert sentences(text) == expected


def test_spans_are_offsets_into_the_text_with_a_language():
    text = "  SSE issued rules.  上交所发布规则。 "
    spans = split_sentences(text)
    assert [(text[s.start:s.end], s.lang) for s in spans] == [("SSE issued rules.", "en"), ("上交所发布规则。", "zh")]


def test_sentence_index_finds_the_sentence_of_a_position():
    text = "第一句。第二句。"
    spans = split_sentences(text)
    assert sentence_index(spans, text.index("二")) == 1
    assert sentence_index(spans, 0) == 0
    assert sentence_index(spans, len(text) + 5) is None
