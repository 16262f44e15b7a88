"""Make the small input files the loader tests read: good ones in every encoding, and hostile ones.

Run from anywhere:  python tests/data/make_bad_inputs.py
Needs reportlab, Pillow and the WenQuanYi Zen Hei font (apt-get install fonts-wqy-zenhei) for the CJK PDF.
The files are committed; rerun only after changing this script.
"""
from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.utils import ImageReader
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
CJK_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CJK_FONT = "WenQuanYiZenHei"

ZH_NEWS = "中信证券发行3年期科创债30亿元，票面利率1.70%。\n央行再贷款额度为3000亿元。\n"
EN_NEWS = "China Merchants Bank sold 15 billion yuan of 3-year sci-tech bonds at 1.68%.\nThe PBOC relending line is 300 billion yuan.\n"

# Page 1 of the CJK PDF: a fake-bold heading, one paragraph and a ruled table; page 2: one more paragraph.
CJK_HEADING = "科创债发行情况"
CJK_PARAGRAPH = "招商银行发行科创债150亿元，期限3年。"
CJK_TABLE = (("发行人", "规模（亿元）", "期限"), ("招商银行", "150", "3年"), ("中信证券", "30", "2年"))
CJK_PAGE2 = "交易商协会表示将扩大科创票据发行主体。"


def text_files() -> None:
    (HERE / "utf8.txt").write_text(ZH_NEWS + EN_NEWS, encoding="utf-8")
    (HERE / "utf8_bom.txt").write_bytes(b"\xef\xbb\xbf" + ZH_NEWS.encode("utf-8"))
    (HERE / "gb18030.txt").write_bytes(ZH_NEWS.encode("gb18030"))
    (HERE / "crlf.txt").write_bytes((ZH_NEWS + EN_NEWS).replace("\n", "\r\n").encode("utf-8"))
    (HERE / "empty.txt").write_bytes(b"")
    junk = random.Random(7).randbytes(2048)
    (HERE / "junk.txt").write_bytes(b"\x00\x01\x02\x03" + junk)
    (HERE / "notes.docx").write_bytes(b"PK\x03\x04 not really a Word document")
    (HERE / "page.html").write_text(
        "<html><head><title>央行再贷款 | 周报</title><style>p{color:red}</style>"
        "<script>var amount = '999亿元';</script></head><body>"
        "<nav>首页 | 债券 | 登录</nav><h1>央行再贷款支持科创债</h1>"
        "<p>中国人民银行设立&nbsp;3000亿元再贷款，利率为1.5%。</p>"
        "<p hidden>隐藏的广告</p><div style='display: none'>also hidden</div>"
        "<p>The PBOC relending rate is 1.5%.<br>Second line &amp; more.</p>"
        "<table><tr><th>发行人</th><th>规模</th></tr><tr><td>招商银行</td><td>150亿元</td></tr></table>"
        "<footer>版权所有</footer></body></html>",
        encoding="utf-8",
    )


def english_pdf(*, encrypt: StandardEncryption | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5, encrypt=encrypt)
    for page_line in EN_NEWS.splitlines():  # one sentence per page
        pdf.setFont("Helvetica", 11)
        pdf.drawString(40, 500, page_line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf(*, text_first_page: bool = False) -> bytes:
    """A page with only a drawn image (a scan without OCR), optionally after a page with text."""
    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 180), outline="black", width=4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    if text_first_page:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(40, 500, EN_NEWS.splitlines()[0])
        pdf.showPage()
    pdf.drawImage(ImageReader(image), 40, 300, width=300, height=150)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def cjk_pdf() -> bytes:
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(CJK_FONT_FILE), subfontIndex=0))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setFont(CJK_FONT, 16)
    for dx in (0, 0.25, 0.5):  # fake bold: the heading drawn three times, almost on top of itself
        pdf.drawString(40 + dx, 540, CJK_HEADING)
    pdf.setFont(CJK_FONT, 11)
    pdf.drawString(40, 510, CJK_PARAGRAPH)
    x_edges, y_top, row_height = (40, 140, 240, 320), 480, 22
    for row_index, row in enumerate(CJK_TABLE):
        y = y_top - row_height * (row_index + 1)
        for column, cell in enumerate(row):
            pdf.drawString(x_edges[column] + 4, y + 7, cell)
    pdf.setStrokeColor(colors.black)
    for row_index in range(len(CJK_TABLE) + 1):
        y = y_top - row_height * row_index
        pdf.line(x_edges[0], y, x_edges[-1], y)
    for x in x_edges:
        pdf.line(x, y_top, x, y_top - row_height * len(CJK_TABLE))
    pdf.showPage()
    pdf.setFont(CJK_FONT, 11)
    pdf.drawString(40, 540, CJK_PAGE2)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_files() -> None:
    good = english_pdf()
    (HERE / "english.pdf").write_bytes(good)
    (HERE / "truncated.pdf").write_bytes(good[: len(good) // 2])
    garbage = random.Random(11).randbytes(3000)
    (HERE / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + garbage + b"\n%%EOF\n")
    (HERE / "not_a_pdf.pdf").write_bytes(b"<html><body>an error page saved as .pdf</body></html>")
    (HERE / "encrypted.pdf").write_bytes(english_pdf(encrypt=StandardEncryption("secret", ownerPassword="owner")))
    # Only an owner password (printing/copying restrictions): readable with the empty user password.
    (HERE / "owner_only.pdf").write_bytes(english_pdf(encrypt=StandardEncryption("", ownerPassword="owner")))
    (HERE / "image_only.pdf").write_bytes(image_only_pdf())
    (HERE / "text_then_scan.pdf").write_bytes(image_only_pdf(text_first_page=True))
    (HERE / "cjk_table.pdf").write_bytes(cjk_pdf())


if __name__ == "__main__":
    text_files()
    pdf_files()
    print("wrote", *sorted(path.name for path in HERE.iterdir() if path.suffix != ".py"))
