"""Make the two sample PDFs: a Chinese bond-issue brief (embedded CJK font) and an English research note.

Run from anywhere:  python scripts/make_sample_pdfs.py
Needs reportlab and, for the Chinese PDF, the WenQuanYi Zen Hei font (Debian: apt-get install fonts-wqy-zenhei).
The generated PDFs are committed, so nothing needs the font at run time; rerun only after editing the text.
Both PDFs draw their tables with ruling lines, the kind pdfplumber's table finder recognises.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent.parent / "samples"
CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy-zenhei/wqy-zenhei.ttc"),
)
CJK_FONT = "WenQuanYiZenHei"

ZH_TITLE = "科创债发行月报（2025年7月）"
ZH_PARAGRAPHS = (
    "2025年7月，全市场共发行科技创新债券（科创债）203只，发行规模合计约2,318.5亿元，环比增长约8.4%。"
    "其中，上海证券交易所发行科创公司债1,126.4亿元，银行间市场发行科创票据约879.3亿元。"
    "在央行再贷款等政策支持下，商业银行和证券公司发行规模占比升至约27%。",
    "从利率看，AAA级3年期科创债平均发行利率为1.77%，较上月下行约2bp；AA+级品种平均发行利率为2.16%，"
    "与同期限国开债的利差约为45个基点。7月发行的科创债中，期限为3年期及以下的品种占比约61%。",
    "政策方面，中国证监会要求进一步提高科创债审核效率；上交所表示，将按照上证发〔2025〕65号文的要求，"
    "对符合条件的发行人适用简化披露安排。发行人应当按照募集说明书约定使用募集资金，不得擅自改变资金用途。",
)
ZH_TABLE = (
    ("发行人", "规模（亿元）", "期限", "票面利率（%）", "品种"),
    ("招商银行", "150", "3年", "1.68", "科创债"),
    ("中国建设银行", "100", "5年", "1.75", "科创债"),
    ("国家开发银行", "200", "3年", "1.62", "科创债"),
    ("中信证券", "30", "2年", "1.70", "科创公司债"),
    ("巨化集团有限公司", "5", "3年", "1.92", "科创票据"),
)

EN_TITLE = "Sci-tech bond monitor: spreads after the relending boost"
EN_PARAGRAPHS = (
    "Sci-tech innovation bonds sold in China reached 231.9 billion yuan in July 2025, up 8.4% from June. "
    "Commercial banks and brokers accounted for about 27% of the volume after the People's Bank of China (PBOC) "
    "opened a 300 billion yuan relending facility priced at 1.5% for banks that buy the bonds.",
    "Spreads have compressed quickly. The average 3-year AAA sci-tech bond priced at 1.77%, about 15 basis points "
    "over China Development Bank paper of the same tenor, against 21 bp in April. We expect spreads to stay in a "
    "10-20 bp range for the rest of 2025 unless the relending quota is raised.",
    "Rules: the Shanghai Stock Exchange (SSE) requires sci-tech issuers to use no less than 70% of the proceeds "
    "for technology projects, and the CSRC has asked exchanges to finish reviews within 5 working days.",
)
EN_TABLE = (
    ("Issuer", "Amount (bn yuan)", "Tenor", "Coupon", "Spread vs CDB"),
    ("China Merchants Bank", "15.0", "3 years", "1.68%", "6 bp"),
    ("China Construction Bank", "10.0", "5 years", "1.75%", "4 bp"),
    ("CITIC Securities", "3.0", "2 years", "1.70%", "12 bp"),
    ("Juhua Group Co., Ltd.", "0.5", "3 years", "1.92%", "30 bp"),
)

GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
])


def find_cjk_font() -> Path:
    for candidate in CJK_FONT_FILES:
        if candidate.exists():
            return candidate
    raise SystemExit("WenQuanYi Zen Hei not found: apt-get install fonts-wqy-zenhei")


def build(path: Path, title: str, paragraphs: tuple[str, ...], table: tuple[tuple[str, ...], ...],
          font: str, *, cjk: bool) -> None:
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=6 * mm)
    body_style = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, spaceAfter=3 * mm,
                                wordWrap="CJK" if cjk else None)
    grid = Table([list(row) for row in table], hAlign="LEFT")
    grid.setStyle(GRID)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10)]))
    story = [Paragraph(title, title_style)]
    story += [Paragraph(text, body_style) for text in paragraphs[:2]]
    story += [Spacer(1, 3 * mm), grid, Spacer(1, 5 * mm)]
    story += [Paragraph(text, body_style) for text in paragraphs[2:]]
    document = SimpleDocTemplate(str(path), pagesize=A4, title=title, author="factlex samples")
    document.build(story)


def main() -> None:
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(find_cjk_font()), subfontIndex=0))
    build(HERE / "zh_pdf_kechuangzhai_monthly.pdf", ZH_TITLE, ZH_PARAGRAPHS, ZH_TABLE, CJK_FONT, cjk=True)
    build(HERE / "en_pdf_scitech_bond_monitor.pdf", EN_TITLE, EN_PARAGRAPHS, EN_TABLE, "Helvetica", cjk=False)
    print("wrote", *sorted(path.name for path in HERE.glob("*.pdf")))


if __name__ == "__main__":
    main()
