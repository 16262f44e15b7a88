"""Tables: text tables are found (and prose is not), figures in cells carry their row and column headers,
bare numbers take their unit from the header, and PDF table cells are placed exactly in the text."""
from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from extract.document import Extractor
from extract.figures import find_figures
from extract.load import load_bytes
from extract.tables import HeaderMetrics, find_text_tables, header_unit, link_table_figures
from factlex.cli import cli
from lexicon import load_lexicon


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_lexicon())


def headers_of(text: str) -> dict[str, tuple[str | None, str | None]]:
    """figure text -> (row, column) for every figure the table step placed, without a lexicon."""
    figures = find_figures(text)
    added = link_table_figures(text, find_text_tables(text), figures)
    return {f.text: (f.get("row"), f.get("column")) for f in [*figures, *added] if "column" in f.fields}


# --- Text tables found, and their headers ----------------------------------------------------------

RATING_GRID = "各评级中票收益率如下:\n\n期限    AAA     AA+     AA\n1年     1.71%   1.79%   1.93%\n3年     1.88%   1.97%   2.15%\n"
TAB_GRID = "发行人\t规模（亿元）\t票面利率\n国家电网\t80亿元\t1.85%\n中国石化\t50亿元\t1.92%\n"
PIPE_GRID = ("| Tenor | AAA | AA+ |\n|---|:---:|---:|\n| 1 year | 1.62% | 1.70% |\n| 5 years | 1.95% | 2.04% |\n")
ENGLISH_SPACES = ("Issuer            Amount (RMB bn)   Coupon (%)\nState Grid        8.0               1.85\n"
                  "Sinopec           5.0               1.92\n")
CORNER_EMPTY = "          Q1 2025    Q2 2025\nAAA       12 bp      9 bp\nAA+       25 bp      21 bp\n"
FULL_WIDTH_SPACE = "品种　发行利率\n科创票据　1.76%\n科创公司债　1.81%\n"


@pytest.mark.parametrize("text, figure, row, column", [
    (RATING_GRID, "1.97%", "3年", "AA+"),
    (RATING_GRID, "1.71%", "1年", "AAA"),
    (TAB_GRID, "50亿元", "中国石化", "规模（亿元）"),
    (TAB_GRID, "1.85%", "国家电网", "票面利率"),
    (PIPE_GRID, "2.04%", "5 years", "AA+"),
    (PIPE_GRID, "1.62%", "1 year", "AAA"),
    (ENGLISH_SPACES, "1.92", "Sinopec", "Coupon (%)"),
    (CORNER_EMPTY, "21 bp", "AA+", "Q2 2025"),
    (FULL_WIDTH_SPACE, "1.81%", "科创公司债", "发行利率"),
    ("评级\t1Y\t3Y\t5Y\nAAA\t1.62%\t1.80%\t1.95%\nAA+\t1.70%\t1.91%\t2.08%\n", "1.91%", "AA+", "3Y"),
    ("主体  2024年末  2025年6月末\n城投  12.3万亿元  12.9万亿元\n产业  8.1万亿元  8.6万亿元\n", "8.6万亿元", "产业", "2025年6月末"),
    ("Issuer  Amount outstanding at end of period (RMB bn)\nState Grid  12.5 billion yuan\nSinopec  8 billion yuan\n",
     "8 billion yuan", "Sinopec", "Amount outstanding at end of period (RMB bn)"),
])
def test_a_figure_in_a_table_cell_carries_its_row_and_column_headers(text, figure, row, column):
    assert headers_of(text)[figure] == (row, column)


def test_header_texts_are_exact_substrings_and_row_headers_are_not_body_cells():
    [grid] = find_text_tables(PIPE_GRID)
    assert grid.row_headers
    for row in grid.rows:
        for cell in row:
            assert cell is None or PIPE_GRID[cell.start:cell.end] == cell.text
    assert "1 year" not in headers_of(PIPE_GRID)  # the tenor labels the row; it is not a cell of the grid


def test_a_numbered_first_column_is_not_row_headers():
    text = "序号  债券简称  发行规模（亿元）\n1  25国电K1  30\n2  25石化K2  20\n"
    [grid] = find_text_tables(text)
    assert not grid.row_headers
    assert headers_of(text)["30"] == (None, "发行规模（亿元）")


@pytest.mark.parametrize("text", [
    "联系地址：北京市西城区金融大街35号  邮编：100033\n联系电话：010-66080000  传真：010-66080001\n",
    "春眠不觉晓  处处闻啼鸟\n夜来风雨声  花落知多少\n",
    "Spreads held steady this week.  Demand for AAA paper stayed firm at 1.8%.\n"
    "Brokers expect more supply in June.  Issuance may reach 50 billion yuan.\n",
    "本周信用债发行放量。  其中科创债发行120亿元，环比增长15%。\n"
    "二级市场收益率下行。  三年期AAA中票下行3bp。\n",
    "发行规模合计320亿元，环比增长15%  二级市场收益率普遍下行\n其中三年期AAA中票下行3bp，五年期持平  信用利差小幅收窄\n",
    "Fixed Income Research\t14 October 2025\n",
    "Fixed Income Research | 14 October 2025\nNet financing rose to 120 billion yuan in September.\n",
    "1.68%  1.74%\n1.82%  1.91%\n",  # numbers without any header
    "Rating  Outlook\nAAA  Stable\nAA+  Negative\n",  # labels only: no figures to place
    "发行规模：  30亿元\n票面利率：  1.85%\n发行期限：  3年\n",  # a list of fields, not a table
    "Amount:\tRMB 3bn\nCoupon:\t1.85%\nTenor:\t3 years\n",
    "国家电网  30亿元\n中国石化  1.85%\n",  # the top row holds a value: there is no header row
])
def test_prose_addresses_verse_and_single_lines_are_not_tables(text):
    assert find_text_tables(text) == []


def test_tables_split_where_the_cell_count_changes_and_text_between_them_is_kept_out():
    text = RATING_GRID + "\n以上数据来自中债估值。\n\n" + PIPE_GRID
    grids = find_text_tables(text)
    assert [grid.rows[0][1].text for grid in grids] == ["AAA", "AAA"]
    assert all(text[grid.start:grid.end].count("以上数据") == 0 for grid in grids)


# --- Bare numbers: the unit comes from the header -------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    ("发行规模（亿元）", "亿元"),
    ("Amount (RMB bn)", "RMB bn"),
    ("利率(%)", "%"),
    ("利差(bp)", "bp"),
    ("金额（单位：万元）", "万元"),
    ("Yield %", "%"),
    ("Amount, US$ m", "US$ m"),
    ("发行人", None),
    ("Spread vs CDB", None),
])
def test_header_unit(header, expected):
    assert header_unit(header) == expected


@pytest.mark.parametrize("header, cell, kind, value, unit", [
    ("发行规模（亿元）", "120.5", "money", Decimal("12050000000"), "CNY"),
    ("Amount (RMB bn)", "45.2", "money", Decimal("45200000000"), "CNY"),
    ("Amount (US$ mn)", "1,250", "money", Decimal("1250000000"), "USD"),
    ("利率(%)", "2.35", "percent", Decimal("2.35"), "%"),
    ("利差(bp)", "21", "bp", Decimal("21"), "bp"),
    ("期限（年）", "3", "duration", Decimal("3"), "year"),
    ("募集资金（万元）", "８０００", "money", Decimal("80000000"), "CNY"),
])
def test_a_bare_number_takes_its_unit_from_the_column_header(header, cell, kind, value, unit):
    text = f"Issuer  {header}\n中国电建  {cell}\n中国中铁  7\n"
    [figure, _] = sorted(link_table_figures(text, find_text_tables(text), []), key=lambda f: f.start)
    assert figure.text == cell == text[figure.start:figure.end]
    assert (figure.get("kind"), figure.get("value"), figure.get("unit")) == (kind, value, unit)
    assert (figure.get("row"), figure.get("column")) == ("中国电建", header)


@pytest.mark.parametrize("text", [
    "债券代码  债券简称  发行规模（亿元）\n241234  25电建K1  ——\n241235  25中铁K1  ——\n",  # codes: no unit
    "年份  发行规模（亿元）\n2023  1.2万亿元\n2024  1.9万亿元\n",  # the year labels the row
    "年份（年）  存量（只）\n2023  1,200只\n2024  2,400只\n",  # a year column with a unit word is still no date figure
    "Issuer  Rating  Amount (RMB bn)\nState Grid  AAA  n.a.\nSinopec  AA+  n.a.\n",
])
def test_codes_ratings_years_and_placeholders_do_not_become_figures(text):
    assert find_text_tables(text)
    assert link_table_figures(text, find_text_tables(text), find_figures(text)) == []


@pytest.mark.parametrize("caption, figure, value, unit, period", [
    ("表2：科创票据发行利率（2025年9月，单位：%）", "1.76", Decimal("1.76"), "%", "2025-09"),
    ("Table 3: Net financing by issuer type (RMB bn)", "1.76", Decimal("1760000000"), "CNY", None),
    ("表2：各类主体发行情况（单位：亿元、%）", None, None, None, None),  # two units: which is whose is unclear
    ("表3 城投债与产业债估值（单位：%）", "1.76", Decimal("1.76"), "%", None),
    ("下表为本周主要发行人情况。", None, None, None, None),  # prose above a table is no caption
    ("表示单位：%的利率如下", None, None, None, None),
])
def test_the_caption_above_a_table_gives_unit_and_period_when_no_header_does(caption, figure, value, unit, period):
    text = f"{caption}\n期限\t城投债\t产业债\n3年\t1.76\t1.82\n5年\t1.95\t2.04\n"
    added = {f.text: f for f in link_table_figures(text, find_text_tables(text), [])}
    if figure is None:
        assert added == {}
    else:
        assert (added[figure].get("value"), added[figure].get("unit")) == (value, unit)
        assert (added[figure].get("row"), added[figure].get("column")) == ("3年", "城投债")
        assert added[figure].get("period") == period


def test_a_cell_already_holding_a_figure_gets_no_second_one():
    text = "发行人\t规模（亿元）\n国家电网\t80亿元\n中国石化\t50\n"
    figures = find_figures(text)
    added = link_table_figures(text, find_text_tables(text), figures)
    assert [f.text for f in figures] == ["80亿元"] and [f.text for f in added] == ["50"]


# --- Metric and period from the headers -----------------------------------------------------------

TERMS = {"利差": "spread", "信用利差": "credit_spread", "spread": "spread", "credit spread": "credit_spread",
         "yield": "yield", "发行规模": "issuance_amount", "coupon": "coupon_rate"}


@pytest.mark.parametrize("header, metric", [
    ("信用利差(bp)", "credit_spread"),  # the longest term wins over 利差
    ("Credit Spread (bp)", "credit_spread"),
    ("AAA sci-tech yield", "yield"),
    ("发行规模（亿元）", "issuance_amount"),
    ("Coupons paid", None),  # English terms are whole words
    ("Issuer", None),
])
def test_header_metrics(header, metric):
    assert HeaderMetrics(TERMS)(header) == metric


def test_metric_and_period_come_from_the_headers_when_the_figure_has_none(extractor):
    text = "各评级信用利差:\n\n评级    2025年6月末    2025年9月末\nAAA     28bp           24bp\nAA+     45bp           39bp\n"
    figures = {f.text: f for f in extractor.extract(text).facts if f.type == "figure" and f.get("column")}
    assert figures["39bp"].get("period") == "2025-09"
    assert figures["28bp"].get("period") == "2025-06"
    assert (figures["45bp"].get("row"), figures["45bp"].get("column")) == ("AA+", "2025年6月末")

    english = "| Issuer | Coupon | Amount (RMB bn) |\n|---|---|---|\n| State Grid | 1.85% | 8.0 |\n"
    facts = {f.text: f for f in extractor.extract(english).facts if f.type == "figure"}
    assert facts["1.85%"].get("metric") == "coupon_rate"
    assert facts["8.0"].get("value") == Decimal("8000000000") and facts["8.0"].get("subject")


def test_every_table_figure_keeps_exact_offsets(extractor):
    text = "Weekly grid\n\n" + RATING_GRID + "\n" + ENGLISH_SPACES + "\n" + TAB_GRID
    for fact in extractor.extract(text).facts:
        assert text[fact.start:fact.end] == fact.text


# --- PDF tables --------------------------------------------------------------------------------------

PDF_TABLE = (("Issuer", "Amount (RMB bn)", "Tenor", "Coupon (%)"),
             ("State Grid", "8.0", "3 years", "1.85"),
             ("Sinopec", "5.5", "5 years", "1.92"))


def ruled_table_pdf() -> bytes:
    """A page of prose above a table drawn with ruling lines, as report generators make them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 780, "Issuer activity picked up: State Grid and Sinopec sold sci-tech notes.")
    widths, row_height, top = (120, 110, 80, 80), 22, 740
    for r, row in enumerate(PDF_TABLE):
        x = 72
        for width, cell in zip(widths, row):
            pdf.drawString(x + 4, top - row_height * r - 15, cell)
            x += width
    for r in range(len(PDF_TABLE) + 1):
        pdf.line(72, top - row_height * r, 72 + sum(widths), top - row_height * r)
    x = 72
    for width in (0, *widths):
        x += width
        pdf.line(x, top, x, top - row_height * len(PDF_TABLE))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_table_cells_are_placed_exactly_in_the_text():
    document = load_bytes(ruled_table_pdf(), "grid.pdf")
    [table] = document.tables
    for row, spans in zip(table.rows, table.cells):
        assert [document.text[span.start:span.end] for span in spans] == row
    assert document.text[table.start:table.end].startswith("Issuer Amount")  # not the "Issuer" of the prose


def test_pdf_table_figures_carry_headers_and_bare_amounts_become_figures(extractor):
    document = load_bytes(ruled_table_pdf(), "grid.pdf")
    figures = {f.text: f for f in extractor.extract(document.text, document.tables).facts if f.type == "figure"}
    assert (figures["5 years"].get("row"), figures["5 years"].get("column")) == ("Sinopec", "Tenor")
    assert figures["5.5"].get("value") == Decimal("5500000000") and figures["5.5"].get("unit") == "CNY"
    assert figures["1.92"].get("kind") == "percent" and figures["1.92"].get("column") == "Coupon (%)"
    assert "8.0" not in {f.text for f in extractor.extract(document.text).facts}  # without its table: no unit


# --- End to end ------------------------------------------------------------------------------------

def test_factlex_extract_jsonl_shows_row_and_column(tmp_path):
    report = tmp_path / "weekly.md"
    report.write_text("# Weekly\n\n" + PIPE_GRID + "\n" + ENGLISH_SPACES, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(report)], catch_exceptions=False)
    records = [json.loads(line) for line in result.output.splitlines()]
    by_text = {r["text"]: r for r in records if r["type"] == "figure"}
    assert (by_text["1.70%"]["row"], by_text["1.70%"]["column"]) == ("1 year", "AA+")
    assert by_text["8.0"]["value"] == 8000000000 and by_text["8.0"]["column"] == "Amount (RMB bn)"
