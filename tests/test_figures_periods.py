"""Issue 3's remaining grammar: half years (their year only), quarter shorthands, decades, index points, comparators
separated from their figure by a verb, and the yen sign -- each with what must NOT be read as one.

Value conventions (dates are strings of the precision written):
* a half year keeps only its year ("2025年上半年" -> "2025"; 上半年 alone is no date): the value
  conventions we share with downstream tools have no half-year precision;
* a decade is its first three digits and an X: "199X" (ISO 8601-2's unspecified digit);
* an index level or move is kind "number" with unit "point".
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.figures import find_figures
from test_figures_support import figure_in, figure_texts

D = Decimal


PERIODS = [
    # a half year keeps its year alone, as "end of February 2025" keeps "February 2025"
    ("2025年上半年，科创债发行规模同比增长。", "2025年", "2025"),
    ("2024年下半年以来信用利差持续收窄。", "2024年", "2024"),
    ("公司2025年H2的营收改善。", "2025年", "2025"),
    ("Issuance jumped in H1 2025 as rates fell.", "2025", "2025"),
    ("Spreads widened in the second half of 2024.", "2024", "2024"),
    # quarters
    ("3Q25 net interest margin fell to 1.4%.", "3Q25", "2025-Q3"),
    ("Q4'24 issuance was the largest on record.", "Q4'24", "2024-Q4"),
    ("Sales in Q3 2025 rose.", "Q3 2025", "2025-Q3"),
    ("2025年第三季度末收窄约9bp。", "2025年第三季度", "2025-Q3"),
    ("2025Q2发行规模创新高。", "2025Q2", "2025-Q2"),
    # decades
    ("20世纪90年代，我国开始发行企业债券。", "20世纪90年代", "199X"),
    ("早在二十世纪九十年代就有类似安排。", "二十世纪九十年代", "199X"),
    ("90年代以来，市场几经起伏。", "90年代", "199X"),
    ("1980年代的利率管制逐步放开。", "1980年代", "198X"),
    ("本世纪20年代以来，绿色债券快速增长。", "本世纪20年代", "202X"),
    ("Bond markets opened up in the 1990s.", "1990s", "199X"),
    ("a repeat of the '90s crisis", "90s", "199X"),
    ("Rates stayed low through the 2010s.", "2010s", "201X"),
]


@pytest.mark.parametrize("sentence, text, value", PERIODS, ids=[p[1] for p in PERIODS])
def test_period_is_a_date_of_its_precision(sentence, text, value):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("value"), figure.get("unit")) == ("date", value, "date")


# A year followed by a span or an edge of it: the year is the figure, at year precision. The first
# three quarters are a span (Q1 to Q3), not the third quarter; the start or end of a year is no
# calendar value.
YEAR_ONLY = [
    ("2025年前三季度，科创债发行1万亿元。", "2025年", "2025"),
    ("2025年末，存量规模约1.9万亿元。", "2025年", "2025"),
    ("2024年初以来，利差明显收窄。", "2024年", "2024"),
]


@pytest.mark.parametrize("sentence, text, value", YEAR_ONLY, ids=[y[0][:8] for y in YEAR_ONLY])
def test_a_span_or_edge_of_a_year_keeps_the_year(sentence, text, value):
    assert figure_in(sentence, text).get("value") == value
    assert [t for t in figure_texts(sentence) if t.startswith(text[:4])] == [text]


POINTS = [
    ("上证指数收于3,350点，成交额放大。", "3,350点", D("3350")),
    ("上证指数3350.5点附近震荡。", "3350.5点", D("3350.5")),
    ("沪指下跌25点，收于3280点。", "25点", D("25")),
    ("10年期国债收益率上行0.5个点。", "0.5个点", D("0.5")),
    ("The Hang Seng closed at 19,250 points.", "19,250 points", D("19250")),
    ("The index fell 25 points on Friday.", "25 points", D("25")),
    ("The Nikkei added 312.6 pts.", "312.6 pts", D("312.6")),
]


@pytest.mark.parametrize("sentence, text, value", POINTS, ids=[p[1] for p in POINTS])
def test_index_points_are_numbers_in_points(sentence, text, value):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("value"), figure.get("unit")) == ("number", value, "point")


def test_a_range_of_index_levels():
    figure = figure_in("预计沪指在3300-3400点区间震荡。", "3300-3400点")
    assert (figure.get("low"), figure.get("high"), figure.get("unit")) == (D("3300"), D("3400"), "point")


def test_basis_points_and_percentage_points_stay_themselves():
    assert figure_in("利率下降10个基点。", "10个基点").get("unit") == "bp"
    assert figure_in("占比提高5.2个百分点。", "5.2个百分点").get("unit") == "pp"
    assert figure_in("Spreads tightened 15 basis points.", "15 basis points").get("unit") == "bp"
    assert figure_in("Its share rose 2 percentage points.", "2 percentage points").get("unit") == "pp"


NO_POINTS = [
    "这是一个关键的时间点。",
    "报告的主要观点如下。",
    "本次改革有三个重点和两个难点。",
    "主要有以下3点建议。",
    "会议于下午3点召开。",
    "晚上10点发布公告。",
    "明天10点开始申购。",
    "两点钟开盘。",
    "三点意见供参考。",
    "The government unveiled a 10-point plan.",
    "She made three points in her speech.",
]


@pytest.mark.parametrize("sentence", NO_POINTS)
def test_no_index_point(sentence):
    assert [f.text for f in find_figures(sentence) if f.get("unit") == "point"] == []


COMPARATORS_ACROSS_VERBS = [
    ("发行人需要至少具备一项认定称号。", "一项", "ge"),
    ("主承销商至少需要3家。", "3家", "ge"),
    ("每期债券不少于应当有2名评级人员。", "2名", "ge"),
    ("全市约有300家企业符合条件。", "300家", "approx"),
    ("最多拥有5个席位。", "5个", "le"),
    ("该基金不超过持有10只债券。", "10只", "le"),
]


@pytest.mark.parametrize("sentence, text, cmp", COMPARATORS_ACROSS_VERBS, ids=[c[1] for c in COMPARATORS_ACROSS_VERBS])
def test_a_comparator_bounds_its_figure_across_a_verb(sentence, text, cmp):
    assert figure_in(sentence, text).get("cmp") == cmp


VERB_WITHOUT_COMPARATOR = [
    ("最近有3家机构退出。", "3家"),  # 最近 is "recently", not 近
    ("公司需要3家主承销商。", "3家"),
    ("共有20只债券完成发行。", "20只"),
]


@pytest.mark.parametrize("sentence, text", VERB_WITHOUT_COMPARATOR, ids=[v[1] for v in VERB_WITHOUT_COMPARATOR])
def test_a_verb_alone_is_no_comparator(sentence, text):
    assert figure_in(sentence, text).get("cmp") == "eq"


YEN_SIGN = [
    ("本期债券募集¥30亿元。", "¥30亿元", "CNY"),
    ("该行在境内发行¥5亿绿色债券。", "¥5亿", "CNY"),
    ("Japan's government plans ¥1.2 trillion of extra spending.", "¥1.2 trillion", "JPY"),
    ("日本央行本周购买了¥3000亿国债。", "¥3000亿", "JPY"),
    ("Toyota raised JP¥500 billion.", "JP¥500 billion", "JPY"),
    ("Proceeds reached CN¥8 billion.", "CN¥8 billion", "CNY"),
]


@pytest.mark.parametrize("sentence, text, currency", YEN_SIGN, ids=[y[1] for y in YEN_SIGN])
def test_the_yen_sign_is_read_by_context(sentence, text, currency):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("unit")) == ("money", currency)


NOT_PERIODS = [
    "H1N1疫苗的研发进展。",
    "The H1 visa rules changed.",
    "In his 90s he still traded bonds.",
    "年初以来市场回暖。",
    "年末资金面偏紧。",
    "上半场比赛结束。",
    "上半年发行节奏偏慢。",
    "The bank's 1H25 profit beat forecasts.",
]


@pytest.mark.parametrize("sentence", NOT_PERIODS)
def test_no_period(sentence):
    assert [f.text for f in find_figures(sentence) if f.get("kind") == "date"] == []
