"""Turn a file into the decoded text that every fact offset points into.

`load_document(path)` reads .txt/.md (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16 with a BOM), .html/.htm
(visible text only) and .pdf. Whatever comes out -- `LoadedDocument.text` -- is what the store keeps and
what `start`/`end` of every fact index, so the loader is the one place that decides what "the document's
text" is: line endings normalised to "\\n", for PDFs pages joined by a blank line with their spans recorded.

Every failure is a `LoadError` naming the file, the stage (read, decode, pdf_open, pdf_text, unsupported),
the cause in words and a hint saying what to do; the underlying exception stays chained as `__cause__`.

PDFs: the text comes from PDFium (pypdfium2, installed with pdfplumber), which is some twenty times faster
than pdfminer. pdfplumber's full layout parse runs only on pages that draw ruling lines, to find tables.
PDFium already merges most characters a fake-bold PDF draws several times; a page whose text objects
overlap is rebuilt character by character with exact duplicates dropped.
"""
from __future__ import annotations

import ctypes
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from .language import HAN_RANGES as HAN
from .model import Span

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}
TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}

DEFAULT_MAX_BYTES = 100 * 2**20
DEFAULT_MAX_PAGES = 2000

PAGE_SEPARATOR = "\n\n"
TITLE_MAX_CHARS = 200


@dataclass
class Table:
    """A table found on a PDF page: its cell texts and where each cell sits in the document.

    `cells[r][c]` is the span of `rows[r][c]` in LoadedDocument.text, so that a fact found in the text
    can be placed in its cell: None for a merged or empty cell and for one whose text could not be found
    on the page. A cell that wraps onto several lines in the page text keeps its line break inside the span.
    """

    page: int  # 1-based page number (0 for text documents)
    rows: list[list[str | None]]  # None where pdfplumber reports a merged cell
    start: int = -1  # from the first located cell's start to the last one's end; -1 if none was located
    end: int = -1
    cells: list[list[Span | None]] = field(default_factory=list)


@dataclass
class LoadedDocument:
    path: Path
    text: str
    format: str  # "text" | "html" | "pdf"
    encoding: str | None  # the codec that decoded the bytes; None for PDF
    pages: list[Span] = field(default_factory=list)  # one span per PDF page, [] for other formats
    tables: list[Table] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""
    size: int = 0


class LoadError(Exception):
    """A file that cannot become text. str(error) = "<path>: <cause>. Hint: <hint>"."""

    STAGES = ("read", "decode", "pdf_open", "pdf_text", "unsupported")

    def __init__(self, path: Path | str, stage: str, cause: str, hint: str = ""):
        # All four go to Exception.__init__ so that the error pickles across worker processes.
        super().__init__(path, stage, cause, hint)
        self.path = Path(path)
        self.stage = stage
        self.cause = cause
        self.hint = hint

    def __str__(self) -> str:
        message = f"{self.path}: {self.cause}"
        return f"{message}. Hint: {self.hint}" if self.hint else message


# --------------------------------------------------------------------------------------------------
# Entry points


def load_document(
    path: Path | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    tables: bool = True,
) -> LoadedDocument:
    """Read and decode one file. Raises LoadError (never anything else for a bad file)."""
    path = Path(path)
    _check_suffix(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_big(path, size, max_bytes)
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(path, "read", f"cannot read the file ({error.strerror or error})",
                        "check that the file exists and is readable") from error
    return load_bytes(data, path, max_bytes=max_bytes, max_pages=max_pages, tables=tables)


def load_bytes(
    data: bytes,
    name: Path | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    tables: bool = True,
) -> LoadedDocument:
    """The same as load_document, for bytes already in memory; `name` supplies the suffix and the path."""
    path = Path(name)
    suffix = _check_suffix(path)
    if len(data) > max_bytes:
        raise _too_big(path, len(data), max_bytes)
    if not data:
        raise LoadError(path, "read", "empty file (0 bytes)", "nothing to extract; remove the file or re-export it")
    if suffix == ".pdf":
        document = _load_pdf(data, path, max_pages=max_pages, want_tables=tables)
    elif suffix in HTML_SUFFIXES:
        document = _load_html(data, path)
    else:
        document = _load_text(data, path)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.size = len(data)
    return document


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no extension"
        raise LoadError(path, "unsupported", f"unsupported file type ({shown})",
                        f"factlex reads {', '.join(sorted(SUPPORTED_SUFFIXES))}; convert the file or leave it out")
    return suffix


def _too_big(path: Path, size: int, limit: int) -> LoadError:
    return LoadError(path, "read", f"file too large ({_human_size(size)}, limit {_human_size(limit)})",
                     "split the file, or raise the size limit (max_bytes) if this is really one document")


def _human_size(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size:,} bytes"


# --------------------------------------------------------------------------------------------------
# Text: strict decoding, never replacing characters

# Signatures of files that are often misnamed .txt; naming the real type makes the hint useful.
MAGIC_NUMBERS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (perhaps .docx or .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc or .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Tried in this order, each strictly. GBK and GB2312 are subsets of GB18030.
TEXT_ENCODINGS = ("utf-8", "gb18030")
# More than this share of control or private-use characters and the "text" is binary data.
MAX_JUNK_SHARE = 0.02
SNIFF_CHARS = 65536


def _load_text(data: bytes, path: Path) -> LoadedDocument:
    text, encoding = decode_text(data, path)
    text = normalise_newlines(text)
    return LoadedDocument(path=path, text=text, format="text", encoding=encoding,
                          title=_first_line_title(text, markdown=path.suffix.lower() == ".md"))


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode strictly: UTF-8 (with or without BOM), UTF-16 with a BOM, then GB18030. Binary -> LoadError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(_strict(data, "utf-8-sig", path), path), "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return _checked(_strict(data, "utf-16", path), path), "utf-16"
    _reject_binary_bytes(data, path)
    errors: list[UnicodeDecodeError] = []
    for encoding in TEXT_ENCODINGS:
        try:
            return _checked(data.decode(encoding), path), encoding
        except UnicodeDecodeError as error:
            errors.append(error)
    first = errors[0]
    raise LoadError(
        path, "decode",
        f"not valid UTF-8 or GB18030/GBK text (byte 0x{data[first.start]:02x} at offset {first.start})",
        "convert the file to UTF-8, e.g. iconv -f <its encoding> -t UTF-8",
    ) from errors[-1]


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise LoadError(path, "decode", f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                        f"(offset {error.start})", "re-save the file as UTF-8") from error


def _reject_binary_bytes(data: bytes, path: Path) -> None:
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise LoadError(path, "decode", f"binary data: the file is {kind}, not text",
                            "give the file its proper extension, or convert it to text")
    if b"\x00" in data[:SNIFF_CHARS]:
        raise LoadError(path, "decode", "binary data (NUL bytes), not text",
                        "this is not a text file; check what produced it")


def _checked(text: str, path: Path) -> str:
    """Reject decoded text that is mostly control or private-use characters (binary that happened to decode)."""
    sample = text[:SNIFF_CHARS]
    junk = len(JUNK_CHARACTER.findall(sample))
    if sample and junk / len(sample) > MAX_JUNK_SHARE:
        raise LoadError(path, "decode", f"binary data ({junk} control characters in the first {len(sample)})",
                        "this is not a text file; check what produced it")
    return text


# Characters that do not occur in text, as one character class, so the scan runs in the regex engine (a
# Python loop over every character cost half of loading a text file): control characters but tab, line
# feed, carriage return, form feed and vertical tab (Unicode category Cc), surrogates (Cs) and the
# private-use areas (Co). tests/test_load.py checks the class against those categories on every code point.
JUNK_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                            "\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _first_line_title(text: str, *, markdown: bool = False) -> str | None:
    for line in text.split("\n", 200)[:200]:
        line = line.strip()
        if markdown:
            line = MARKDOWN_HEADING.sub("", line).strip()
        if line:
            return line[:TITLE_MAX_CHARS]
    return None


# --------------------------------------------------------------------------------------------------
# HTML: visible text only, block elements on lines of their own

# Elements whose content a reader never sees as article text.
INVISIBLE_ELEMENTS = frozenset(
    "head script style noscript template svg math canvas iframe object embed select button nav aside footer form".split()
)
BLOCK_ELEMENTS = frozenset(
    """address article blockquote body br dd details dialog div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6
    header hr li main ol p pre section summary table tbody thead tfoot ul caption""".split()
)
CELL_ELEMENTS = frozenset({"td", "th"})  # a tab before each cell
ROW_ELEMENTS = frozenset({"tr"})  # a line break before each row, so that rows are not a blank line apart
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Declared names that mean "decode with GB18030" (its subsets and common aliases).
GB_CHARSETS = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"})


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.first_heading: list[str] = []
        self._skip_tag: str | None = None  # the element being skipped, and how deep inside it we are
        self._skip_depth = 0
        self._in_title = False
        self._in_pre = 0
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":  # inside <head>, which is otherwise skipped
            self._in_title = True
            return
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag not in VOID_ELEMENTS and (tag in INVISIBLE_ELEMENTS or _hidden(attrs)):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag == "pre":
            self._in_pre += 1
        if tag in ("h1", "h2") and not self.first_heading:
            self._in_heading = True
        self._break_or_cell(tag, opening=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None:
            self._break_or_cell(tag, opening=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "pre" and self._in_pre:
            self._in_pre -= 1
        if tag in ("h1", "h2"):
            self._in_heading = False
        self._break_or_cell(tag, opening=False)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif self._skip_tag is None:
            text = data if self._in_pre else _collapse_space(data)
            self.parts.append(text)
            if self._in_heading:
                self.first_heading.append(text)

    def _break_or_cell(self, tag: str, *, opening: bool) -> None:
        if tag in BLOCK_ELEMENTS or (opening and tag in ROW_ELEMENTS):
            self.parts.append("\n")
        elif opening and tag in CELL_ELEMENTS:
            self.parts.append("\t")


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    values = dict(attrs)
    return ("hidden" in values or values.get("aria-hidden") == "true"
            or bool(HIDDEN_STYLE.search(values.get("style") or "")))


# Full-width punctuation and forms: typeset with their own spacing, so a gap next to them is layout.
CJK_PUNCT = "\u3001-\u303f\uff00-\uffef"
# A line break inside running Chinese text is not a space (CSS Text 3 segment-break rules).
SPACE_BETWEEN_HAN_LINES = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[ \t]*\n[ \t\n]*(?=[{HAN}{CJK_PUNCT}])")
WHITESPACE_RUN = re.compile(r"\s+")


def _collapse_space(data: str) -> str:
    return WHITESPACE_RUN.sub(" ", SPACE_BETWEEN_HAN_LINES.sub("", data))


def _load_html(data: bytes, path: Path) -> LoadedDocument:
    source, encoding = _decode_html(data, path)
    parser = _VisibleText()
    parser.feed(normalise_newlines(source))
    parser.close()
    text = _tidy_lines("".join(parser.parts))
    title = _collapse_space("".join(parser.title_parts)).strip() or \
        _collapse_space("".join(parser.first_heading)).strip() or _first_line_title(text)
    return LoadedDocument(path=path, text=text, format="html", encoding=encoding,
                          title=title[:TITLE_MAX_CHARS] if title else None)


def _decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """A declared <meta charset> is tried first (strictly); then the same order as plain text."""
    declared = META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", *UTF16_BOMS)):
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in GB_CHARSETS else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    return decode_text(data, path)


def _tidy_lines(text: str) -> str:
    """Strip each line, drop empty cells' tabs at the edges, keep at most one blank line between blocks."""
    lines = [line.strip(" \t") for line in text.split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n" if tidy else ""


# --------------------------------------------------------------------------------------------------
# PDF

# A page drawing at least this many path objects (ruling lines, cell borders) is searched for tables.
TABLE_MIN_PATHS = 8
# Two characters closer than this (in points), with the same code point, are one character drawn twice.
DUPLICATE_TOLERANCE = 1.0
# A page whose text is more than this share of U+FFFD / private-use / (cid:NNN) has no usable text layer.
MAX_GARBAGE_SHARE = 0.5
EOF_MARKER_WINDOW = 2048
CID_GLYPH = re.compile(r"\(cid:\d+\)")
# Gaps PDFium reports inside Chinese text. Chinese is written without spaces, so these are layout:
#   a space next to a lone Han character ("科 创 债": letter-spaced headings),
#   a space after full-width sentence punctuation (which carries its own spacing),
#   a space between a number and the measure word or date unit it belongs to ("2025 年 5 月", "30 亿元":
#   Word's automatic CJK/Latin spacing).
# A space between two runs of several Han characters, or a number and the next cell, separates table
# cells or a heading's parts, and stays.
MEASURE_CHARS = "年月日号时分秒亿万千百元角个只家倍期岁条款项次名位股份笔件户%％"
CJK_SENTENCE_PUNCT = "，、。；：！？"
GAP = r"[ \t\u00a0]+"
LETTER_SPACING = re.compile(
    rf"(?<![{HAN}])(?<=[{HAN}]){GAP}(?=[{HAN}])"
    rf"|(?<=[{HAN}]){GAP}(?=[{HAN}](?![{HAN}]))"
    rf"|(?<=[{CJK_SENTENCE_PUNCT}]){GAP}|{GAP}(?=[{CJK_SENTENCE_PUNCT}])"
    rf"|(?<=[0-9]){GAP}(?=[{MEASURE_CHARS}])"
    rf"|(?<=[{HAN}{CJK_SENTENCE_PUNCT}]){GAP}(?=[0-9][0-9,.]*(?:{GAP})?[{MEASURE_CHARS}])"
)
# Inside a table cell pdfplumber's word-gap heuristic is the only source of spaces between Han characters.
SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[ \t\u00a0]+(?=[{HAN}{CJK_PUNCT}0-9])"
                               rf"|(?<=[0-9])[ \t\u00a0]+(?=[{HAN}])")
TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
MULTI_SPACE = re.compile(r"[ \t\u00a0]{2,}")
# Line ends after which the next line is a new sentence or paragraph, never a continuation.
SENTENCE_ENDS = frozenset("。！？；：.!?;:")
# A line at least this share of the page's usual line width was wrapped by the layout, not ended.
FULL_LINE_SHARE = 0.85
MIN_BODY_LINE_WIDTH = 20  # in half-width character units: shorter "lines" are headings, cells, labels


def _load_pdf(data: bytes, path: Path, *, max_pages: int, want_tables: bool) -> LoadedDocument:
    import pypdfium2 as pdfium  # imported here: only PDF loading pays for it

    pdf = _open_pdf(pdfium, data, path)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise LoadError(path, "pdf_open", "the PDF has no pages", "re-export the PDF")
        if page_count > max_pages:
            raise LoadError(path, "pdf_open", f"too many pages ({page_count}, limit {max_pages})",
                            "split the PDF, or raise the page limit (max_pages)")
        pieces: list[str] = []
        spans: list[Span] = []
        warnings: list[str] = []
        table_pages: list[int] = []
        position = 0
        for number in range(1, page_count + 1):
            page_text, rules, images = _read_page(pdfium, pdf, number, path)
            problem = _text_layer_problem(page_text, images)
            if problem:
                warnings.append(f"page {number} {problem}: needs OCR")
                page_text = ""
            if number > 1:
                pieces.append(PAGE_SEPARATOR)
                position += len(PAGE_SEPARATOR)
            pieces.append(page_text)
            spans.append(Span(position, position + len(page_text)))
            position += len(page_text)
            if rules >= TABLE_MIN_PATHS and page_text:
                table_pages.append(number)
    finally:
        pdf.close()
    text = "".join(pieces)
    if not text.strip():
        raise LoadError(path, "pdf_text", "no text layer (scanned/image-only PDF): needs OCR",
                        "run OCR first (e.g. ocrmypdf) and load the OCR'd PDF")
    tables = _find_tables(data, path, table_pages, text, spans, warnings) if want_tables else []
    return LoadedDocument(path=path, text=text, format="pdf", encoding=None, pages=spans, tables=tables,
                          title=_first_line_title(text), warnings=warnings)


def _open_pdf(pdfium, data: bytes, path: Path):
    if b"%PDF-" not in data[:1024]:
        raise LoadError(path, "pdf_open", "not a PDF (no %PDF- header)",
                        "the file is named .pdf but is something else; check what produced it")
    try:
        pdf = pdfium.PdfDocument(data)  # PDFium tries the empty user password itself
    except pdfium.PdfiumError as error:
        raise _pdf_open_error(path, error, data) from error
    if b"%%EOF" not in data[-EOF_MARKER_WINDOW:]:
        pdf.close()
        raise LoadError(path, "pdf_open", "truncated PDF (the end-of-file marker is missing)",
                        "the copy or download was cut short; fetch the file again")
    return pdf


# PDFium's document-loading error codes (fpdfview.h), classified for the user.
PDFIUM_OPEN_ERRORS = {
    1: ("unknown PDFium error while opening the PDF", "re-export or repair the PDF (e.g. qpdf)"),
    2: ("cannot read the file", "check that the file exists and is readable"),
    3: ("damaged or not a PDF (format error)", "re-export the PDF, or repair it (e.g. qpdf --replace-input)"),
    4: ("encrypted PDF (password required)", "remove the password (e.g. qpdf --decrypt --password=...) and retry"),
    5: ("encrypted PDF with an unsupported security handler", "decrypt the PDF with the tool that made it"),
    6: ("the PDF's page tree is damaged", "re-export the PDF, or repair it (e.g. qpdf)"),
}


def _pdf_open_error(path: Path, error: Exception, data: bytes) -> LoadError:
    cause, hint = PDFIUM_OPEN_ERRORS.get(getattr(error, "err_code", None) or 1, PDFIUM_OPEN_ERRORS[1])
    if getattr(error, "err_code", None) == 3 and b"%%EOF" not in data[-EOF_MARKER_WINDOW:]:
        cause, hint = ("truncated or damaged PDF (format error, no end-of-file marker)",
                       "the copy or download was probably cut short; fetch the file again")
    return LoadError(path, "pdf_open", cause, hint)


def _read_page(pdfium, pdf, number: int, path: Path) -> tuple[str, int, int]:
    """The page's clean text, how many path objects it draws and how many images."""
    page = pdf[number - 1]
    textpage = None
    try:
        textpage = page.get_textpage()
        boxes, paths, images = _page_objects(pdfium, page)
        if len(set(boxes)) < len(boxes):  # overlapping text objects: fake bold
            text = _deduplicated_text(pdfium, textpage)
        else:
            text = textpage.get_text_range()
    except pdfium.PdfiumError as error:
        raise LoadError(path, "pdf_text", f"cannot read the text of page {number} ({error})",
                        "re-export or repair the PDF (e.g. qpdf)") from error
    finally:
        if textpage is not None:
            textpage.close()
        page.close()
    return clean_pdf_text(text), paths, images


def _page_objects(pdfium, page) -> tuple[list[tuple[int, int, int, int]], int, int]:
    raw = pdfium.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes: list[tuple[int, int, int, int]] = []
    paths = images = 0
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            boxes.append((round(left.value), round(bottom.value), round(right.value), round(top.value)))
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
    return boxes, paths, images


def _deduplicated_text(pdfium, textpage) -> str:
    """The page text with every character that repeats one already drawn at the same place left out."""
    raw = pdfium.raw
    text = textpage.get_text_range()
    x, y = ctypes.c_double(), ctypes.c_double()
    seen: dict[str, list[tuple[float, float]]] = {}
    kept: list[str] = []
    for index, char in enumerate(text[:textpage.count_chars()]):
        if char in "\r\n":
            kept.append(char)
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        here = (x.value, y.value)
        places = seen.setdefault(char, [])
        if any(abs(here[0] - px) < DUPLICATE_TOLERANCE and abs(here[1] - py) < DUPLICATE_TOLERANCE
               for px, py in places):
            continue
        places.append(here)
        kept.append(char)
    return "".join(kept)


def clean_pdf_text(text: str) -> str:
    """Normalise a page's text layer: newlines, layout spaces in Chinese, lines the layout wrapped."""
    text = normalise_newlines(text).replace("\x02", "-")  # PDFium marks soft hyphens with U+0002
    text = MULTI_SPACE.sub(" ", text)
    text = TRAILING_SPACE.sub("\n", text)
    text = _unwrap_lines(text.strip())  # before spaces go: free-standing numbers mark table rows
    return LETTER_SPACING.sub("", text)


def _unwrap_lines(text: str) -> str:
    """Join lines that the page layout broke in mid-sentence, so sentences and figures stay whole.

    A line is a wrapped one when it is prose (not a table row), nearly as wide as the page's usual full
    prose line, and does not end a sentence. Chinese continues without a space, other scripts with one.
    """
    lines = text.split("\n")
    widths = [0 if _is_table_row(line) else _display_width(line) for line in lines]
    body = sorted(width for width in widths if width >= MIN_BODY_LINE_WIDTH)
    if len(body) < 3:
        return text
    full = body[int(len(body) * 0.8)] * FULL_LINE_SHARE
    out: list[str] = [lines[0]]
    for previous_width, line in zip(widths, lines[1:]):
        before = out[-1]
        if (previous_width >= full and line and before[-1] not in SENTENCE_ENDS and _continues(line[0])
                and not _is_table_row(line) and not line.isdigit() and not LIST_ITEM.match(line)):
            glue = "" if _is_cjk(before[-1]) or _is_cjk(line[0]) or before[-1] == "-" else " "
            out[-1] = before + glue + line
        else:
            out.append(line)
    return "\n".join(out)


# The start of a numbered heading or list item: "1、" "2." "(三)" "四、" "第五条".
LIST_ITEM = re.compile(r"\s*(?:[0-9]{1,2}[、.．)）]|[(（][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
                       r"|第[一二三四五六七八九十百零0-9]+[章节条款])")
# A number standing alone between spaces that is not a quantity in running text ("2025 年", "30 亿元").
NUMBER_CELL = re.compile(rf"(?:^|(?<=\s))[-+(]?[0-9][0-9,.]*[)%]?(?=\s|$)(?!\s*[{MEASURE_CHARS}])")
TABLE_ROW_NUMBER_SHARE = 0.3


def _is_table_row(line: str) -> bool:
    """A row of figures from a table: several free-standing numbers making up a good share of the words."""
    numbers = len(NUMBER_CELL.findall(line))
    return numbers >= 2 and numbers >= TABLE_ROW_NUMBER_SHARE * len(line.split())


def _continues(char: str) -> bool:
    return char.isalnum() or char in "(（《“\"'%"


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _display_width(line: str) -> int:
    return sum(2 if _is_cjk(char) else 1 for char in line)


def _text_layer_problem(page_text: str, images: int) -> str | None:
    visible = "".join(page_text.split())
    if not visible:
        return "has no text layer (image only)" if images else "has no text layer"
    garbage = visible.count("\ufffd") + sum(1 for char in visible if unicodedata.category(char) == "Co")
    garbage += sum(len(match) for match in CID_GLYPH.findall(visible))
    if garbage / len(visible) > MAX_GARBAGE_SHARE:
        return "has no usable text layer (unmapped glyphs)"
    return None


def _find_tables(data: bytes, path: Path, page_numbers: list[int], text: str, spans: list[Span],
                 warnings: list[str]) -> list[Table]:
    """pdfplumber's table finder on the pages that draw ruling lines; a failure costs the tables, not the text."""
    if not page_numbers:
        return []
    import io

    import pdfplumber

    tables: list[Table] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in page_numbers:
                page = pdf.pages[number - 1]
                try:
                    for rows in page.dedupe_chars().extract_tables():
                        cleaned = [[_clean_cell(cell) for cell in row] for row in rows]
                        if any(any(cell for cell in row) for row in cleaned):
                            cells = locate_cells(cleaned, text, spans[number - 1])
                            located = [cell for row in cells for cell in row if cell]
                            start, end = (located[0].start, located[-1].end) if located else (-1, -1)
                            tables.append(Table(page=number, rows=cleaned, start=start, end=end, cells=cells))
                except Exception as error:  # noqa: BLE001 -- pdfminer raises anything on odd pages
                    warnings.append(f"page {number}: tables could not be read ({type(error).__name__}: {error})")
                finally:
                    page.close()
    except Exception as error:  # noqa: BLE001
        warnings.append(f"tables could not be read ({type(error).__name__}: {error})")
    return tables


def _clean_cell(cell: str | None) -> str | None:
    if cell is None:
        return None
    joined = SPACE_BETWEEN_HAN_LINES.sub("", cell).replace("\n", " ")
    return SPACE_BETWEEN_HAN.sub("", MULTI_SPACE.sub(" ", joined)).strip()


# Between two characters of a cell the page text may hold a line break or a space where pdfplumber has none
# (a wrapped cell, a space it dropped between Han characters), and the other way round.
CELL_GAP = r"[ \t\n]*"
# How far past the previous cell the next one may start: a row of a table is never a page of prose away.
CELL_SEARCH_WINDOW = 400
# A cell that begins or ends with a Latin letter or digit is not glued to another one ("5" is not the 5
# of "15.0", "Bank" not the end of "Banks").
CELL_EDGE_BEFORE = r"(?<![0-9A-Za-z.])"
CELL_EDGE_AFTER = r"(?![0-9A-Za-z])"
WHITE_SPACE = re.compile(r"[ \t\n]*")


def locate_cells(rows: list[list[str | None]], text: str, page: Span) -> list[list[Span | None]]:
    """The span of every cell in the page text (None for an empty cell or one not found), in reading
    order: each cell is looked for right after the previous one, else a little further on.

    The table's first cell may also stand in the prose above the table ("Issuer" in a sentence), so its
    place is the first occurrence that the next cell follows directly."""
    patterns = [[_cell_pattern(cell) if cell else None for cell in row] for row in rows]
    flat = [pattern for row in patterns for pattern in row if pattern is not None]
    if not flat:
        return [[None] * len(row) for row in rows]
    first_match = flat[0].search(text, page.start, page.end)
    while first_match and len(flat) > 1:
        if _directly_after(flat[1], text, first_match.end(), page.end):
            break
        first_match = flat[0].search(text, first_match.start() + 1, page.end)
    position = first_match.start() if first_match else page.start
    located: list[list[Span | None]] = []
    for row in patterns:
        spans: list[Span | None] = []
        for pattern in row:
            match = pattern and (_directly_after(pattern, text, position, page.end)
                                 or pattern.search(text, position, min(page.end, position + CELL_SEARCH_WINDOW)))
            spans.append(Span(match.start(), match.end()) if match else None)
            if match:
                position = match.end()
        located.append(spans)
    return located


def _cell_pattern(cell: str) -> re.Pattern | None:
    """The cell's characters with any white space between them."""
    characters = [re.escape(char) for char in cell if not char.isspace()]
    if not characters:
        return None
    before = CELL_EDGE_BEFORE if _is_word_char(characters[0][-1]) else ""
    after = CELL_EDGE_AFTER if _is_word_char(characters[-1][-1]) else ""
    return re.compile(before + CELL_GAP.join(characters) + after)


def _directly_after(pattern: re.Pattern, text: str, position: int, end: int) -> re.Match | None:
    """The pattern matching where the white space after `position` ends."""
    return pattern.match(text, WHITE_SPACE.match(text, position, end).end(), end)


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()
