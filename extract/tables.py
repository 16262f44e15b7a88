"""Tables: find them in plain text, and give each figure in a cell its row and column headers.

Two kinds of table reach the extractor:

* text tables -- runs of lines whose cells are separated by tabs (HTML tables arrive so), by runs of
  spaces, or by Markdown pipes -- found here by `find_text_tables(text)`;
* PDF tables -- the cells pdfplumber read, with their spans in the document text (extract.load.Table) --
  turned into the same shape by `grid_from_spans(text, cells)`.

A table's first row holds the column headers; its first column holds the row headers when it is made of
labels rather than numbers. `link_table_figures` then sets, on every figure inside a body cell, `row`
and `column` (the header texts exactly as written), fills `metric` and `period` from the headers when
the figure has none, and turns a bare number whose header names the unit (规模（亿元） over 120.5) into a
figure of its own. Everything here is a pure function of its arguments.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .figures import find_figures
from .figures.tables import FULL_WIDTH, KINDS_WITHOUT_METRIC
from .language import HAN_RANGES as HAN
from .model import Fact, Span


@dataclass(frozen=True, slots=True)
class Cell:
    """One non-empty cell: `text == document[start:end]` (no white space at either end)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: `rows[0]` holds the column headers; None marks an empty or unplaced cell."""

    rows: tuple[tuple[Cell | None, ...], ...]
    row_headers: bool  # the first column labels the rows
    start: int
    end: int
    caption: Cell | None = None  # the title line just above ("表1：...（单位：%）", "Table 2: ... (RMB bn)")


# --------------------------------------------------------------------------------------------------
# What a cell holds

# One character for one, so that offsets in the mapped text are offsets in the original.
ASCII_WIDTH = str.maketrans(FULL_WIDTH)
# A label names something: it has a letter or a Han character, or it is a year (2024, 2025E are labels
# of periods in a table heading, not quantities).
LETTER = re.compile(rf"[A-Za-z{HAN}]")
YEAR_LABEL = re.compile(r"(?:19|20)\d\d[AEFH]?")
# A value cell: a number first, perhaps signed, bracketed or with a currency mark ("1.68%", "(3.2)", "$5bn").
VALUE_CELL = re.compile(r"[(]?[-+~≈]?\s?[$¥€£]?\s?\d")
# What tables write for "no value".
PLACEHOLDER_CELLS = frozenset({"-", "--", "---", "—", "——", "–", "/", "n.a.", "na", "n/a", "nm", "n.m.", "*", "…"})
# A cell that is just a number, which only a header can give a unit to.
BARE_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# A cell is short. A longer one, or one that reads as a sentence, is prose that happens to be aligned.
MAX_CELL_CHARS = 60
MAX_CELL_WORDS = 10
SENTENCE_INSIDE = re.compile(r"[。！？；，]|[.!?;]\s")
SENTENCE_END = re.compile(r"\b[a-z]{2,}[.!?]$")  # "... rose 5%." ends a sentence; "Co., Ltd." does not
# At least this share of the body cells outside the row-header column must be values or placeholders:
# a table that extraction cares about is a table of figures.
MIN_VALUE_SHARE = 1 / 3


# Headers that begin with a number and still name a column: a period (2025年6月末, 2025-06, 2024A) or a
# tenor (1Y, 3年, 6个月, 10-year). Any other number in the top row ("30亿元") is a value: no header row.
NUMBERED_HEADER = re.compile(r"(?:19|20)\d\d.*|\d+(?:\.\d+)?\s*(?:[YMDW]|年期?|个月|月|天|years?|months?|-year|-month|yrs?)",
                             re.I)
# A key ending in a colon: "发行规模：  30亿元" lines are a list of fields, not a table.
KEY_END = ("：", ":")


def is_label(text: str) -> bool:
    return bool(LETTER.search(text)) or bool(YEAR_LABEL.fullmatch(text))


def is_header(text: str) -> bool:
    return is_label(text) and (not is_value(text) or bool(NUMBERED_HEADER.fullmatch(text)))


def is_value(text: str) -> bool:
    text = text.translate(ASCII_WIDTH)
    return bool(VALUE_CELL.match(text)) or text.lower() in PLACEHOLDER_CELLS


def is_prose(text: str) -> bool:
    words = text.split()
    return (len(text) > MAX_CELL_CHARS or len(words) > MAX_CELL_WORDS or bool(SENTENCE_INSIDE.search(text))
            or (len(words) >= 3 and bool(SENTENCE_END.search(text))))


# --------------------------------------------------------------------------------------------------
# Text tables

# Lines holding one of these may be rows; a text without any is skipped at once.
SEPARATOR_HINTS = ("\t", "  ", "|", "\u3000")
# Cells in a line of a space-aligned table: a tab, a full-width space or two spaces, with any white
# space around them (a run of separators is one boundary: text tables align with as many as they need).
GAP = re.compile(r"[ \t\u3000]*(?:\t|\u3000| {2})[ \t\u3000]*")
PIPE = "|"
# A line that only draws: Markdown's |---|:---:| rule, or ----- / ===== / ───── under a heading row.
RULE_LINE = re.compile(r"[ \t|:+\-=_─━—]*[-=_─━—]{3,}[ \t|:+\-=_─━—]*")
WHITE = " \t\u3000"


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    family: str  # "pipe" | "gap"
    cells: tuple[Cell | None, ...]  # None only for an empty cell between pipes


def find_text_tables(text: str) -> list[Grid]:
    """Tables written as text: two or more consecutive lines (a rule line may stand between them) whose
    cells are separated the same way and whose rows have the same number of cells (the header row may have
    one fewer: its top-left corner is empty). Prose, addresses and verse are not tables: cells must be
    short, the header row must be labels, and the body must be mostly values."""
    if not any(hint in text for hint in SEPARATOR_HINTS):
        return []
    tables: list[Grid] = []
    for block in _blocks(_row_lines(text), text):
        tables.extend(_tables_in(block, text))
    return tables


def _row_lines(text: str) -> list[_Line]:
    """Every line that splits into two or more cells, in order."""
    lines: list[_Line] = []
    # The next place of each separator, found with str.find (far faster than one regex alternation on
    # long prose) and looked for again only once the line holding it has been read.
    upcoming = {hint: text.find(hint) for hint in SEPARATOR_HINTS}
    while True:
        found = [at for at in upcoming.values() if at >= 0]
        if not found:
            return lines
        at = min(found)
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = _split_line(text, start, end)
        if line is not None:
            lines.append(line)
        for hint, place in upcoming.items():
            if 0 <= place <= end:
                upcoming[hint] = text.find(hint, end + 1)


def _split_line(text: str, start: int, end: int) -> _Line | None:
    left, right = _trimmed(text, start, end)
    content = text[left:right]
    if not content or RULE_LINE.fullmatch(content):
        return None
    family, bounds = ("pipe", _pipe_cells(content)) if PIPE in content else ("gap", _gap_cells(content))
    cells = tuple(Cell(left + a, left + b, content[a:b]) if a < b else None for a, b in bounds)
    if sum(cell is not None for cell in cells) < 2:
        return None
    return _Line(start, end, family, cells)


def _pipe_cells(content: str) -> list[tuple[int, int]]:
    edges, at = [-1], content.find(PIPE)
    while at >= 0:
        edges.append(at)
        at = content.find(PIPE, at + 1)
    edges.append(len(content))
    bounds = [_trimmed(content, a + 1, b) for a, b in zip(edges, edges[1:])]
    if content.startswith(PIPE):
        bounds = bounds[1:]  # | a | b |: the outer pipes open and close the row
    if content.endswith(PIPE):
        bounds = bounds[:-1]
    return bounds


def _gap_cells(content: str) -> list[tuple[int, int]]:
    bounds, position = [], 0
    for gap in GAP.finditer(content):
        bounds.append(_trimmed(content, position, gap.start()))
        position = gap.end()
    bounds.append(_trimmed(content, position, len(content)))
    return bounds


def _trimmed(content: str, start: int, end: int) -> tuple[int, int]:
    while start < end and content[start] in WHITE:
        start += 1
    while end > start and content[end - 1] in WHITE:
        end -= 1
    return start, end


def _blocks(lines: list[_Line], text: str) -> list[list[_Line]]:
    """Lines that follow one another (only rule lines between them) and split the same way."""
    blocks: list[list[_Line]] = []
    for line in lines:
        previous = blocks[-1][-1] if blocks else None
        if previous and previous.family == line.family and _only_rules_between(text, previous.end, line.start):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [block for block in blocks if len(block) >= 2]


def _only_rules_between(text: str, end: int, start: int) -> bool:
    between = text[end + 1:start - 1] if start > end + 1 else ""
    return start == end + 1 or all(RULE_LINE.fullmatch(line) for line in between.split("\n"))


def _tables_in(block: list[_Line], text: str) -> list[Grid]:
    """Split a block where the cell count changes; keep the stretches that read as tables."""
    tables: list[Grid] = []
    i = 0
    while i < len(block) - 1:
        header, width = block[i], len(block[i + 1].cells)
        j = i + 1
        while j < len(block) and len(block[j].cells) == width:
            j += 1
        grid = _grid(header, block[i + 1:j], text) if len(header.cells) in (width, width - 1) else None
        if grid is not None:
            tables.append(grid)
            i = j
        else:
            i += 1
    return tables


def _grid(header: _Line, body: list[_Line], text: str) -> Grid | None:
    width = len(body[0].cells)
    head: tuple[Cell | None, ...] = header.cells if len(header.cells) == width else (None, *header.cells)
    rows = (head, *(line.cells for line in body))
    return _checked(rows, header.start, body[-1].end, text)


def _checked(rows: tuple[tuple[Cell | None, ...], ...], start: int, end: int, text: str) -> Grid | None:
    """The grid when its cells read as a table of figures, else None."""
    cells = [cell for row in rows for cell in row if cell is not None]
    if any(is_prose(cell.text) for cell in cells):
        return None
    if not all(is_header(cell.text) for cell in rows[0] if cell is not None):
        return None
    keys = [row[0].text.endswith(KEY_END) for row in rows if row[0] is not None]
    if sum(keys) * 2 > len(keys):
        return None
    row_headers = _has_row_headers(rows)
    body = [cell.text for row in rows[1:] for cell in row[1 if row_headers else 0:] if cell is not None]
    if not body or sum(map(is_value, body)) < MIN_VALUE_SHARE * len(body):
        return None
    return Grid(rows=rows, row_headers=row_headers, start=start, end=end, caption=_caption(text, start))


# --------------------------------------------------------------------------------------------------
# PDF tables

def grid_from_spans(text: str, spans: Sequence[Sequence[Span | None]]) -> Grid | None:
    """The grid of a table whose cells the loader placed in the text (extract.load.Table.cells)."""
    rows = tuple(tuple(_cell_at(text, span) for span in row) for row in spans)
    if len(rows) < 2 or not any(rows[0]):
        return None
    located = [cell for row in rows for cell in row if cell is not None]
    if not located:
        return None
    start = located[0].start
    return Grid(rows=rows, row_headers=_has_row_headers(rows), start=start, end=located[-1].end,
                caption=_caption(text, start))


# A caption names the table: 表1： / 图表3 / Table 2: / Exhibit 4 at its start, or a unit note (单位：亿元).
CAPTION = re.compile(r"(?:表|图表|附表|Table|Exhibit|Chart|Figure)\s*[0-9一二三四五六七八九十][0-9A-Za-z.\-]*\s*[\s:：.、]"
                     r"|.*(?:单位|unit|units)\s*[:：]", re.I)
MAX_CAPTION_CHARS = 120


def _caption(text: str, table_start: int) -> Cell | None:
    """The line just above the table (a blank line may stand between) when it reads as its caption."""
    end = text.rfind("\n", 0, table_start)
    if end > 0 and text.rfind("\n", 0, end) == end - 1:
        end -= 1  # one blank line
    if end <= 0:
        return None
    start = text.rfind("\n", 0, end) + 1
    left, right = _trimmed(text, start, end)
    line = text[left:right]
    if not line or len(line) > MAX_CAPTION_CHARS or not CAPTION.match(line):
        return None
    return Cell(left, right, line)


def _has_row_headers(rows: tuple[tuple[Cell | None, ...], ...]) -> bool:
    """The first column labels the rows when most of its body cells are labels (1年, AAA, 招商银行),
    not numbers (a 序号 column of 1, 2, 3)."""
    firsts = [row[0].text for row in rows[1:] if row and row[0] is not None]
    return bool(firsts) and sum(map(is_label, firsts)) * 2 >= len(firsts)


def _cell_at(text: str, span: Span | None) -> Cell | None:
    if span is None or span.start >= span.end:
        return None
    start, end = _trimmed(text, span.start, span.end)
    return Cell(start, end, text[start:end]) if start < end else None


# --------------------------------------------------------------------------------------------------
# Figures in cells

# A unit a header names at its end: 发行规模（亿元）, Amount (RMB bn), 金额（单位：万元）, 利率(%), Yield %,
# Amount, RMB bn, 规模/亿元.
# "单位：亿元" / "Unit: RMB bn" up to the closing bracket or the end: a note naming several units
# ("单位：亿元、%") or more than a unit ("单位：亿元，数据来源：Wind") reads as no single figure and gives none.
UNIT_LABEL = re.compile(r"(?:单位|units?)\s*[:：]\s*(?P<unit>[^()（）\n]{1,12}?)\s*(?:[)）]|$)", re.I)
HEADER_UNIT = re.compile(
    r"(?:[(（]\s*(?:单位\s*[:：]\s*|in\s+|unit\s*[:：]\s*)?(?P<bracketed>[^()（）]{1,16}?)\s*[)）]"
    r"|[,，/]\s*(?P<trailing>[^,，/()（）]{1,12}?)"
    r"|\s?(?P<percent>%|％))\s*$",
    re.I,
)


def link_table_figures(
    text: str,
    grids: Sequence[Grid],
    figures: list[Fact],
    metric_of: Callable[[str], str | None] | None = None,
) -> list[Fact]:
    """Give every figure inside a body cell its `row` and `column` header texts, and `metric` / `period`
    from the headers where it has none. Returns the new figures: bare numbers whose header gives the unit.

    `metric_of` names the metric of a header text (a `HeaderMetrics` built from the lexicon's terms).
    `figures` must be in document order; their fields are updated in place."""
    starts = [figure.start for figure in figures]
    headers = _HeaderReader(metric_of or _no_metric)
    new: list[Fact] = []
    for grid in grids:
        column_headers = grid.rows[0]
        for row in grid.rows[1:]:
            row_header = row[0] if grid.row_headers else None
            for index in range(1 if grid.row_headers else 0, len(row)):
                cell = row[index]
                if cell is None:
                    continue
                column_header = column_headers[index] if index < len(column_headers) else None
                # What a cell's figure is read with, nearest first: its column, its row, the table's caption.
                context = [h.text for h in (column_header, row_header, grid.caption) if h is not None]
                inside, touched = _figures_at(cell, figures, starts)
                if not touched:
                    inside = _bare_figure(cell, context, headers)
                    new.extend(inside)
                for figure in inside:
                    _set_context(figure, row_header, column_header, context, headers)
    return new


def _figures_at(cell: Cell, figures: list[Fact], starts: list[int]) -> tuple[list[Fact], bool]:
    """The figures inside the cell, and whether any figure touches it at all."""
    first = bisect.bisect_left(starts, cell.start)
    last = bisect.bisect_left(starts, cell.end, first)
    inside = [figure for figure in figures[first:last] if figure.end <= cell.end]
    touched = last > first or (first > 0 and figures[first - 1].end > cell.start)
    return inside, touched


def _set_context(figure: Fact, row_header: Cell | None, column_header: Cell | None, context: list[str],
                 headers: "_HeaderReader") -> None:
    if row_header is not None:
        figure.fields["row"] = row_header.text
    if column_header is not None:
        figure.fields["column"] = column_header.text
    kind = figure.get("kind")
    if not figure.get("metric") and kind not in KINDS_WITHOUT_METRIC:
        metric = next(filter(None, map(headers.metric, context)), None)
        if metric:
            figure.fields["metric"] = metric
    if not figure.get("period") and kind != "date":
        period = next(filter(None, map(headers.period, context)), None)
        if period:
            figure.fields["period"] = period


def _bare_figure(cell: Cell, context: list[str], headers: "_HeaderReader") -> list[Fact]:
    """A cell that is only a number becomes a figure when its column, its row or the caption names
    its unit (the nearest that does). Dates are not made this way: a bare year in a table is a label."""
    number = cell.text.translate(ASCII_WIDTH)
    if not BARE_NUMBER.fullmatch(number):
        return []
    for header in context:
        fields = headers.number_with_unit(number, header)
        if fields is not None:
            return [Fact(type="figure", start=cell.start, end=cell.end, text=cell.text, fields=fields)]
    return []


def _no_metric(header: str) -> None:
    return None


class _HeaderReader:
    """What the headers of one document say -- metric, period, unit -- read once per distinct header text."""

    def __init__(self, metric_of: Callable[[str], str | None]):
        self.metric = metric_of
        self._periods: dict[str, str | None] = {}
        self._units: dict[str, str | None] = {}

    def period(self, header: str) -> str | None:
        if header not in self._periods:
            self._periods[header] = header_period(header)
        return self._periods[header]

    def number_with_unit(self, number: str, header: str) -> dict | None:
        if header not in self._units:
            self._units[header] = header_unit(header)
        unit = self._units[header]
        return figure_with_unit(number, unit) if unit else None


class HeaderMetrics:
    """The metric a header names: that of the longest lexicon metric term in it (English terms as whole
    words, any case). Built once per extractor, which remembers the headers it has read."""

    def __init__(self, metric_terms: Mapping[str, str]):
        self._terms = sorted(((term.lower(), metric) for term, metric in metric_terms.items()),
                             key=lambda pair: -len(pair[0]))

    def __call__(self, header: str) -> str | None:
        lowered = header.lower()
        for word, metric in self._terms:  # longest first: the first found is the longest
            at = lowered.find(word)
            while at >= 0:
                if not word.isascii() or _whole_word(lowered, at, at + len(word)):
                    return metric
                at = lowered.find(word, at + 1)
        return None


def _whole_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def header_period(header: str) -> str | None:
    """The date a header names (2025年6月末, Q3 2025, 2024): the first date figure in it."""
    if not DATE_HINT.search(header):
        return None  # most headers name no date ("1 year", "AAA"): skip the figure grammar
    for figure in find_figures(header):
        if figure.get("kind") == "date":
            return figure.get("value")
    return None


def header_unit(header: str) -> str | None:
    """The unit a header or caption names: after 单位： / Unit: anywhere, else at its end (亿元, RMB bn, %,
    bp), or None."""
    labelled = UNIT_LABEL.search(header)
    if labelled:
        return labelled.group("unit")
    match = HEADER_UNIT.search(header)
    if match is None:
        return None
    return match.group("bracketed") or match.group("trailing") or match.group("percent")


# Something a date has: a year, a month, a quarter or a half.
DATE_HINT = re.compile(r"\d{4}|\d月|季|[QqHh][1-4]|[1-4][QqHh]")

# Ways to write a number with a unit word, tried in order until the figure grammar reads the whole
# string as one figure: 120.5亿元, 45.2 bn yuan, RMB 45.2 bn (a currency written before the number).
UNIT_SPELLINGS: tuple[Callable[[str, str], str], ...] = (
    lambda number, unit: f"{number}{unit}",
    lambda number, unit: f"{number} {unit}",
    lambda number, unit: _currency_first(number, unit, ""),
    lambda number, unit: _currency_first(number, unit, " "),
)


def _currency_first(number: str, unit: str, space: str) -> str:
    first, _, rest = unit.partition(" ")
    return f"{first}{space}{number}{space}{rest}".strip() if rest else f"{first}{space}{number}"


def figure_with_unit(number: str, unit: str) -> dict | None:
    """The fields of `number` read with `unit` ("120.5", "亿元" -> money 12050000000 CNY), or None when
    no spelling makes one whole figure, or when it makes a date."""
    for spell in UNIT_SPELLINGS:
        written = spell(number, unit)
        found = find_figures(written)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(written):
            fields = dict(found[0].fields)
            return None if fields.get("kind") == "date" else fields
    return None
