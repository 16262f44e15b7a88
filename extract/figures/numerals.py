"""Numbers as written -- 1,234.56, 三千, 一百二十, 四千五百万, twenty-five -- to exact Decimals."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .tables import APPROXIMATE_DIGIT_PAIRS, CHINESE_BIG_UNITS, CHINESE_DIGITS, CHINESE_SMALL_UNITS, ENGLISH_NUMBER_WORDS


def parse_number(raw: str) -> Decimal | None:
    """Any numeral the grammar finds: Arabic (ASCII digits, already width-normalised), Chinese or English words."""
    if not raw:
        return None
    first = raw[0]
    if first.isdigit() or first in "+-":
        return parse_arabic(raw)
    if first in CHINESE_DIGITS or first in CHINESE_SMALL_UNITS:
        return parse_chinese(raw)
    return parse_english(raw)


def parse_arabic(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


def parse_chinese(raw: str) -> Decimal | None:
    """三千 -> 3000, 一百二十 -> 120, 十五 -> 15, 四千五百万 -> 45000000, 两千万 -> 20000000.

    Also digit-by-digit forms (二〇二五 -> 2025). Sections are closed by 万 and 亿 as in the standard
    reading: the running section is multiplied by the big unit and added to the total.
    """
    if "点" in raw:  # 十五点五 -> 15.5
        whole, _, fraction = raw.partition("点")
        integer = parse_chinese(whole)
        if integer is None or not fraction or any(ch not in CHINESE_DIGITS for ch in fraction):
            return None
        return integer + Decimal("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in fraction))
    if all(ch in CHINESE_DIGITS for ch in raw):
        return Decimal("".join(str(CHINESE_DIGITS[ch]) for ch in raw))
    total = 0      # everything closed by 亿
    section = 0    # everything closed by 万 within the current 亿 section
    current = 0    # the part below 万
    digit = None
    for ch in raw:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
        elif ch in CHINESE_SMALL_UNITS:
            current += (1 if digit is None else digit) * CHINESE_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            section += (current + (digit or 0)) * CHINESE_BIG_UNITS["万"] or CHINESE_BIG_UNITS["万"]
            current, digit = 0, None
        elif ch == "亿":
            total += (section + current + (digit or 0)) * CHINESE_BIG_UNITS["亿"] or CHINESE_BIG_UNITS["亿"]
            section, current, digit = 0, 0, None
        else:
            return None
    return Decimal(total + section + current + (digit or 0))


def approximate_ends(raw: str) -> tuple[str, str] | None:
    """二三十 -> ("二十", "三十"), 三五 -> ("三", "五"), 两三千万 -> ("两千万", "三千万"); None for any other numeral."""
    if raw[:2] not in APPROXIMATE_DIGIT_PAIRS:
        return None
    rest = raw[2:]
    if any(ch not in CHINESE_SMALL_UNITS and ch not in CHINESE_BIG_UNITS for ch in rest):
        return None
    return raw[0] + rest, raw[1] + rest


def parse_english(raw: str) -> Decimal | None:
    """one -> 1, twenty-five -> 25, two hundred -> 200 (the scale words thousand/million come separately)."""
    total = 0
    for word in raw.lower().replace("-", " ").split():
        if word == "and":
            continue
        value = ENGLISH_NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 100:
            total = (total or 1) * 100
        else:
            total += value
    return Decimal(total)
