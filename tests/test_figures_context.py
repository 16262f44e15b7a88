"""Figures in context: what a figure measures (metric), whom it belongs to (subject), when (period)."""
from __future__ import annotations

import pytest

from extract.figures import DEFAULT_METRIC_TERMS, find_figures, link_figure_context
from extract.model import Fact
from extract.sentences import split_sentences
from test_figures_support import figure_in


def metric_of(sentence: str, text: str):
    return figure_in(sentence, text, DEFAULT_METRIC_TERMS).get("metric")


METRICS = [
    ("AAA级主体发行规模214.5亿元，占比高达74%。", "214.5亿元", "issuance_amount"),
    ("AAA级主体发行规模214.5亿元，占比高达74%。", "74%", "share"),
    ("对应1年AAA的信用利差水平分别为24bp-34bp。", "24bp-34bp", "spread"),
    ("新发科创债收益率高于2.13%，则具备价值。", "2.13%", "yield"),
    ("当前科创挂钩类债券的票面利率上调幅度多数为10-30BP。", "10-30BP", "coupon"),
    ("科创票据存量规模合计约1.9万亿元。", "1.9万亿元", "outstanding"),
    ("期限多为3年，固定利率。", "3年", "tenor"),
    ("the issuance amount of the bonds exceeded 500 billion yuan", "500 billion yuan", "issuance_amount"),
    ("The 10-year yield fell to 1.65%.", "1.65%", "yield"),
    ("central SOEs accounting for 45% of the volume", "45%", "share"),
    ("The spread widened to 120 bps.", "120 bps", "spread"),
    # no metric: too far back, across a sentence end, or a kind that is not a measurement
    ("利差走阔。随后发行规模回升，市场共发行25只。", "25只", None),
    ("收益率下行。2024年全年共发行1,256只债券，规模扩大至3000亿元。", "3000亿元", None),
    ("收益率对应2025年5月7日的数据。", "2025年5月7日", None),
    ("利差为正，对应1年AAA的债券较多。", "1年", None),  # a tenor does not borrow a metric across a comma
    ("Yields rose. Firms sold 30 billion yuan in total.", "30 billion yuan", None),
    ("The rate was unchanged; the market sold 2,000 companies' bonds worth 80 billion yuan.", "80 billion yuan", None),
]


@pytest.mark.parametrize("sentence, text, metric", METRICS)
def test_metric_is_the_nearest_term_before_the_figure_in_its_sentence(sentence, text, metric):
    assert metric_of(sentence, text) == metric


def test_metric_terms_come_from_the_caller():
    figures = find_figures("本期票息为2.3%。", {"票息": "coupon_rate"})
    assert figures[0].get("metric") == "coupon_rate"


def test_metric_terms_may_mix_scripts():
    figures = find_figures("KPI达标率为95%。", {"KPI达标率": "kpi_rate"})
    assert figures[0].get("metric") == "kpi_rate"


def test_no_metric_without_terms():
    assert "metric" not in find_figures("收益率为2.3%。")[0].fields


def test_english_terms_are_whole_words():
    # "rate" inside "corporate" is not the metric "rate"
    figures = find_figures("Corporate issuance: 30 billion yuan.", {"rate": "rate"})
    assert "metric" not in figures[0].fields


# --- subject and period -------------------------------------------------------------------------

def entity(text: str, document: str, kind: str, entity_id: str) -> Fact:
    start = document.index(text)
    return Fact("entity", start, start + len(text), text, {"kind": kind, "id": entity_id})


def linked(document: str, entities: list[tuple[str, str, str]]):
    facts = [entity(text, document, kind, entity_id) for text, kind, entity_id in entities]
    figures = find_figures(document)
    link_figure_context(document, figures, split_sentences(document), facts)
    return {f.text: f for f in figures}


def test_period_is_the_date_the_sentence_opens_with():
    figures = linked("截至2025年5月7日，科创票据存量规模合计约1.9万亿元，占比约6.1%。", [])
    assert figures["1.9万亿元"].get("period") == "2025-05-07"
    assert figures["6.1%"].get("period") == "2025-05-07"
    assert "period" not in figures["2025年5月7日"].fields  # a date has no period of its own


def test_period_in_english_as_of_the_end_of_a_month():
    figures = linked("As of the end of February 2025, there were 143 bonds with a scale of 341.6 billion yuan.", [])
    assert figures["341.6 billion yuan"].get("period") == "2025-02"


def test_period_may_follow_the_figure():
    figures = linked("Wingtech raised 1.66 billion yuan in February through innovation bonds.", [])
    assert figures["1.66 billion yuan"].get("period") == "--02"


def test_period_does_not_cross_sentences():
    figures = linked("2024年市场平稳。发行规模为3000亿元。", [])
    assert "period" not in figures["3000亿元"].fields


def test_subject_is_the_nearest_organisation_before_the_figure():
    document = "In 2024, SSE supported 424 enterprises to issue bonds of 510.5 billion yuan."
    figures = linked(document, [("SSE", "exchange", "SSE")])
    assert figures["510.5 billion yuan"].get("subject") == "SSE"
    assert figures["424 enterprises"].get("subject") == "SSE"
    assert figures["510.5 billion yuan"].get("period") == "2024"


def test_subject_prefers_the_closer_entity():
    document = "证监会表示，上交所科创债发行规模超过5000亿元。"
    figures = linked(document, [("证监会", "regulator", "CSRC"), ("上交所", "exchange", "SSE")])
    assert figures["5000亿元"].get("subject") == "SSE"


def test_subject_ignores_entities_of_other_sentences_and_kinds():
    document = "上交所发布通知。全年发行规模为3000亿元，科创债占比40%。"
    figures = linked(document, [("上交所", "exchange", "SSE"), ("科创债", "person", "nobody")])
    assert "subject" not in figures["3000亿元"].fields
    assert "subject" not in figures["40%"].fields


def test_subject_is_not_taken_from_after_the_figure():
    document = "发行规模100亿元，由中信证券承销。"
    figures = linked(document, [("中信证券", "company", "CITICS")])
    assert "subject" not in figures["100亿元"].fields


def test_bond_entities_can_own_figures():
    document = "25国开01发行规模100亿元，期限3年。"
    figures = linked(document, [("25国开01", "bond", "bond:25国开01")])
    assert figures["100亿元"].get("subject") == "bond:25国开01"


# --- dates that are no period: comparison bases, window starts, origins ---------------------------

PERIOD_ROLES = [
    # a comparison base is nobody's period; the search goes on to an earlier plain date
    ("AA级品种平均发行利率为2.46%，较4月上行约6bp。", {"2.46%": None, "6bp": None}),
    ("2025年9月，AAA级收益率为1.92%，比6月下行11bp。", {"1.92%": "2025-09", "11bp": "2025-09"}),
    ("与2023年末相比，城投债存量增长8%。", {"8%": None}),
    ("Spreads were 15 bp tighter than at the end of 2024.", {"15 bp": None}),
    ("Issuance was 40% higher compared with 2023.", {"40%": None}),
    # a window start is no period
    ("2022年以来，累计发行科创债2,300只。", {"2,300只": None}),
    ("Since 2020, provinces have sold 12 trillion yuan of special bonds.", {"12 trillion yuan": None}),
    # an origin holds for the figures before the move word only
    ("城投债的发行占比从2023年的约61%降至约38%。", {"61%": "2023", "38%": None}),
    ("Defaults fell from 2.4% in 2023 to 1.1%.", {"2.4%": "2023"}),
    # ordinary dates stay periods
    ("截至2025年6月末，存量规模约2.1万亿元。", {"2.1万亿元": "2025-06"}),
]


@pytest.mark.parametrize("document, periods", PERIOD_ROLES, ids=[p[0][:10] for p in PERIOD_ROLES])
def test_a_comparison_base_or_window_start_is_no_period(document, periods):
    figures = linked(document, [])
    assert {text: figures[text].get("period") for text in periods} == periods


def test_a_year_before_to_and_an_amount_is_a_year_not_a_range():
    figures = linked("Issuance rose from 1.8 trillion yuan in 2022 to 2.6 trillion yuan.", [])
    assert figures["2022"].get("value") == "2022"
    assert figures["2.6 trillion yuan"].get("value") == 2600000000000


# --- spreads and percentiles ---------------------------------------------------------------------

SPREAD_METRICS = [
    ("两只债券的收益率价差不超过25个基点。", "25个基点", "spread"),
    ("各期限的收益率差异均在4bp以内。", "4bp", "spread"),
    ("票息约2.2%，相对于资金成本仍有40-60bp的空间。", "40-60bp", "spread"),
    ("产业债收益率比同评级城投债高出约8-12bp。", "8-12bp", "spread"),
    ("The yield gap between the two widened to 35 bp.", "35 bp", "spread"),
    ("The coupon was 2.4%, about 22 basis points over policy bank bonds.", "22 basis points", "spread"),
    # a move of the metric against a time stays the metric
    ("收益率相比上周下行5bp。", "5bp", "yield"),
    ("The 10-year yield rose 8 bp over the week.", "8 bp", "yield"),
    ("票面利率上调幅度多为15-20bp。", "15-20bp", "coupon"),
    # a difference word in another clause does not reach
    ("利差有所收窄，收益率下行7bp。", "7bp", "yield"),
]


@pytest.mark.parametrize("sentence, text, metric", SPREAD_METRICS, ids=[s[1] for s in SPREAD_METRICS])
def test_basis_points_after_a_difference_word_measure_a_spread(sentence, text, metric):
    assert metric_of(sentence, text) == metric


def test_a_percentile_rank_is_no_value_of_the_metric():
    assert metric_of("目前信用利差约30bp，处在历史约12%的分位。", "12%") is None
    assert metric_of("The spread sits at the 15% percentile since 2021.", "15%") is None
