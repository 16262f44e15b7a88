"""The figure grammar: one regular expression built from the tables, compiled once per process.

The expression is a list of branches tried left to right at each position; the leftmost match wins,
and at one position the first branch that matches wins. So the order of the branches is the order
of precedence:

1. `skip`    -- things with digits that are not figures (document numbers, 第十二条, No. 4, bond short
                names such as 23巨化01, ticker codes, e-mail addresses, clock times, phone numbers).
                Matching them first consumes their digits, so no later branch can see them.
2. dates     -- every precision (decades, quarters, months, days; Chinese numerals too: 二〇二五年十月十七日,
                六月), before plain numbers so that 2025.6.27 is not a decimal and 90年代 is not 90 years.
3. `tenor`   -- 3+2年, 5+N.
4. `qty`     -- the workhorse: [currency] number [scale] [unit] [range separator number [scale] unit].
5. `label`   -- incident labels in quotes (“8.18”) and 半数; `pct` -- 百分之十五, 千分之五, 万分之三.

Each branch is one outer named group, so `match.lastgroup` names the branch that matched.
"""
from __future__ import annotations

import re
from functools import cache

from .tables import (BASIS_POINT_UNITS, CENTURY_WORDS, CHINESE_CLASSIFIERS, CODE_SUFFIXES, COMPARATORS_AFTER,
                     COMPARATORS_BEFORE, CURRENCY_PREFIXES, DURATION_UNITS, ENGLISH_COUNT_NOUNS,
                     ENGLISH_NUMBER_WORDS, ENGLISH_STOP_WORDS, FRACTION_WORDS, INDEX_POINT_UNITS, IRREGULAR_PLURALS, MONEY_UNITS,
                     MONTHS, MULTIPLE_UNITS, NOT_MONTH_AFTER, NOT_MONTH_BEFORE, PERCENT_UNITS, PHYSICAL_UNITS,
                     PRICE_PER_UNITS, REFERENCE_WORDS, SCALES, VERBS_AFTER_COMPARATOR)

HAN = "\u4e00-\u9fff"
CN_DIGIT = "零〇一二两三四五六七八九"
CN_NUMERAL = CN_DIGIT + "十百千万亿"
# Before a digit: no ASCII letter/digit/decimal point (DR007, MTN002, the "5" of "1.5").
DIGIT_START = r"(?<![A-Za-z0-9_.])"
# Word edges for English words. Not \b: Python counts Han characters as word characters, so \b finds
# no edge in "60bp左右" or "约RMB".
WL = r"(?<![A-Za-z])"
WR = r"(?![A-Za-z])"


def trie_regex(words, top_level: bool = False, fold_case: bool = False) -> str:
    """An alternation of literal words factored into a trie (o(?:ne|ver)|t(?:wo|en)...).

    Python's regex engine scans fast for a pattern whose branches all begin with a literal
    character, and a trie tries each position in time proportional to one word, not to the list.
    With `fold_case`, letters match in either case ([bB][pP]): half the branches to try.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in (word.lower() if fold_case else word):
            node = node.setdefault(ch, {})
        node[""] = {}

    def char(ch: str) -> str:
        if fold_case and ch.isalpha() and ch.isascii():
            return f"[{ch}{ch.upper()}]"
        return re.escape(ch)

    def build(node: dict) -> str:
        branches = [char(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    if top_level:  # a bare alternation whose branches all start with a literal (the fast scan)
        return "|".join(re.escape(ch) + build(trie[ch]) for ch in sorted(trie) if ch)
    return build(trie)


class WholeWords:
    """Where any of some English words stands as a whole word: no Latin letter or Han character before
    it (Python's \\b would count a Han character as a word character), no Latin letter after it.

    Two equivalent expressions find them. One opens with the character before the word: the engine
    tries only the characters that are no letter, few in English text. The other opens with the word's
    first letter (the edge before it is checked once that letter is read): the engine skips every
    character that begins no word, which in Chinese text is nearly all of them. Which one runs
    changes only the time taken, never the words found."""

    def __init__(self, words):
        words = sorted(set(words))
        self.after_edge = re.compile(rf"[^A-Za-z{HAN}](?:{trie_regex(words)})(?![A-Za-z])")
        edge = rf"(?<![A-Za-z{HAN}].)"
        by_first_letter = "|".join(re.escape(first) + edge + trie_regex([w[1:] for w in words if w[0] == first])
                                   for first in sorted({w[0] for w in words}))
        self.letter_first = re.compile(rf"(?:{by_first_letter})(?![A-Za-z])")

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each word found, left to right."""
        if few_latin_letters(text):
            return [m.span() for m in self.letter_first.finditer(text)]
        # In " " + text, so that a word may open the text: the edge character's offset is the word's.
        return [(m.start(), m.end() - 1) for m in self.after_edge.finditer(" " + text)]


def few_latin_letters(text: str) -> bool:
    """Latin letters are under about a quarter of `text`, judged by its letter "e" (about one English
    letter in eight; counting one character is fast)."""
    return text.count("e") * 32 < len(text)


def case_variants(words) -> set[str]:
    """lower, Capitalised and UPPER forms: cheaper for the engine than (?i:...)."""
    variants = set()
    for word in words:
        variants.update((word, word.lower(), word[:1].upper() + word[1:].lower(), word.title(), word.upper()))
        # acronyms inside phrases: "US dollars", "HK dollars", "U.S. dollars"
        variants.add(" ".join(part.upper() if len(part.rstrip(".")) <= 2 or "." in part else part
                              for part in word.lower().split()))
    return variants


def _alternation(words) -> str:
    """Literal words as a trie; greedy, so 个百分点 is tried before 个 and "working days" before "days"."""
    return f"(?:{trie_regex(words)})"


def _is_chinese(word: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in word)


def _english_word(words) -> str:
    """English words in any case, as a trie."""
    return f"(?:{trie_regex(words, fold_case=True)})"


def english_plurals() -> dict[str, str]:
    """Plural (and singular) surface form -> singular noun, for the count-noun table."""
    forms: dict[str, str] = {}
    for noun in ENGLISH_COUNT_NOUNS:
        forms[noun] = noun
        if noun.endswith("y") and noun[-2] not in "aeiou":
            forms[noun[:-1] + "ies"] = noun
        elif noun.endswith(("s", "x", "ch", "sh")):
            forms[noun + "es"] = noun
        else:
            forms[noun + "s"] = noun
    for plural, singular in IRREGULAR_PLURALS.items():
        forms[plural] = singular
    return forms


def _numbers() -> str:
    arabic = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    chinese = f"[{CN_DIGIT}十][{CN_NUMERAL}]*"
    units = [w for w, v in ENGLISH_NUMBER_WORDS.items() if v < 10 and v > 0]
    english = (WL + _english_word(ENGLISH_NUMBER_WORDS) + f"(?:-{_english_word(units)})?"
               + r"(?:\s+(?:hundred|Hundred))?" + WR)
    # A currency code may be glued to its amount (RMB50 billion, Rmb5bn), any other letter may not.
    glued_codes = "(?<=" + "|".join(sorted(case_variants(["rmb", "cny", "usd", "hkd", "eur", "gbp"]))) + ")"
    return f"(?:(?=\\d)(?:{DIGIT_START}|{glued_codes})(?:{arabic})|{chinese}|{english})"


def _scale() -> str:
    chinese = [w for w in SCALES if _is_chinese(w)]
    english = [w for w in SCALES if not _is_chinese(w)]
    return f"(?:{_alternation(chinese)}|\\s?{_english_word(english)}{WR})"


def _split_by_script(words) -> tuple[list[str], list[str]]:
    """(Chinese words and symbols such as %, English words)."""
    chinese, english = [], []
    for word in words:
        (chinese if _is_chinese(word) or not word[0].isalpha() else english).append(word)
    return chinese, english


def _unit() -> str:
    """Every unit word. The surface matched is looked up again in `find.unit_of`, so the grammar only
    needs to know where a unit ends, not what it means."""
    money_zh, money_en = _split_by_script(MONEY_UNITS)
    per_zh, per_en = _split_by_script(PRICE_PER_UNITS)
    # 美元/盎司, "dollars per barrel", "$80 a barrel"
    per = f"\\s?(?:/|每|per\\s|a\\s)\\s?(?:{_alternation(per_zh)}|{_english_word(per_en)}{WR})"
    other_zh, other_en = _split_by_script(
        [*PERCENT_UNITS, *BASIS_POINT_UNITS, *DURATION_UNITS, *MULTIPLE_UNITS, *PHYSICAL_UNITS, *INDEX_POINT_UNITS])
    stop = _english_word(ENGLISH_STOP_WORDS)
    count_nouns = _english_word(plural for plural, singular in english_plurals().items() if plural != singular)
    # Lazy, so that the first plural noun is the head: "143 benchmark market-making ... bonds".
    english_count = rf"[ \t](?:(?!{stop}{WR})[A-Za-z][A-Za-z-]*[ \t]+){{0,5}}?{count_nouns}(?![A-Za-z-])"
    return (
        f"(?:(?:{_alternation(money_zh)}|[\\s-]?{_english_word(money_en)}{WR})(?:{per})?"
        f"|{_alternation(other_zh + list(CHINESE_CLASSIFIERS))}"
        f"|[\\s-]?{_english_word(other_en)}{WR}"
        f"|{english_count}"
        f"|{per})"  # after a currency sign: US$2,350/oz
    )


def _currency_prefix() -> str:
    signs = [w for w in CURRENCY_PREFIXES if not w[0].isalpha() and not _is_chinese(w)]
    words = [w for w in CURRENCY_PREFIXES if w[0].isalpha() and not _is_chinese(w)]
    chinese = [w for w in CURRENCY_PREFIXES if _is_chinese(w)]
    return (f"(?:{WL}(?i:US\\$|HK\\$)|{_alternation(signs)}|{WL}{_english_word(words)}(?![A-Za-z])|"
            f"{_alternation(chinese)})")


def _skip() -> str:
    year = r"(?:19|20)\d{2}"
    refs = "|".join(REFERENCE_WORDS)
    codes = "|".join(CODE_SUFFIXES)
    unit_chars = "".join(sorted({w[0] for w in [*CHINESE_CLASSIFIERS, *MONEY_UNITS, *SCALES, *DURATION_UNITS,
                                                *PERCENT_UNITS, *BASIS_POINT_UNITS, "月", "日", "号", "倍", "余", "多"]
                                 if _is_chinese(w[0])}))
    return "|".join([
        # document numbers: 〔2025〕12号, 上证发〔2025〕65号, [2018] No. 23
        rf"[〔\[【(（]\s*{year}\s*[〕\]】)）]\s*(?:第\s*)?\d+\s*号",
        rf"[{HAN}]{{1,6}}[〔\[【]\s*{year}\s*[〕\]】]",
        # serial numbers that open with a year: 公告编号：2025-012
        rf"{DIGIT_START}{year}-(?:\d{{3}}|\d{{5,}})(?!\d)",
        # ordinals: 第十二条, 第4号, 第三类 (a year before 第三季度 is matched earlier, as a date)
        rf"第\s*[\d{CN_NUMERAL}]+",
        # references: No. 4, Article 12, Table 3
        rf"{WL}(?:{refs})\.?\s*\d+(?:\.\d+)*",
        # e-mail addresses and links
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|(?i:https?://|www\.)[!-~]+",
        # clock times: 09:05:56, 9:30
        r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
        # phone numbers: 010-12345678, (021) 1234 5678, +86 138 0000 0000, 13800000000
        r"(?:\+86[\s-]?)?(?<!\d)(?:\(0\d{2,3}\)\s?|0\d{2,3}-)\d{3,4}[\s-]?\d{4}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)",
        # ticker and bond codes: 600519.SH, 1810.HK, bare six-digit codes
        rf"{DIGIT_START}\d{{4,9}}\.(?:{codes}){WR}|{DIGIT_START}\d{{6}}(?![\d.%{unit_chars}])",
        # bond short names: 23巨化01, 25水投K2, 23湖北路桥MTN002, 22葛洲Y4
        rf"{DIGIT_START}\d{{2}}(?![{unit_chars}])[{HAN}]{{2,8}}[A-Za-z]{{0,5}}\d{{1,3}}(?![\d.%{unit_chars}])",
        rf"(?<=[{HAN}])[A-Z]{{1,5}}\d{{1,4}}(?![\d.%])",
        # ratings with digits (Aa3, Baa1) and letter-digit codes (DR007, R001, 4G)
        # (not quarters and halves: Q3, Q3'25, H1)
        rf"{WL}(?!Q[1-4](?!\w)|H[12](?!\w)|(?i:rmb|cny|usd|hkd|eur|gbp)\d)[A-Za-z]+\d+[A-Za-z\d]*(?![A-Za-z\d])",
    ])


def _dates() -> dict[str, str]:
    year = r"(?:19|20)\d{2}"
    full_months = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
    month = "(?:" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
    month_full = "(?:" + "|".join(m.capitalize() for m in sorted(full_months, key=len, reverse=True)) + ")"
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    ordinal = r"(?:st|nd|rd|th)?"
    short_year = r"'?(?P<{}>\d{{2}})(?![\d%])"  # 3Q25, Q3'25: glued or after an apostrophe, never after a space
    centuries = _alternation(CENTURY_WORDS)
    quarter_words = "first|second|third|fourth|1st|2nd|3rd|4th"
    cn_month = "(?:十[一二]?|[一二三四五六七八九])"
    cn_day = "(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
    return {
        # 20世纪90年代, 1990年代, 90年代, 九十年代; the 1990s, the '90s
        "decade": rf"(?:(?P<dc_c>{centuries})\s*)?(?:{DIGIT_START}(?P<dc_d>(?:1[89]|20)?\d0)|(?P<dc_z>[一二三四五六七八九]十|零零))年代"
                  rf"|{DIGIT_START}(?P<dc_e>(?:1[89]|20)\d0)s{WR}|(?<=['’])(?P<dc_a>\d0)s{WR}",
        # 2023-2024年, 2023至2024年: two dates
        "years": rf"{DIGIT_START}(?P<y1>{year})\s*(?:-|–|—|~|至|到)\s*(?P<y2>{year})(?P<y2nian>年(?:度)?)?(?![\d.,亿万千百元%])",
        # 2025-05-07, 2025/5/7, 2025.6.27
        "ymd": rf"{DIGIT_START}(?P<d_y>{year})(?P<d_sep>[-/.])(?P<d_m>1[0-2]|0?[1-9])(?P=d_sep)(?P<d_d>{day})(?![\d])(?!\.\d)",
        # 2025年1-5月: two months of one year; 1—3月: two months
        "months": rf"{DIGIT_START}(?:(?P<r_y>{year})\s*年\s*)?(?P<r_a>1[0-2]|0?[1-9])\s*(?:-|–|—|~|至|到)\s*"
                  rf"(?P<r_b>1[0-2]|0?[1-9])\s*月(?:份)?(?!\d|期)",
        # 2025年5月7日, 2025年12月
        "cymd": rf"{DIGIT_START}(?P<c_y>{year})\s*年\s*(?P<c_m>1[0-2]|0?[1-9])\s*月(?:份)?(?:\s*(?P<c_d>{day})\s*[日号])?",
        # 2025年第三季度, 2025年Q3, 2025Q3
        "cyq": rf"{DIGIT_START}(?P<q_y>{year})\s*年?\s*(?:第?(?P<q_n>[一二三四1-4])季度|[Qq](?P<q_n2>[1-4]){WR})",
        # 二〇二五年十月十七日, 二〇二五年十月, 十月十七日, 六月, 一月份 (Chinese numerals)
        "cndate": rf"(?P<cn_y>[〇零一二三四五六七八九]{{4}})\s*年(?:\s*(?P<cn_m>{cn_month})\s*月(?:份)?"
                  rf"(?:\s*(?P<cn_d>{cn_day})\s*[日号])?)?"
                  rf"|(?<![{NOT_MONTH_AFTER}])(?P<cn_m2>{cn_month})月(?:份)?(?:(?P<cn_d2>{cn_day})[日号])?"
                  rf"(?![{NOT_MONTH_BEFORE}])",
        # 2025年 (2025年底, 2025年度)
        "cy": rf"{DIGIT_START}(?P<cy_y>{year})\s*年(?:度)?(?!期)",
        # 2025-05, 2025/5
        "ym": rf"{DIGIT_START}(?P<m_y>{year})[-/](?P<m_m>1[0-2]|0?[1-9])(?![\d/.-])",
        # 12月24日, 12月 (12月份)
        "cmd": rf"{DIGIT_START}(?P<md_m>1[0-2]|0?[1-9])\s*月(?:份)?(?:\s*(?P<md_d>{day})\s*[日号])?(?!期)",
        # 18 March 2025, 7 May
        "edmy": rf"{DIGIT_START}(?P<e1_d>{day}){ordinal}\s+(?:(?P<e1_m>{month}),?\s+(?P<e1_y>{year})(?!\d)"
                rf"|(?P<e1_m2>{month_full}){WR})",
        # March 18, 2025; March 18
        "emdy": rf"{WL}(?P<e2_m>{month})\s+(?P<e2_d>{day}){ordinal}(?:,?\s+(?P<e2_y>{year}))?(?![\d.,]\d)(?![\dA-Za-z])",
        # June 2024
        "emy": rf"{WL}(?P<e3_m>{month}),?\s+(?P<e3_y>{year})(?!\d)",
        # Q3 2025, 3Q 2025, the third quarter of 2025, fourth-quarter 2025, 2025's first quarter (a quarter
        # with no year in its phrase, "the third quarter", is no date: the value conventions have none)
        "eq": rf"{WL}(?:Q(?P<e4_q>[1-4])|(?P<e4_q2>[1-4])Q)(?:\s*(?P<e4_y>{year})(?!\d)|{short_year.format('e4_yy')})"
              rf"|{WL}(?i:(?P<e5_q>{quarter_words})[\s-]quarter(?:\s+of)?,?\s+)(?P<e5_y>{year})(?!\d|[.,]\d)"
              rf"|{DIGIT_START}(?P<e7_y>{year})(?:['’]s)?\s+(?i:(?P<e7_q>{quarter_words})[\s-]quarter){WR}",
        # December (a month alone, full names only: "Mar" alone is too ambiguous)
        "em": rf"{WL}(?P<e6_m>{month_full}){WR}(?!-)",
    }


# A sign is only a sign where it cannot be a hyphen or a dash: not after a letter, digit or date word.
SIGN_BLOCKERS = r"A-Za-z0-9.%)/年月日号\]】"


def _quantity() -> str:
    number, scale, unit = _numbers(), _scale(), _unit()
    sign = rf"(?:(?<![{SIGN_BLOCKERS}])(?P<sign>[-+]))?"
    separator = r"(?P<sep>\s*(?:-|–|—|~|至|到)\s*|\s+(?i:to|and)\s+)"
    # Neither "between" nor a currency prefix begins with a digit or a numeral (a test holds the
    # tables to that): at a number, where most figures start, one character test skips trying both.
    words_before = rf"(?:(?P<between>{WL}(?i:between))\s+)?(?:(?P<pcur>{_currency_prefix()})\s?)?"
    return (
        rf"(?:(?![0-9{CN_NUMERAL}]){words_before})?{sign}"
        rf"(?P<a>{number})(?P<ainfix>[余多])?(?P<ascale>{scale})?(?P<binfix>[余多])?(?P<aunit>{unit})?"
        rf"(?:{separator}(?P<b>{number})(?P<bscale>{scale})?(?P<bunit>{unit})?)?"
    )


def _branches() -> dict[str, str]:
    return {"skip": _skip(), **_dates(),
            "tenor": rf"{DIGIT_START}(?P<t_a>\d+)\s*\+\s*(?P<t_b>\d+|N)(?P<t_u>年期|年|Y{WR})?",
            "label": rf"(?<=[“\"「『‘])(?P<l_m>1[0-2]|0?[1-9])[.·](?P<l_d>[12]\d|3[01]|0?[1-9])(?=[”\"」』’])|(?P<half>半数)",
            "pct": rf"(?P<pc_w>{_alternation(FRACTION_WORDS)})(?P<pc_n>[{CN_NUMERAL}]+(?:点[{CN_DIGIT}]+)?|\d+(?:\.\d+)?)",
            "qty": _quantity()}


def _compile(branches: dict[str, str], names) -> re.Pattern:
    return re.compile("|".join(f"(?P<{name}>{branches[name]})" for name in names))


# Which branches can begin with which kind of character. Trying only those is the same grammar,
# with fewer doomed attempts (most of the time goes into branches that cannot match).
YEAR_FIRST = ("years", "ymd", "cymd", "cyq", "cy", "ym")  # "months" may start with a year or a month
NEVER_DIGIT_FIRST = ("emdy", "emy", "em", "cndate")
# At an English word (a month, a number word, a currency code, "between", a reference word): the
# branches that can begin with a Latin letter, no date written in digits or Chinese.
LETTER_FIRST = ("skip", "emdy", "emy", "eq", "em", "qty")
# A year written right before 年 (2025年, 2025年5月7日, 2025年第三季度, 2025年1-5月; not 2020年代, a decade):
# no document number, code or English date reads 年 there.
YEAR_BEFORE_NIAN = ("months", "cymd", "cyq", "cy", "qty")
# A month number right before 月 (5月, 12月24日): a date, else (3月期) a quantity.
MONTH_BEFORE_YUE = ("cmd", "qty")
# A short number right before a range separator (1-3月, 3-5%, 1-year, 5至10年): two months, a range or a
# hyphenated quantity, or what `skip` reads there (010-12345678, an e-mail address).
RANGE_SEPARATORS = "-–—~至到"
SHORT_BEFORE_SEPARATOR = ("skip", "months", "qty")


@cache
def figure_patterns() -> dict[str, re.Pattern]:
    """The compiled grammar (built on first use, then shared: it is immutable), once whole ("any")
    and once per kind of first character: a year (2025...), another digit, a Chinese numeral."""
    branches = _branches()
    names = list(branches)
    digit = [n for n in names if n not in NEVER_DIGIT_FIRST]
    return {
        "any": _compile(branches, names),
        "year": _compile(branches, digit),
        "digit": _compile(branches, [n for n in digit if n not in YEAR_FIRST]),
        "word": _compile(branches, LETTER_FIRST),
        "year_nian": _compile(branches, YEAR_BEFORE_NIAN),
        "month_yue": _compile(branches, MONTH_BEFORE_YUE),
        "before_separator": _compile(branches, SHORT_BEFORE_SEPARATOR),
        "qty": _compile(branches, ["qty"]),
        "cndate": _compile(branches, ["cndate", "qty"]),
        "skip": _compile(branches, ["skip"]),
        "signed": _compile(branches, ["skip", "qty"]),
    }


def figure_pattern() -> re.Pattern:
    """The whole grammar in one expression (what `finditer` over a text would use)."""
    return figure_patterns()["any"]


# Where a figure can begin. The grammar is only tried at these positions: scanning for them is
# fast (literal first characters), trying every branch at every character is not.
ANCHOR_SYMBOLS = (*"0123456789", *CN_DIGIT, "十", "半", "第", *FRACTION_WORDS, *"〔【[(（", *"$¥€£", "+", "-", "人民币",
                  "上半年", "下半年", *(w for w in CENTURY_WORDS if not w[0].isdigit() and w[0] not in CN_DIGIT + "十"),
                  # currency codes may follow a Han character directly (约RMB 5亿)
                  "RMB", "CNY", "USD", "US$", "HKD", "HK$", "EUR", "GBP")


def _anchor_words() -> set[str]:
    words = {*ENGLISH_NUMBER_WORDS, *MONTHS, "between", "first", "second", "third", "fourth", "q", "us", "hk",
             "h1", "h2", "jp", "cn",
             *(w for w in CURRENCY_PREFIXES if w.isalpha() and w.isascii()), *REFERENCE_WORDS}
    return case_variants(words)


@cache
def anchor_patterns() -> tuple[re.Pattern, WholeWords]:
    """(symbols, words): positions where a figure may start: a symbol, or one of the anchor words
    standing as a whole word."""
    # A digit or numeral run is one anchor ("2025" is tried once, not four times); the run is
    # consumed by a class after its first, literal, character so that the fast scan still applies.
    runs = [f"{re.escape(d)}[0-9]*" for d in "0123456789"] + [f"{d}[{CN_NUMERAL}]*" for d in CN_DIGIT + "十"]
    others = [w for w in ANCHOR_SYMBOLS if w not in "0123456789" and w not in CN_DIGIT + "十+-"]
    # A hyphen inside a word (market-making, 10-year) cannot begin a signed figure: the sign is
    # checked after it: every branch must open with a literal character for the fast scan.
    # And only a sign that a figure can follow (a number, or the e-mail address of `skip`) is tried:
    # not the "- " of a list nor the "|---|" of a Markdown table.
    figure_follows = rf"(?=[0-9A-Za-z{CN_NUMERAL}]|[A-Za-z0-9._%+-]*@)"
    signs = "|".join(rf"\{sign}(?<![{SIGN_BLOCKERS}]\{sign}){figure_follows}" for sign in "+-")
    symbols = re.compile("|".join(runs) + "|" + signs + "|" + trie_regex(others, top_level=True))
    return symbols, WholeWords(_anchor_words())


@cache
def comparator_before_reversed() -> re.Pattern:
    """Comparator cues spelt backwards (lower case, single spaces), for matching at the start of the
    reversed text before a figure. A trie is greedy, so the longest cue wins (不超过 over 超过)."""
    return re.compile(trie_regex(word[::-1] for word in COMPARATORS_BEFORE))


@cache
def comparator_after_pattern() -> re.Pattern:
    chinese = [w for w in COMPARATORS_AFTER if _is_chinese(w)]
    english = [w for w in COMPARATORS_AFTER if not _is_chinese(w)]
    return re.compile(rf"\s*(?:(?P<zh>{_alternation(chinese)})|(?P<en>{_english_word(english)}){WR})")


# What may stand between the members of a list that share one unit: 21、15、5bp; 10, 20 and 30 bp.
LIST_SEPARATOR = re.compile(r"\s*(?:、|,|和|及|与|或)\s*|\s*,?\s+(?i:and|or)\s+")


@cache
def comparator_across_verb_reversed() -> re.Pattern:
    """A cue, then one or two verbs, before a figure (至少需要3家, 约有300家), spelt backwards like
    `comparator_before_reversed`: the verbs come first in the reversed text, the cue is group "cue"."""
    verbs = trie_regex(word[::-1] for word in VERBS_AFTER_COMPARATOR)
    cues = trie_regex(word[::-1] for word in COMPARATORS_BEFORE if _is_chinese(word))
    return re.compile(f"(?:{verbs}){{1,2}}(?P<cue>{cues})")
