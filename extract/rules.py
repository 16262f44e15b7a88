"""Rule references: the policy documents a text cites, by title and by official document number.

Three kinds of mention become `rule` facts:

* Chinese titles in 《》 -- the fact is the title without the marks. A title may run over a line
  break, or be cut off at the end of a crawled page (then the fact is what is there).
* Official document numbers: an issuer prefix, the year in brackets, the serial and 号
  (上证发〔2025〕65号, 中国人民银行 中国证监会公告〔2025〕第8号, 国发[2018]23号).
* English rule names: a capitalised rule word with its subject ("Guidelines No. 4 for ...",
  "the Measures for the Administration of ...", "Notice on ...") or a name closed by its rule word
  ("China Green Bond Principles"), found as token patterns by spaCy's Matcher.

Book titles that are not rules (research reports, books, newspapers) are told apart by their title
words and by list context such as 相关研究报告. A title and the number that the text pairs with it
("《title》(上证发〔2025〕65号)") stay two facts that share one `rule_id`; the id comes from the number
when there is one, else from the title, so the same rule gets the same id in every document.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache, partial

from .model import Fact, Span
from .sentences import sentence_index

# ---------------------------------------------------------------------------------------------
# Vocabulary tables
# ---------------------------------------------------------------------------------------------

# A title whose main part ends with one of these words names a rule or policy document.
CHINESE_RULE_WORDS = (
    "通知", "公告", "办法", "规定", "规则", "指引", "意见", "决定", "细则", "条例", "准则", "标准", "法",
    "方案", "纲要", "指南", "须知", "批复", "命令", "令", "章程", "守则", "规范", "要点", "目录", "清单",
    "函", "说明", "指导意见", "实施意见", "管理办法", "暂行规定", "通告", "决议", "规划",
)
# ...unless it ends with one of these, which merely end in 法/令/规划 etc.
CHINESE_FALSE_RULE_ENDINGS = ("方法", "看法", "做法", "想法", "说法", "写法", "算法", "手法", "疗法")
# Title words of research, books and media: a title with one of them is not a rule unless a rule
# word ends it (关于开展专题研究的通知 is a notice).
CHINESE_NON_RULE_WORDS = (
    "研究", "报告", "探究", "分析", "一文", "案例", "详解", "展望", "点评", "周报", "月报", "年报", "综述",
    "述评", "解读", "透视", "观察", "日报", "晚报", "时报", "杂志", "丛书", "论", "浅析", "策略",
)
# Headings of a list of reports or references: the titles listed after them are never rules.
NON_RULE_LIST_HEADINGS = ("相关研究报告", "相关报告", "相关研究", "往期回顾", "参考文献", "推荐阅读", "系列丛书")
# Trailing parts of a title that are not its main part: 第4号——科技创新公司债券, (试行), (2025年修订).
TITLE_TAIL = re.compile(r"(?:——.*|[(（][^()（）]*[)）]|第[0-9一二三四五六七八九十百]+号|\s+)+$")

# Issuing organisations that can carry a rule (entity kinds of the entity parser).
AUTHORITY_KINDS = frozenset({"regulator", "exchange", "association", "government", "bank"})

# The issuer code at the head of an official document number names its authority (lexicon ids):
# 上证发〔2025〕65号 is the Shanghai Stock Exchange's, 国发〔2018〕23号 the State Council's.
# Longest prefix first, so 国办发 is not read as 国发 and 证监会公告 not as 证监.
DOCUMENT_NUMBER_ISSUERS = {
    "上证发": "SSE", "上证函": "SSE", "上证": "SSE", "深证上": "SZSE", "深证发": "SZSE", "深证": "SZSE",
    "北证公告": "BSE", "北证": "BSE", "中市协发": "NAFMII", "中市协": "NAFMII", "国发": "State Council",
    "国办发": "State Council", "国办函": "State Council", "银发": "PBOC", "银办发": "PBOC",
    "中国人民银行公告": "PBOC", "证监发": "CSRC", "证监会公告": "CSRC", "证监会令": "CSRC", "发改财金": "NDRC",
    "发改办财金": "NDRC", "发改": "NDRC", "财金": "MOF", "财库": "MOF", "财预": "MOF", "财政部公告": "MOF",
    "金规": "NFRA", "金发": "NFRA", "银保监发": "CBIRC", "银保监规": "CBIRC", "国资发": "SASAC",
    "汇发": "SAFE", "中证协发": "SAC", "中基协发": "AMAC",
}
ISSUER_CODE = re.compile("|".join(sorted(map(re.escape, DOCUMENT_NUMBER_ISSUERS), key=len, reverse=True)))

# Words that may stand right before a document number without being part of its issuer prefix.
# The prefix is cut after the last of them: 交易商协会发布国发〔2018〕23号 -> 国发〔2018〕23号.
NUMBER_PREFIX_NOISE = re.compile(r"^.*(?:根据|依据|按照|参照|参见|符合|详见|印发|发布|出台|下发|转发|见|即|如|的|了|和|及|与|或|在|是)")

# English rule words (capitalised in a rule's name) and the small words a name may contain.
ENGLISH_RULE_WORDS = (
    "Guidelines", "Guideline", "Measures", "Rules", "Provisions", "Regulations", "Regulation", "Notice",
    "Announcement", "Circular", "Opinions", "Decision", "Law", "Standards", "Guidance", "Directive",
    "Order", "Decree", "Plan", "Code",
)
# Rule words that close a name whose subject comes before them: "China Green Bond Principles",
# "the Green Bond Endorsed Projects Catalogue" (no "for ..." after the rule word).
ENGLISH_CLOSING_RULE_WORDS = (
    "Principles", "Catalogue", "Catalog", "Guidelines", "Standards", "Taxonomy", "Measures", "Regulations",
    "Provisions", "Rules",
)
ENGLISH_SMALL_WORDS = ("the", "of", "for", "and", "on", "in", "to", "a", "an", "by", "with", "from", "at", "or")
# Capitalised words that open a sentence or a phrase without being part of a rule's name.
ENGLISH_NOT_NAME_WORDS = frozenset(
    "the a an its their his her this these that under according to in on as pursuant after before following "
    "with by per new revised said of and".split()
)
# Where a rule's name stops: a date or a time phrase after it ("... Notes in 2022", "... on Monday",
# "... on 12 May 2025").
ENGLISH_NAME_END = re.compile(
    r" (?:on|in|at|by|from|since|during|last|this|next)\b(?: (?:early|late|mid|the))?(?: \d{1,2}(?:st|nd|rd|th)?(?= [A-Z]))?"
    r" (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|(?:19|20)\d\d|last|this|next|the same)\b.*$"
)

# A line that is a rule title by itself (the heading of a notice, an attachment's name) opens with
# its issuing authority or with 关于. Authorities the entity parser may not name are known by the
# ending of their names.
AUTHORITY_NAME_HEAD = re.compile(
    r"[\u4e00-\u9fff]{0,12}?(?:证券交易所|交易所|证监会|监督管理委员会|委员会|人民银行|协会|国务院|办公厅|财政部|发展改革委|总局)"
)
LINE = re.compile(r"[^\n]+")
# What stands before a heading's title on its line: white space and an attachment label.
HEADING_OPENING = re.compile(r"\s*(?:附件\s*[0-9一二三四五六七八九十]*\s*[:：]\s*)?")
# A heading is a title, not a sentence: none of these marks may stand in it.
SENTENCE_MARKS = re.compile(r"[。，,；;：:！？!?]")
HEADING_LENGTH = (6, 100)

# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

# A 《》 title: up to 120 characters, at most one line break inside; an unclosed one runs to the
# end of its line (a title cut off at the end of a crawled page).
BOOK_TITLE = re.compile(r"《(?P<closed>[^《》\n]{1,120}(?:\n[^《》\n]{1,60})?)》|《(?P<open>[^《》\n]{2,120})(?=\n|$)")
# An official document number. The issuer prefix is Han text, possibly several organisation
# names separated by single spaces (中国人民银行 中国证监会公告).
# It is found by its year and serial first; the prefix is then read backwards from the bracket.
DOCUMENT_NUMBER = re.compile(
    # each alternative opens with its bracket, so that the engine jumps from bracket to bracket
    r"(?P<year>〔(?:19|20)\d\d〕|\[(?:19|20)\d\d\]|【(?:19|20)\d\d】|\((?:19|20)\d\d[)）]|（(?:19|20)\d\d[)）])"
    r"\s?第?\s?(?P<serial>\d{1,5})\s?号"
)
NUMBER_PREFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,16}[ \u3000])*[\u4e00-\u9fff]{1,16}$")
PREFIX_WINDOW = 60
# Joint issuers may also be listed with 、 (中国人民银行、中国证监会公告〔2025〕第8号); an issuer before a 、 is
# only taken into the number when the entity parser names it there (else 、 lists two rules).
JOINT_ISSUER_MARK = "、"
# Marks that do not tell two rule ids apart: 中国人民银行 中国证监会公告 = 中国人民银行、中国证监会公告.
RULE_ID_IGNORED = re.compile(r"[\s、]+")

# A short form defined right after a rule's title or number stands for that rule, here and later:
# 《...指引(试行)》(以下简称《指引》); the Measures for ... (hereinafter the "Measures").
CHINESE_SHORT_FORM = re.compile(
    r"[》\s]*[(（]?\s*[，,；;]?\s*(?:以下简称|以下称|下称|简称)为?[:：]?\s*《(?P<short>[^《》\n]{1,30})》")
ENGLISH_SHORT_FORM = re.compile(
    r"\s*[(,]\s*(?:hereinafter|hereafter)(?: referred to as| called)?,?\s*(?:the\s+)?[\"“](?P<short>[A-Z][^\"”\n]{1,60})[\"”]")

# English rule names are found by spaCy's rule-based Matcher: token patterns (the table below) over a
# blank English tokenizer, run only on the sentences that hold a rule word (a fast first look at the
# text), so that English throughput hardly changes. A token is a word with its inner hyphens and
# apostrophes (Sci-tech, Exchange's); punctuation stands alone.
ENGLISH_WORD_TOKEN = re.compile(r"[\w'’-]+")
ENGLISH_RULE_WORD_SEEN = re.compile(
    "(?:" + "|".join(sorted(set(ENGLISH_RULE_WORDS + ENGLISH_CLOSING_RULE_WORDS), key=len, reverse=True)) + r")(?![\w'’-])")
ENGLISH_CONNECTORS = ("for", "on", "of", "Regarding", "regarding", "Concerning", "concerning", "Governing", "governing")
QUOTES = frozenset('"“”')
ENGLISH_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
# The issuer words that may stand before a rule word as part of its name (read back from the rule word).
ENGLISH_ISSUER_WORD = re.compile(r"[A-Z][\w'’-]*|of|and|the")
ENGLISH_ISSUER_WORDS = 6
_CAPITALISED = {"TEXT": {"REGEX": r"^[A-Z][\w'’-]*$"}}
_NAME_WORD = {"TEXT": {"REGEX": r"^(?:[A-Z][\w'’-]*|of|and|for)$"}}
# the subject of a rule: capitalised words, numbers, small words and quoted names ('a "Sci-tech Board"')
_SUBJECT_WORD = {"TEXT": {"REGEX": r"^(?:[A-Z0-9][\w'’-]*|" + "|".join(ENGLISH_SMALL_WORDS) + r"|[\"“”])$"}}
_NUMBERS = ([], [{"ORTH": "No", "SPACY": False}, {"ORTH": "."}, {"IS_DIGIT": True}],  # No. 4
            [{"TEXT": {"REGEX": r"^No\.\d+$"}}])  # No.4
ENGLISH_NAME_PATTERNS = {
    # a rule word and its subject: "Measures for the Administration of ...", "Guidelines No. 4 for ...";
    # the words of its issuer before it ("Shanghai Stock Exchange") are read back from the rule word
    # (patterns that open at a rule word are tried far less often than ones that open at any capital)
    "rule_and_subject": [
        [{"ORTH": {"IN": list(ENGLISH_RULE_WORDS)}}, *number, {"ORTH": {"IN": list(ENGLISH_CONNECTORS)}},
         {**_SUBJECT_WORD, "OP": "+"}]
        for number in _NUMBERS
    ],
    # a name closed by its rule word: "China Green Bond Principles", "Green Bond Endorsed Projects Catalogue"
    "closed_by_rule_word": [
        [_CAPITALISED, {**_NAME_WORD, "OP": "*"}, {"ORTH": {"IN": list(ENGLISH_CLOSING_RULE_WORDS)}}],
    ],
}
TRAILING_SMALL_WORDS = re.compile(rf"(?: (?:{'|'.join(ENGLISH_SMALL_WORDS)}))+$")
# A name needs a capitalised word or a number right after one of its connectors; "for the", "on the"
# may stand between ("Measures for the Administration ..."), but not "of the": "the Decision of the
# Board" names no rule.
CONNECTOR_BEFORE_NAME = re.compile(
    rf"\b(?:(?:{'|'.join(c for c in ENGLISH_CONNECTORS if c != 'of')})(?: (?:the|a|an))?|of) [A-Z0-9]")

# A Chinese title in brackets right after an English rule name is the same rule in Chinese:
# "Measures for ... of Corporate Bonds (公司债券发行与交易管理办法)".
CHINESE_TITLE_IN_BRACKETS = re.compile(r"\s?[(（](?P<title>[\u4e00-\u9fff][^()（）\n]{1,80})[)）]")
ENGLISH_NUMBER = re.compile(
    # joint issuers: "PBOC and CSRC Announcement [2025] No. 8", "PBOC/CSRC ..."
    r"\b(?:[A-Z]{2,6}(?:(?: and |/| & )[A-Z]{2,6})* )?(?:Announcement|Order|Decree|Circular|Document)(?: \[(?:19|20)\d\d\])? No\. ?\d+(?: \[(?:19|20)\d\d\])?"
)
ENGLISH_NUMBER_MARK = " No."  # every English document number has it
DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?"
    r"|(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?: (?P<d3>\d{1,2}),?)? (?P<y3>(?:19|20)\d\d)"
)
MONTHS = {name: i for i, name in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
RESPECTIVELY = re.compile(r"分别|respectively")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    title: str | None = None
    number: str | None = None
    index: int = -1  # position among the document's mentions


def find_rules(text: str, sentences: list[Span], entities: list[Fact]) -> list[Fact]:
    """Rule facts (titles and document numbers) with their authority, date and shared rule id."""
    authorities = [e for e in entities if e.type == "entity" and e.get("kind") in AUTHORITY_KINDS]
    mentions = (_titles(text) + _numbers(text, {e.end: e.start for e in authorities}) + _headings(text, entities)
                + _english_rules(text, sentences))
    mentions.sort(key=lambda m: m.start)
    mentions = _drop_nested(mentions)
    mentions = _drop_nested(sorted(mentions + _english_short_forms(text, mentions), key=lambda m: m.start))
    for index, mention in enumerate(mentions):
        mention.index = index
    issuers = _Issuers(authorities, mentions)
    facts = []
    full_forms: dict[str, list[Fact]] = {}  # a defined short form -> the facts of the rule it stands for
    for group in _pairs(text, mentions):
        full = full_forms.get(group[0].title) if len(group) == 1 and group[0].title else None
        group_facts = _facts_for(text, sentences, issuers, mentions, group, full[0] if full else None)
        facts.extend(group_facts)
        short = _short_form_after(text, group[-1])
        if short and short not in full_forms:
            full_forms[short] = group_facts
    return sorted(facts, key=lambda f: f.start)


def _short_form_after(text: str, mention: _Mention) -> str | None:
    """The short form that the text defines right after a rule's mention ("(以下简称《指引》)")."""
    match = CHINESE_SHORT_FORM.match(text, mention.end) or ENGLISH_SHORT_FORM.match(text, mention.end)
    return match.group("short") if match else None


def _english_short_forms(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """An English short form that names a rule ("the "Guidelines"") is a mention where it is defined and
    wherever it stands later, capitalised as defined (a Chinese one is already a mention: it is in 《》)."""
    found = []
    for mention in mentions:
        match = ENGLISH_SHORT_FORM.match(text, mention.end)
        if not match or not ENGLISH_RULE_WORD_SEEN.search(match.group("short")):
            continue
        short = match.group("short")
        found.append(_Mention(match.start("short"), match.end("short"), title=short))
        for later in re.finditer(rf"(?<![\w'’-]){re.escape(short)}(?![\w'’-])", text[match.end():]):
            start = match.end() + later.start()
            found.append(_Mention(start, start + len(short), title=short))
    return found


# --- finding mentions ------------------------------------------------------------------------

def _titles(text: str) -> list[_Mention]:
    found = []
    for match in BOOK_TITLE.finditer(text):
        group = "closed" if match.group("closed") is not None else "open"
        start, end = match.span(group)
        title = match.group(group)
        if group == "open":  # keep what is there, without a trailing ellipsis or white space
            title = title.rstrip(" .。…\u3000\t\r")
            end = start + len(title)
            if not _has_rule_word(title):
                continue
        elif not _is_rule_title(title):
            continue
        if _in_report_list(text, match.start()):
            continue
        found.append(_Mention(start, end, title=title))
    return found


def _headings(text: str, entities: list[Fact]) -> list[_Mention]:
    """Lines that are rule titles without 《》: "X交易所关于发布《Y》的通知", "附件:X交易所Y指引"."""
    authority_starts = {e.start for e in entities if e.type == "entity" and e.get("kind") in AUTHORITY_KINDS}
    found = []
    for line in LINE.finditer(text):
        start = HEADING_OPENING.match(text, line.start(), line.end()).end()
        if not _may_open_a_heading(text, start, line.end(), start in authority_starts):
            continue
        end = _before_number(text, start, line.end())
        title = text[start:end]
        if _is_heading_title(title, start in authority_starts):
            found.append(_Mention(start, end, title=title))
    return found


def _may_open_a_heading(text: str, start: int, line_end: int, opens_with_authority: bool) -> bool:
    """The quick first test of _is_heading_title, on the whole rest of the line: does it open the way
    a heading does?"""
    return (line_end - start >= HEADING_LENGTH[0] and (opens_with_authority or text.startswith("关于", start)
            or AUTHORITY_NAME_HEAD.match(text, start, line_end) is not None))


def _before_number(text: str, start: int, end: int) -> int:
    """Where a heading ends: before a document number that follows it on the same line."""
    number = DOCUMENT_NUMBER.search(text, start, end)
    if number:
        prefix = NUMBER_PREFIX.search(text, start, number.start())
        end = prefix.start() if prefix else number.start()
    return start + len(text[start:end].rstrip()) if end > start else start


def _is_heading_title(title: str, opens_with_authority: bool) -> bool:
    if not HEADING_LENGTH[0] <= len(title) <= HEADING_LENGTH[1] or SENTENCE_MARKS.search(title):
        return False
    if not (opens_with_authority or title.startswith("关于") or AUTHORITY_NAME_HEAD.match(title)):
        return False
    head = _main_part(title)
    return head.endswith(CHINESE_RULE_WORDS) and not head.endswith(CHINESE_FALSE_RULE_ENDINGS)


def _main_part(title: str) -> str:
    return TITLE_TAIL.sub("", title.strip()) or title


def _is_rule_title(title: str) -> bool:
    head = _main_part(title)
    if head.endswith(CHINESE_FALSE_RULE_ENDINGS):
        return False
    if head.endswith(CHINESE_RULE_WORDS):
        return True
    if any(word in title for word in CHINESE_NON_RULE_WORDS):
        return False
    return head.startswith("关于") and len(head) >= 6


def _has_rule_word(title: str) -> bool:
    return any(word in title for word in CHINESE_RULE_WORDS if len(word) > 1) and not any(
        word in title for word in CHINESE_NON_RULE_WORDS)


def _in_report_list(text: str, position: int) -> bool:
    """Is this title an item of a 相关研究报告-style list that starts earlier in the paragraph?"""
    paragraph_start = text.rfind("\n", 0, position) + 1
    before = text[max(paragraph_start, position - 300):position]
    for heading in NON_RULE_LIST_HEADINGS:
        at = before.rfind(heading)
        # the list goes on while only numbered items and dates follow the heading
        if at >= 0 and "。" not in before[at:]:
            return True
    return False


def _numbers(text: str, issuer_at_end: dict[int, int]) -> list[_Mention]:
    """Document numbers with their issuer prefix; `issuer_at_end` maps where an issuer's name ends to where
    it starts (the issuers joined to the prefix by 、)."""
    found = []
    for match in DOCUMENT_NUMBER.finditer(text):
        start = match.start()
        window_start = max(0, start - PREFIX_WINDOW)
        before = NUMBER_PREFIX.search(text, window_start, start)
        prefix = before.group() if before else ""
        start -= len(prefix)
        trimmed = NUMBER_PREFIX_NOISE.sub("", prefix, count=1)
        start += len(prefix) - len(trimmed)
        if prefix and trimmed == prefix:  # nothing cut off: issuers before a 、 may belong to it
            while text.startswith(JOINT_ISSUER_MARK, start - 1) and start - 1 in issuer_at_end:
                start = issuer_at_end[start - 1]
        found.append(_Mention(start, match.end(), number=text[start:match.end()]))
    if ENGLISH_NUMBER_MARK not in text:  # most texts have none: skip the slow word-by-word scan
        return found
    for match in ENGLISH_NUMBER.finditer(text):
        found.append(_Mention(match.start(), match.end(), number=match.group()))
    return found


def _english_rules(text: str, sentences: list[Span]) -> list[_Mention]:
    """English rule names ("the Measures for ...", "China Green Bond Principles") and the Chinese title
    in brackets after one."""
    with_rule_words = _sentences_with_rule_words(text, sentences)
    if not with_rule_words:  # most texts: then spaCy need not even be loaded
        return []
    with_subject: list[_Mention] = []
    closed: list[_Mention] = []
    nlp, matcher = _english_name_matcher()
    for sentence in with_rule_words:
        doc = nlp.make_doc(text[sentence.start:sentence.end])
        names: dict[str, list[tuple[int, int]]] = {key: [] for key in ENGLISH_NAME_PATTERNS}
        for match_id, start, end in matcher(doc):
            names[nlp.vocab.strings[match_id]].append((start, end))
        for start, end in _first_matches(names["rule_and_subject"], longest=True,
                                         start_of=partial(_with_issuer, doc), end_of=partial(_name_end, doc)):
            mention = _rule_and_subject(doc, start, end, sentence.start)
            if mention:
                with_subject.append(mention)
        for start, end in _first_matches(names["closed_by_rule_word"], longest=False):
            mention = _closed_by_rule_word(doc, start, end, sentence.start)
            if mention:
                closed.append(mention)
    found = with_subject + closed
    return found + _chinese_titles_after(text, found)


@lru_cache(maxsize=1)
def _english_name_matcher():
    """A blank English spaCy pipeline (its tokenizer alone) and a Matcher with ENGLISH_NAME_PATTERNS.
    Built on first use, once per process: importing spaCy takes about a second."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    nlp.tokenizer.token_match = ENGLISH_WORD_TOKEN.fullmatch  # Sci-tech and Exchange's stay one word
    matcher = Matcher(nlp.vocab)
    for key, patterns in ENGLISH_NAME_PATTERNS.items():
        matcher.add(key, patterns)
    return nlp, matcher


def _sentences_with_rule_words(text: str, sentences: list[Span]) -> list[Span]:
    found: list[Span] = []
    for word in ENGLISH_RULE_WORD_SEEN.finditer(text):
        index = sentence_index(sentences, word.start())
        if index is not None and (not found or found[-1] is not sentences[index]):
            found.append(sentences[index])
    return found


def _first_matches(matches: list[tuple[int, int]], longest: bool, start_of=None, end_of=None) -> list[tuple[int, int]]:
    """Read the matches as a scan from left to right does: the first start wins, with its longest (or
    shortest) end, and the next match starts after it. `start_of(start, floor)` may move a start back
    (not before `floor`), `end_of(start, end)` may cut an end short."""
    chosen: list[tuple[int, int]] = []
    resume = 0
    for start, end in sorted(matches, key=lambda m: (m[0], -m[1] if longest else m[1])):
        if start < resume:
            continue
        start = start_of(start, resume) if start_of else start
        end = end_of(start, end) if end_of else end
        if end > start:
            chosen.append((start, end))
            resume = end
    return chosen


def _with_issuer(doc, at: int, floor: int) -> int:
    """Where a name starts that has its rule word at token `at`: up to ENGLISH_ISSUER_WORDS words of
    its issuer before it ("Shanghai Stock Exchange Guidelines"), the first of them capitalised."""
    start = at
    for i in range(at - 1, max(floor, at - ENGLISH_ISSUER_WORDS) - 1, -1):
        if doc[i].whitespace_ != " " or not ENGLISH_ISSUER_WORD.fullmatch(doc[i].text):
            break
        start = i
    while start < at and not ENGLISH_CAPITALISED.match(doc[start].text):
        start += 1
    return start


def _name_end(doc, start: int, end: int) -> int:
    """Where a matched name really ends: before a quote it does not open (a closing quote of the
    sentence's own, or one left open) and never inside a word that the tokenizer split ("5pm")."""
    open_at = None
    for i in range(start, end):
        if doc[i].text not in QUOTES:
            continue
        if i > start and not doc[i - 1].whitespace_:  # a closing quote, attached to the word before
            if open_at is None:
                end = i
                break
            open_at = None
        elif doc[i].whitespace_:  # a quote standing alone
            end = i
            break
        else:
            open_at = i
    if open_at is not None:
        end = open_at
    while end > start and end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text[0].isalnum():
        end -= 1
    return end


def _rule_and_subject(doc, start: int, end: int, offset: int) -> _Mention | None:
    """The name without the words around it that belong to the sentence; None when no capitalised
    word follows a connector (the "Rules for the issuers" of a sentence are no title)."""
    first = offset + doc[start].idx
    name = doc[start:end].text
    trimmed = ENGLISH_NAME_END.sub("", TRAILING_SMALL_WORDS.sub("", name))  # never ends on "of the"
    first, trimmed = _without_leading_sentence_words(first, trimmed)
    if not CONNECTOR_BEFORE_NAME.search(trimmed):
        return None
    return _Mention(first, first + len(trimmed), title=trimmed)


def _closed_by_rule_word(doc, start: int, end: int, offset: int) -> _Mention | None:
    first, name = _without_leading_sentence_words(offset + doc[start].idx, doc[start:end].text)
    words = name.split()
    if sum(word[0].isupper() for word in words[:-1]) < 2:  # a proper name, not "new Rules"
        return None
    return _Mention(first, first + len(name), title=name)


def _without_leading_sentence_words(start: int, name: str) -> tuple[int, str]:
    """"the" and "Under" open the sentence's phrase, not the name."""
    words = name.split(" ")
    while words and words[0].lower() in ENGLISH_NOT_NAME_WORDS:
        start += len(words[0]) + 1
        words.pop(0)
    return start, " ".join(words)


def _chinese_titles_after(text: str, english: list[_Mention]) -> list[_Mention]:
    """The Chinese title in brackets right after an English rule name."""
    found = []
    for mention in english:
        match = CHINESE_TITLE_IN_BRACKETS.match(text, mention.end)
        if match and _is_rule_title(match.group("title")):
            found.append(_Mention(match.start("title"), match.end("title"), title=match.group("title")))
    return found


def _drop_nested(mentions: list[_Mention]) -> list[_Mention]:
    """A document number inside a title (or an English number inside a name) is one mention."""
    kept: list[_Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


# --- pairing titles with numbers -------------------------------------------------------------

def _pairs(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Group a title with the number the text attaches to it: 《title》(number) or number《title》."""
    groups: list[list[_Mention]] = []
    for mention in mentions:
        if groups and _paired(text, groups[-1][-1], mention) and len(groups[-1]) == 1:
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _paired(text: str, first: _Mention, second: _Mention) -> bool:
    if (first.title is None) == (second.title is None):
        return False
    between = text[first.end:second.start]
    return re.fullmatch(r"[》\s]*[(（\[]?\s*", between) is not None and len(between) <= 4


def _rule_id(group: list[_Mention]) -> str:
    number = next((m.number for m in group if m.number), None)
    if number:
        key = RULE_ID_IGNORED.sub("", number)
        key = key.translate(str.maketrans("[]【】()（）", "〔〕〔〕〔〕〔〕"))
        return "rule:" + key
    title = next(m.title for m in group if m.title)
    return "rule:" + re.sub(r"\s+", "", title).lower()


# --- authority and date ----------------------------------------------------------------------

def _facts_for(text, sentences, issuers, mentions, group, full_form: Fact | None = None) -> list[Fact]:
    """The facts of one rule's mentions; a short form takes the rule id (and, where it names none, the
    authority) of the full form it stands for."""
    rule_id = full_form.get("rule_id") if full_form else _rule_id(group)
    first = group[0]
    index = sentence_index(sentences, first.start)
    sentence = sentences[index] if index is not None else Span(first.start, group[-1].end)
    authority = _authority(text, sentence, issuers, mentions, group) or (full_form.get("authority") if full_form else None)
    date = _with_year(_date(text, sentence, first.start), group)
    facts = []
    for mention in group:
        fields = {"title": _clean_title(mention.title) if mention.title else None,
                  "number": mention.number, "authority": authority, "date": date, "rule_id": rule_id}
        facts.append(Fact("rule", mention.start, mention.end, text[mention.start:mention.end], fields,
                          sentence_index(sentences, mention.start)))
    return facts


def _clean_title(title: str) -> str:
    return re.sub(r"\s*\n\s*", "", title)


class _Issuers:
    """The issuing bodies of a document, sorted, for range look-ups by position."""

    def __init__(self, issuers: list[Fact], mentions: list[_Mention]):
        self.all = sorted(issuers, key=lambda e: e.start)
        self.starts = [e.start for e in self.all]
        mention_starts = [m.start for m in mentions]

        def inside_a_mention(issuer: Fact) -> bool:
            at = bisect_left(mention_starts, issuer.start + 1) - 1
            return at >= 0 and issuer.start < mentions[at].end

        self.outside = [e for e in self.all if not inside_a_mention(e)]
        self.outside_starts = [e.start for e in self.outside]

    def within(self, start: int, end: int, outside_mentions: bool = False) -> list[Fact]:
        issuers, starts = (self.outside, self.outside_starts) if outside_mentions else (self.all, self.starts)
        # Those starting in [start, end): a slice of that range only (one to the end of the document
        # would copy every later issuer, at every look-up of a long report).
        inside = issuers[bisect_left(starts, start):bisect_left(starts, end)]
        return [issuer for issuer in inside if issuer.end <= end]


def _authority(text, sentence, issuers: _Issuers, mentions, group) -> str | None:
    # an issuer named in the number itself (中国人民银行 中国证监会公告〔2025〕第8号) or at the head
    # of the title (《国务院关于...的实施意见》)
    for mention in group:
        inside = issuers.within(mention.start, mention.end)
        if inside and (mention.number or inside[0].start == mention.start):
            return inside[0].get("id")
        code = ISSUER_CODE.match(mention.number or "")
        if code:
            return DOCUMENT_NUMBER_ISSUERS[code.group()]
    # issuers before the first rule of this run, in the same sentence: 央行、证监会发布《...》
    first = group[0]
    run = _run_of_rules(mentions, first, text)
    run_start = run[0].start
    before = _last_group(text, issuers.within(sentence.start, run_start, outside_mentions=True))
    if not before:
        return None
    # "上交所、深交所分别发布了《A》和《B》": the n-th issuer issued the n-th rule
    titles_in_run = [m for m in run if m.title]
    if len(titles_in_run) > 1 and RESPECTIVELY.search(text, before[-1].end, run_start) and first in titles_in_run:
        position = titles_in_run.index(first)
        # an issuer the entity parser did not name (交易所) leaves its rule without an authority
        return before[position].get("id") if position < len(before) else None
    return before[0].get("id")


def _run_of_rules(mentions: list[_Mention], mention: _Mention, text: str) -> list[_Mention]:
    """The rules listed one after another with only 和 、 and brackets between them."""
    at = mention.index
    start = at
    while start > 0 and _joined(text, mentions[start - 1], mentions[start]):
        start -= 1
    end = at
    while end + 1 < len(mentions) and _joined(text, mentions[end], mentions[end + 1]):
        end += 1
    return mentions[start:end + 1]


def _joined(text: str, first: _Mention, second: _Mention) -> bool:
    between = text[first.end:second.start]
    return len(between) <= 8 and re.fullmatch(r"[》《\s()（）\[\]0-9、,，和及与以及and]*", between) is not None


def _last_group(text: str, issuers: list[Fact]) -> list[Fact]:
    """The issuers named together right before the rule: 上交所、深交所 in '...,上交所、深交所分别发布'."""
    group: list[Fact] = []
    for issuer in reversed(issuers):
        if group and not re.fullmatch(r"\s*[、,，和与及]\s*|\s+|\s*and\s*", text[issuer.end:group[0].start]):
            break
        group.insert(0, issuer)
    return group


def _date(text: str, sentence: Span, position: int) -> str | None:
    """The date nearest before the rule in its sentence (else the first one after it)."""
    dates = list(DATE.finditer(text, sentence.start, sentence.end))
    before = [d for d in dates if d.end() <= position]
    chosen = before[-1] if before else (dates[0] if dates else None)
    return _iso(chosen) if chosen else None


def _with_year(date: str | None, group: list[_Mention]) -> str | None:
    """A date without a year ("5月7日") takes the year of the rule's number (〔2025〕)."""
    if not date or not date.startswith("--"):
        return date
    for mention in group:
        year = re.search(r"(?:19|20)\d\d", mention.number or "")
        if year:
            return year.group() + date[1:]
    return date


def _iso(match: re.Match) -> str:
    if match.group("y"):
        parts = [match.group("y")] + [f"{int(p):02d}" for p in (match.group("m"), match.group("d")) if p]
        return "-".join(parts)
    if match.group("m2"):
        return f"--{int(match.group('m2')):02d}-{int(match.group('d2')):02d}"
    month = f"{MONTHS[match.group('mon')]:02d}"
    day = match.group("d3")
    return f"{match.group('y3')}-{month}" + (f"-{int(day):02d}" if day else "")
