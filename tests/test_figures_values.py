"""Values a careful reader expects: Chinese-numeral dates (二〇二四年三月八日), hours and quarters as durations,
approximate Chinese ranges (二三十个基点 = 20-30 bp, approximate), 组 as a classifier, 一 as a determiner
(这一次, 下一年度: no figure), and English quarters with their year ("fourth-quarter 2025" -> "2025-Q4")."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.figures import find_figures
from test_figures_support import figure_in, figure_texts

D = Decimal


DATES = [
    ("深圳证券交易所\n二〇二四年三月八日", "二〇二四年三月八日", "2024-03-08"),
    ("本办法于二〇二三年十二月修订。", "二〇二三年十二月", "2023-12"),
    ("会议定于十一月二十日召开。", "十一月二十日", "--11-20"),
    ("九月份发行明显放量。", "九月份", "--09"),
    ("与四月相比，成交有所回暖。", "四月", "--04"),
    ("十二月三十一日前完成兑付。", "十二月三十一日", "--12-31"),
    ("二〇一九年以来", "二〇一九年", "2019"),
    # English quarters named with their year
    ("Fourth-quarter 2024 issuance slowed.", "Fourth-quarter 2024", "2024-Q4"),
    ("Defaults rose in the second quarter of 2023.", "second quarter of 2023", "2023-Q2"),
    ("The 2025 first-quarter figures were strong.", "2025 first-quarter", "2025-Q1"),
    ("Growth picked up in 2024's third quarter.", "2024's third quarter", "2024-Q3"),
]


@pytest.mark.parametrize("sentence, text, value", DATES, ids=[d[1] for d in DATES])
def test_dates_in_chinese_numerals_and_english_quarters(sentence, text, value):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("value")) == ("date", value)


NO_DATES = [
    "今年前三月的发行节奏偏慢。",    # the first three months
    "三月期品种的收益率下行。",       # a tenor word, not March
    "数月以来市场持续震荡。",
    "项目须在一月内完成备案。",       # within a month
    "Supply in the third quarter was light.",   # a quarter without its year
    "First-quarter issuance beat forecasts.",
]


@pytest.mark.parametrize("sentence", NO_DATES)
def test_no_date_where_the_month_or_quarter_is_not_one(sentence):
    assert [f.text for f in find_figures(sentence) if f.get("kind") == "date"] == []


DURATIONS = [
    ("每个交易日的双边报价时间不少于2小时。", "2小时", D(2), "hour", "ge"),
    ("Dealers must quote for at least 3 hours a day.", "3 hours", D(3), "hour", "ge"),
    ("The tender window is a 48-hour one.", "48-hour", D(48), "hour", "eq"),
    ("报价响应时间不超过15分钟。", "15分钟", D(15), "minute", "le"),
    ("连续三个季度评级下调的发行人。", "三个季度", D(3), "quarter", "eq"),
    ("过去两个季度的发行量回落。", "两个季度", D(2), "quarter", "eq"),
]


@pytest.mark.parametrize("sentence, text, value, unit, cmp", DURATIONS, ids=[d[1] for d in DURATIONS])
def test_hours_minutes_and_quarters_are_durations(sentence, text, value, unit, cmp):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("value"), figure.get("unit"), figure.get("cmp")) == (
        "duration", value, unit, cmp)


def test_a_quarter_number_is_still_no_count():
    assert figure_texts("2季度发行放量，二季度末利差收窄。") == []


APPROXIMATE_RANGES = [
    ("高等级利差只剩两三个基点。", "两三个基点", "bp", D(2), D(3), "bp"),
    ("信用利差再压缩三四十个基点的空间不大。", "三四十个基点", "bp", D(30), D(40), "bp"),
    ("约有三五家券商参与。", "三五家", "count", D(3), D(5), "institution"),
    ("单笔规模多为五六千万元。", "五六千万元", "money", D(5e7), D(6e7), "CNY"),
    ("额度已用掉七八成。", "七八成", "percent", D(70), D(80), "%"),
    ("审核一般需要一两个月。", "一两个月", "duration", D(1), D(2), "month"),
]


@pytest.mark.parametrize("sentence, text, kind, low, high, unit", APPROXIMATE_RANGES,
                         ids=[a[1] for a in APPROXIMATE_RANGES])
def test_neighbouring_chinese_digits_are_an_approximate_range(sentence, text, kind, low, high, unit):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("value"), figure.get("low"), figure.get("high"), figure.get("unit"),
            figure.get("cmp")) == (kind, None, low, high, unit, "approx")


def test_neighbouring_digits_before_other_words_are_no_figure():
    assert figure_texts("一二级市场联动，三四线城市的城投债承压。") == []


COUNTS_BY_GROUP = [
    ("我们共筛选出86组可比样本。", "86组", D(86)),
    ("样本被分成两组。", "两组", D(2)),
]


@pytest.mark.parametrize("sentence, text, value", COUNTS_BY_GROUP, ids=[c[1] for c in COUNTS_BY_GROUP])
def test_zu_counts_groups(sentence, text, value):
    figure = figure_in(sentence, text)
    assert (figure.get("kind"), figure.get("value"), figure.get("unit")) == ("count", value, "group")


def test_zu_opening_another_word_is_no_classifier():
    assert figure_texts("该产品投向5组合资产。") == []


ONE_AS_A_DETERMINER = [
    "这一次调整的力度超出预期。",
    "排名靠前的机构可在下一年度减免费用。",
    "同一发行人的债券合并计算。",
    "上一年末的存量规模。",
    "每一笔交易都需要留痕。",
    "监管再一次强调了信息披露。",
    "以前一交易日的收盘价为准。",
]


@pytest.mark.parametrize("sentence", ONE_AS_A_DETERMINER)
def test_one_after_a_determiner_is_no_number(sentence):
    assert figure_texts(sentence) == []


def test_one_alone_still_counts():
    figure = figure_in("公司已完成一次回售。", "一次")
    assert (figure.get("kind"), figure.get("value")) == ("count", D(1))
