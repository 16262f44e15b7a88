"""Rule clauses: the normative statements of a text, with their modality, threshold and rule.

A clause is a sentence or a sub-sentence. Each sentence is cut at commas and semicolons into
pieces; a piece that carries a modality cue (应当, 不得, 可, 不超过 + a figure, 是指; shall, must not,
may, does not exceed, means ...) starts a clause, and the pieces after it without a cue of their own
continue it (lists and purpose phrases run on over commas). A cue piece that starts with its cue
("可购买...", "新增支持...") takes the piece right before it as its subject.

A rule document's own articles (第五条 ..., Article 5 ... after its title standing on a line of its
own) belong to that rule and its issuer, who is also the 本所 / the Exchange of its text. Limits and
abilities (可以, can) count only in a normative frame: "配对样本期限相差不超过1年" in a method statement and
"绿色贴标可以降低成本" are no rules; a limit that names a class ("1年以内的债券") is the scope of the clause
after it.

Not every 可 or 需 is a rule: research opinion (预计, 可能, 或将, expected, could, might), advice
(需关注, 仍需谨慎, investors should note) and descriptive verbs (可能, 可望, 可以看出, "may crowd out")
are told apart by the tables below, so that a research report's forecasts do not become clauses.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

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
    ("prohibition", 2, r"不得|禁止|严禁|不(?:会|再)?被?允许|不准|不应当?|不可(?!能|避免|小觑|或缺)"),
    ("obligation", 3, r"应当|应(?=予|按|在|于|由|符合|满足|具备|提|向|遵|及时|披露|明确|设置|确保)|必须(?!指出|说明|强调)|务必"
                      # "需要说明的是" introduces a remark, not a duty (it is a MARKER_PIECE)
                      r"|(?<![无所必急])须(?!知)|(?<![无所急])需(?!要?(?:说明|指出|强调|提醒|提示|注意)的是)要?(?!求)"
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
                       r"|is forbidden|are forbidden|prohibits?|bans?"
                       # "no issuer shall be allowed to ...": a permission denied to everyone
                       r"|no (?:[\w-]+ ){1,4}(?:will |shall |may |can )?(?:be|is|are) (?:allowed|permitted) to)\b"),
    ("obligation", 3, r"\b(?:shall|must|(?:is|are) required to|it is necessary to|(?:is|are) obliged to|needs? to|ha(?:s|ve) to"
                      r"|should|requires? (?:\w+ ){1,3}to)\b"
                      # "it should be noted that": a remark to the reader, not a duty
                      r"(?! be (?:noted|said|stressed|pointed out|mentioned|borne in mind|remembered)\b)"),
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
# ("此后3个月内利差收窄": 此后/其后/随后 tell when something happened, no event a deadline runs from)
DEADLINE_START = re.compile(r"(?:之日起|日起|起|(?<![此其随])后)\s*$")
DEADLINE_UNITS = re.compile(r"工作日")
DEADLINE_RANK = 6
NORMATIVE_CONTEXT = re.compile(r"应|须|需|要求|不得|原则上|规定|\b(?:shall|must|required|should|may|generally|in principle)\b")
# A limit ("相差不超过1年", "均在5bp以内") and an ability ("贴标可以降低成本") are rules only in a normative frame;
# in a method statement or a description of data they are not. The frame: an obligation or prohibition
# cue in the sentence (for a limit, a permission too: "发行人可以将不超过30%的资金..."), one of these
# words, a rule the sentence cites or refers back to, an article of a rule document, or an item of a
# list whose lead sets conditions ("应当具备下列条件：").
NORMATIVE_FRAME = re.compile(
    r"(?=[原规明要门上下条限应须必前pPoOeEsSmMrRiIgGcCtTuU])(?:原则上|规定|明确|要求|门槛|上限|下限|条件|限额|限于|应当|应(?=不|在|为|予|按|于)|须(?!知)|必须"
    r"|前提是|条件是|\b(?:shall|must|required|requirements?|in principle|generally|capped|cap|threshold|eligib\w*|criteria"
    r"|provided that|on condition that|subject to"
    r"|under the (?:rules|guidelines|measures|notice|regulations|circular))\b)", re.IGNORECASE)
FRAMING_MODALITIES = frozenset({"obligation", "prohibition", "permission"})
RULING_MODALITIES = frozenset({"obligation", "prohibition"})
# A limit cue with a modal verb in it frames itself: 不得低于, 不应超过, shall not exceed.
SELF_FRAMED_LIMIT = re.compile(r"不得|不应|shall|must|may|should|cannot|can not", re.IGNORECASE)
LIST_LEAD_REACH = 400  # characters back from a list item to the colon that announces its list
# A limit cue with 的 after its figure describes a class ("剩余期限在1年以内的债券"), and one after
# "with"/"of" too ("bonds with at least 5 years to run"): a scope, not a limit of its own.
ATTRIBUTIVE_AFTER = "的"
ATTRIBUTIVE_BEFORE = ("with ", "of ")
# ...unless what follows 的 is the measured share itself: "不低于70%的资金用于研发" is a limit.
MEASURED_SHARE = re.compile(r"比例|部分|份额|资金|金额|规模|募集资金")

# Opinion and forecast: a clause piece with one of these (or one before it in the same sentence)
# is research, not a rule.
SPECULATION = re.compile(
    r"(?=[预推估或有可料也大我将相押信elcmwpfsbELCMWPFSB])(?:预计|预期|推断|估计|或将|或也将|或还|或许|或可|或处于|有望|可望|料将|也许|大概率|可能|我们认为|我们预计"
    # a future need ("将需要筹资") and a belief ("市场相信...不会被允许违约") describe, they do not rule
    r"|将需|相信|押注|信仰"
    r"|\b(?:expects?|expected|likely|could|might|would|potentially|possibly|perhaps|forecasts?|predicts?|whether"
    r"|will (?:still |also |now |then |eventually |probably )?need to"
    r"|(?:promise[sd]?|pledged?|belief|believe[sd]?|bets?|betting) (?:that|on))\b"
    # "demand should stay firm": should with a verb of how markets move is a forecast
    r"|\bshould (?:stay|remain|continue|keep|hold|stabili[sz]e|rise|fall|improve|recover|pick up|ease|narrow|widen)\b)",
    re.IGNORECASE,
)
# Advice to the reader is not a rule either.
ADVICE = re.compile(r"(?=[可需仍还尚建值sw])(?:可(?:以)?(?:进一步)?(?:细分|归纳|概括|总结|归类)|需(?:要)?(?:注意|关注|谨慎|警惕)|仍需|还需|尚需|建议|值得注意|\bshould (?:note|be aware|watch|consider)\b|\bworth noting\b)")

# Pieces that only frame what follows (they end a clause and are never part of one).
MARKER_PIECE = re.compile(
    r"^(?:一方面|另一方面|其中|同时|此外|另外|值得注意的是|需要(?:说明|指出|强调|提醒|提示|注意)的是|必须指出的是|因此|由此|总体来看|具体而言|首先|其次|最后|例如|比如|对此"
    r"|在.{0,24}方面|从.{0,24}(?:来看|看|而言|角度)|对比.{0,24}|与.{0,24}相对应"
    r"|(?:In terms of|For example|For instance|At present|At the same time|In addition|However|Moreover|Meanwhile"
    r"|In particular|Currently|As a result|Therefore|Specifically)\b.{0,60})$"
)
# Words that only link a piece to the one before it: stripped from a clause's start, and a piece
# that starts with one of them and repeats the clause's kind of cue continues that clause.
LEADING_LINKS = re.compile(r"^(?:而是|而|并且|并|且|还|也|同时还|以及|或者|及|和|但是|但|and |but |while |so |or )")
# A piece that opens with one of these carries on a list begun in the piece before it.
LIST_LINK = re.compile(r"^(?:以及|及|和|与|或者|and |or )")
# Adverbs that may stand between the link word and the cue of a piece that has no subject of its own.
CUE_ADVERBS = re.compile(r"^(?:明确|进一步|另|亦|均|则|同时)*")
# Footnote and list markers at the start of a sentence are not part of a clause: [2], 1., ①.
LEADING_MARKS = re.compile(r"(?:\[\d{1,3}\]|[①-⑳]|\d{1,2}[.、](?!\d)|[(（](?:[一二三四五六七八九十]{1,3}|\d{1,2}|[a-h])[)）])\s*")
# The number of an article of a rule, at the start of its line, is not part of its clause: 第五条, Article 5.
ARTICLE_NUMBER = re.compile(r"(?:第[一二三四五六七八九十百零〇\d]{1,6}条|Article \d{1,3}[.:]?)(?=[\s\u3000\u4e00-\u9fff])[\s\u3000]*")
HEADING_LINE_OPENING = re.compile(r"[\s\u3000]*(?:附件\s*[0-9一二三四五六七八九十]*\s*[:：]\s*)?《?")
# (found by their own words, then checked to open their line: far faster than a ^ in MULTILINE mode)
ARTICLE_OPENING = re.compile(r"第[一二三四五六七八九十百零〇\d]{1,6}条|Article \d{1,3}\b")
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
# "可以"/"can"/"may" is a permission when it is given to an actor (or, in a normative frame, to
# anything); "贴标可以降低成本" says what a thing can do. Actors, by the ending of the subject:
CHINESE_ACTOR_ENDINGS = ("人", "者", "商", "机构", "公司", "企业", "银行", "券商", "基金", "政府", "地方", "财政", "部门",
                         "协会", "交易所", "本所", "本会", "央行", "主体", "平台", "单位", "中心", "委员会")
# ...or an actor named at its head ("政策性银行安排专项额度，可认购...")
CHINESE_ACTOR_WORDS = re.compile("|".join(ending for ending in CHINESE_ACTOR_ENDINGS if len(ending) > 1) + "|发行人|投资人|投资者")
ENGLISH_ACTORS = re.compile(
    r"\b(?:issuers?|banks?|firms?|compan(?:y|ies)|investors?|institutions?|governments?|provinces?|insurers?|brokers?"
    r"|underwriters?|funds?|entities|enterprises?|corporations?|authorit(?:y|ies)|regulators?|lenders?|borrowers?"
    r"|exchanges?|cities|municipalities|vehicles?|platforms?|trustees?|managers?|members?|dealers?|applicants?"
    r"|market makers?|holders?|subsidiaries|parents?|groups?|localities|counties)\b", re.IGNORECASE)
ABILITY_CUE = re.compile(r"可|can\b|may\b", re.IGNORECASE)
PERMITTED_USE = re.compile(r"可(?:以)?(?:用于|投向)|(?:can|may) (?:also )?be used", re.IGNORECASE)
# Verbs that bind a party named after them: "要求发行人披露", "允许X的子公司作为发起人", "requires issuers to".
OBJECT_BOUND_CUE = re.compile(r"要求|允许|准许|新增支持|require|allow|permit", re.IGNORECASE)
# Where the party named after such a verb ends: at the verb of what it must or may do.
BOUND_PARTY = re.compile(
    r"(?P<party>[^，,；;。]{1,20}?)(?:作为|在|以|按|将|对|向|通过|参与|开展|申请|采用|披露|符合|满足|提供|设立|使用|购买|主要|由"
    r"|发行(?![人主])|投资(?![机者人公基])|[，,；;。])"
    r"|(?P<english>(?:[\w-]+ ){1,5}?)to\b")
POSSESSIVE_MARKS = ("'s", "’s", "的")
REPORTED_SPEECH = re.compile(r"\b(?:said|says|stated|states|announced|noted|added|argued|argues|explained|wrote|told \w+)"
                             r"(?: on [^,;]{1,30}?)? that\s+", re.IGNORECASE)
ARTICLE_WORD = re.compile(r"[\"“‘'「]?(?:(?:the|The|THE)\s+)?")
# A definition's subject is the term it defines: 本指引所称X，是指...; "the term X" means ...
DEFINED_TERM = (
    re.compile(r"所称(?P<term>[^，,；;。]{1,30}?)[，,\s]*$"),
    re.compile(r"^(?:in (?:these|this) \w+,\s*)?(?:the (?:term|expression)\s+)?[\"“‘']?(?P<term>[^\"”’']{1,60}?)[\"”’']?\s*$",
               re.IGNORECASE),
)
# A subject that opens with a verb of having names no actor ("配备不少于3名合规人员"): the actor is
# stated earlier (the applicant), so the clause has none of its own.
HAVING_VERB = re.compile(r"^(?:配备|拥有|持有|具有|具备|设有|聘用|聘请|配置|保持|维持)(?![人者方])"
                         r"|^(?:hold|have|maintain|employ|keep|own|retain)\b", re.IGNORECASE)
# "募集资金用途发生变更的，应当...": a piece ending with 的 states a condition, not who is bound.
CONDITION_END = re.compile(r"的\s*[，,]\s*$")
# In a rule document, these words name its issuer: 本所 (this exchange), 本会, the Exchange.
SELF_REFERENCES = re.compile(r"^(?:本所|本会|本协会|本中心|本行|本委|本部|本交易所|(?:[Tt]he|[Tt]his) (?:Exchange|Association|Commission|Centre|Center))$")

# A listing (包括) whose subject is the use of proceeds lists what the money may be spent on.
USE_OF_PROCEEDS = re.compile(r"募集资金用途|资金用途|use of proceeds|proceeds may", re.IGNORECASE)
# Words that stand between the subject and the cue and are not part of the subject: adverbs of
# frequency and scope ("the review normally does not exceed ...", "发行人原则上不得 ...").
CHINESE_SUBJECT_TRAILERS = ("则", "也", "还", "均", "都", "主要", "原则上", "一般", "通常", "一律", "同时", "已", "将",
                            "需要", "除了", "明确", "应当", "(?<![供响相对适反回效])应", "必须", "须")
ENGLISH_SUBJECT_TRAILERS = ("generally", "normally", "usually", "typically", "ordinarily", "in principle", "also",
                            "(?:shall|must|should|will) be", "is", "are",
                            # a modal verb and what follows it: "investment firms must invest [no less than]"
                            r"(?:shall|must|should|may|will|can)\b.*")
SUBJECT_NOISE = re.compile(
    # a time phrase after the subject: "本所自收到申请之日起10个工作日"
    r"自[^，,；;]{1,24}?起[^，,；;]*$|"
    "(?:" + "|".join(CHINESE_SUBJECT_TRAILERS) + r"|\s+(?:" + "|".join(ENGLISH_SUBJECT_TRAILERS) + "))+$"
    r"|^(?:其中|同时|并|而|要求|规定|明确|约定|and |but |provided that\b|on condition that\b)"
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
                         # a rule named by its kind ("指引不再区分...", "The circular also ...")
                         r"|指引|办法|细则|规则|意见|新规|要求|明确|规定|Under (?:the|these|this)"
                         r"|The (?:rules|notice|measures|guidelines?|circular|announcement|document|regulations?)\b)")


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    cue: tuple[str, int, int, int] | None  # (modality, rank, cue start, cue end)
    scope: bool = False  # names a class by an attributive limit ("剩余期限在1年以内的债券")


def find_clauses(text: str, sentences: list[Span], figures: list[Fact], rules: list[Fact],
                 entities: list[Fact]) -> list[Fact]:
    """Clause facts with `modality`, `threshold`, `subject`, `rule` and `authority`."""
    cues = _DocumentCues(text, sentences)
    context = _Context(
        figures=_ByPosition(figures),
        rules=_ByPosition(rules),
        authorities=_ByPosition([e for e in entities if e.type == "entity" and e.get("kind") in AUTHORITY_KINDS]),
        entities=_ByPosition([e for e in entities if e.type == "entity"]),
        own=_RuleDocument(text, rules),
    )
    clauses = []
    for index, sentence in enumerate(sentences):
        matches = cues.in_sentence(sentence)
        classification_item = _classification_item(text, sentence)
        if not matches and not classification_item:  # most sentences: nothing to look at
            continue
        framed = _Frame(text, sentence, matches, context)
        pieces = _pieces(text, cues, sentence, matches, context.figures, framed)
        if classification_item:
            clause, _ = _clause(text, index, sentence, (sentence.start, sentence.end, _item_cue(pieces, sentence),
                                                        sentence.start), context, None, framed)
            clauses.extend([clause] if clause else [])
            continue
        previous = None  # the subject before in the sentence: a clause that opens with its cue shares it
        for span in _group(text, pieces):
            if span[1] - span[0] < MIN_CLAUSE_CHARS:  # "包括公园": a stray cue word, not a statement
                continue
            clause, previous = _clause(text, index, sentence, span, context, previous, framed)
            if clause:
                clauses.append(clause)
    return clauses


class _Frame:
    """Does a sentence stand in a normative frame (see NORMATIVE_FRAME)? Asked only when a limit or an
    ability needs it, and then found once."""

    __slots__ = ("text", "sentence", "matches", "context", "holds")

    def __init__(self, text: str, sentence: Span, matches, context):
        self.text, self.sentence, self.matches, self.context = text, sentence, matches, context
        self.holds: dict[frozenset, bool] = {}

    def __call__(self, modalities: frozenset = FRAMING_MODALITIES) -> bool:
        """`modalities`: the cues in the sentence that frame it (an ability is not framed by its own 可以)."""
        if modalities not in self.holds:
            self.holds[modalities] = _normative_frame(self.text, self.sentence, self.matches, self.context, modalities)
        return self.holds[modalities]


def _normative_frame(text: str, sentence: Span, matches, context, modalities: frozenset) -> bool:
    if any(cue_set.cue_of(match)[0] in modalities for match, cue_set in matches):
        return True
    if NORMATIVE_FRAME.search(text, sentence.start, sentence.end):
        return True
    if context.own.rule_at(sentence.start) or _rule_of(text, sentence, sentence.start, context.rules):
        return True
    return _item_of_a_list_of_conditions(text, sentence)


def _item_of_a_list_of_conditions(text: str, sentence: Span) -> bool:
    """"应当具备下列条件：（一）...；（二）..." -- is the sentence an item of a list whose lead is normative?"""
    before = text[max(0, sentence.start - LIST_LEAD_REACH):sentence.start]
    colon = max(before.rfind("："), before.rfind(":"))
    if colon < 0 or "。" in before[colon:] or ". " in before[colon:]:
        return False
    lead = before[max(before.rfind("。", 0, colon), before.rfind(". ", 0, colon), before.rfind("\n\n", 0, colon)) + 1:colon]
    return NORMATIVE_FRAME.search(lead) is not None or NORMATIVE_CONTEXT.search(lead) is not None


class _RuleDocument:
    """The rule a document is itself: a rule title standing alone on its line (a 指引's heading, an
    attachment's name) followed by articles (第一条 ..., Article 1 ...). The clauses of those articles
    belong to that rule, and to its issuer: the heading's authority or, where it names none, that of
    the document's own number (上证发〔2025〕118号 -> SSE)."""

    def __init__(self, text: str, rules: list[Fact]):
        self.headings = sorted((r for r in rules if _stands_alone(text, r)), key=lambda r: r.start)
        self.heading_starts = [r.start for r in self.headings]
        self.articles = [m.start() for m in ARTICLE_OPENING.finditer(text) if _opens_its_line(text, m.start())
                         and ARTICLE_NUMBER.match(text, m.start())] if self.headings else []
        self.number_authority = next((r.get("authority") for r in self.headings if r.get("number") and r.get("authority")),
                                     None)

    def rule_at(self, position: int) -> Fact | None:
        """The document's own rule, when `position` lies in its articles."""
        if not self.articles:
            return None
        heading = bisect_right(self.heading_starts, position) - 1
        article = bisect_right(self.articles, position) - 1
        if heading < 0 or article < 0 or self.articles[article] < self.headings[heading].start:
            return None
        return self.headings[heading]

    def authority_of(self, rule: Fact) -> str | None:
        return rule.get("authority") or self.number_authority


def _opens_its_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip()


def _stands_alone(text: str, rule: Fact) -> bool:
    """Is the rule the whole of its line (an attachment label and 《》 aside)?"""
    line_start = text.rfind("\n", 0, rule.start) + 1
    line_end = text.find("\n", rule.end)
    line_end = len(text) if line_end < 0 else line_end
    return (HEADING_LINE_OPENING.fullmatch(text, line_start, rule.start) is not None
            and not text[rule.end:line_end].strip(" \t\r\u3000》"))


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
    own: "_RuleDocument"


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
    found in one pass over each run of English (or mixed) sentences -- the whole of an English document,
    a sentence here and there of a Chinese one (a word never runs over a sentence boundary, so a pass
    per sentence would find the same ones)."""

    def __init__(self, text: str, sentences: list[Span]):
        self.text = text
        self.lowered = text
        self.openers: list[int] = []
        runs = _english_runs(sentences)
        if runs:
            self.lowered = _lower_case(text)
            openers = CUE_SETS["en"].openers
            for start, end in runs:
                self.openers += [word.start() for word in openers.finditer(self.lowered, start, end)]

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


def _english_runs(sentences: list[Span]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive sentences of one language that English cues are matched in."""
    runs = []
    for lang, run in groupby(sentences, key=SENTENCE_LANGUAGE):
        if lang in ENGLISH_CUE_LANGUAGES:
            run = list(run)
            runs.append((run[0].start, run[-1].end))
    return runs


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
ENGLISH_CUE_LANGUAGES = frozenset(lang for lang, cue_sets in CUE_SETS_BY_LANGUAGE.items() if CUE_SETS["en"] in cue_sets)
SENTENCE_LANGUAGE = attrgetter("lang")


def _lower_case(text: str) -> str:
    """text.lower() with every offset kept: İ is the one letter whose lower case is two characters."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.replace("\u0130", "i").lower()


# --- cutting a sentence into pieces -----------------------------------------------------------

def _pieces(text: str, cues: _DocumentCues, sentence: Span, matches: list[tuple[re.Match, _CueSet]],
            figures: _ByPosition, framed: _Frame) -> list[_Piece]:
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
        cue = _valid_cue(text, cues.source(cue_set), piece, match, cue_set, figures, framed)
        if cue and (piece.cue is None or cue[1] < piece.cue[1]):
            piece.cue = cue
    return pieces


def _valid_cue(text: str, source: str, piece: _Piece, match: re.Match, cue_set: _CueSet, figures: _ByPosition,
               framed: _Frame):
    """The cue of the match, if it holds in its piece (`source` is the text the cue set was matched in)."""
    modality, rank = cue_set.cue_of(match)
    if modality == "definition" and rank > 0 and RANKING_SUBJECT.search(text, piece.start, match.start()):
        return None
    if modality != "limit":
        return modality, rank, match.start(), match.end()
    threshold = _limit_figure(text, piece, match, figures)
    if threshold is not None and rank < DEADLINE_RANK and _names_a_class(text, match.start(), threshold):
        piece.scope = True  # "剩余期限在1年以内的债券": the class a clause after it applies to
    elif threshold is not None and _limit_holds(text, piece, match, figures, framed):
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


def _limit_figure(text: str, piece: _Piece, match: re.Match, figures: _ByPosition) -> int | None:
    """Where the threshold of a limit cue ends (the cue itself for 以内/以下/内, whose figure comes
    first); None when the cue has no figure."""
    if match.group() in ("以内", "以下", "内"):  # 15个工作日以内, 10个工作日内
        return match.end() if any(f.end == match.start() for f in figures.starting_in(piece.start, match.start())) else None
    figure = _threshold(text, match.end(), piece.end, figures)
    return figure.end if figure else None


def _limit_holds(text: str, piece: _Piece, match: re.Match, figures: _ByPosition, framed: _Frame) -> bool:
    """A limit with its figure (see _limit_figure) holds when a weak cue has a normative verb in its
    piece, and every limit but a deadline stands in a normative frame (a method or a data description
    sets no limit)."""
    if match.group() in ("以内", "以下"):  # 以下 only in a rule
        return (match.group() == "以内" or NORMATIVE_CONTEXT.search(text, piece.start, piece.end) is not None) and framed()
    if match.group() == "内":
        return _deadline_holds(text, piece, match, figures)
    if WEAK_LIMIT_CUES.match(match.group().lower()):
        return NORMATIVE_CONTEXT.search(text, piece.start, piece.end) is not None
    return SELF_FRAMED_LIMIT.search(match.group()) is not None or framed()


def _names_a_class(text: str, cue_start: int, threshold_end: int) -> bool:
    """"期限在1年以内的债券", "bonds with at least 5 years to run": the limit describes a class."""
    return (text.startswith(ATTRIBUTIVE_AFTER, threshold_end) and not MEASURED_SHARE.match(text, threshold_end + 1)
            or text[max(0, cue_start - 5):cue_start].lower().endswith(ATTRIBUTIVE_BEFORE))


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
    """(start, end, cue, subject start) of each clause: a cue piece plus the cue-less pieces that continue
    it, and before it the piece that is its subject ("政策性银行安排专项额度，可认购...") or its scope
    ("对于...的发行人，本所实行...", "剩余期限在1年以内的债券，价差可以放宽至...")."""
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
        start = subject_start = piece.start
        previous = pieces[i - 1] if i else None
        previous_body = text[previous.start:previous.end].strip(" \t，,；;") if previous else ""
        if previous and previous.cue is None and not MARKER_PIECE.match(previous_body):
            if _starts_with_cue(text, piece):
                start = subject_start = previous.start
            elif SCOPE_OPENER.match(previous_body) or previous.scope:
                start = previous.start
            if current and current[1] > start:  # the previous clause gives up the piece it had taken
                current[1] = start
        current = [start, piece.end, piece.cue, subject_start]
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

def _clause(text, index, sentence, span, context: _Context, previous, framed: _Frame):
    """The clause fact of a span (start, end, cue, subject start), None for an ability that is no
    permission ("贴标可以降低成本"); and its subject as (subject, is an actor) for the next clause."""
    start, end = _tight(text, span[0], span[1])
    subject_start = _tight(text, span[3], end)[0] if span[3] > start else start
    modality, _rank, cue_start, cue_end = span[2]
    threshold = _limit_threshold(text, subject_start, end, context.figures, modality)  # not a figure of its scope
    authorities = context.authorities.starting_in(sentence.start, cue_start)
    own_rule = context.own.rule_at(sentence.start)
    own_authority = context.own.authority_of(own_rule) if own_rule else None
    subject, actor = _subject(text, subject_start, span[2], end, authorities, context, previous, own_authority)
    if (modality == "permission" and ABILITY_CUE.match(text, cue_start) and not PERMITTED_USE.match(text, cue_start)
            and not (actor or subject and _is_actor(subject)) and not framed(RULING_MODALITIES)):
        return None, (subject, actor)
    if modality == "definition" and subject and USE_OF_PROCEEDS.search(text, start, cue_start):
        modality = "permission"  # "资金用途包括A、B": the uses the money is allowed to go to
    rule = own_rule or _rule_of(text, sentence, start, context.rules)
    if own_rule:
        authority = own_authority
    else:
        authority = authorities[-1].get("id") if authorities else (rule.get("authority") if rule else None)
    fields = {
        "modality": modality,
        "threshold": threshold.to_json() if threshold else None,
        "subject": subject,
        "rule": rule.get("rule_id") if rule else None,
        "authority": authority,
    }
    return Fact("clause", start, end, text[start:end], fields, index), (subject, actor)


def _tight(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an article number at the start of its line, leading marks, link words and white space,
    trailing punctuation."""
    while start < end and text[start] in " \t\u3000，,；;":
        start += 1
    article = ARTICLE_NUMBER.match(text, start, end)
    if article and article.end() < end and _opens_its_line(text, start):
        start = article.end()
    for pattern in (LEADING_MARKS, LEADING_LINKS):
        lead = pattern.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
    while end > start and text[end - 1] in " \t\u3000，,；;。.!！？?":
        end -= 1
    return start, end


def _limit_threshold(text: str, start: int, end: int, figures: _ByPosition, modality: str) -> Fact | None:
    """The first figure that a limit cue sets (not one that only names a class: "1年以内的债券"); a
    deadline's duration (10个工作日内) only in a limit."""
    after_figure = ("以内", "以下", "内") if modality == "limit" else ("以内", "以下")
    for match in LIMIT_CUE.finditer(text, start, end):
        figure = _threshold(text, match.end(), end, figures)
        if figure and not _names_a_class(text, match.start(), figure.end):
            return figure
    for figure in figures.within(start, end):  # "...15个工作日以内", a deadline "10个交易日内"
        cue = next((cue for cue in after_figure if text.startswith(cue, figure.end)), None)
        if cue and not _names_a_class(text, figure.end, figure.end + len(cue)):
            return figure
    return None


def _subject(text: str, start: int, cue, end: int, authorities: list[Fact], context: _Context,
             previous: tuple[str | None, bool | None] | None, own_authority: str | None) -> tuple[str | None, bool | None]:
    """Who or what the clause binds, and whether that is an actor (an organisation or a party such as
    发行人 / issuers, rather than a thing): True, or None when only its words can tell (see _is_actor,
    asked only where it matters)."""
    party = _bound_party(text, cue, end)
    if party:  # "还允许X的子公司作为发起人", "requires issuers to": the party named after the verb
        return party, None
    start = _after_reported_speech(text, start, cue[2])
    opening = _opening_entity(text, start, cue[2], context)
    if opening:  # "央行提供再贷款资金，可购买...", "The PBOC can buy ...": the bank is bound
        return opening.get("id"), True
    before = _words_before(text, start, cue[2])
    if not before:  # "做市商不得A，不得B": the subject of the clause before
        return previous or (None, False)
    subject = _subject_words(text, start, before, cue, authorities)
    if subject is None:
        return None, False
    if own_authority and SELF_REFERENCES.match(subject):  # 本所 in the exchange's own rule
        return own_authority, True
    return subject, None


def _bound_party(text: str, cue, end: int) -> str | None:
    bound = OBJECT_BOUND_CUE.match(text, cue[2])
    if not bound:
        return None
    after = bound.end() + (text.startswith("s ", bound.end()) and 2)
    party = BOUND_PARTY.match(text, after, end)
    words = party and (party.group("party") or party.group("english") or "").strip()
    if words:
        return words
    term = SUBJECT_TERMS.search(text, after, end)  # a long list of parties: the first known one
    return term.group() if term else None


def _after_reported_speech(text: str, start: int, cue_start: int) -> int:
    """"The SSE said on 13 June that issuers may ...": the subject is the one after the speech verb."""
    said = None
    if text.find(" that ", start, cue_start) >= 0:  # English reported speech only
        for said in REPORTED_SPEECH.finditer(text, start, cue_start):
            pass
    return said.end() if said else start


def _words_before(text: str, start: int, cue_start: int) -> str:
    return SUBJECT_NOISE.sub("", text[start:cue_start].strip(" \t\u3000，,；;\"“”‘’「」")).strip()


def _subject_words(text: str, start: int, before: str, cue, authorities: list[Fact]) -> str | None:
    modality, _rank, cue_start, _cue_end = cue
    if modality == "definition":
        term = DEFINED_TERM[before.isascii()].search(before)
        if term:
            return term.group("term").strip()
    if HAVING_VERB.match(before):
        return None
    if CONDITION_END.search(text, max(start, cue_start - 4), cue_start):  # "情节严重的，可以...": a condition
        term = SUBJECT_TERMS.search(before)
        return term.group() if term else None
    names_authority = any(a.start >= start for a in authorities)
    short = len(before) <= 20 if not before.isascii() else len(before.split()) <= 6
    if short and not names_authority and not PIECE_BREAK.search(before):
        return before
    term = SUBJECT_TERMS.search(text, start, cue_start)
    return term.group() if term else None


def _opening_entity(text: str, start: int, cue_start: int, context: _Context) -> Fact | None:
    """The organisation the clause opens with (after an English article), when it stands before the cue
    and is not the owner of the subject ("The SSE's guideline ...", "上交所的规则...")."""
    article = ARTICLE_WORD.match(text, start, cue_start)
    at = article.end() if article else start
    opening = context.entities.starting_in(at, at + 1)
    if not opening or opening[0].end > cue_start or text.startswith(POSSESSIVE_MARKS, opening[0].end):
        return None
    return opening[0]


def _is_actor(subject: str) -> bool:
    if subject.isascii():
        return ENGLISH_ACTORS.search(subject) is not None
    return subject.endswith(CHINESE_ACTOR_ENDINGS) or CHINESE_ACTOR_WORDS.search(subject) is not None


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
