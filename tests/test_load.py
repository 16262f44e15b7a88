"""load_document: what a user sees when factlex reads each kind of file, good and bad."""
from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import Path

import pytest

from extract.load import LoadError, clean_pdf_text, load_bytes, load_document, locate_cells
from extract.model import Span

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "samples"
HAN_SPACE_HAN = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff](?![\u4e00-\u9fff])|(?<![\u4e00-\u9fff])[\u4e00-\u9fff] +[\u4e00-\u9fff]")


# --- text files ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, encoding", [
    ("utf8.txt", "utf-8"),
    ("utf8_bom.txt", "utf-8-sig"),
    ("gb18030.txt", "gb18030"),
    ("crlf.txt", "utf-8"),
])
def test_text_files_decode_to_the_same_chinese(name, encoding):
    document = load_document(DATA / name)
    assert document.format == "text"
    assert document.encoding == encoding
    assert document.text.startswith("中信证券发行3年期科创债30亿元，票面利率1.70%。\n")
    assert "\r" not in document.text and "\ufeff" not in document.text
    assert document.title == "中信证券发行3年期科创债30亿元，票面利率1.70%。"
    assert document.sha256 == hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert document.size == (DATA / name).stat().st_size


def test_offsets_point_into_the_normalised_text():
    document = load_document(DATA / "crlf.txt")
    start = document.text.index("3000亿元")
    assert document.text[start:start + 6] == "3000亿元"
    assert document.text.count("\n") == 4


@pytest.mark.parametrize("data, name, encoding", [
    ("上交所发布科创债指引。".encode("gbk"), "gbk.txt", "gb18030"),
    ("# Weekly brief\n\nPBOC relending".encode(), "brief.md", "utf-8"),
    ("CSRC said".encode("utf-16"), "windows.txt", "utf-16"),
])
def test_other_encodings_and_markdown(data, name, encoding):
    document = load_bytes(data, name)
    assert document.encoding == encoding
    assert document.title in ("上交所发布科创债指引。", "Weekly brief", "CSRC said")


@pytest.mark.parametrize("data, stage, words", [
    (b"", "read", "empty file"),
    (b"abc\x00\x00\x01def" * 10, "decode", "binary"),
    (b"%PDF-1.7 really a pdf", "decode", "PDF"),
    (b"PK\x03\x04zip", "decode", "ZIP"),
    ("利率".encode("gb18030") + b"\x81", "decode", "not valid UTF-8 or GB18030"),
    (bytes(range(1, 32)) * 40, "decode", "binary"),
])
def test_bad_text_raises_load_error_naming_the_file(data, stage, words):
    with pytest.raises(LoadError) as caught:
        load_bytes(data, "daily/report.txt")
    assert caught.value.stage == stage
    assert words in str(caught.value)
    assert str(caught.value).startswith("daily/report.txt: ")
    assert "Hint: " in str(caught.value)


def test_files_on_disk_that_cannot_be_text():
    for name, stage in [("empty.txt", "read"), ("junk.txt", "decode"), ("notes.docx", "unsupported")]:
        with pytest.raises(LoadError) as caught:
            load_document(DATA / name)
        assert caught.value.stage == stage
        assert name in str(caught.value)


def test_size_limit_names_the_limit():
    with pytest.raises(LoadError, match="limit 100 bytes") as caught:
        load_document(DATA / "utf8.txt", max_bytes=100)
    assert caught.value.stage == "read"
    with pytest.raises(LoadError, match="too large"):
        load_bytes(b"x" * 2000, "big.txt", max_bytes=1000)


@pytest.mark.parametrize("name", ["missing.txt", "missing.pdf"])
def test_unreadable_file_is_a_read_error(tmp_path, name):
    with pytest.raises(LoadError) as caught:
        load_document(tmp_path / name)
    assert caught.value.stage == "read"
    assert isinstance(caught.value.__cause__, OSError)


def test_a_directory_named_like_a_document_is_a_read_error(tmp_path):
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    with pytest.raises(LoadError) as caught:
        load_document(folder)
    assert caught.value.stage == "read"


@pytest.mark.parametrize("name", ["report.docx", "table.xlsx", "README", "scan.png"])
def test_unknown_extensions_are_unsupported(name):
    with pytest.raises(LoadError) as caught:
        load_bytes(b"anything", name)
    assert caught.value.stage == "unsupported"
    assert name in str(caught.value)


def test_load_error_survives_pickling_for_worker_processes():
    error = LoadError(Path("a/report.pdf"), "pdf_open", "encrypted PDF (password required)", "remove it")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.stage, copy.cause, copy.hint) == (error.path, error.stage, error.cause, error.hint)
    assert str(copy) == "a/report.pdf: encrypted PDF (password required). Hint: remove it"


# --- HTML ------------------------------------------------------------------------------------------

def test_html_keeps_visible_text_only():
    document = load_document(DATA / "page.html")
    assert document.format == "html" and document.encoding == "utf-8"
    assert document.title == "央行再贷款 | 周报"
    text = document.text
    assert "中国人民银行设立 3000亿元再贷款，利率为1.5%。" in text  # &nbsp; unescaped
    assert "Second line & more." in text
    assert "The PBOC relending rate is 1.5%.\nSecond line" in text  # <br> is a line break
    assert "招商银行\t150亿元" in text  # table cells stay on their row
    for debris in ("999亿元", "color:red", "首页", "隐藏的广告", "also hidden", "版权所有"):
        assert debris not in text


@pytest.mark.parametrize("html, expected", [
    ("<p>科创债\n发行</p>", "科创债发行"),  # a source line break inside Chinese is not a space
    ("<p>sci-tech\nbonds</p>", "sci-tech bonds"),
    ("<div>上交所<div hidden>x<div>y</div></div>证监会</div>", "上交所证监会"),  # as a browser shows it
    ('<meta charset="gbk"><p>央行再贷款</p>'.encode("gbk"), "央行再贷款"),
])
def test_html_whitespace_and_encodings(html, expected):
    data = html if isinstance(html, bytes) else html.encode("utf-8")
    assert load_bytes(data, "page.htm").text.strip() == expected


def test_html_sample_drops_scripts_navigation_and_footer():
    text = load_document(SAMPLES / "zh_html_sse_weekly.html").text
    assert "213.6亿元" in text and "21.36 billion yuan" in text
    assert "dataLayer" not in text and "登录" not in text and "相关阅读" not in text and "版权所有" not in text


# --- PDF -------------------------------------------------------------------------------------------

def test_pdf_pages_are_spans_of_the_text():
    document = load_document(DATA / "cjk_table.pdf")
    assert document.format == "pdf" and document.encoding is None
    first, second = document.pages
    assert first.text_of(document.text).startswith("科创债发行情况\n招商银行发行科创债150亿元，期限3年。")
    assert second.text_of(document.text) == "交易商协会表示将扩大科创票据发行主体。"
    assert document.text[first.end:second.start] == "\n\n"
    assert second.end == len(document.text)


def test_fake_bold_characters_are_not_doubled():
    document = load_document(DATA / "cjk_table.pdf")
    assert document.title == "科创债发行情况"
    assert document.text.count("科创债发行情况") == 1
    assert "科科" not in document.text


def test_pdf_tables_come_back_with_rows_and_their_place_in_the_text():
    document = load_document(DATA / "cjk_table.pdf")
    [table] = document.tables
    assert table.page == 1
    assert table.rows == [["发行人", "规模（亿元）", "期限"], ["招商银行", "150", "3年"], ["中信证券", "30", "2年"]]
    assert document.text[table.start:table.end] == "发行人 规模（亿元） 期限\n招商银行 150 3年\n中信证券 30 2年"
    assert load_document(DATA / "cjk_table.pdf", tables=False).tables == []


@pytest.mark.parametrize("page, rows, expected", [
    # a cell wrapped onto two lines keeps the line break inside its span
    ("Issuer Amount\nJuhua Group\nCo., Ltd. 0.5", [["Issuer", "Amount"], ["Juhua Group Co., Ltd.", "0.5"]],
     [["Issuer", "Amount"], ["Juhua Group\nCo., Ltd.", "0.5"]]),
    # "5" is not the 5 of "15.0"; the first cell is the one the next cell follows, not the word in the prose
    ("规模 in prose.\n规模 期限\n15.0 5", [["规模", "期限"], ["5"]], [["规模", "期限"], ["5"]]),
    ("发行人 规模\n招商银行 150", [["发行人", "规模"], ["招商银行", None]], [["发行人", "规模"], ["招商银行", None]]),
])
def test_table_cells_are_found_in_the_page_text(page, rows, expected):
    cells = locate_cells(rows, page, Span(0, len(page)))
    assert [[page[s.start:s.end] if s else None for s in row] for row in cells] == expected
    assert cells[0][0].start == page.rfind(rows[0][0], 0, cells[0][1].start)  # the header row, not the prose


@pytest.mark.parametrize("name", ["cjk_table.pdf", "../../samples/zh_pdf_kechuangzhai_monthly.pdf",
                                  "../../samples/en_pdf_scitech_bond_monitor.pdf"])
def test_pdf_table_cells_have_their_exact_spans_in_the_text(name):
    document = load_document(DATA / name)
    for table in document.tables:
        for row, spans in zip(table.rows, table.cells, strict=True):
            assert [document.text[span.start:span.end] for span in spans] == row
        assert (table.start, table.end) == (table.cells[0][0].start, table.cells[-1][-1].end)


def test_pdf_with_owner_password_only_opens():
    assert "3-year sci-tech bonds" in load_document(DATA / "owner_only.pdf").text


def test_page_without_text_layer_is_reported():
    document = load_document(DATA / "text_then_scan.pdf")
    assert document.warnings == ["page 2 has no text layer (image only): needs OCR"]
    assert len(document.pages) == 2 and document.pages[1].start == document.pages[1].end


@pytest.mark.parametrize("name, stage, words", [
    ("encrypted.pdf", "pdf_open", "encrypted PDF"),
    ("image_only.pdf", "pdf_text", "needs OCR"),
    ("truncated.pdf", "pdf_open", "truncated"),
    ("corrupt.pdf", "pdf_open", "damaged"),
    ("not_a_pdf.pdf", "pdf_open", "not a PDF"),
])
def test_bad_pdfs_raise_load_error(name, stage, words):
    with pytest.raises(LoadError) as caught:
        load_document(DATA / name)
    assert caught.value.stage == stage
    assert words in str(caught.value) and name in str(caught.value) and caught.value.hint


def test_page_limit():
    with pytest.raises(LoadError, match="too many pages"):
        load_document(DATA / "english.pdf", max_pages=1)


@pytest.mark.parametrize("raw, clean", [
    ("科 创 债 发 行 规 模", "科创债发行规模"),  # letter-spaced heading
    ("2025 年 5 月 7 日发行 30 亿元", "2025年5月7日发行30亿元"),  # Word's CJK/Latin autospace
    ("利率为 1.68% ，认购倍数 3.2 倍", "利率为1.68%，认购倍数3.2倍"),
    ("发行人 规模（亿元） 期限", "发行人 规模（亿元） 期限"),  # cell boundaries stay
    ("招商银行 150 3 年 1.68 科创债", "招商银行 150 3年 1.68 科创债"),
    ("Line one\r\nLine two", "Line one\nLine two"),
])
def test_pdf_layout_spaces(raw, clean):
    assert clean_pdf_text(raw) == clean


def test_wrapped_lines_are_joined_but_table_rows_are_not():
    prose = "央行再贷款支持银行购买科创债，额度合计三千亿元，利率为百分之一点五，期限一年，可以展期两次。" * 3
    lines = [prose[i:i + 40] for i in range(0, len(prose), 40)] + ["招商银行 150 3.5 1.68", "中信证券 30 2.0 1.70"]
    text = clean_pdf_text("\n".join(lines))
    assert text.startswith(prose + "\n")
    assert "招商银行 150 3.5 1.68\n中信证券 30 2.0 1.70" in text


@pytest.mark.parametrize("name, expected", [
    ("zh_pdf_kechuangzhai_monthly.pdf", ["发行规模合计约2,318.5亿元", "上证发〔2025〕65号", "巨化集团有限公司"]),
    ("en_pdf_scitech_bond_monitor.pdf", ["People's Bank of China (PBOC)", "10-20 bp", "Juhua Group Co., Ltd."]),
])
def test_sample_pdfs_read_cleanly(name, expected):
    document = load_document(SAMPLES / name)
    for phrase in expected:
        assert phrase in document.text
    assert not HAN_SPACE_HAN.search(document.text.replace("发行人 规模", ""))
    assert document.tables and len(document.tables[0].rows) == 6 - (name.startswith("en") and 1)


def test_the_fast_junk_scan_names_exactly_the_junk_characters():
    """Loading counts control, surrogate and private-use characters with one regex; it must agree with
    the Unicode categories it stands for on every code point, or real text could be refused as binary."""
    import unicodedata

    from extract.load import JUNK_CHARACTER

    def is_junk(char: str) -> bool:
        category = unicodedata.category(char)
        return (category == "Cc" and char not in "\t\n\r\f\v") or category in ("Co", "Cs")

    disagree = [hex(code) for code in range(0x110000)
                if is_junk(chr(code)) != bool(JUNK_CHARACTER.fullmatch(chr(code)))]
    assert disagree == []
