"""Find figures in a document and normalise each one.

Two steps, two pure functions (as in JioNLP's extractor/parser split):

* finding: the grammar (grammar.py), tried at anchor positions of the width-normalised text, gives
  spans and the pieces of each span (currency, number, scale, unit, range separator ...);
* normalising: `normalise(match, text)` turns those pieces into fields (kind, value, low, high, unit,
  cmp). `parse_figure(raw)` runs the same normaliser on one string.

The text is width-normalised with a one-to-one character mapping (３０亿元 -> 30亿元, ５．２％ -> 5.2%),
so every offset found is an offset into the original document.

Conventions worth knowing:
* A decline stays a magnitude: 下降12个基点 is 12 bp (the word 下降 is outside the figure, like
  "more than"); only a written sign makes a value negative (-6BP -> -6).
* 3+2年 is a 5-year tenor (value 5: the total), 5+N is a 5-year perpetual (value 5).
* A price per unit (71.87美元/盎司, US$2,350/oz, $80 a barrel) is money in its currency; the "/盎司"
  stays in the text.
* Dates are ISO strings of the precision written, extended as analysts write periods: a quarter
  "2025-Q3", a decade "199X" (ISO 8601-2's unspecified digit: 20世纪90年代, 90年代, the 1990s). A half
  (2025年上半年), a span (2025年前三季度) or an edge of a year (2025年末) keeps the year alone, as
  "end of February 2025" keeps "February 2025": the value conventions downstream tools and our gold
  files share have no half-year precision, and a half year without its year is no date.
* An index level or move (3,350点, 25 points) is kind "number" with unit "point".
* Durations keep the unit written: year, month, day, and also week, hour (4小时), minute and quarter
  (两个季度: value 2, unit "quarter"; 2季度 is a date, never a duration).
* Chinese-numeral dates read like Arabic ones: 二〇二五年十月十七日 -> "2025-10-17", 六月 -> "--06" (not
  after 前/近/数..., nor before 期/内: 前三月, 三月期, 一月内 are spans and tenors).
* Two neighbouring Chinese digits are an approximate range: 二三十个基点 -> low 20, high 30, cmp approx.
* Comparators: a negator flips a strict bound into the opposite inclusive one (不得少于 -> ge); an
  inclusive bound or a share cue reaches across a noun phrase ending in 的 (不超过组合净值的5% -> le); 内
  after a duration is le; "over" before a duration is a span unless it measures ("of over 10 years").
* An exchange-rate aside ("($1 = 7.12 yuan)") is two money figures, as written: they are amounts, and
  only dates and entities anchor other figures' period and subject, so they cannot mislead those.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from ..model import Fact
from .grammar import (LIST_SEPARATOR, RANGE_SEPARATORS, anchor_patterns, comparator_across_verb_reversed,
                      comparator_after_pattern, comparator_before_reversed, english_plurals, figure_patterns,
                      trie_regex)
from .numerals import approximate_ends, parse_number
from .tables import (BARE_CHINESE_MONEY_SCALE, BASIS_POINT_UNITS, CENTURY_WORDS, CHINESE_CLASSIFIERS,
                     CHINESE_NUMERAL_IDIOMS, CLOCK_WORDS, DECADE_LAST_CENTURY_FROM, FRACTION_WORDS, INDEX_POINT_MIN_WHOLE,
                     INDEX_POINT_UNITS, SHORT_YEAR_CENTURY, VERBS_AFTER_COMPARATOR, YEN_CONTEXT_WINDOW,
                     YEN_CONTEXT_WORDS,
                     COMPARATORS_AFTER, COMPARATORS_BEFORE, CURRENCY_ONLY_SCALES, CURRENCY_PREFIXES,
                     DURATION_UNITS, FIRST_YEAR, INFIX_COMPARATORS, LAST_YEAR, MONEY_UNITS, MONTHS,
                     MULTIPLE_UNITS, NOT_A_UNIT_BEFORE, PHYSICAL_UNITS, NOT_COMPARATORS, PERCENT_UNITS, QUARTER_WORDS,
                     RECENT_WORDS, SCALES, FULL_WIDTH, NOT_A_NUMBER_BEFORE_ONE, BOUND_WORDS_BEFORE_SPAN_WORD, COMPARATORS_AFTER_DURATION,
                     NOT_WITHIN_BEFORE, NOUN_PHRASE_BOUNDS, NOUN_PHRASE_MAX, NOUN_PHRASE_SHARE_MARK,
                     NOUN_PHRASE_STOPS, SPAN_WORDS_BEFORE_DURATION,
                     SUPERLATIVE_CUES)

DATE_BRANCHES = frozenset(("decade", "years", "months", "ymd", "cymd", "cndate", "cyq", "cy", "ym", "cmd", "edmy", "emdy", "emy",
                           "eq", "em", "label"))
COMPARATOR_WINDOW = 1 + max(map(len, COMPARATORS_BEFORE))  # characters looked at before a figure
NOT_COMPARATOR_SET = frozenset(NOT_COMPARATORS)
WHITE = re.compile(r"\s+")
NUMERAL_STARTS = frozenset("零〇一二两三四五六七八九十")
# After a short digit run, the characters that may continue something other than a quantity: a date
# (12月, 2/3, 18 March), a tenor (3+2), a clock time, an ordinal (1st) or a quarter (3Q).
# (20世纪 a century, 90年代 a decade)
DATE_LIKE_FOLLOWERS = frozenset("-–—~/:至到月日号+·QHsnrtSNRT世 \t\u00a0")
LABEL_QUOTES = frozenset("“\"「『‘")
# A short number, a space and a word: only a quantity ("30 billion", "15 working days") unless the
# word may be a month ("18 March 2025": the grammar's month names are capitalised).
MONTH_INITIALS = frozenset(name[0].upper() for name in MONTHS)
WORD_AFTER_SPACE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") - MONTH_INITIALS
CURRENCY_SIGNS = frozenset("$¥€£")
DECADE_TAILS = ("年代", "世纪")
PER_UNIT_ONLY = ("per", "", 1)  # a unit that is only "per something": the currency comes before the number
OPENERS = frozenset("〔【[(（第")
# The last one or two characters of every cue: most figures have neither right before them, and
# then no cue need be read ("规模为3%": 为 ends 约为, but 模为 ends no cue).
CUE_TAILS = frozenset(word[-2:].lower() for word in (*COMPARATORS_BEFORE, *VERBS_AFTER_COMPARATOR)) | frozenset(
    word.lower() for word in (*COMPARATORS_BEFORE, *VERBS_AFTER_COMPARATOR) if len(word) == 1)
CUE_FIRST_CHARS = frozenset(word[0] for word in COMPARATORS_AFTER)
CUE_AFTER_STARTS = frozenset(word[:2].lower() for word in COMPARATORS_AFTER)  # every cue after has two or more
YEN_CONTEXT = re.compile(
    "|".join([trie_regex([w for w in YEN_CONTEXT_WORDS if not w.isascii()]),
              r"(?<![A-Za-z])(?:" + trie_regex([w for w in YEN_CONTEXT_WORDS if w.isascii()]) + r")(?![A-Za-z])"]))
CLOCK_TIME = re.compile(f"(?:{trie_regex(CLOCK_WORDS)})\\s*\\d{{1,2}}点$")
FULL_WIDTH_CHARS = re.compile("|".join(map(re.escape, FULL_WIDTH)))


# --- Public entry points ----------------------------------------------------------------------

def find_figures_raw(text: str) -> list[Fact]:
    """Every figure in `text`, in document order, without metric (see `find_figures`)."""
    norm = to_ascii_width(text)
    facts: list[Fact] = []
    pending: list[re.Match] = []  # bare numbers that may share the unit of a following figure
    previous_end = 0  # where the last figure that is no date ends (a bound does not reach across it)
    for match in _matches(norm):
        branch = match.lastgroup
        if branch == "skip":
            pending = []
            continue
        found = normalise(match, norm)
        if found == "bare":
            pending = _extend_list(pending, match, norm)
            continue
        if pending and found and _continues_list(pending[-1], found[0][0], norm):
            found = _shared_unit(pending, match, found[0], norm) + found
        pending = []
        for start, end, fields in found:
            if fields["kind"] != "date":
                if fields["cmp"] == "eq" and norm[start - 1:start] == "的":
                    _bound_across_noun_phrase(fields, norm, previous_end, start)
                previous_end = end
            facts.append(Fact("figure", start, end, text[start:end], fields))
    return facts


def to_ascii_width(text: str) -> str:
    """３０亿元 -> 30亿元, ５．２％ -> 5.2%: one character for one, so offsets stay exact.

    Only the characters that need it are replaced (str.translate over a whole document is slow)."""
    return FULL_WIDTH_CHARS.sub(_ascii_of, text)


def _ascii_of(match: re.Match) -> str:
    return FULL_WIDTH[match.group()]


def _matches(norm: str):
    """The grammar's matches, left to right and not overlapping, as `finditer` would give them, but
    tried only at anchor positions (see grammar.anchor_patterns), each with the branches that can
    begin with what stands there."""
    patterns = figure_patterns()
    done = 0
    for start, run_end in _anchors(norm):
        if start < done:
            continue
        match = _pattern_for(norm, start, run_end, patterns).match(norm, start)
        if match is not None:
            done = match.end()
            yield match


def _anchors(norm: str) -> list[tuple[int, int]]:
    """(start, end of the digit or numeral run there) of every anchor, in order; a word anchor has
    end 0."""
    symbols, words = anchor_patterns()
    anchors = [m.span() for m in symbols.finditer(norm)]
    word_anchors = [(start, 0) for start, _ in words.spans(norm)]
    if norm[:1].isascii() and norm[:1].isalpha() and word_anchors[:1] != [(0, 0)]:
        word_anchors.insert(0, (0, 0))  # a letter opening the text is tried, whatever word it begins
    if word_anchors:
        anchors = sorted(anchors + word_anchors)  # two sorted runs: a linear merge for Timsort
    return anchors


def _pattern_for(norm: str, start: int, run_end: int, patterns: dict) -> re.Pattern:
    """Which compiled branch set to try at an anchor. A short digit run followed by an ordinary
    character ("21bp", "33只", "1.87%") can only begin a quantity; dates, tenors, labels and codes
    need a year, a separator or a longer run. A Latin letter begins no date written in digits or
    Chinese; a year or a month number right before 年 or 月 begins a date or a quantity."""
    first = norm[start]
    if first.isascii() and first.isalpha():  # an English word, a currency code (RMB, US$)
        return patterns["word"]
    if "0" <= first <= "9":
        following = norm[run_end:run_end + 1]
        if following == "年":
            if norm.startswith("年代", run_end):
                return patterns["digit"]  # 90年代: a decade
            if run_end - start == 4:
                return patterns["year_nian"]  # 2025年
        if following == "月" and run_end - start <= 2:
            return patterns["month_yue"]  # 5月, 12月24日
        if following in RANGE_SEPARATORS and run_end - start <= 3:
            return patterns["before_separator"]  # 1-3月, 3-5%, 1-year
        if run_end - start <= 3 and (
                following not in DATE_LIKE_FOLLOWERS and not (following == "." and norm[start - 1:start] in LABEL_QUOTES)
                or following == " " and norm[run_end + 1:run_end + 2] in WORD_AFTER_SPACE):
            return patterns["qty"]
        looks_like_year = norm.startswith(("19", "20"), start) and run_end - start == 4
        return patterns["year"] if looks_like_year else patterns["digit"]
    if first in NUMERAL_STARTS and norm.startswith(DECADE_TAILS, run_end):
        return patterns["any"]  # 九十年代, 二十世纪九十年代
    if first in NUMERAL_STARTS and (norm[run_end:run_end + 1] == "月" or run_end - start == 4
                                    and norm[run_end:run_end + 1] == "年"):
        return patterns["cndate"]  # 六月, 二〇二五年十月十七日
    if first in NUMERAL_STARTS or first in CURRENCY_SIGNS:
        return patterns["qty"]
    if first in OPENERS:  # 〔2025〕12号, 第十二条
        return patterns["skip"]
    if first in "+-":
        return patterns["signed"]
    return patterns["any"]


def parse_figure(raw: str) -> dict | None:
    """Normalise one figure string ("约1.9万亿元", "10–30BP", "June 2024") to its fields, or None."""
    norm = to_ascii_width(raw).strip()
    facts = find_figures_raw(norm)
    if not facts:
        return None
    return dict(facts[0].fields)


# --- Normalising one match --------------------------------------------------------------------

Found = list[tuple[int, int, dict[str, Any]]]


def normalise(match: re.Match, norm: str) -> Found | str:
    """Fields for one grammar match: a list of (start, end, fields), or "bare" for a unitless number."""
    branch = match.lastgroup
    if branch == "qty":  # most matches
        return _quantity(match, norm)
    if branch == "label" and match.group("half"):
        return [_with_cmp(match.start(), match.end(), _fields("percent", Decimal(50), "%"), norm)]
    if branch == "pct":  # 百分之十五, 千分之五, 万分之三
        value = parse_number(match.group("pc_n"))
        if value is None:
            return []
        kind, unit, multiplier = FRACTION_WORDS[match.group("pc_w")]
        return [_with_cmp(match.start(), match.end(), _fields(kind, value * multiplier, unit), norm)]
    if branch in DATE_BRANCHES:
        return _dates(match)
    if branch == "tenor":
        return _tenor(match, norm)
    return _quantity(match, norm)


def _fields(kind: str, value, unit: str, low=None, high=None) -> dict[str, Any]:
    return {"kind": kind, "value": value, "low": low, "high": high, "unit": unit, "cmp": "eq"}


def _date(start: int, end: int, value: str | None) -> list:
    return [] if value is None else [(start, end, _fields("date", value, "date"))]


def _iso(year=None, month=None, day=None, quarter=None) -> str | None:
    """An ISO string of the precision given, or None for an impossible date (2025/2/30). Quarters
    extend ISO as analysts write them: "2025-Q3"."""
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            _dt.date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is a valid day
        except ValueError:
            return None
    if year is None:
        return f"--{month:02d}" + (f"-{day:02d}" if day else "")
    if quarter:
        return f"{year:04d}-Q{quarter}"
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _decade(m: re.Match) -> str | None:
    """The decade as its first three digits and an X: 20世纪90年代, 90年代, the 1990s -> "199X"."""
    digits = m.group("dc_d") or m.group("dc_e") or m.group("dc_a")
    decade = int(digits) if digits else int(parse_number(m.group("dc_z")) or 0)
    if decade >= 100:  # 1990年代, 1990s: the year is written whole
        if m.group("dc_c"):
            return None  # 20世纪1990年代 is no way to write a decade
        year = decade
    elif m.group("dc_c"):
        year = CENTURY_WORDS[m.group("dc_c")] + decade
    else:
        year = (1900 if decade >= DECADE_LAST_CENTURY_FROM else 2000) + decade
    return f"{year // 10:03d}X"


def _chinese_numeral_date(m: re.Match) -> str | None:
    """二〇二五年十月十七日 -> "2025-10-17", 六月 -> "--06"."""
    numbers = [parse_number(m.group(name)) if m.group(name) else None for name in ("cn_y", "cn_m", "cn_m2", "cn_d", "cn_d2")]
    year, month, month_alone, day, day_alone = (int(n) if n is not None else None for n in numbers)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return _iso(year, month or month_alone, day or day_alone)


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _dates(m: re.Match) -> Found:
    g = m.group
    b = m.lastgroup
    if b == "decade":
        return _date(m.start(), m.end(), _decade(m))
    if b == "years":
        return _date(m.start("y1"), m.end("y1"), _iso(int(g("y1")))) + \
            _date(m.start("y2"), m.end(), _iso(int(g("y2"))))
    if b == "months":
        year = int(g("r_y")) if g("r_y") else None
        return _date(m.start(), m.end("r_a"), _iso(year, int(g("r_a")))) + \
            _date(m.start("r_b"), m.end(), _iso(year, int(g("r_b"))))
    if b == "ymd":
        return _date(m.start(), m.end(), _iso(int(g("d_y")), int(g("d_m")), int(g("d_d"))))
    if b == "cymd":
        day = int(g("c_d")) if g("c_d") else None
        return _date(m.start(), m.end(), _iso(int(g("c_y")), int(g("c_m")), day))
    if b == "cndate":
        return _date(m.start(), m.end(), _chinese_numeral_date(m))
    if b == "cyq":
        return _date(m.start(), m.end(), _iso(int(g("q_y")), quarter=QUARTER_WORDS[g("q_n") or g("q_n2")]))
    if b == "cy":
        return _date(m.start(), m.end(), _iso(int(g("cy_y"))))
    if b == "ym":
        return _date(m.start(), m.end(), _iso(int(g("m_y")), int(g("m_m"))))
    if b == "cmd":
        day = int(g("md_d")) if g("md_d") else None
        return _date(m.start(), m.end(), _iso(None, int(g("md_m")), day))
    if b == "edmy":
        if g("e1_m2"):
            return _date(m.start(), m.end(), _iso(None, _month(g("e1_m2")), int(g("e1_d"))))
        return _date(m.start(), m.end(), _iso(int(g("e1_y")), _month(g("e1_m")), int(g("e1_d"))))
    if b == "emdy":
        year = int(g("e2_y")) if g("e2_y") else None
        return _date(m.start(), m.end(), _iso(year, _month(g("e2_m")), int(g("e2_d"))))
    if b == "emy":
        return _date(m.start(), m.end(), _iso(int(g("e3_y")), _month(g("e3_m"))))
    if b == "eq":
        if g("e5_q"):
            return _date(m.start(), m.end(), _iso(int(g("e5_y")), quarter=QUARTER_WORDS[g("e5_q").lower()]))
        if g("e7_q"):
            return _date(m.start(), m.end(), _iso(int(g("e7_y")), quarter=QUARTER_WORDS[g("e7_q").lower()]))
        year = int(g("e4_y")) if g("e4_y") else SHORT_YEAR_CENTURY + int(g("e4_yy"))
        return _date(m.start(), m.end(), _iso(year, quarter=int(g("e4_q") or g("e4_q2"))))
    if b == "em":
        return _date(m.start(), m.end(), _iso(None, _month(g("e6_m"))))
    if b == "label":
        if g("half"):
            return []
        return _date(m.start(), m.end(), _iso(None, int(g("l_m")), int(g("l_d"))))
    return []


def _tenor(m: re.Match, norm: str) -> Found:
    """3+2年 (value 5, the total), 5+N (a perpetual with a 5-year first period)."""
    first, second, unit = m.group("t_a"), m.group("t_b"), m.group("t_u")
    if second != "N" and not unit:
        return []  # 2+2: arithmetic, not a tenor
    value = Decimal(first) + (Decimal(second) if second != "N" else 0)
    return [_with_cmp(m.start(), m.end(), _fields("duration", value, "year"), norm)]


@cache
def unit_table() -> dict[str, tuple[str, str, int]]:
    """Every unit surface (lower case, single spaces) -> (kind, unit, multiplier)."""
    table: dict[str, tuple[str, str, int]] = {}
    for word, code in MONEY_UNITS.items():
        table[word] = ("money", code, 1)
    for source in (PERCENT_UNITS, BASIS_POINT_UNITS, DURATION_UNITS, MULTIPLE_UNITS, PHYSICAL_UNITS, INDEX_POINT_UNITS):
        table.update(source)
    for word, noun in CHINESE_CLASSIFIERS.items():
        table[word] = ("count", noun, 1)
    for form, noun in english_plurals().items():
        table.setdefault(form, ("count", noun, 1))
    return table


@lru_cache(maxsize=4096)
def unit_of(surface: str) -> tuple[str, str, int] | None:
    """What a unit word measures: "亿元" is not a unit (亿 is a scale); "美元/盎司" is USD money."""
    word = WHITE.sub(" ", surface.strip().lstrip("-").strip()).lower()
    table = unit_table()
    if word in table:  # "per cent" is a unit of its own
        return table[word]
    for mark in ("/", "每", " per ", " a "):
        if mark in f" {word}":
            word = f" {word}".split(mark)[0].strip()
            if not word:
                return PER_UNIT_ONLY  # "/oz" after a currency sign
    if word in table:
        return table[word]
    last = word.rsplit(" ", 1)[-1]  # "benchmark ... innovation bonds" counts bonds
    return table.get(last)


def _quantity(m: re.Match, norm: str) -> Found | str:
    if m.group("b") is None:  # most figures: one number
        return _single(m, norm)
    a, b, a_unit, b_unit, b_scale, pcur = m.group("a", "b", "aunit", "bunit", "bscale", "pcur")
    if not (a_unit or b_unit or b_scale or pcur):
        if _is_year(a) and _is_year(b):  # 2023-2024: two years
            return _date(m.start("a"), m.end("a"), _iso(int(a))) + _date(m.start("b"), m.end("b"), _iso(int(b)))
    if not (b_unit or b_scale or pcur):
        return _single(m, norm)
    if not _real_range(m, norm):
        return _split_pair(m, norm)
    return _range(m, norm)


def _is_year(raw: str | None) -> bool:
    return bool(raw) and len(raw) == 4 and raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR


def _real_range(m: re.Match, norm: str) -> bool:
    """"10 and 30 bp" is a range only after "between"; "from 1.5% to 2%" is a move, not a range."""
    sep = m.group("sep").strip().lower()
    if sep == "and":
        return bool(m.group("between"))
    if sep == "to" and m.group("aunit"):
        return not re.search(r"(?i)\bfrom\s*$", norm[max(0, m.start() - 8):m.start("a")])
    a_kind, b_kind = unit_of(m.group("aunit") or "") or (None,), unit_of(m.group("bunit") or "") or (None,)
    return a_kind[0] is None or b_kind[0] is None or a_kind[0] == b_kind[0]


def _describe(pcur, number, infix, scale, infix2, unit, unit_end: int, norm: str):
    """(kind, unit, value, cmp) of one number with its words; None when it is no figure.

    What the words alone say is read once per distinct spelling (`_reading`: "1.68" and "%" recur
    throughout a document); only three readings look at the text around them, here."""
    if unit and _unit_is_word_start(unit, norm, unit_end):
        return None
    yen = pcur == "¥" and YEN_CONTEXT.search(norm, max(0, unit_end - YEN_CONTEXT_WINDOW),
                                             unit_end + YEN_CONTEXT_WINDOW) is not None
    reading = _reading(pcur, number, infix, scale, infix2, unit, yen)
    if reading is not None and reading[1] == "point" and CLOCK_TIME.search(norm, max(0, unit_end - 16), unit_end):
        return None  # 晚上10点: a clock time
    return reading


@lru_cache(maxsize=8192)
def _reading(pcur, number, infix, scale, infix2, unit, yen: bool):
    """(kind, unit, value, cmp) that a number with its words names by themselves, or None (see
    `_describe`); `yen` says that ¥ stands near the yen or Japan. A pure function of its arguments."""
    value = parse_number(number)
    if value is None:
        return None
    scale_word = (scale or "").strip().lower()
    scale_value = SCALES.get(scale_word)
    currency = ("JPY" if yen else CURRENCY_PREFIXES.get(pcur.lower())) if pcur else None
    measured = unit_of(unit) if unit else None
    if unit and measured is None:
        return None
    if scale_word in CURRENCY_ONLY_SCALES and not (currency or (measured and measured[0] == "money")):
        return None
    if scale_value:
        value *= scale_value
    cmp = INFIX_COMPARATORS.get(infix or infix2 or "", "eq")
    if measured is PER_UNIT_ONLY:
        if not currency:
            return None  # "100/吨" names no currency
        measured = None
    if measured:
        kind, unit_code, multiplier = measured
        if unit_code == "point" and not _may_be_index_point(number, unit, value):
            return None
        return kind, unit_code, value * multiplier, cmp
    if currency:
        return "money", currency, value, cmp
    if scale_value and scale_word in ("亿", "万亿", "千亿", "百亿", "十亿") and scale_value >= BARE_CHINESE_MONEY_SCALE:
        return "money", "CNY", value, cmp
    if scale_value:
        return "number", "", value, cmp
    return None


def _may_be_index_point(number: str, unit: str, value: Decimal) -> bool:
    """3,350点, 25 points, 0.5个点 -- but not 三点 (Chinese numerals: 三点建议, 两点钟), not a small whole
    number before a bare 点/point (以下3点, 下午3点), not "a 10-point plan". (`_describe` rules out a
    clock time: 晚上10点.)"""
    word = unit.strip()
    if word.startswith("-") or not number[0].isdigit():
        return False
    return word == "个点" or value != value.to_integral_value() or value >= INDEX_POINT_MIN_WHOLE


def _unit_is_word_start(unit: str, norm: str, end: int) -> bool:
    """一成不变, 一次性, 单位: the unit character begins another word."""
    following = NOT_A_UNIT_BEFORE.get(unit.strip())
    return bool(following) and norm[end:end + 1] in following


def _single(m: re.Match, norm: str) -> Found | str:
    number, unit, scale, pcur, infix, infix2, sign, b = m.group("a", "aunit", "ascale", "pcur", "ainfix", "binfix",
                                                               "sign", "b")
    if not (unit or scale or pcur):  # a number without words: a year, a list member, or nothing
        if not number[0].isdigit():
            return []
        if _is_year(number):
            return _date(m.start("a"), m.end("a"), _iso(int(number)))
        return "bare"
    if unit and (number + unit.strip()) in CHINESE_NUMERAL_IDIOMS:
        return []
    if number == "一" and norm[m.start("a") - 1:m.start("a")] in NOT_A_NUMBER_BEFORE_ONE:
        return []  # 这一次, 下一年度: a determiner
    end = m.end() if b is None else _end_of_first(m)
    ends = approximate_ends(number) if number[0] in NUMERAL_STARTS else None
    if ends:
        return _approximate_range(m, ends, end, norm)
    described = _describe(pcur, number, infix, scale, infix2, unit, end, norm)
    if described is None:
        return []
    kind, unit_code, value, cmp = described
    if kind == "duration" and unit_code == "year" and unit.strip() == "年" and _is_year_value(value):
        return _date(m.start("a"), end, _iso(int(value)))  # 二〇二五年
    start = m.start("pcur") if pcur else m.start("sign") if sign else m.start("a")
    if sign == "-":
        value = -value
    fields = {"kind": kind, "value": value, "low": None, "high": None, "unit": unit_code, "cmp": cmp}
    return [_with_cmp(start, end, fields, norm)]


def _approximate_range(m: re.Match, ends: tuple[str, str], end: int, norm: str) -> Found:
    """二三十个基点: a range from 20 to 30 bp, approximate."""
    pcur, scale, unit = m.group("pcur", "ascale", "aunit")
    low, high = (_describe(pcur, number, None, scale, None, unit, end, norm) for number in ends)
    if low is None or high is None:
        return []
    fields = _fields(low[0], None, low[1], low[2], high[2])
    fields["cmp"] = "approx"
    return [(m.start("pcur") if pcur else m.start("a"), end, fields)]


def _is_year_value(value: Decimal) -> bool:
    return value == value.to_integral_value() and FIRST_YEAR <= value <= LAST_YEAR


def _figure_start(m: re.Match) -> int:
    for name in ("pcur", "sign", "a"):
        if m.group(name) is not None:
            return m.start(name)
    return m.start()


def _range(m: re.Match, norm: str) -> Found:
    pcur = m.group("pcur")
    high = _describe(pcur, m.group("b"), None, m.group("bscale"), None, m.group("bunit"), m.end(), norm)
    if high is None:
        return []
    # The low end borrows what it lacks from the high end: "3–5年", "RMB 0.6-0.8 trillion".
    a_scale = m.group("ascale") or (None if m.group("aunit") else m.group("bscale"))
    a_unit = m.group("aunit") or m.group("bunit")
    low = _describe(pcur, m.group("a"), m.group("ainfix"), a_scale, m.group("binfix"), a_unit, m.end(), norm)
    if low is None or low[0] != high[0] or low[1] != high[1]:
        return _split_pair(m, norm)
    kind, unit_code, high_value, _ = high
    low_value = low[2]
    if m.group("sign") == "-":
        low_value = -low_value
    year = _leading_year(m) if low_value > high_value else []
    if year:  # "in 2023 to 3 trillion yuan": a year and an amount, no range
        return year + _split_pair(m, norm)[-1:]
    fields = _fields(kind, None, unit_code, low_value, high_value)
    return [_with_cmp(_figure_start(m), m.end(), fields, norm)]


def _leading_year(m: re.Match) -> Found:
    """The first number of a pair as a year date, when it is one and carries no words of its own."""
    a = m.group("a")
    if _is_year(a) and not (m.group("aunit") or m.group("ascale") or m.group("pcur")):
        return _date(m.start("a"), m.end("a"), _iso(int(a)))
    return []


def _end_of_first(m: re.Match) -> int:
    return max(m.end(g) for g in ("a", "ainfix", "ascale", "binfix", "aunit") if m.group(g) is not None)


def _split_pair(m: re.Match, norm: str) -> Found:
    """Two figures joined by "and"/"to" that are not one range: each keeps its own words, the first
    borrows the unit of the second when it has none (10 and 30 bp)."""
    a_end = _end_of_first(m)
    a_unit = m.group("aunit") or m.group("bunit")
    first = _describe(m.group("pcur"), m.group("a"), m.group("ainfix"), m.group("ascale"), m.group("binfix"),
                      a_unit, a_end, norm)
    second = _describe(m.group("pcur"), m.group("b"), None, m.group("bscale"), None, m.group("bunit"), m.end(), norm)
    found = []
    for described, start, end in ((first, _figure_start(m), a_end), (second, m.start("b"), m.end())):
        if described:
            kind, unit_code, value, cmp = described
            fields = _fields(kind, value, unit_code)
            fields["cmp"] = cmp
            found.append(_with_cmp(start, end, fields, norm))
    return found


# --- Comparators ------------------------------------------------------------------------------

def _with_cmp(start: int, end: int, fields: dict, norm: str) -> tuple[int, int, dict]:
    cue = _comparator_before(norm, start, fields["kind"]) or _comparator_after(norm, end, fields["kind"])
    if cue and fields["cmp"] == "eq":
        fields["cmp"] = cue
    return start, end, fields


def _comparator_before(norm: str, start: int, kind: str) -> str | None:
    if not _cue_may_end(norm, start):
        return None  # most figures
    word = _cue_before(norm, start, kind)
    return COMPARATORS_BEFORE.get(word) if word else None


def _cue_may_end(norm: str, start: int) -> bool:
    """Whether a cue (or a verb after one) can end at `start`, perhaps before white space: the last one
    or two characters there end a cue. (After a space, most English words end none: "rose 5".)"""
    previous = norm[start - 1:start]
    if previous.isspace():
        tail = norm[max(0, start - COMPARATOR_WINDOW):start].rstrip()[-2:].lower()
        return tail[-1:] in CUE_TAILS or tail in CUE_TAILS
    return previous in CUE_TAILS or norm[max(0, start - 2):start].lower() in CUE_TAILS


def _cue_before(norm: str, start: int, kind: str) -> str | None:
    """The comparator cue word that ends right before `start`, or before one or two verbs that end there
    (至少需要3家). Read backwards: the window is reversed and matched against the reversed cue words,
    so the engine tries one position instead of twenty. The caller has checked `_cue_may_end`."""
    backwards = norm[max(0, start - COMPARATOR_WINDOW):start].rstrip()[::-1].lower()
    found = comparator_before_reversed().match(backwards)
    if found:
        cue_start, cue_end = 0, found.end()
    else:
        found = comparator_across_verb_reversed().match(backwards)
        if not found:
            return None
        cue_start, cue_end = found.span("cue")
    word = backwards[cue_start:cue_end][::-1]
    if word.isascii():
        previous = backwards[cue_end:cue_end + 1]
        if previous.isascii() and previous.isalpha():
            return None  # "cover 5" is not "over 5"
        if word in SPAN_WORDS_BEFORE_DURATION and kind == "duration" and not _bound_word_before(backwards, cue_end):
            return None  # "bonds over three years": during, not more than
    else:
        tail = backwards[cue_start:cue_end + 2][::-1]  # the cue and the two characters before it
        if tail[-len(word) - 1:] in NOT_COMPARATOR_SET or tail in NOT_COMPARATOR_SET:
            return None  # 最近三年
    if word in RECENT_WORDS and kind == "duration":
        return None  # 近三年: the past three years
    return word


def _bound_across_noun_phrase(fields: dict, norm: str, previous_end: int, start: int) -> None:
    """不超过组合净值的5%, 不得超过该债券发行规模的20%, 约占发行总额的41%: an inclusive bound (the language
    of limits) or a share cue bounds the figure after the noun phrase ending in 的 that it governs, within
    the clause and with no other figure (a date may stand inside: 约占5-8月发行总额的41%) between them."""
    cue = _cue_across_noun_phrase(norm, max(previous_end, start - 1 - NOUN_PHRASE_MAX), start - 1, fields["kind"])
    if cue:
        fields["cmp"] = cue


def _cue_across_noun_phrase(norm: str, low: int, de: int, kind: str) -> str | None:
    """The cmp of the last cue in norm[low:de] after its last punctuation mark, or None."""
    for position in range(de - 1, low, -1):
        if norm[position] in NOUN_PHRASE_STOPS:
            return None
        word = _cue_before(norm, position + 1, kind) if _cue_may_end(norm, position + 1) else None
        if word:
            cmp = COMPARATORS_BEFORE.get(word)
            if len(word) < 2 or word.isascii() or word in SUPERLATIVE_CUES:
                return None  # 约, 超 open too many words; 最高的10% is "the top 10 %"
            if cmp in NOUN_PHRASE_BOUNDS or NOUN_PHRASE_SHARE_MARK in word:
                return cmp
            return None  # 显著高于同类债券的51%: the 51% is the other thing's value, compared with
    return None


def _bound_word_before(backwards: str, cue_end: int) -> bool:
    """Whether the English word before a span word makes it a bound ("of over 10 years")."""
    words = backwards[cue_end:cue_end + 12].split()
    return bool(words) and words[0][::-1] in BOUND_WORDS_BEFORE_SPAN_WORD


def _comparator_after(norm: str, end: int, kind: str = "") -> str | None:
    following = norm[end:end + 1]
    if kind == "duration" and following in COMPARATORS_AFTER_DURATION and norm[end + 1:end + 2] not in NOT_WITHIN_BEFORE:
        return COMPARATORS_AFTER_DURATION[following]  # 10个交易日内
    if following not in CUE_FIRST_CHARS and not following.isspace():
        return None
    if following.isspace():
        ahead = norm[end:end + COMPARATOR_WINDOW].lstrip()
        if ahead and ahead[:2].lower() not in CUE_AFTER_STARTS:
            return None  # "1.66 billion yuan in 2024": no cue opens the next word
    found = comparator_after_pattern().match(norm, end)
    if not found:
        return None
    word = found.group("zh") or WHITE.sub(" ", found.group("en")).lower()
    return COMPARATORS_AFTER.get(word)


# --- Lists sharing one unit -------------------------------------------------------------------

def _extend_list(pending: list[re.Match], match: re.Match, norm: str) -> list[re.Match]:
    if pending and LIST_SEPARATOR.fullmatch(norm, pending[-1].end(), match.start("a")):
        return pending + [match]
    return [match]


def _continues_list(last: re.Match, start: int, norm: str) -> bool:
    return bool(LIST_SEPARATOR.fullmatch(norm, last.end(), start))


def _shared_unit(pending: list[re.Match], head_match: re.Match, head: tuple[int, int, dict], norm: str) -> Found:
    """21、15、5bp and 8、10亿元: the bare members take the scale, kind and unit of the member that
    carries them."""
    fields = head[2]
    if fields["kind"] == "date" or fields["value"] is None or head_match.lastgroup != "qty":
        return []
    scale = head_match.group("ascale") or head_match.group("bscale")
    unit = head_match.group("aunit") or head_match.group("bunit")
    pcur = head_match.group("pcur")
    found = []
    for match in pending:
        described = _describe(pcur, match.group("a"), None, scale, None, unit, head_match.end(), norm)
        if described and described[:2] == (fields["kind"], fields["unit"]):
            found.append((match.start("a"), match.end(), _fields(described[0], described[2], described[1])))
    return found
