"""The vocabulary of figures, as data: one table per idea, Chinese and English side by side.

Everything the grammar recognises is listed here -- unit words, scale words, comparator cues,
classifiers, count nouns, month names -- so that an analyst can extend the parser by editing a
table, not the code. Keys are matched case-insensitively for English (the grammar lower-cases a
surface word before looking it up) and exactly for Chinese.
"""
from __future__ import annotations

from decimal import Decimal

# --- Digits and characters ------------------------------------------------------------------

# Full-width and typographic characters mapped one-to-one onto ASCII. The mapping never changes the
# length of the text, so offsets found in the mapped text are offsets into the original.
FULL_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
FULL_WIDTH.update({"\u3000": " ", "\u2212": "-", "\uffe5": "¥", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
# Keep the full-width comma and parentheses-free punctuation that Chinese uses as sentence punctuation:
# mapping "，" to "," would let "3，200" read as a thousands group.
for _keep in "，；：！？":
    FULL_WIDTH.pop(_keep, None)

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_BIG_UNITS = {"万": 10**4, "亿": 10**8}

ENGLISH_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12,
}

# --- Scale words ------------------------------------------------------------------------------

SCALES = {
    # Chinese: written straight after the number (5千万元, 1.9万亿元)
    "万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10, "十亿": Decimal(10) ** 9,
    "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4, "千": Decimal(10) ** 3,
    # English: after a space or glued (30 billion, 4.5bn, US$3m)
    "thousand": Decimal(10) ** 3, "k": Decimal(10) ** 3,
    "million": Decimal(10) ** 6, "mn": Decimal(10) ** 6, "mln": Decimal(10) ** 6, "m": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "bln": Decimal(10) ** 9, "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "tn": Decimal(10) ** 12, "trn": Decimal(10) ** 12,
}
# Scale words so short that they are only a scale next to a currency ("$5m", "RMB 2b"), never alone.
CURRENCY_ONLY_SCALES = frozenset({"m", "b", "k"})
# A Chinese amount this large with no currency word is yuan in this domain ("超3万亿的科创债存量").
BARE_CHINESE_MONEY_SCALE = Decimal(10) ** 8

# --- Units ------------------------------------------------------------------------------------
# surface -> (kind, unit, multiplier). English keys are lower case.

MONEY_UNITS = {
    "元": "CNY", "元人民币": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "港元": "HKD", "港币": "HKD",
    "欧元": "EUR", "日元": "JPY", "英镑": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "yuan renminbi": "CNY",
    "usd": "USD", "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD",
    "hkd": "HKD", "hong kong dollars": "HKD", "hk dollars": "HKD",
    "eur": "EUR", "euros": "EUR", "euro": "EUR", "yen": "JPY", "jpy": "JPY", "gbp": "GBP",
}
# Currency marks written before the number (RMB 0.6-0.8 trillion, US$4.69 billion, ¥30亿).
CURRENCY_PREFIXES = {
    "us$": "USD", "usd": "USD", "$": "USD", "hk$": "HKD", "hkd": "HKD", "rmb": "CNY", "cny": "CNY", "¥": "CNY",
    "jp¥": "JPY", "cn¥": "CNY", "jpy": "JPY",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "人民币": "CNY",
}
# ¥ is the sign of both the yuan and the yen: yuan, unless one of these words stands near it.
YEN_CONTEXT_WORDS = ("日元", "日本", "日央行", "东京", "日经", "yen", "Japan", "Japanese", "Bank of Japan", "BOJ", "BoJ",
                     "Tokyo", "Nikkei", "JGB")
YEN_CONTEXT_WINDOW = 80  # characters each side of the sign
# Fractions written before the number: 百分之十五 = 15 %, 千分之五 = 0.5 %, 万分之三 = 3 bp (a fee rate).
FRACTION_WORDS = {"百分之": ("percent", "%", 1), "千分之": ("percent", "%", Decimal("0.1")), "万分之": ("bp", "bp", 1)}
# "美元/盎司": a price per physical unit. The figure stays money (71.87 USD) and the text keeps the unit.
PRICE_PER_UNITS = ("盎司", "吨", "桶", "千克", "公斤", "克", "股", "平方米", "兆瓦时", "千瓦时",
                   "oz", "ounce", "barrel", "bbl", "tonne", "ton", "share", "mwh", "kwh")

PERCENT_UNITS = {
    "%": ("percent", "%", 1), "个百分点": ("percent", "pp", 1), "百分点": ("percent", "pp", 1),
    "‰": ("percent", "%", Decimal("0.1")),  # per mille: 0.5‰ = 0.05 %
    "成": ("percent", "%", 10),  # 九成 = 90 %
    "percent": ("percent", "%", 1), "per cent": ("percent", "%", 1), "pct": ("percent", "%", 1),
    "percentage points": ("percent", "pp", 1), "percentage point": ("percent", "pp", 1),
    "pp": ("percent", "pp", 1), "ppt": ("percent", "pp", 1), "ppts": ("percent", "pp", 1),
}
BASIS_POINT_UNITS = {
    "个基点": ("bp", "bp", 1), "基点": ("bp", "bp", 1),
    "bp": ("bp", "bp", 1), "bps": ("bp", "bp", 1), "basis points": ("bp", "bp", 1), "basis point": ("bp", "bp", 1),
}
DURATION_UNITS = {
    "年期": ("duration", "year", 1), "年": ("duration", "year", 1), "个月": ("duration", "month", 1),
    "天期": ("duration", "day", 1), "个月期": ("duration", "month", 1),
    "个工作日": ("duration", "day", 1), "工作日": ("duration", "day", 1), "个交易日": ("duration", "day", 1),
    "交易日": ("duration", "day", 1), "天": ("duration", "day", 1), "周": ("duration", "week", 1),
    "个星期": ("duration", "week", 1),
    "y": ("duration", "year", 1), "years": ("duration", "year", 1), "year": ("duration", "year", 1),
    "yr": ("duration", "year", 1), "yrs": ("duration", "year", 1),
    "months": ("duration", "month", 1), "month": ("duration", "month", 1),
    "days": ("duration", "day", 1), "day": ("duration", "day", 1),
    "working days": ("duration", "day", 1), "business days": ("duration", "day", 1),
    "trading days": ("duration", "day", 1), "working day": ("duration", "day", 1),
    "business day": ("duration", "day", 1), "trading day": ("duration", "day", 1),
    "weeks": ("duration", "week", 1), "week": ("duration", "week", 1),
    # Shorter and longer than the shared units (year/month/day), kept as written like the week: a
    # quote must stand 4小时 a day; a rating is reviewed for 两个季度 (value 2, unit "quarter"; never
    # 季度 alone: 2季度 is the second quarter, a date).
    "小时": ("duration", "hour", 1), "个小时": ("duration", "hour", 1), "分钟": ("duration", "minute", 1),
    "hours": ("duration", "hour", 1), "hour": ("duration", "hour", 1), "hrs": ("duration", "hour", 1),
    "minutes": ("duration", "minute", 1), "minute": ("duration", "minute", 1),
    "个季度": ("duration", "quarter", 1),
}
MULTIPLE_UNITS = {"倍": ("number", "times", 1), "times": ("number", "times", 1)}
# Index levels and moves (上证指数3,350点, down 25 points): a number whose unit is the point. Not 基点
# (a basis point, above) nor 百分点 (a percentage point): the grammar takes the longest unit word.
# 个点 is read as a point too: "上涨0.5个点" says a point of whatever is measured, not half an item.
INDEX_POINT_UNITS = {"点": ("number", "point", 1), "个点": ("number", "point", 1),
                     "points": ("number", "point", 1), "point": ("number", "point", 1), "pts": ("number", "point", 1),
                     "index points": ("number", "point", 1)}
# A bare 点 / point after a whole number below this is an item or an hour more often than an index
# (以下3点建议, 3点钟, "a three-point plan"); an index level or move is written larger or with decimals.
INDEX_POINT_MIN_WHOLE = 10
# Words of the time of day before "N点": 下午3点, 晚上10点 are clock times, not index points.
CLOCK_WORDS = ("上午", "下午", "晚上", "凌晨", "早上", "中午", "傍晚", "晚间", "早间", "夜间", "早", "晚",
               "今天", "明天", "今日", "明日", "次日", "当日", "当天", "每日", "每天")
# Physical quantities: not money even after 亿 (1,500万吨 is tonnes, not yuan).
PHYSICAL_UNITS = {
    "吨": ("number", "t", 1), "千瓦": ("number", "kW", 1), "千瓦时": ("number", "kWh", 1), "兆瓦": ("number", "MW", 1),
    "吉瓦": ("number", "GW", 1), "平方米": ("number", "m2", 1), "平方公里": ("number", "km2", 1),
    "公里": ("number", "km", 1), "立方米": ("number", "m3", 1), "亩": ("number", "mu", 1), "桶": ("number", "barrel", 1),
    "盎司": ("number", "oz", 1),
    "tonnes": ("number", "t", 1), "tons": ("number", "t", 1), "barrels": ("number", "barrel", 1),
    "ounces": ("number", "oz", 1), "mw": ("number", "MW", 1), "gw": ("number", "GW", 1), "kwh": ("number", "kWh", 1),
    "square metres": ("number", "m2", 1), "square meters": ("number", "m2", 1), "kilometres": ("number", "km", 1),
    "kilometers": ("number", "km", 1),
}

# Chinese classifiers: what they count (the counted noun is the unit of a count; not scored, but
# it tells an analyst what 33只 are).
CHINESE_CLASSIFIERS = {
    "只": "bond", "支": "bond", "家": "institution", "家次": "institution", "个": "item", "笔": "transaction",
    "项": "item", "单": "deal", "名": "person", "位": "person", "人": "person", "人次": "person",
    "户": "account", "款": "product", "次": "time", "批": "batch", "起": "case", "宗": "case", "件": "case",
    "份": "copy", "辆": "vehicle", "车": "vehicle", "死": "death", "伤": "injury", "所": "institution",
    "张": "sheet", "股": "share", "组": "group",
}
# Two neighbouring Chinese digits say "this many or the next": 二三十个基点 (20-30 bp), 三五个工作日 (3-5
# days), 两三千万元, 七八成. Such a figure is an approximate range. (十几 "a dozen or so" has no honest ends.)
APPROXIMATE_DIGIT_PAIRS = frozenset({"一两", "一二", "两三", "二三", "三四", "三五", "四五", "五六", "六七", "七八", "八九"})
# 一 after these characters is a determiner, not a number: 这一次 "this time", 下一年度 "the next year",
# 同一发行人, 每一笔, 之一, 前一交易日 "the previous trading day", 再一次 "once more".
NOT_A_NUMBER_BEFORE_ONE = frozenset("这那哪每某另其任同单唯统逐之上下前后再又")
# A unit that is followed by these characters is part of another word (一成不变, 一次性, 单位, 家庭).
NOT_A_UNIT_BEFORE = {
    "成": tuple("不为员本交立功长熟果就分品型都"), "次": ("性",), "单": ("位", "独", "一", "纯"),
    "家": ("庭", "族", "居", "乡"), "个": ("股", "体", "别", "性", "人"), "人": ("民",),
    "年": ("代", "化", "轻", "龄", "鉴"), "名": ("义", "称", "单", "字"), "位": ("于", "置"), "起": ("来", "息", "步", "始"),
    "天": ("然", "津"), "点": ("钟", "半", "整", "零"), "所": ("有", "在", "以", "属"), "件": ("事",), "份": ("额",), "伤": ("害",), "组": ("合", "织", "建", "成", "别", "长", "员", "内", "件", "委", "团"), "股": ("东", "权", "票", "份", "市", "价", "息", "本", "民"),
}
# Chinese numeral + classifier pairs that are words, not counts (一个 is an article, 一起 "together").
CHINESE_NUMERAL_IDIOMS = frozenset({"一个", "一起", "一所", "一件", "一份", "一张", "一人"})

# English count nouns (singular form) that a number may count, possibly over a few modifiers:
# "143 benchmark market-making sci-tech innovation bonds", "five key areas".
ENGLISH_COUNT_NOUNS = (
    "enterprise firm company bond issuer bank institution product deal area project entity investor member "
    "country province city region market measure policy tranche transaction fund share employee vehicle case "
    "loan program programme platform startup business sector industry exchange note security asset unit "
    "account branch contract item category pilot zone park hub type step task death injury person people "
    "issuance listing application document rule regulation guideline notice subsidiary group team "
    "participant dealer underwriter agency firm school university household customer client user "
    "organization organisation index stock bill brokerage insurer lender borrower"
).split()
IRREGULAR_PLURALS = {"people": "person", "indices": "index", "businesses": "business", "branches": "branch",
                     "indexes": "index", "securities": "security"}
# Words that never stand between a number and the noun it counts ("424 of the enterprises").
ENGLISH_STOP_WORDS = frozenset(
    "of the a an and or to in on at for with by from as that which who were was is are be been has have had "
    "will would can could may might than more less per its their this these those into over under about "
    "year years month months day days percent".split()
)

# --- Comparators ------------------------------------------------------------------------------
# Words before the number. Longest match wins, so 不超过 beats 超过 and "does not exceed" beats "exceed".
COMPARATORS_BEFORE = {
    "超过": "gt", "超": "gt", "逾": "gt", "高于": "gt", "大于": "gt", "多于": "gt", "突破": "gt", "超出": "gt",
    "不低于": "ge", "不少于": "ge", "至少": "ge", "最少": "ge", "不小于": "ge",
    "不超过": "le", "不高于": "le", "不多于": "le", "最多": "le", "至多": "le", "不大于": "le", "最高": "le",
    "低于": "lt", "少于": "lt", "小于": "lt", "不足": "lt", "不到": "lt",
    "约": "approx", "大约": "approx", "约为": "approx", "近": "approx", "接近": "approx", "将近": "approx",
    "大概": "approx", "约占": "approx", "约合": "approx", "大约为": "approx",
    "高达": "eq", "达": "eq", "仅": "eq",  # emphasis, not a bound: "高达74%" is 74 %
    "more than": "gt", "over": "gt", "above": "gt", "exceeding": "gt", "exceeded": "gt", "exceeds": "gt",
    "exceed": "gt", "in excess of": "gt", "surpassed": "gt", "topped": "gt",
    "at least": "ge", "no less than": "ge", "not less than": "ge", "no fewer than": "ge", "a minimum of": "ge",
    "as much as": "le", "as many as": "le", "as high as": "eq", "as low as": "eq",
    "no more than": "le", "not more than": "le", "up to": "le", "at most": "le", "a maximum of": "le",
    "does not exceed": "le", "do not exceed": "le", "not exceed": "le", "not exceeding": "le",
    "shall not exceed": "le", "will not exceed": "le", "not to exceed": "le",
    "less than": "lt", "fewer than": "lt", "under": "lt", "below": "lt",
    "around": "approx", "about": "approx", "approximately": "approx", "nearly": "approx", "almost": "approx",
    "roughly": "approx", "some": "approx", "close to": "approx", "an estimated": "approx", "estimated": "approx",
    "perhaps": "approx", "maybe": "approx", "possibly": "approx", "in the region of": "approx",
    "大致": "approx", "差不多": "approx",
    "higher than": "gt", "greater than": "gt", "lower than": "lt", "within": "le",
}
# A negator before a strict bound turns it into the opposite inclusive bound: 不得少于10只 is "at least
# 10", "must not be higher than 5%" is "at most 5%". The cues are the product of the two tables (the
# plain negated forms listed above, 不少于 / not less than, stay as they are).
NEGATORS = ("不得", "不能", "不应", "不应当", "不应该", "不可", "不可以", "不宜", "不会", "不准", "不允许", "不能够",
            "not", "not be", "never", "never be", "cannot", "cannot be", "can't", "can't be")
NEGATED_BOUNDS = {
    "少于": "ge", "低于": "ge", "小于": "ge", "超过": "le", "超出": "le", "高于": "le", "多于": "le", "大于": "le",
    "突破": "le",
    "less than": "ge", "fewer than": "ge", "lower than": "ge", "below": "ge", "under": "ge",
    "more than": "le", "higher than": "le", "greater than": "le", "above": "le", "exceed": "le", "over": "le",
}
for _negator in NEGATORS:
    for _bound, _cmp in NEGATED_BOUNDS.items():
        if _negator.isascii() == _bound.isascii():
            COMPARATORS_BEFORE.setdefault(f"{_negator} {_bound}" if _bound.isascii() else _negator + _bound, _cmp)
# Superlatives are comparators only right before their figure: 最高的10% is "the top 10 %", not "at most".
SUPERLATIVE_CUES = frozenset({"最高", "最多", "最少"})
# A Chinese cue may bound a figure across a noun phrase ending in 的 (不超过组合净值的5%, 约占发行总额的41%)
# at most this many characters long, with no punctuation and no other figure inside it.
# Only inclusive bounds (不超过, 不得超过, 不低于, 至少) and share cues (约占) do: after a strict comparison the
# figure is the value of the thing compared with (增速低于去年同期的5.1%, 显著高于同类债券的51%).
NOUN_PHRASE_MAX = 20
NOUN_PHRASE_BOUNDS = frozenset({"le", "ge"})
NOUN_PHRASE_SHARE_MARK = "占"
NOUN_PHRASE_STOPS = frozenset("，,。；;：:！？!?、（）()《》“”\"\n")
# "over" before a duration is a span ("refinancing bonds over three years"), not a bound -- unless one
# of these words stands before it ("maturities of over 10 years", "for over two years").
SPAN_WORDS_BEFORE_DURATION = frozenset({"over"})
BOUND_WORDS_BEFORE_SPAN_WORD = frozenset({"of", "for", "is", "are", "was", "were", "be", "been", "being", "by",
                                          "at", "with"})
# Longer words that end in a comparator cue but are no comparator: 最近三年 is "the last three years".
NOT_COMPARATORS = ("最近", "附近", "邻近", "临近", "靠近", "逼近",
                   # 约 ending another word: a default (违约) or a contract (合约) is not "about"
                   "违约", "合约", "签约", "履约", "节约", "条约", "契约", "预约", "制约", "约约")
# Words after the figure.
COMPARATORS_AFTER = {
    "以上": "ge", "及以上": "ge", "或以上": "ge", "以下": "le", "及以下": "le", "或以下": "le", "以内": "le",
    "之内": "le", "左右": "approx", "上下": "approx", "附近": "approx", "前后": "approx",
    "or more": "ge", "or above": "ge", "and above": "ge", "or less": "le", "or below": "le", "and below": "le",
    "or so": "approx",
}
# After a duration only: 10个交易日内 is "within 10 trading days" (内 after a money amount is too rare to
# read, and 内 opens words: 内部, 内资).
COMPARATORS_AFTER_DURATION = {"内": "le"}
NOT_WITHIN_BEFORE = tuple("部资容地外在涵含控设")
# 余 / 多 inside a figure (100余家, 30多亿元) mean "more than".
INFIX_COMPARATORS = {"余": "gt", "多": "gt"}
# 近 before a duration is "the past" (近三年, 近一年来), not "nearly".
RECENT_WORDS = frozenset({"近"})

# --- Comparators separated from their figure by a verb ----------------------------------------
# 至少需要3家, 约有300家, 不少于应当具备2名: the cue bounds the figure across these verbs (at most two).
VERBS_AFTER_COMPARATOR = ("需要", "需", "须", "必须", "要", "应", "应当", "应有", "具备", "具有", "拥有", "有", "持有",
                          "包括", "包含", "达到", "配备", "设有", "覆盖", "涉及", "实现", "保持", "聘请", "选取",
                          # verbs of an action done a number of times: 每年至少披露一次, 每季度至少召开两次
                          "披露", "召开", "举行", "开展", "进行", "报告", "报送", "更新", "检查", "评估", "公布",
                          "发布", "提交", "组织", "参加", "参与", "完成", "提供", "复核")

# --- Dates ------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
FIRST_YEAR, LAST_YEAR = 1900, 2099
# Chinese-numeral dates (二〇二五年十月十七日, 六月, 一月份): a month alone is not read after these
# characters (前三月 "the first three months", 近六月, 数月) nor before these (三月期 a tenor, 一月内 "within
# a month", 三月余 "over three months").
NOT_MONTH_AFTER = "前近后头这那几数每续连个第余上下"
NOT_MONTH_BEFORE = "期内来之余多"
# A two-digit year in a shorthand (3Q25, Q3'25) is in this century.
SHORT_YEAR_CENTURY = 2000
# Decades, of decade precision: the first three digits and an X ("199X" is the 1990s; ISO 8601-2's
# unspecified digit, and it sorts after every year of the decade and before the next one).
# 20世纪90年代, 1990年代, 90年代, 九十年代, the 1990s, the '90s.
CENTURY_WORDS = {"19世纪": 1800, "十九世纪": 1800, "20世纪": 1900, "二十世纪": 1900, "上世纪": 1900, "上个世纪": 1900,
                 "21世纪": 2000, "二十一世纪": 2000, "本世纪": 2000}
# A decade with no century (90年代, the '90s): from this decade on it is the 1900s, below it the 2000s
# (00年代, 10年代, 20年代 in today's finance text are this century's).
DECADE_LAST_CENTURY_FROM = 30

# --- Not figures ------------------------------------------------------------------------------
# English words that put a number into a name or a position: No. 4, Article 12, Table 3.
REFERENCE_WORDS = ("No", "Nos", "Art", "Article", "Articles", "Section", "Sec", "Chapter", "Clause", "Paragraph",
                   "Para", "Item", "Figure", "Fig", "Table", "Page", "Annex", "Appendix", "Rule", "Part", "Tier")
# Exchange suffixes of ticker and bond codes (241234.SH, 1810.HK).
CODE_SUFFIXES = ("SH", "SZ", "BJ", "HK", "IB", "OF", "SS", "SHA", "SHE", "CFE", "US", "N", "O")

# --- Context ----------------------------------------------------------------------------------
# A small default table of metric terms (the lexicon supplies the real one): surface -> metric id.
DEFAULT_METRIC_TERMS = {
    "收益率": "yield", "到期收益率": "yield", "yield": "yield", "yields": "yield",
    "利差": "spread", "信用利差": "spread", "spread": "spread", "spreads": "spread",
    "发行规模": "issuance_amount", "发行额": "issuance_amount", "募集资金": "issuance_amount",
    "issuance": "issuance_amount", "issuance amount": "issuance_amount", "issuance scale": "issuance_amount",
    "issuance volume": "issuance_amount", "raising": "issuance_amount", "raised": "issuance_amount",
    "票面利率": "coupon", "票息": "coupon", "coupon": "coupon", "coupon rate": "coupon",
    "占比": "share", "比例": "share", "比重": "share", "accounting for": "share", "share": "share",
    "存量规模": "outstanding", "余额": "outstanding", "outstanding": "outstanding", "scale": "outstanding",
    "期限": "tenor", "tenor": "tenor", "maturity": "tenor",
    "利率": "rate", "interest rate": "rate", "rate": "rate",
}
# How far back (characters) a metric term may stand from its figure, inside one sentence.
METRIC_WINDOW = 60
# Figure kinds that never carry a metric: a date is a time, not a measurement.
KINDS_WITHOUT_METRIC = frozenset({"date", "count"})
# Kinds whose metric must stand in the same clause (no comma between): "期限多为3年" is a tenor, but
# in "...的利差，对应1年AAA" the 1年 is not a spread.
KINDS_METRIC_IN_CLAUSE = frozenset({"duration"})
# A basis-point figure measures a difference -- a spread -- when one of these words stands in its clause
# after the metric term (收益率价差不超过30个基点, 收益率差异在3bp以内, 比城投品种高出10-15bp, 相对于再贷款成本
# 仍有30-50bp的空间, "a gap of 20 bp") or, in English, right after it ("17 basis points over government
# bonds"). Not when the thing compared with is a time (相比上周下行5bp, "10 bp over the week"): then the
# figure is a move of the metric.
SPREAD_CUES_BEFORE = ("利差", "价差", "差异", "差距", "差值", "息差", "相差", "高出", "低出", "相对于", "相比", "相较",
                      "gap", "difference", "differential", "pickup", "pick-up")
SPREAD_CUE_WINDOW = 40  # characters before the figure (the metric window is longer: a term names, a cue is near)
SPREAD_CUES_AFTER = ("over", "above", "below", "higher than", "lower than", "wider than", "tighter than")
TIME_WORDS_AFTER_COMPARISON = ("年初", "年末", "年底", "上周", "上月", "上年", "去年", "前期", "此前", "月初", "月末",
                               "季初", "季末", "同期", "前一", "昨日", "前日", "周初", "上一", "节前", "节后",
                               "the week", "the month", "the year", "the quarter", "the day", "the past", "the last",
                               "the previous", "last", "a year", "a month", "a week")
# Metrics that already name a difference: a bp figure keeps them.
SPREAD_METRICS = frozenset({"spread", "credit_spread", "term_spread", "rate_markup", "rate_markdown", "premium",
                            "discount"})
# A percentage followed by these is a percentile rank (处在历史约8%的分位), not a value of the metric.
PERCENTILE_WORDS_AFTER = ("的分位", "分位", "百分位", " percentile", "percentile")
# Dates that are not the period of the figures around them. A comparison base (比5月下行14bp, 较2024年末,
# 与2024年相比, "than in 2023", "compared with 2024") and a window start (2021年以来, 自2021年起, "since
# 2021") are nobody's period. An origin (从2024年的72%降到49%, "from 2024") is the period of the figures
# before the move word only (72 %), never of the later state (49 %). The words may stand a few filler
# characters or words away (比去年5月 no; 较2024年末 yes: 末 is an edge of the date).
PERIOD_BASE_BEFORE = ("比", "较", "相比", "相较", "相比于", "相较于", "较之", "对比", "than", "compared with",
                      "compared to", "versus", "vs", "vs.", "relative to")
PERIOD_BASE_AFTER = ("相比", "相较", "比较", "对比")
PERIOD_WINDOW_BEFORE = ("since", "自")
PERIOD_WINDOW_AFTER = ("以来", "起", "开始", "至今")
PERIOD_ORIGIN_BEFORE = ("从", "由", "from")
PERIOD_MOVE_WORDS = ("到", "至", "降为", "升为", "变为", "增为", "减为", " to ")
# What may stand between a date and the word that gives it its role: the edge of the date (2024年末相比)
# and English fillers ("than at the end of 2023").
DATE_EDGE_CHARS = "末底初中"
ENGLISH_DATE_FILLERS = frozenset({"in", "at", "on", "the", "end", "start", "beginning", "of", "late", "early",
                                  "mid", "levels", "level"})
# Entity kinds that a figure can belong to.
SUBJECT_KINDS = frozenset({"company", "regulator", "exchange", "association", "government", "bank",
                           "university", "media", "bond", "product"})
