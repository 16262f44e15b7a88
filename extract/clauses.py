"""Rule clauses: the normative statements of a text, with their modality, threshold and rule.

A clause is a sentence or a sub-sentence. Each sentence is cut at commas and semicolons into
pieces; a piece that carries a modality cue (应当, 不得, 可, 不超过 + a figure, 是指; shall, must not,
may, does not exceed, means ...) starts a clause, and the pieces after it without a cue of their own
continue it (lists and purpose phrases run on over commas). A cue piece that starts with its cue
("可购买...", "新增支持...") takes the piece right before it as its subject.

Not every 可 or 需 is a rule: research opinion (预计, 可能, 或将, expected, could, might), advice
(需关注, 仍需谨慎, investors should note) and descriptive verbs (可能, 可望, 可以看出, "may crowd out")
are told apart by the tables below, so that a research report's forecasts do not become clauses.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .model import Fact, Span

MIN_CLAUSE_CHARS = 8
AUTHORITY_KINDS = frozenset({"regulator", "exchange", "association", "government", "bank"})

# ---------------------------------------------------------------------------------------------
# Cue tables, one per language: (modality, rank, pattern). When a piece holds several cues the lowest
# rank wins: an explicit definition (是指) outranks a limit, a limit outranks the generic
# obligation/permission verbs, and a listing word (包括, 分为) only decides when nothing else does.
# Limit cues only count with a threshold figure right after them (before them for 以内).
# The Chinese table also lists the characters a cue can start with: the engine then skips every
# other character at once (several times faster on long Chinese text). English cues are written in
# lower case and matched against the lower-cased text; the English table lists the words a cue can
# open with instead, and the cues are tried only where one of those words stands.
# ---------------------------------------------------------------------------------------------
CHINESE_CUE_LEADS = {0: "是系即定明指", 1: "原最累合不低超达以", 2: "不禁严", 3: "应必务须需要", 5: "可允有享扩新纳实", 4: "包分划细",
                     6: "内"}
CHINESE_CUES = (
    ("definition", 0, r"是指|系指|即指|定义为|明确其为|(?<![意所手])指(?![出标引数导南定示向挥令明望称派])"),
    ("limit", 1, r"(?:原则上|最高|最低|累计|合计)?(?:不低于|不少于|不超过|不高于|不多于|不得超过|不得低于|不得少于|不得高于|不应低于|不应超过|低于|超过|达到)|以内|以下"),
    ("prohibition", 2, r"不得|禁止|严禁|不允许|不准|不应当?|不可(?!能|避免|小觑|或缺)"),
    ("obligation", 3, r"应当|应(?=予|按|在|于|由|符合|满足|具备|提|向|遵|及时|披露|明确|设置|确保)|必须|务必"
                      r"|(?<![无所必急])须(?!知)|(?<![无所急])需要?(?!求)"
                      r"|(?<![符满的管策关性等和及与、])要求(?![的及和与、，,。；]|细则|存在)"),
    ("permission", 5, r"可以(?!看出|得出|发现|说|认为|理解|预见|预期|预计|看到|成为|变成|变身|实现|带来)"
                      r"|(?<![不许认即])可(?![能望见比交转持续再生续靠观行控信喜疑以谓惜否知进一])"
                      r"|可进一步(?!细分|分为|划分)|允许|有权|(?<![分共])享有|扩围至|扩大至|新增支持|纳入[^，,。；]{0,30}范围"
                      # an authority putting a regime in place for those it supervises (本所实行“即报即审”)
                      r"|(?:(?<=本所)|(?<=本会)|(?<=本中心)|(?<=本协会))实行|实行[^，,。；]{1,20}(?:制度|机制)"),
    ("definition", 4, r"(?<!主要)(?<!大致)(?<!一般)(?:包括|包含|分为|划分为|分成|细分为)"),
    # a deadline: "自受理之日起10个工作日内出具意见" (the duration figure must end right before 内);
    # the weakest cue, so that "应当在2个交易日内披露" stays an obligation
    ("limit", 6, r"(?<=[日天月年])内(?![容部外地涵在资])"),
)
ENGLISH_PERMITTED_VERBS = (
    "issue", "use", "apply", "choose", "opt", "elect", "invest", "raise", "set", "adopt", "file", "submit",
    "participate", "purchase", "buy", "enjoy", "access", "convert", "exchange", "redeem", "extend",
    "defer", "register", "list", "trade", "hold", "pledge", "sell", "request", "select", "obtain",
    "be used", "be issued", "be exempted", "be extended", "be allocated", "be converted", "be listed",
    "be included", "secure", "receive", "qualify", "benefit",
)
ENGLISH_CUE_FIRST_WORDS = frozenset("""
    means refer refers is are shall
    does do must may should will cannot can not no a capped at up
    prohibit prohibits ban bans
    it need needs has have require requires
    be been was were being
    consist consists within""".split())
ENGLISH_CUES = (
    ("definition", 0, r"\b(?:means|refers? to|(?:is|are) defined as|shall mean)\b"),
    ("limit", 1, r"\b(?:(?:does|do|shall|must|may|should|will|cannot|can not) not exceed|not (?:exceed|be (?:less|more|higher|lower) than)"
                 r"|no (?:less|more|fewer) than|not (?:less|more|fewer) than|a (?:maximum|minimum) of|capped at|at (?:least|most)|up to)\b"),
    ("prohibition", 2, r"\b(?:must not|shall not|may not|cannot|can not|is prohibited|are prohibited|(?:is|are) not (?:allowed|permitted)"
                       r"|is forbidden|are forbidden|prohibits?|bans?)\b"),
    ("obligation", 3, r"\b(?:shall|must|(?:is|are) required to|it is necessary to|(?:is|are) obliged to|needs? to|ha(?:s|ve) to"
                      r"|should|requires? (?:\w+ ){1,3}to)\b"),
    ("permission", 5, r"\b(?:(?:may|can) (?:also )?(?:" + "|".join(ENGLISH_PERMITTED_VERBS) + r")\b"
                      r"|(?:is|are|be|been|was|were|being) (?:now |also |newly )?(?:permitted|allowed|eligible|entitled"
                      r"|authori[sz]ed) to|ha(?:s|ve) the right to"
                      r"|ha(?:s|ve) (?:an?|the) [^,.;]{0,40}?\b(?:channel|option|access)\b)"),
    ("definition", 4, r"\b(?:consists? of|is divided into|are divided into|is classified into)\b"),
    ("limit", 6, r"\bwithin (?=\d|one |two |three |five |ten )"),
)
# Limits that are normative only inside a normative sentence ("at least 60 firms issued" is news).
WEAK_LIMIT_CUES = re.compile(r"^(?:at least|at most|up to|within |超过|低于|达到)$")
# A deadline (N日内) is a rule when it runs from an event (之日起, 后), counts working days or stands
# in a normative sentence; "3个交易日内上涨5%" in a market report is not.
DEADLINE_START = re.compile(r"(?:之日起|日起|起|后)\s*$")
DEADLINE_UNITS = re.compile(r"工作日")
DEADLINE_RANK = 6
NORMATIVE_CONTEXT = re.compile(r"应|须|需|要求|不得|原则上|规定|\b(?:shall|must|required|should|may|generally|in principle)\b")

# Opinion and forecast: a clause piece with one of these (or one before it in the same sentence)
# is research, not a rule.
SPECULATION = re.compile(
    r"(?=[预推估或有可料也大我elcmwpfsELCMWPFS])(?:预计|预期|推断|估计|或将|或也将|或还|或许|或可|或处于|有望|可望|料将|也许|大概率|可能|我们认为|我们预计"
    r"|\b(?:expects?|expected|likely|could|might|would|potentially|possibly|perhaps|forecasts?|predicts?|whether)\b"
    # "demand should stay firm": should with a verb of how markets move is a forecast
    r"|\bshould (?:stay|remain|continue|keep|hold|stabili[sz]e|rise|fall|improve|recover|pick up|ease|narrow|widen)\b)",
    re.IGNORECASE,
)
# Advice to the reader is not a rule either.
ADVICE = re.compile(r"(?=[可需仍还尚建值sw])(?:可(?:以)?(?:进一步)?(?:细分|归纳|概括|总结|归类)|需(?:要)?(?:注意|关注|谨慎|警惕)|仍需|还需|尚需|建议|值得注意|\bshould (?:note|be aware|watch|consider)\b|\bworth noting\b)")

# Pieces that only frame what follows (they end a clause and are never part of one).
MARKER_PIECE = re.compile(
    r"^(?:一方面|另一方面|其中|同时|此外|另外|值得注意的是|因此|由此|总体来看|具体而言|首先|其次|最后|例如|比如|对此"
    r"|在.{0,24}方面|从.{0,24}(?:来看|看|而言|角度)|对比.{0,24}|与.{0,24}相对应"
    r"|(?:In terms of|For example|For instance|At present|At the same time|In addition|However|Moreover|Meanwhile"
    r"|In particular|Currently|As a result|Therefore|Specifically)\b.{0,60})$"
)
# Words that only link a piece to the one before it: stripped from a clause's start, and a piece
# that starts with one of them and repeats the clause's kind of cue continues that clause.
LEADING_LINKS = re.compile(r"^(?:而是|而|并且|并|且|还|也|同时还|以及|或者|及|和|and |but |while |so |or )")
# A piece that opens with one of these carries on a list begun in the piece before it.
LIST_LINK = re.compile(r"^(?:以及|及|和|与|或者|and |or )")
# Adverbs that may stand between the link word and the cue of a piece that has no subject of its own.
CUE_ADVERBS = re.compile(r"^(?:明确|进一步|另|亦|均|则|同时)*")
# Footnote and list markers at the start of a sentence are not part of a clause: [2], 1., ①.
LEADING_MARKS = re.compile(r"(?:\[\d{1,3}\]|[①-⑳]|\d{1,2}[.、](?!\d))\s*")
# A scope phrase before a clause's subject belongs to the clause: "对于评级较高的发行人,本所实行...".
SCOPE_OPENER = re.compile(r"^(?:对于|针对|凡是|凡)")
# A listing whose subject ranks things ("规模居前的发行人包括A(300亿元)") reports a statistic.
RANKING_SUBJECT = re.compile(r"居前|排名|靠前|前[三五十\d]+(?:名|位|家)|最多|最大|最高|较多|较大")
# Modalities whose pieces each state their own rule, even after 或者/且/也 ("A不低于5%,或者B不低于1亿元").
SELF_STANDING = frozenset({"limit", "permission"})
# An item of a classification ("明确了三类设计模式:一是A模式,由...发行,...；二是...") defines its class
# as a whole: one clause per item, a definition unless a stronger cue stands in it.
ENUMERATED_ITEM = re.compile(r"[一二三四五六七八九十]是")
CLASSIFICATION_ANNOUNCED = re.compile(r"[两二三四五六七八九十几多\d]+(?:类|种|大类)[\u4e00-\u9fff]{0,8}[:：]\s*$")
CLASSIFICATION_REACH = 300  # characters back from an item to the sentence that announces its list
CONTINUATION = re.compile(r"^(?:并且|并|且|还|也|同时还|以及|或者|或)")

# Who a clause binds, when the words before the cue do not say it plainly.
SUBJECT_TERMS = re.compile(
    r"发行人|发行主体|募集资金用途|资金用途|募集资金|金融机构|商业银行|证券公司|投资人|投资者|科技型企业|股权投资机构|"
    r"承销商|主承销商|受托管理人|评级机构|债券|企业"
    r"|\b(?:issuers?|proceeds|banks?|investors?|underwriters?|enterprises|companies|firms|bonds?)\b",
    re.IGNORECASE,
)
# A listing (包括) whose subject is the use of proceeds lists what the money may be spent on.
USE_OF_PROCEEDS = re.compile(r"募集资金用途|资金用途|use of proceeds|proceeds may", re.IGNORECASE)
# Words that stand between the subject and the cue and are not part of the subject: adverbs of
# frequency and scope ("the review normally does not exceed ...", "发行人原则上不得 ...").
CHINESE_SUBJECT_TRAILERS = ("则", "也", "还", "均", "都", "主要", "原则上", "一般", "通常", "一律", "同时", "已", "将",
                            "需要", "除了", "明确")
ENGLISH_SUBJECT_TRAILERS = ("generally", "normally", "usually", "typically", "ordinarily", "in principle", "also",
                            "(?:shall|must|should|will) be", "is", "are")
SUBJECT_NOISE = re.compile(
    "(?:" + "|".join(CHINESE_SUBJECT_TRAILERS) + r"|\s+(?:" + "|".join(ENGLISH_SUBJECT_TRAILERS) + "))+$"
    r"|^(?:其中|同时|并|而|要求|规定|明确|约定|and |but )"
)
# Where a comma-like mark cuts a sentence into pieces (never a comma between digits, never inside
# brackets).
PIECE_BREAK = re.compile(r"[，；;]|,(?!\d)|,(?=\d{4}年)")
OPENING, CLOSING = "(（《[", ")）》]"
PIECE_MARK = re.compile(r"[(（《\[)）》\]，；;,]")
# (the look-ahead of their first characters lets the engine skip other text fast)
LIMIT_CUE = re.compile(f"(?=[{CHINESE_CUE_LEADS[1]}dsmwcnauDSMWCNAU])(?:{CHINESE_CUES[1][2]}|{ENGLISH_CUES[1][2]})",
                       re.IGNORECASE)
THRESHOLD_GAP = 12  # characters between a limit cue and its figure ("does not exceed 15 ...")
# A sentence that opens with a cue, an item number or a referring word carries on from the rule
# cited before it in the same paragraph.
REFERS_BACK = re.compile(r"(?:[一二三四五六七八九十]是|[(（][一二三四五六七八九十]+[)）]|[①-⑳]|\d{1,2}[.、]|该|上述|其|根据|按照|同时|此外|文件|通知|公告"
                         r"|要求|明确|规定|Under (?:the|these|this)|The (?:rules|notice|measures|guidelines))")


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    cue: tuple[str, int, int, int] | None  # (modality, rank, cue start, cue end)


def find_clauses(text: str, sentences: list[Span], figures: list[Fact], rules: list[Fact],
                 entities: list[Fact]) -> list[Fact]:
    """Clause facts with `modality`, `threshold`, `subject`, `rule` and `authority`."""
    cues = _DocumentCues(text, sentences)
    context = _Context(
        figures=_ByPosition(figures),
        rules=_ByPosition(rules),
        authorities=_ByPosition([e for e in entities if e.type == "entity" and e.get("kind") in AUTHORITY_KINDS]),
        entities=_ByPosition([e for e in entities if e.type == "entity"]),
    )
    clauses = []
    for index, sentence in enumerate(sentences):
        matches = cues.in_sentence(sentence)
        classification_item = _classification_item(text, sentence)
        if not matches and not classification_item:  # most sentences: nothing to look at
            continue
        pieces = _pieces(text, cues, sentence, matches, context.figures)
        if classification_item:
            clauses.append(_clause(text, index, sentence, sentence.start, sentence.end, _item_cue(pieces, sentence),
                                   context))
            continue
        for start, end, cue in _group(text, pieces):
            if end - start < MIN_CLAUSE_CHARS:  # "包括公园": a stray cue word, not a statement
                continue
            clauses.append(_clause(text, index, sentence, start, end, cue, context))
    return clauses


def _classification_item(text: str, sentence: Span) -> bool:
    """Is the sentence an item (一是..., 二是...) of a list that an earlier colon announces as classes?"""
    if not ENUMERATED_ITEM.match(text, sentence.start):
        return False
    # the item names its class and then describes it: "一是A模式,由...发行" (a bare name defines nothing)
    if len([p for p in _cut(text, sentence) if text[p.start:p.end].strip(" ，,；;。")]) < 2:
        return False
    paragraph_start = text.rfind("\n", 0, sentence.start) + 1
    before = text[max(paragraph_start, sentence.start - CLASSIFICATION_REACH):sentence.start]
    colon = max(before.rfind(":"), before.rfind("："))
    return colon >= 0 and "。" not in before[colon:] and CLASSIFICATION_ANNOUNCED.search(before[:colon + 1]) is not None


def _item_cue(pieces: list[_Piece], sentence: Span) -> tuple[str, int, int, int]:
    cues = [piece.cue for piece in pieces if piece.cue]
    return min(cues, key=lambda cue: cue[1]) if cues else ("definition", 0, sentence.start, sentence.start)


class _ByPosition:
    """Facts sorted by start, for fast look-ups of the ones inside a stretch of text."""

    def __init__(self, facts: list[Fact]):
        self.facts = sorted(facts, key=lambda f: f.start)
        self.starts = [f.start for f in self.facts]

    def starting_in(self, start: int, end: int) -> list[Fact]:
        return self.facts[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def within(self, start: int, end: int) -> list[Fact]:
        return [f for f in self.starting_in(start, end) if f.end <= end]


@dataclass(slots=True)
class _Context:
    figures: _ByPosition
    rules: _ByPosition
    authorities: _ByPosition
    entities: _ByPosition


@dataclass(frozen=True, slots=True)
class _CueSet:
    """One language's cues: a single pattern that finds all of them in one scan (the alternatives in
    rank order, so that at one position the stronger cue wins), and each cue on its own for a second
    look where a limit turns out to have no figure (不得超过 without one is still a prohibition).
    `openers`, when set, finds the only places where a cue can start; the scan is tried there alone."""

    scan: re.Pattern
    singles: tuple[tuple[str, int, re.Pattern], ...]
    openers: re.Pattern | None = None
    lower_case: bool = False  # matched against the lower-cased text

    def cue_of(self, match: re.Match) -> tuple[str, int]:
        modality, rank, _ = self.singles[int(match.lastgroup[1:])]
        return modality, rank


class _DocumentCues:
    """The cues of one document, sentence by sentence, each as (match, cue set). English cues are
    matched in the lower-cased text, and only where one of their first words stands: those words are
    found in one pass over the whole text (a word never runs over a sentence boundary, so a pass per
    sentence would find the same ones)."""

    def __init__(self, text: str, sentences: list[Span]):
        self.text = text
        self.lowered = _lower_case(text)
        english = any(sentence.lang in ("en", "mixed") for sentence in sentences)
        self.openers = [word.start() for word in CUE_SETS["en"].openers.finditer(self.lowered)] if english else []

    def source(self, cue_set: _CueSet) -> str:
        return self.lowered if cue_set.lower_case else self.text

    def in_sentence(self, sentence: Span) -> list[tuple[re.Match, _CueSet]]:
        """The cues in the sentence, as `scan.finditer` over it would find them."""
        found = []
        for cue_set in CUE_SETS_BY_LANGUAGE.get(sentence.lang, CUE_SETS_BY_LANGUAGE["zh"]):
            if cue_set.openers is None:
                found.extend((match, cue_set) for match in cue_set.scan.finditer(self.text, sentence.start, sentence.end))
                continue
            resume = sentence.start
            for position in self.openers[bisect_left(self.openers, sentence.start):bisect_left(self.openers, sentence.end)]:
                if position >= resume:
                    match = cue_set.scan.match(self.lowered, position, sentence.end)
                    if match:
                        found.append((match, cue_set))
                        resume = match.end()
        return found


def _cue_set(table, leads: str, openers: re.Pattern | None = None, lower_case: bool = False) -> _CueSet:
    ordered = sorted(table, key=lambda cue: cue[1])
    alternatives = "|".join(f"(?P<c{i}>{pattern})" for i, (_, _, pattern) in enumerate(ordered))
    return _CueSet(
        scan=re.compile(f"(?=[{leads}])(?:{alternatives})"),
        singles=tuple((modality, rank, re.compile(pattern)) for modality, rank, pattern in ordered),
        openers=openers,
        lower_case=lower_case,
    )


def _words_pattern(words) -> str:
    """A pattern for any of `words` as a whole word, shaped as a tree of shared prefixes: at each place
    the engine then reads a letter or two instead of trying every word ("a(?:re|t)?|b(?:an|e)...")."""
    def branches(group: list[str]) -> str:
        by_first: dict[str, list[str]] = {}
        for word in group:
            if word:
                by_first.setdefault(word[0], []).append(word[1:])
        parts = [re.escape(first) + branches(rests) for first, rests in sorted(by_first.items())]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in group else body

    leads = "".join(sorted({word[0] for word in words}))
    return rf"(?=[{leads}])\b{branches(sorted(words))}\b"


CUE_SETS = {
    "zh": _cue_set(CHINESE_CUES, "".join(sorted(set("".join(CHINESE_CUE_LEADS.values()))))),
    "en": _cue_set(
        ENGLISH_CUES, "".join(sorted({word[0] for word in ENGLISH_CUE_FIRST_WORDS})),
        openers=re.compile(_words_pattern(ENGLISH_CUE_FIRST_WORDS)),
        lower_case=True),
}


# A mixed sentence ("发行人 shall ...") is read with both languages' cues.
CUE_SETS_BY_LANGUAGE = {"zh": (CUE_SETS["zh"],), "en": (CUE_SETS["en"],), "mixed": (CUE_SETS["zh"], CUE_SETS["en"])}


def _lower_case(text: str) -> str:
    """text.lower() with every offset kept: İ is the one letter whose lower case is two characters."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.replace("\u0130", "i").lower()


# --- cutting a sentence into pieces -----------------------------------------------------------

def _pieces(text: str, cues: _DocumentCues, sentence: Span, matches: list[tuple[re.Match, _CueSet]],
            figures: _ByPosition) -> list[_Piece]:
    """The sentence cut into pieces, each with its strongest valid cue among `matches` (no pieces when
    there are none)."""
    if not matches:
        return []
    matches.sort(key=lambda found: found[0].start())
    pieces = _cut(text, sentence)
    starts = [piece.start for piece in pieces]

    def piece_at(position: int) -> int:
        return bisect_right(starts, position) - 1

    # research opinion silences the rest of its sentence; advice only its own piece
    # (a hedge after the cue, "can secure longer terms and potentially lower rates", leaves it be)
    speculation = SPECULATION.search(text, sentence.start, sentence.end)
    silent_from = speculation.start() if speculation else sentence.end
    advised = {piece_at(m.start()) for m in ADVICE.finditer(text, sentence.start, sentence.end)}
    for match, cue_set in matches:
        at = piece_at(match.start())
        piece = pieces[at]
        if match.start() >= silent_from or at in advised:
            continue
        cue = _valid_cue(text, cues.source(cue_set), piece, match, cue_set, figures)
        if cue and (piece.cue is None or cue[1] < piece.cue[1]):
            piece.cue = cue
    return pieces


def _valid_cue(text: str, source: str, piece: _Piece, match: re.Match, cue_set: _CueSet, figures: _ByPosition):
    """The cue of the match, if it holds in its piece (`source` is the text the cue set was matched in)."""
    modality, rank = cue_set.cue_of(match)
    if modality == "definition" and rank > 0 and RANKING_SUBJECT.search(text, piece.start, match.start()):
        return None
    if modality != "limit" or _limit_holds(text, piece, match, figures):
        return modality, rank, match.start(), match.end()
    for modality, rank, pattern in cue_set.singles:  # a second look at the same place
        if modality != "limit":
            other = pattern.match(source, match.start(), piece.end)
            if other:
                return modality, rank, other.start(), other.end()
    return None


def _cut(text: str, sentence: Span) -> list[_Piece]:
    """Cut at commas and semicolons outside brackets (quotes may hold several statements)."""
    pieces, start, depth = [], sentence.start, 0
    for mark in PIECE_MARK.finditer(text, sentence.start, sentence.end):
        char, position = mark.group(), mark.start()
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and position > start and PIECE_BREAK.match(text, position):
            pieces.append(_Piece(start, position + 1, None))
            start = position + 1
    if start < sentence.end:
        pieces.append(_Piece(start, sentence.end, None))
    return pieces


def _limit_holds(text: str, piece: _Piece, match: re.Match, figures: _ByPosition) -> bool:
    """A limit needs its threshold figure right after the cue, and a weak cue a normative verb."""
    if match.group() in ("以内", "以下"):  # the figure comes first: 15个工作日以内; 以下 only in a rule
        figure_before = any(f.end == match.start() for f in figures.starting_in(piece.start, match.start()))
        return figure_before and (match.group() == "以内" or NORMATIVE_CONTEXT.search(text, piece.start, piece.end) is not None)
    if match.group() == "内":
        return _deadline_holds(text, piece, match, figures)
    if _threshold(text, match.end(), piece.end, figures) is None:
        return False
    if WEAK_LIMIT_CUES.match(match.group().lower()):
        return NORMATIVE_CONTEXT.search(text, piece.start, piece.end) is not None
    return True


def _deadline_holds(text: str, piece: _Piece, match: re.Match, figures: _ByPosition) -> bool:
    """"自受理之日起10个工作日内": a duration right before 内 that runs from an event or counts working days."""
    duration = [f for f in figures.starting_in(piece.start, match.start()) if f.end == match.start()]
    if not duration:
        return False
    figure = duration[-1]
    return (DEADLINE_START.search(text, piece.start, figure.start) is not None
            or DEADLINE_UNITS.search(figure.text) is not None
            or NORMATIVE_CONTEXT.search(text, piece.start, piece.end) is not None)


def _threshold(text: str, after: int, limit: int, figures: _ByPosition) -> Fact | None:
    """The figure that follows a limit cue closely, in the same piece."""
    for figure in figures.starting_in(after, limit):
        if figure.end > limit:
            return None
        gap = text[after:figure.start]
        return figure if len(gap) <= THRESHOLD_GAP and not re.search(r"[，,；;。]", gap) else None
    return None


# --- grouping pieces into clauses -------------------------------------------------------------

def _group(text: str, pieces: list[_Piece]):
    """(start, end, cue) of each clause: a cue piece plus the cue-less pieces that continue it."""
    current: list | None = None
    for i, piece in enumerate(pieces):
        body = text[piece.start:piece.end].strip(" \t，,；;")
        if MARKER_PIECE.match(body):
            if current:
                yield tuple(current)
            current = None
            continue
        if piece.cue is not None and _aside(text, piece):
            piece.cue = None
        if piece.cue is None:
            if current:
                current[1] = piece.end
            continue
        if current and _continues(text, piece, current):
            current[1] = piece.end
            continue
        if current:
            yield tuple(current)
        start = piece.start
        previous = pieces[i - 1] if i else None
        previous_body = text[previous.start:previous.end].strip(" \t，,；;") if previous else ""
        if previous and previous.cue is None and not MARKER_PIECE.match(previous_body) and (
                _starts_with_cue(text, piece) or SCOPE_OPENER.match(previous_body)):
            start = previous.start
            if current and current[1] > start:  # the previous clause gives up the piece it had taken
                current[1] = start
        current = [start, piece.end, piece.cue]
    if current:
        yield tuple(current)


def _continues(text: str, piece: _Piece, current: list) -> bool:
    """"...除了包括A之外,还包括B" and "是指A,发行主体包括B" are one clause, not two."""
    body = text[piece.start:piece.end].lstrip(" ，,；;")
    modality, rank = piece.cue[0], piece.cue[1]
    if piece.cue[1] == DEADLINE_RANK:  # a deadline inside a stated rule qualifies it
        return True
    if CONTINUATION.match(body) and modality == current[2][0] and modality not in SELF_STANDING:
        return True
    return current[2][0] == "definition" and modality == "definition" and rank > current[2][1]


def _aside(text: str, piece: _Piece) -> bool:
    """", 包括公园" -- a listing word with nothing before it lists examples; it defines nothing."""
    return piece.cue[0] == "definition" and piece.cue[1] > 0 and not text[piece.start:piece.cue[2]].strip(" ，,；;")


def _starts_with_cue(text: str, piece: _Piece) -> bool:
    """Has the piece no subject of its own ("可购买...", "以及B也纳入...")? Then the piece before is it."""
    lead = text[piece.start:piece.cue[2]].strip(" ，,；;")
    if LIST_LINK.match(lead):
        return True
    return len(CUE_ADVERBS.sub("", LEADING_LINKS.sub("", lead))) == 0


# --- the clause fact --------------------------------------------------------------------------

def _clause(text, index, sentence, start, end, cue, context: _Context) -> Fact:
    start, end = _tight(text, start, end)
    modality, _rank, cue_start, _cue_end = cue
    threshold = _limit_threshold(text, start, end, context.figures)
    authorities = context.authorities.starting_in(sentence.start, cue_start)
    opening = context.entities.starting_in(start, start + 1)
    if opening and opening[0].end <= cue_start:  # "央行提供再贷款资金，可购买...": the bank is bound
        subject = opening[0].get("id")
    else:
        subject = _subject(text, start, cue_start, end, any(a.start >= start for a in authorities))
    if modality == "definition" and subject and USE_OF_PROCEEDS.search(text, start, cue_start):
        modality = "permission"  # "资金用途包括A、B": the uses the money is allowed to go to
    rule = _rule_of(text, sentence, start, context.rules)
    authority = authorities[-1].get("id") if authorities else (rule.get("authority") if rule else None)
    fields = {
        "modality": modality,
        "threshold": threshold.to_json() if threshold else None,
        "subject": subject,
        "rule": rule.get("rule_id") if rule else None,
        "authority": authority,
    }
    return Fact("clause", start, end, text[start:end], fields, index)


def _tight(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading link words and white space, trailing punctuation."""
    while start < end and text[start] in " \t\u3000，,；;":
        start += 1
    for pattern in (LEADING_MARKS, LEADING_LINKS):
        lead = pattern.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
    while end > start and text[end - 1] in " \t\u3000，,；;。.!！？?":
        end -= 1
    return start, end


def _limit_threshold(text: str, start: int, end: int, figures: _ByPosition) -> Fact | None:
    for match in LIMIT_CUE.finditer(text, start, end):
        figure = _threshold(text, match.end(), end, figures)
        if figure:
            return figure
    for figure in figures.within(start, end):  # "...15个工作日以内"
        if text.startswith(("以内", "以下"), figure.end):
            return figure
    return None


def _subject(text: str, start: int, cue_start: int, end: int, names_authority: bool) -> str | None:
    """The words before the cue when they are short and not the authority; else a known term."""
    before = SUBJECT_NOISE.sub("", text[start:cue_start].strip()).strip()
    short = 0 < len(before) <= 20 if not before.isascii() else 0 < len(before.split()) <= 6
    if short and not names_authority and not PIECE_BREAK.search(before):
        return before
    term = SUBJECT_TERMS.search(text, cue_start, end) or SUBJECT_TERMS.search(text, start, cue_start)
    return term.group() if term else None


def _rule_of(text: str, sentence: Span, start: int, rules: _ByPosition) -> Fact | None:
    """The rule the sentence cites; else the one cited before it in the paragraph, when the
    sentence refers back to it (an item of its list, or a sentence that opens with its cue)."""
    in_sentence = rules.starting_in(sentence.start, sentence.end)
    if in_sentence:
        before = [r for r in in_sentence if r.start < start]
        return before[-1] if before else in_sentence[0]
    paragraph_start = text.rfind("\n", 0, sentence.start) + 1
    earlier = rules.starting_in(paragraph_start, sentence.start)
    if earlier and (REFERS_BACK.match(text, sentence.start, sentence.end) or _after_semicolon(text, sentence)):
        return earlier[-1]
    return None


def _after_semicolon(text: str, sentence: Span) -> bool:
    """A sentence after ；goes on with the statement before it (the splitter cuts at ；)."""
    before = text[max(0, sentence.start - 3):sentence.start].rstrip()
    return before.endswith(("；", ";"))
