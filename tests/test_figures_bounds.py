"""Comparators an analyst reads off a rule or a forecast: negated bounds (不得少于 is "at least"), bounds across
a noun phrase (不超过基金净资产的10%), "within" after a duration (5个工作日内), hedges (perhaps), and "over"
before a duration that means "during", not "more than"."""
from __future__ import annotations

import pytest

from test_figures_support import figure_in


def cmp_of(sentence: str, text: str) -> str:
    return figure_in(sentence, text).get("cmp")


NEGATED_BOUNDS = [
    ("每只基金持有的债券不得少于20只。", "20只", "ge"),
    ("做市商的日均报价时长不能低于3小时。", "3小时", "ge"),
    ("单笔认购金额不应低于500万元。", "500万元", "ge"),
    ("杠杆率不得超过140%。", "140%", "le"),
    ("任一发行人的持仓比例不可高于8%。", "8%", "le"),
    ("理财产品的久期不宜超过3年。", "3年", "le"),
    ("参与机构数量不得多于15家。", "15家", "le"),
    ("The leverage ratio must not be lower than 4%.", "4%", "ge"),
    ("Holdings of a single issuer shall not be more than 10% of net assets.", "10%", "le"),
    ("The fund cannot exceed 25% in unrated paper.", "25%", "le"),
    ("Coverage may never be below 150%.", "150%", "ge"),
    # the plain forms are unchanged
    ("融资余额超过800亿元。", "800亿元", "gt"),
    ("利率低于2%的品种。", "2%", "lt"),
    ("Yields fell below 1.6% in May.", "1.6%", "lt"),
    ("The deal was priced higher than 3.1%.", "3.1%", "gt"),
]


@pytest.mark.parametrize("sentence, text, cmp", NEGATED_BOUNDS, ids=[n[1] for n in NEGATED_BOUNDS])
def test_a_negated_bound_is_the_opposite_inclusive_bound(sentence, text, cmp):
    assert cmp_of(sentence, text) == cmp


NOUN_PHRASE_BOUNDS = [
    ("基金持有单一债券的市值不超过基金资产净值的10%。", "10%", "le"),
    ("做市商持有的单只债券不得超过该期债券发行总额的15%。", "15%", "le"),
    ("城投债约占全部信用债净融资的35%。", "35%", "approx"),
    ("质押券的市值不低于融入资金的120%。", "120%", "ge"),
    ("理财子公司至少持有产品规模的5%。", "5%", "ge"),
    ("绿色债券约占1-9月同类品种发行额的12%。", "12%", "approx"),
]


@pytest.mark.parametrize("sentence, text, cmp", NOUN_PHRASE_BOUNDS, ids=[n[1] for n in NOUN_PHRASE_BOUNDS])
def test_a_cue_bounds_its_figure_across_a_noun_phrase_ending_in_de(sentence, text, cmp):
    assert cmp_of(sentence, text) == cmp


NOUN_PHRASE_NOT_BOUNDS = [
    ("收益率最高的10%品种集中在地产行业。", "10%"),       # a superlative: "the top 10 %"
    ("超长期特别国债的30%由大行承接。", "30%"),            # 超 opens 超长期
    ("违约债券的20%来自民营企业。", "20%"),               # 违约 is a default, not "about"
    ("规模超过5亿元的项目，其中40%的资金用于研发。", "40%"),  # another figure and a comma stand between
    ("不超过3年的品种中，AAA级的12%已到期。", "12%"),
    # after a strict comparison the figure is the value of the thing compared with
    ("一季度社融增速低于去年同期的9.3%。", "9.3%"),
    ("绿色债券的认购倍数显著高于普通债券的2.1倍。", "2.1倍"),
    ("今年发行量接近去年全年的1.2万亿元。", "1.2万亿元"),
]


@pytest.mark.parametrize("sentence, text", NOUN_PHRASE_NOT_BOUNDS, ids=[n[0][:6] for n in NOUN_PHRASE_NOT_BOUNDS])
def test_no_bound_across_a_superlative_a_figure_or_punctuation(sentence, text):
    assert cmp_of(sentence, text) == "eq"


WITHIN_DURATIONS = [
    ("发行人应在收到问询后5个工作日内回复。", "5个工作日", "le"),
    ("交易所在3个交易日内作出决定。", "3个交易日", "le"),
    ("募集资金须在两年内使用完毕。", "两年", "le"),
    ("Issuers must reply within 10 working days.", "10 working days", "le"),
    ("剩余期限在1年以内的品种。", "1年", "le"),
    ("过去3年内部控制持续完善。", "3年", "eq"),  # 内部: internal
]


@pytest.mark.parametrize("sentence, text, cmp", WITHIN_DURATIONS, ids=[w[0][:8] for w in WITHIN_DURATIONS])
def test_within_after_a_duration_is_at_most(sentence, text, cmp):
    assert cmp_of(sentence, text) == cmp


HEDGES = [
    ("Analysts expect perhaps 300 billion to 400 billion yuan of supply.", "300 billion to 400 billion yuan", "approx"),
    ("The bank may raise maybe 20 billion yuan.", "20 billion yuan", "approx"),
    ("Roughly 45% of the quota is used.", "45%", "approx"),
    ("Some 120 issuers came to market.", "120 issuers", "approx"),
    ("An estimated 1.2 trillion yuan matures next year.", "1.2 trillion yuan", "approx"),
    ("全年发行大致2万亿元。", "2万亿元", "approx"),
]


@pytest.mark.parametrize("sentence, text, cmp", HEDGES, ids=[h[1] for h in HEDGES])
def test_hedges_are_approximate(sentence, text, cmp):
    assert cmp_of(sentence, text) == cmp


OVER_DURATIONS = [
    ("The province will sell 900 billion yuan of bonds over five years.", "five years", "eq"),
    ("Repayments are spread over 10 years.", "10 years", "eq"),
    ("Bonds with maturities of over 10 years sold well.", "10 years", "gt"),
    ("The programme has run for over two years.", "two years", "gt"),
    ("It raised over 30 billion yuan.", "30 billion yuan", "gt"),
    ("Tenors are more than three years.", "three years", "gt"),
]


@pytest.mark.parametrize("sentence, text, cmp", OVER_DURATIONS, ids=[o[0][:12] for o in OVER_DURATIONS])
def test_over_before_a_duration_is_a_span_unless_it_measures(sentence, text, cmp):
    assert cmp_of(sentence, text) == cmp


FREQUENCIES = [
    ("存续期内每半年至少披露一次资金使用情况。", "一次", "ge"),
    ("委员会每季度至少召开两次会议。", "两次", "ge"),
    ("每年最多调整一次利率。", "一次", "eq"),  # 调整 is not a verb the bound reaches across
]


@pytest.mark.parametrize("sentence, text, cmp", FREQUENCIES, ids=[f[0][:8] for f in FREQUENCIES])
def test_a_bound_reaches_a_frequency_across_its_verb(sentence, text, cmp):
    assert cmp_of(sentence, text) == cmp
