"""Organisations, people and bonds named in a document, each resolved to a stable id.

Where the mentions come from, strongest first:
  1. lexicon names (any alias, either language), found by the lexicon's trie matcher on raw text;
  2. context: a media name in (来源:X) or a dateline, authors after 作者 / in a byline / in a wire credit
     line ("Reporting by A and B"), a person quoted with their employer ("says NAME, analyst at ORG"),
     a leader's government ("the Biden administration");
  3. discovery: a legal-form or institutional suffix (有限公司 集团 银行 ... / Co., Ltd. Group Bank ...)
     whose name is read leftwards -- for Chinese with the lexicon's jieba tokenizer on a small window;
  4. bond short names (23巨化01, 25水投K2, 葛洲YK02).
Overlapping mentions are settled by "the longest span wins" (then the stronger source), so 中国银行
inside 中国银行间市场交易商协会 and Bank of China inside People's Bank of China are not Bank of China.
Generic words (商业银行, 证券公司, central SOEs) are lexicon terms or generic cores and never reported.
A discovered name gets an id from its normalised form (the same in every document); a short form
used after a full one (巨化集团有限公司 ... 巨化集团) takes the full form's id.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Iterable, Iterator

from lexicon import Lexicon, discovered_id, normalised_key
from lexicon.core import ENTITY_TYPES, Memo

from .model import Fact

HAN = "\u3400-\u4dbf\u4e00-\u9fff"

# -- Chinese discovery tables ----------------------------------------------------------------------
# Name endings that make the characters before them an organisation name, with the kind they give.
ZH_SUFFIX_KINDS = {
    "股份有限公司": "company", "有限责任公司": "company", "有限公司": "company", "集团": "company",
    "控股": "company", "证券": "company", "研究院": "company", "研究所": "company", "研究中心": "company",
    "银行": "bank", "交易所": "exchange", "协会": "association", "大学": "university", "学院": "university",
    "日报": "media", "晚报": "media", "早报": "media", "时报": "media", "商报": "media", "周刊": "media",
    "电视台": "media",
    "管理局": "government", "监管局": "government", "统计局": "government", "税务局": "government",
    "财政局": "government", "金融局": "government", "人民政府": "government", "委员会": "government",
    "办公厅": "government", "财政厅": "government",
}
ZH_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
# A research department after an organisation's own suffix names the organisation (某某证券研究所,
# 某某证券股份有限公司研究院 are 某某证券): the department is left out of the name.
DEPARTMENT_SUFFIXES = frozenset({"研究所", "研究院", "研究中心", "Research", "Institute"})
# A name is read from the Han characters right before its suffix, at most this many.
ZH_WINDOW = 16
HAN_WINDOW = re.compile(rf"[{HAN}]+\Z")  # searched between a window's farthest start and the suffix
IS_HAN = re.compile(f"[{HAN}]")
# A government body without a place is generic ("管理局", "委员会"): it needs an administrative division.
ZH_DIVISION_ENDINGS = ("省", "市", "县", "区", "州", "盟", "旗", "自治区")
# Words that end a name when reading leftwards from its suffix: function words and verbs of issuing.
ZH_STOP_TOKENS = frozenset(
    """由 以 如 据 的 在 是 和 与 及 以及 等 为 对 从 向 将 把 被 了 或 并 且 也 都 于 至 让 给 即 其 该 本 各 这 那
    又 再 已 经 由于 因 因为 其中 包括 例如 比如 诸如 截至 根据 通过 关于 对于 有关 显示 表示 认为 指出 提出 发行
    发布 公告 披露 支持 推动 推出 设立 成立 获得 完成 成功 联合 牵头 主承销 承销 担任 作为 旗下 下属 所属 控股股东
    子公司 母公司 其他 部分 多家 多个 个 家 只 年 月 日 中 上 下 内 外 前 后 一 二 三 即将 近日 日前 今年 去年 此前
    同时 此外 另外 而 但 但是 并且 还 还有 分别 均 各自 共同 向其 经由 由其 假设 假定 如果 若 考虑 预计 要求 鼓励
    允许 引导 推进 促进 明确 规定 新增 纳入 包含 覆盖 面向 针对 参与 申请 获取 从事 开展 提供 购买 持有 选择 属于 来自
    随后 此后 然后 目前 当前 近期 今日 昨日 明日 本周 上周 本月 上月 今天 昨天 当日 次日 年内 首次 再次 正式 已经 将于
    除 除了 含 仅 只有 所有 全部 一家 一些 某 某些 相当 尤其 特别是 主要是 不是 并非 不含 以外 之外
    或者 及其 以及其 并由 受 受到 接受 处罚 行政处罚 纪律处分 监管措施 自律 处分 批准 核准 审核 审批 注册 备案 会同 配合
    委托 同意 报送 报告 告知 通知 提交 抄送 经过 得到 征求""".split()
)
# A name never starts with a verb, adverb, conjunction, preposition, pronoun, particle, numeral, measure
# word or idiom (统计交易所 from 只统计交易所…, 削弱银行, 而且一旦大部分银行, 进一步提高银行): words of two
# or more characters that jieba's dictionary tags so are dropped from a discovered name's left edge
# (single characters are left to ZH_STOP_TOKENS: 三一重工 starts with two numerals)...
ZH_NOT_NAME_START_TAGS = frozenset("v vd vi d c p r u m q y e o i l".split())
# ...except these, which start real names although jieba tags them so (联合资信, 第一创业证券, 通用技术集团).
ZH_NAME_START_WORDS = frozenset("联合 通用 大成 统一 第一 开发 创新 东方 万家 百联 同创 合力 长江".split())
# A head noun any bank, broker, exchange or association shares (银行, 证券, 交易所) names one only with
# a proper part before it: a place or brand (杭州银行, 嘉澜证券), a lexicon name, or characters jieba
# knows no word for (an unlisted brand is cut into single characters). Before it, common words alone
# (利率上行可能削弱银行) are a sentence, not a name.
ZH_HEADS_NEEDING_A_PROPER_PART = frozenset({"银行", "证券", "交易所", "协会", "研究所", "研究院", "研究中心"})
ZH_PROPER_TAGS = frozenset("ns nr nrt nrfg nz nt j s f".split())  # places, people, brands, abbreviations
# A suffix followed by one of these is inside a longer word, not a name's end: 证券法 (a law), 银行业
# (an industry), 银行间 (interbank), 资产证券化, 证券监督管理机构 -- but 集团法人 / 集团法定代表人 still end a name.
ZH_WORD_CONTINUATIONS = ("法", "条例", "规则", "办法", "市场", "业务", "行业", "业", "化", "公司债", "间", "卡", "账户",
                         "监督", "监管", "登记", "期货", "从业")
ZH_NOT_CONTINUATIONS = ("法人", "法定", "业绩")
# Inside a title (《...》) a discovered name counts only as a whole name: with its legal form, or
# followed by one of these (《某某集团有限公司关于…》, 《某某市人民政府办公厅关于…》); never 《…证券法》.
TITLE_SPAN = re.compile(r"《[^《》\n]{1,200}》")
ZH_TITLE_NAME_FOLLOWERS = ("关于", "、", "与", "和", "及", "》", " ", "\u3000")
# Cores that name a category, not one organisation: 商业银行, 地方政府, 证券公司 ...
ZH_GENERIC_CORE_TOKENS = frozenset(
    """商业 政策性 国有 国营 民营 地方 城市 农村 农商 股份制 外资 中资 外国 境外 境内 大型 中型 小型 中小 中小型 相关
    其他 多家 部分 主要 头部 大中型 上市 非上市 金融 投资 资产 管理 发展 科技 科技型 创新 创业 产业 专业 信用 担保 增信
    保险 信托 基金 理财 政府 各级 中央 全国 国家 省级 市级 县级 各地 当地 本地 地方性 系统 行业 监管 交易 交易商 证券
    全球 国际 海外 私募 公募 新兴 新型 区域 区域性 商业性 开发性 合作 互联网 数字 民营企业 中国 我国 该 本 其 母
    股权 债券 货币 应急 综合""".split()
)

# -- English discovery tables ----------------------------------------------------------------------
EN_SUFFIX_KINDS = {
    "Co., Ltd.": "company", "Co., Ltd": "company", "Co. Ltd.": "company", "Co.,Ltd.": "company",
    "Company Limited": "company", "Corporation Limited": "company", "Co., Limited": "company",
    "Corporation": "company", "Corp.": "company", "Group": "company", "Holdings": "company",
    "Holding": "company", "Inc.": "company", "Ltd.": "company", "Limited": "company", "LLC": "company",
    "PLC": "company", "Securities": "company", "Institute": "company", "Research": "company",
    "Capital": "company", "Partners": "company", "Advisors": "company", "Advisers": "company", "Bank": "bank",
    "University": "university", "College": "university", "Business School": "university",
}
EN_CONNECTORS = frozenset({"of", "and", "for", "&", "de"})
# "X and Y Corporation": when X is already a complete lexicon organisation, "and" lists two of them.
EN_LIST_CONJUNCTION = re.compile(r"\s+(?:and|&)\s+")
# Capitalised words that start a sentence or describe rather than name (stripped from a name's left).
EN_LEADING_STOP = frozenset(
    """The A An In On At As By For From Since Both Including Like Such Other Major Leading Its Their Our
    This That These Those Meanwhile However Also Then Chinese Foreign Western State-owned Private Local Central
    Some Many Several Other All Each Every Large Small Big Top Last Next While When After Before And But Or""".split()
)
# Job-title words ("head of Asia rates strategy at X", "Credit Research") and regions name a job or a
# team, not an organisation: neither is ever the employer in a quote, and a team is no discovered name.
EN_ROLE_WORDS = frozenset(
    """Head Chief Senior Managing Director Deputy Executive Principal Lead Portfolio Manager Analyst Economist
    Strategist Strategy Research Credit Rates Fixed Income Macro Equity Equities FX Trading Sales Desk
    Economics Team Division Department""".split()
)
EN_REGIONS = frozenset(
    """Asia Asian Asia-Pacific APAC Pacific Europe European EMEA Americas America Africa Greater China Mainland
    Global Emerging Developed Nordic""".split()
)
# Words that open a sentence and never a name (any sentence-initial word the text also has in lower
# case counts too: see opens_the_sentence).
EN_SENTENCE_OPENERS = frozenset(
    """Yesterday Today Tomorrow Tonight Earlier Later Recently Separately Elsewhere Overall Still Now Already
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Analysts Investors Traders Officials Issuers Bonds Shares Banks Buyers
    Sellers Regulators Economists Sources Data Figures Filings Results Earnings Last Under
    Despite Although Though Because If Unlike Given Following Amid Against Across Over During Through""".split()
)
# Single capitalised words that never name an organisation by themselves before a suffix (a region does
# before "Research" only: "Asia Credit Research" is a team, the "Asian Development Bank" is a bank).
EN_GENERIC_CORE = frozenset(
    """Central Commercial Local Private Foreign State Policy Investment Development Rural City Joint-stock Joint
    Regional National International Global Financial Holding Group Corporation Company Bank Securities
    Working Human Growth Venture Risk Tier Core Debt Bond Bonds Quantitative Sector Industry Market Markets
    Economic""".split()
) | EN_ROLE_WORDS
EN_GENERIC_CORE_OF_A_TEAM = EN_GENERIC_CORE | EN_REGIONS
EN_TEAM_SUFFIXES = ("Research",)

# "<Name> administration" is a government (the Biden administration, the Kishida cabinet): head nouns
# written in lower case after one capitalised word that names a leader, not a place or a nationality.
EN_GOVERNMENT_HEADS = {"administration": "government", "government": "government", "cabinet": "government"}
EN_NOT_A_LEADER = frozenset(
    """China Chinese US America American Beijing Shanghai Shenzhen Guangdong Hong Kong Macau Macao Taiwan Japan
    Japanese Korea Korean Britain British UK England English Europe European EU Germany German France French
    India Indian Russia Russian Italy Italian Spain Spanish Canada Canadian Australia Australian Asia Asian
    Federal National Central Local State Provincial Municipal City County Regional Current New Previous Former
    Next Incoming Outgoing Coalition Labour Conservative Democratic Republican Communist Military Interim
    Transitional Caretaker Whole Entire Host Home Its Their His Her Our The A An This That""".split()
)
EN_DEMONYM_ENDINGS = ("ese", "ian", "ean", "ish", "ic")

# -- people ----------------------------------------------------------------------------------------
ZH_SURNAMES = set(
    """王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于
    蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛
    闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍
    庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍
    涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉
    缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和
    仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 南 班
    储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 盘 满 闻 位 厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖
    漆 巴 丰 支 卿 国 狄 平 计 索 宣 晋 相 初 门 云 容 敬 来 扈 晁 芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 阿 乌 母 裘
    亓 修 邰 赫 杭 况 那 宿 鲜 印 逯 隆 茹 诸 战 慕 危 玉 银 亢 嵇 公 哈 湛 宾 戎 勾 茅 利 於 呼 居 揭 干 但 尉 冶 斯 元
    束 檀 衣 信 展 阴 昝 智 幸 奉 植 衡 富 尧 闭 由""".split()
)
ZH_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                        "司徒", "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "百里", "呼延")
# Words that introduce authors or analysts in Chinese reports.
ZH_AUTHOR_CUES = ("本文作者", "文章作者", "报告作者", "作者", "分析师", "研究员", "联系人", "撰文", "文/", "文|")
# A surname with a form of address is no name (联系人：王先生): no person is reported for it.
ZH_FORMS_OF_ADDRESS = ("先生", "女士", "小姐", "老师", "同志", "经理", "主任", "总监", "老总")
# Words glued after a name in a byline ("作者:王娜邮箱:...").
ZH_AFTER_NAME = ("邮箱", "电话", "执业", "证书", "联系", "电邮", "微信", "编辑", "审核", "校对", "来源", "首席", "分析师",
                 "研究员", "博士", "教授", "Email", "email", "E-mail", "Tel", "SAC")
# Wire-service credit lines ("Reporting by A and B; Editing by C"): every name there is a person.
EN_CREDIT_CUES = ("Additional reporting by", "Reporting by", "Reported by", "Writing by", "Written by",
                  "Editing by", "Edited by", "Compiled by")
# They also continue a credit line in lower case after a semicolon ("...in Beijing; additional reporting
# by A"). Found by plain search for each cue after its first letter: {"eporting by": "R", ...}.
EN_CREDIT_CUE_CORES = {cue[1:]: cue[0] for cue in EN_CREDIT_CUES if not cue.startswith("Additional")}
# Header lines of research notes that list their authors ("Analyst: Helen Zhou, CFA"; "Analysts: A, B
# and C"): every name there is a person. Credentials after a name are skipped.
EN_AUTHOR_CUES = ("Analyst", "Analysts", "Author", "Authors", "Contact", "Contacts", "Strategist", "Strategists",
                  "Economist", "Economists", "Research analyst", "Research analysts")
EN_CREDENTIALS = ("CFA", "PhD", "Ph.D.", "CPA", "FRM", "CAIA", "ACCA", "MBA", "CFP")
EN_ATTRIBUTION_VERBS = ("says", "said", "notes", "noted", "adds", "added", "explains", "explained", "writes",
                        "wrote", "told", "argues", "argued", "according to")
EN_BYLINE_STOP = frozenset(
    """Share Read Min Article Comment Comments Leave Reply News Report Update Updates Summary Home Menu Search
    Print Email Subscribe Login Sign Follow More Related Latest Top Breaking Markets Market Bonds Bond Business
    Finance Economy China Chinese Photo Video Editor Source By Staff Reporter Advertisement""".split()
)

# -- bonds -----------------------------------------------------------------------------------------
BOND_TYPE_CODES = "MTN|SCP|CP|PPN|ABN|GN|KY|YK|GK|KG|KV|Y|K|G|C|D|E|F|R|S|Z|V"
NOT_IN_BOND_NAME = "年月日号只家个亿万元期倍次笔条项份余多第约近超至和与及或"
NOT_AFTER_BOND_NAME = "年月日号只家个亿万元期倍次笔条项份余多"  # "发行17只" is a count, not a bond
# Both patterns start with plain characters (no look-behind) so the engine can skip ahead quickly;
# the character before a match is checked afterwards.
BOND_WITH_YEAR = re.compile(
    rf"\d{{2}}[{HAN}]{{2,6}}?(?:{BOND_TYPE_CODES})?\d{{1,3}}(?![0-9A-Za-z.%{NOT_AFTER_BOND_NAME}])")
BOND_CODE_AFTER_NAME = re.compile(rf"(?:{BOND_TYPE_CODES})\d{{2,3}}(?![0-9A-Za-z.%{NOT_AFTER_BOND_NAME}])")

ENDS_NAME, NAMES_ORGANISATION = "ends a name", "names an organisation"  # word roles, see _word_role()
SOURCE_STRENGTH = {"lexicon": 4, "context": 3, "bond": 3, "discovered": 1}


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    source: str  # lexicon | context | discovered | bond
    kind: str
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    candidate: bool = False
    reported: bool = True  # False for products and terms: they only keep shorter names from matching
    legal_form: bool = False  # the name ends in a legal form (有限公司, Co., Ltd.): a full name

    @property
    def length(self) -> int:
        return self.end - self.start

    def to_fact(self) -> Fact:
        return Fact("entity", self.start, self.end, self.text,
                    {"kind": self.kind, "id": self.id, "name_en": self.name_en, "name_zh": self.name_zh,
                     "candidate": self.candidate})


def find_entities(text: str, lexicon: Lexicon) -> list[Fact]:
    """Every organisation, person and bond mention in `text`, as entity facts."""
    finder = lexicon.cached("entity_finder", lambda: EntityFinder(lexicon))
    return [mention.to_fact() for mention in finder.find(text)]


class EntityFinder:
    """The compiled patterns for one lexicon; `find` is a pure function of the text."""

    def __init__(self, lexicon: Lexicon):
        lexicon.prepare()  # the finder is built during warm-up: so is all the lexicon it needs
        self.lexicon = lexicon
        # Texts repeat names and words: what the lexicon says of each is remembered.
        self.entry = Memo(lexicon.lookup)  # entry[surface]: the lexicon entry named exactly `surface`
        self.word_role = Memo(self._word_role)  # word_role[word]: see _word_role()
        self.identity = Memo(self._identity)  # identity[name, kind]: see _identity()
        self.known_name = Memo(self._known_name)  # known_name[surface]: see _known_name()
        self.name_length = Memo(self._name_length)  # name_length[window, cut, suffix, kind]: see _name_length()
        self.not_name_starts = frozenset(word for word in lexicon.han_words_tagged(ZH_NOT_NAME_START_TAGS)
                                         if len(word) >= 2 and word not in ZH_NAME_START_WORDS)
        self.proper_words = lexicon.han_words_tagged(ZH_PROPER_TAGS)
        self.zh_organisation_names = frozenset(  # the lexicon's Chinese names, for a quick exact test
            name for entry in lexicon.entries() if entry.type in ENTITY_TYPES for name in entry.names()
            if IS_HAN.search(name))
        self.zh_suffix = re.compile("|".join(sorted(map(re.escape, ZH_SUFFIX_KINDS), key=len, reverse=True)))
        en_suffixes = starting_a_word(sorted(EN_SUFFIX_KINDS, key=len, reverse=True), "[A-Za-z]")
        self.en_suffix = re.compile(rf"{en_suffixes}(?![A-Za-z])")

    def find(self, text: str) -> list[Mention]:
        # Chinese suffixes and bond names cannot occur in a text without Han characters: skip their scans
        chinese = has_han(text)
        known = list(self.lexicon_mentions(text))
        discovered = [*(self.chinese_discoveries(text) if chinese else ()), *self.english_discoveries(text)]
        mentions = [*known, *self.context_mentions(text, chinese), *(self.bond_mentions(text) if chinese else ()),
                    *not_starting_inside(discovered, known)]
        chosen = [m for m in longest_first(mentions) if m.reported]
        chosen = link_short_forms(chosen)
        chosen = add_later_short_forms(text, chosen)
        return sorted(chosen, key=lambda m: m.start)

    # -- 1. lexicon ----------------------------------------------------------------------------------
    def lexicon_mentions(self, text: str) -> Iterator[Mention]:
        for start, end, surface in self.lexicon.name_matcher.finditer(text):
            known = self.known_name[surface]
            if known is None:
                continue
            fields, short = known
            if short and not self.whole_words(text, start, end):
                continue  # 中行 in 其中行业, 国网 in 全国网络: a short name must be a word of its own
            yield Mention(start, end, surface, "lexicon", *fields)

    def _known_name(self, surface: str) -> tuple[tuple, bool] | None:
        """For a lexicon name: the Mention fields after its source (kind, id, name_zh, name_en,
        candidate, reported) and whether it is short enough to need whole_words()."""
        entry = self.entry[surface]
        if entry is None:
            return None
        reported = entry.type in ENTITY_TYPES
        fields = (entry.entity_kind, entry.id, entry.name_zh or None, entry.name_en or None, False, reported)
        return fields, reported and len(surface) <= 2

    def whole_words(self, text: str, start: int, end: int) -> bool:
        """Is a short Chinese name not read across a word (其中|行业 has no 中行 in it)?"""
        if not IS_HAN.match(text, start):
            return True
        words = self.lexicon.jieba_tokenizer().FREQ
        return not (start > 0 and words.get(text[start - 1:start + 1])) and \
            not (end < len(text) and words.get(text[end - 1:end + 1]))

    # -- 2. context ------------------------------------------------------------------------------------
    def context_mentions(self, text: str, chinese: bool = True) -> Iterator[Mention]:
        """`chinese`: does the text hold Han characters? Chinese cues (来源, 作者, 月...日) need them."""
        yield from self.media_sources(text, chinese)
        if chinese:
            yield from self.datelines(text)
            yield from self.chinese_authors(text)
        yield from self.english_people(text)
        yield from self.english_governments(text)

    def english_governments(self, text: str) -> Iterator[Mention]:
        """"the Biden administration": a leader's name before a lower-case government head noun."""
        for match in matches(EN_GOVERNMENT, text, EN_GOVERNMENT_HEADS):
            leader = match.group("leader")
            if names_a_leader(leader) and not after_capitalised_word(text, match.start()):
                yield self.named(text, match.start(), match.end(), EN_GOVERNMENT_HEADS[match.group("head")],
                                 "context")

    def media_sources(self, text: str, chinese: bool = True) -> Iterator[Mention]:
        for cues, pattern in (*(ZH_MEDIA_CONTEXTS if chinese else ()), *EN_MEDIA_CONTEXTS):
            for match in matches(pattern, text, cues):
                yield self.named(text, match.start("name"), match.end("name"), "media", "context")

    def datelines(self, text: str) -> Iterator[Mention]:
        shortest, longest = DATELINE_NAME_LENGTH
        for match in DATELINE.finditer(text):
            month = DATELINE_MONTH.search(text, max(0, match.start() - 2), match.start())
            if month is None:
                continue
            end = start = month.start()
            while start > 0 and end - start < longest + 1 and IS_HAN.match(text, start - 1):
                start -= 1
            if shortest <= end - start <= longest:
                yield self.named(text, start, end, "media", "context")

    def named(self, text: str, start: int, end: int, kind: str, source: str) -> Mention:
        """A name found by its context: the lexicon's entry when it has one, else a candidate."""
        surface = text[start:end]
        return Mention(start, end, surface, source, *self.identity[surface, kind])

    def _identity(self, name_and_kind: tuple[str, str]) -> tuple[str, str, str | None, str | None, bool]:
        """(kind, id, name_zh, name_en, candidate) of a name found by its context or discovered
        (remembered by the caller: resolving a name the lexicon does not know means a fuzzy search)."""
        name, kind = name_and_kind
        entry = self.lexicon.resolve(name)
        if entry is not None and entry.type in ENTITY_TYPES:
            return entry.entity_kind, entry.id, entry.name_zh or None, entry.name_en or None, False
        prefix = "person" if kind == "person" else "new"
        zh, en = (name, None) if IS_HAN.search(name) else (None, name)
        return kind, discovered_id(name, prefix), zh, en, True

    def chinese_authors(self, text: str) -> Iterator[Mention]:
        for match in matches(ZH_AUTHOR_LINE, text, ZH_AUTHOR_CUES):
            position = match.end()
            line_end = text.find("\n", position)
            line_end = len(text) if line_end < 0 else line_end
            for name_match in ZH_NAME_CHUNK.finditer(text, position, line_end):
                if name_match.start() != position:
                    break  # only the list right after the cue
                name = chinese_person_name(name_match.group())
                if not name:
                    break
                start = name_match.start()
                yield self.named(text, start, start + len(name), "person", "context")
                position = name_match.end()
                if len(name) < len(name_match.group().rstrip(NAME_SEPARATORS)):
                    break  # something else was glued to the name: the list is over

    def english_people(self, text: str) -> Iterator[Mention]:
        if not EN_NAME_SEARCH.search(text):
            return  # every pattern below holds an English name: most Chinese texts have none
        for match in credit_lines(text):
            for name in re.finditer(EN_NAME, EN_CREDIT_PLACE.sub(blanked, match.group("names"))):
                start = match.start("names") + name.start()
                yield self.named(text, start, start + len(name.group()), "person", "context")
        for match in author_lines(text):
            for name in re.finditer(EN_NAME, match.group("names")):
                start = match.start("names") + name.start()
                yield self.named(text, start, start + len(name.group()), "person", "context")
        for match in byline_matches(text[:600]):
            words = match.group("name").split()
            if not any(word in EN_BYLINE_STOP or word in EN_SUFFIX_KINDS for word in words):
                yield self.named(text, match.start("name"), match.end("name"), "person", "context")
        verbs = attribution_verb_starts(text)
        # both patterns hold a verb at a word's start (after a space in EN_ATTRIBUTION_VERB_LAST)
        for found in (verb_first_attributions(text, verbs), EN_ATTRIBUTION_VERB_LAST.finditer(text) if verbs else ()):
            for match in found:
                yield self.named(text, match.start("name"), match.end("name"), "person", "context")
                org_start, org_end = match.start("org"), trim_english_name(text, match.start("org"), match.end("org"))
                if org_end > org_start and not names_a_job(text[org_start:org_end]):
                    kind = english_kind(text[org_start:org_end])
                    yield self.named(text, org_start, org_end, kind, "context")

    # -- 3. discovery ----------------------------------------------------------------------------------
    def chinese_discoveries(self, text: str) -> Iterator[Mention]:
        titles = [m.span() for m in TITLE_SPAN.finditer(text)] if "《" in text else []
        for start, end, kind, legal in suffix_runs(self.zh_suffix, text, ends_word=ends_chinese_word):
            name_start = self.chinese_left_edge(text, start, end, kind)
            if name_start is None:
                continue
            if not legal and inside_a_title(titles, name_start) and not text.startswith(ZH_TITLE_NAME_FOLLOWERS, end):
                continue  # 《某某研究所宏观周报》: a title's words, not a name
            mention = self.discovered(text, name_start, end, kind)
            mention.legal_form = legal
            yield mention

    def chinese_left_edge(self, text: str, suffix_start: int, suffix_end: int, kind: str) -> int | None:
        """Where the name ending in the suffix run [suffix_start, suffix_end) begins, read leftwards by words."""
        window = HAN_WINDOW.search(text, max(0, suffix_start - ZH_WINDOW), suffix_start)
        if window is None:
            return None
        cut = window.start() > 0 and IS_HAN.match(text, window.start() - 1) is not None
        length = self.name_length[window.group(), cut, text[suffix_start:suffix_end], kind]
        return None if length is None else suffix_start - length

    def _name_length(self, key: tuple[str, bool, str, str]) -> int | None:
        """How many of the window's last characters belong to the name ending in the suffix (None: it
        names nothing). The window holds the Han characters right before the suffix; `cut`: it starts
        inside a word. A name and its context repeat in a text: each is read once."""
        window, cut, suffix, kind = key
        tokens = self.lexicon.han_words(window)
        if cut:
            tokens = tokens[1:]  # the window cut a word in two: its first token is a fragment
        core: list[str] = []  # the name's words, read right to left
        name = suffix
        for token in reversed(tokens):
            role = self.word_role[token]
            if role is ENDS_NAME:
                break
            if core and name in self.zh_organisation_names:
                break  # 证监会 中国证券投资基金业协会, 关注|杭州银行: a complete name is not read further
            core.append(token)
            name = token + name
        core.reverse()
        while core and core[0] in self.not_name_starts:
            core.pop(0)  # 只统计|交易所: the verb read before the suffix is no part of the name
        if kind == "government":
            core = from_first_division(core)
        length = sum(map(len, core))
        if length < 2 or all(token in ZH_GENERIC_CORE_TOKENS for token in core):
            return None
        if suffix in ZH_HEADS_NEEDING_A_PROPER_PART and not any(map(self.is_proper_part, core)):
            return None
        return length

    def is_proper_part(self, word: str) -> bool:
        """Could this word make a name of a shared head noun (see ZH_HEADS_NEEDING_A_PROPER_PART)?"""
        return len(word) == 1 or word in self.proper_words or self.is_organisation_name(word)

    def _word_role(self, word: str) -> object:
        """What a word before a Chinese suffix does to the name read leftwards: ENDS_NAME (a function word,
        a verb of issuing, a lexicon term or product: 发行人, 商业银行), NAMES_ORGANISATION or None."""
        return (ENDS_NAME if word in ZH_STOP_TOKENS or self.is_generic_term(word)
                else NAMES_ORGANISATION if self.is_organisation_name(word) else None)

    def is_organisation_name(self, name: str) -> bool:
        entry = self.entry[name]
        return entry is not None and entry.type in ENTITY_TYPES

    def is_generic_term(self, word: str) -> bool:
        """发行人, 投资者, 商业银行: a lexicon term or product is never part of a name."""
        entry = self.entry[word] if len(word) >= 2 else None
        return entry is not None and entry.type in ("term", "product")

    def english_discoveries(self, text: str) -> Iterator[Mention]:
        words = WordsOf(text)
        for start, end, kind, legal in suffix_runs(self.en_suffix, text, english=True):
            name_start = english_left_edge(text, start, words)
            if name_start is not None:
                name_start = self.after_listed_organisation(text, name_start, start)
            if kind in ("bank", "university"):  # "Bank of Weifang", "University of Macau"
                extended = extend_of_phrase(text, end)
                if name_start is None and extended > end and text[start:start + 1].isupper():
                    name_start = start
                end = extended
            if name_start is None:
                continue
            mention = self.discovered(text, name_start, end, kind)
            mention.legal_form = legal
            yield mention

    def after_listed_organisation(self, text: str, name_start: int, suffix_start: int) -> int | None:
        """"The Shenzhen Stock Exchange and China International Capital Corporation": when the words
        before "and"/"&" end in a complete lexicon organisation or in a suffix ("Ardent Hill Capital and"),
        the name starts after the conjunction ("Signal & Communication Group" stays whole)."""
        for conjunction in EN_LIST_CONJUNCTION.finditer(text, name_start, suffix_start):
            before = text[name_start:conjunction.start()]
            if self.ends_with_organisation(before) or ends_with_suffix_name(before):
                name_start = conjunction.end()
        if name_start > suffix_start:
            return None
        core = [word for word in text[name_start:suffix_start].split() if word not in EN_CONNECTORS]
        return name_start if core and not all(word in EN_GENERIC_CORE for word in core) else None

    def ends_with_organisation(self, words: str) -> bool:
        """Do these words end in a complete lexicon organisation name ("On Monday HSBC")?"""
        parts = words.split()
        return any(self.is_organisation_name(" ".join(parts[index:])) for index in range(len(parts)))

    def discovered(self, text: str, start: int, end: int, kind: str) -> Mention:
        return self.named(text, start, end, kind, "discovered")

    # -- 4. bonds ----------------------------------------------------------------------------------------
    def bond_mentions(self, text: str) -> Iterator[Mention]:
        spans = [(m.start(), m.end()) for m in BOND_WITH_YEAR.finditer(text)
                 if not (m.start() and re.match("[0-9A-Za-z.]", text[m.start() - 1]))]
        # without a year: two Han characters and a type code (葛洲YK02)
        spans += [(m.start() - 2, m.end()) for m in BOND_CODE_AFTER_NAME.finditer(text)
                  if m.start() >= 2 and re.fullmatch(f"[{HAN}]{{2}}", text[m.start() - 2:m.start()])]
        for start, end in spans:
            name = text[start:end]
            if any(ch in NOT_IN_BOND_NAME for ch in name):
                continue
            yield Mention(start, end, name, "bond", "bond", f"bond:{name}", name_zh=name, candidate=True)


# -- context patterns ------------------------------------------------------------------------------
def starting_a_word(alternatives: Iterable[str], letters: str = r"\w") -> str:
    """A regex for any of `alternatives` (tried in order) where no letter comes before it, with the check
    after each one's first character: the pattern then starts with a plain character."""
    return "(?:" + "|".join(f"{re.escape(word[0])}(?<!{letters}.){re.escape(word[1:])}" for word in alternatives) + ")"


def attribution_verb_starts(text: str) -> list[int]:
    """Where an attribution verb starts a word, in order. A scan for the verbs as a pattern would try
    every position, verbs starting with common letters; plain substring search finds the few at once."""
    return sorted(position for verb in EN_ATTRIBUTION_VERBS for position in occurrences(text, verb)
                  if position == 0 or not WORD_CHARACTER.match(text, position - 1))


def verb_first_attributions(text: str, starts: list[int]) -> Iterator[re.Match]:
    """The matches of `\\b` + EN_ATTRIBUTION_VERB_FIRST, as finditer would give them (left to right, not
    overlapping), tried only where a verb starts a word (`starts`: see attribution_verb_starts)."""
    end = 0
    for start in starts:
        match = EN_ATTRIBUTION_VERB_FIRST.match(text, start) if start >= end else None
        if match:
            end = match.end()
            yield match


def credit_lines(text: str) -> Iterator[re.Match]:
    """The names after each credit cue ("Reporting by", or "; editing by" in lower case): each cue found by
    plain substring search, which runs at memory speed where a pattern of alternatives would not."""
    for core, letter in EN_CREDIT_CUE_CORES.items():
        for position in occurrences(text, core):
            cue = position - 1
            if cue < 0 or text[cue] not in (letter, letter.lower()):
                continue
            if text.endswith(("Additional ", "additional "), 0, cue):
                cue -= len("additional ")
            if cue > 0 and text[cue - 1].isalnum():
                continue  # inside another word
            if text[cue].islower() and not text[max(0, cue - 8):cue].rstrip().endswith(";"):
                continue  # "reporting by X" in running prose credits no one
            match = EN_CREDIT_NAMES.match(text, position + len(core))
            if match:
                yield match


def author_lines(text: str) -> Iterator[re.Match]:
    """EN_AUTHOR_LINE's matches, looked for only when a cue word stands in the text (a pattern that
    starts with `^` is otherwise tried at every position)."""
    if any(cue in text for cue in ("Analyst", "Author", "Contact", "Strategist", "Economist")):
        yield from EN_AUTHOR_LINE.finditer(text)


def byline_matches(head: str) -> Iterator[re.Match]:
    """EN_BYLINE.finditer(head), tried only at line starts: it matches nowhere else, and a pattern that
    starts with `^` is otherwise tried at every position."""
    end = 0
    for start in (0, *(position + 1 for position in occurrences(head, "\n"))):
        match = EN_BYLINE.match(head, start) if start >= end else None
        if match:
            end = match.end()
            yield match


def blanked(match: re.Match) -> str:
    """Spaces for a match (re.sub keeps the other characters where they were)."""
    return " " * len(match.group())


def occurrences(text: str, word: str) -> Iterator[int]:
    position = text.find(word)
    while position >= 0:
        yield position
        position = text.find(word, position + 1)


def matches(pattern: re.Pattern, text: str, cues: Iterable[str]) -> Iterator[re.Match]:
    """pattern.finditer(text), skipped at once when the text has none of the cues every match contains."""
    return pattern.finditer(text) if any(cue in text for cue in cues) else iter(())


# Most context patterns need a cue word, and most texts have none of them. Each pattern runs only on a
# text containing one of its cues (a substring test runs at memory speed; a regex scan that cannot
# start with a fixed character costs about as much as the rest of the parser): (cues, pattern).
ZH_MEDIA_CONTEXTS = (
    (("来源", "来自", "转自", "稿源"),
     re.compile(rf"[(（]\s*(?:来源|来自|转自|稿源)\s*[:：]\s*(?P<name>[{HAN}A-Za-z0-9·]{{2,20}}?)\s*[)）]")),
    (("来源", "稿源"),
     re.compile(rf"(?m)^\s*(?:来源|稿源)\s*[:：]\s*(?P<name>[{HAN}A-Za-z0-9·]{{2,20}}?)\s*$")),
)
EN_MEDIA_CONTEXTS = (
    (("Source", "SOURCE", "source"),
     re.compile(r"\((?:Source|SOURCE|source)\s*:\s*(?P<name>[A-Z][A-Za-z&.' ]{1,40}?)\)")),
)
# a dateline after a media name: 格隆汇12月25日| / 财联社12月25日讯 (the name is read leftwards).
# Searched from its 月 (a fixed character the engine finds at memory speed), then the month's digits.
DATELINE = re.compile(r"月\d{1,2}日\s*(?:[|丨｜]|讯|电)")
DATELINE_MONTH = re.compile(r"\d{1,2}\Z")  # searched in the two characters before 月
DATELINE_NAME_LENGTH = (2, 6)
ZH_AUTHOR_LINE = re.compile(r"(?:" + "|".join(map(re.escape, ZH_AUTHOR_CUES)) + r")\s*[|｜丨:：]?\s*")
NAME_SEPARATORS = " \t\u3000、，,；;/"
ZH_NAME_CHUNK = re.compile(rf"[{HAN}]{{2,8}}[{NAME_SEPARATORS}]*")
EN_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
EN_NAME_SEARCH = re.compile(EN_NAME)
EN_ORG = r"[A-Z][\w&.'’\-]*(?:\s+(?:of|and|for|&|the|[A-Z][\w&.'’\-]*))*"
EN_BYLINE = re.compile(rf"(?m)^(?:By\s+)?(?P<name>{EN_NAME})\s*(?:,\s*[A-Z][^\n]{{0,60}})?$")
EN_NAME_WITH_CREDENTIALS = rf"{EN_NAME}(?:\s*,\s*(?:{'|'.join(map(re.escape, EN_CREDENTIALS))}))*"
EN_AUTHOR_LINE = re.compile(  # the whole line: a cue, a colon, names and nothing else
    rf"(?m)^[ \t]*(?:{'|'.join(sorted(EN_AUTHOR_CUES, key=len, reverse=True))})[ \t]*:[ \t]*"
    rf"(?P<names>{EN_NAME_WITH_CREDENTIALS}(?:[ \t]*(?:,|;|&|\band\b)[ \t]*{EN_NAME_WITH_CREDENTIALS})*)[ \t]*$")
EN_CREDIT_PLACE = re.compile(r"\s+in\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?")  # "... in Hong Kong" is no person
EN_CREDIT_NAMES = re.compile(  # after a cue of EN_CREDIT_CUES, see credit_lines()
    rf"\s+(?P<names>{EN_NAME}(?:\s+in\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
    rf"(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+){EN_NAME}(?:\s+in\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)*)")
# `\b` before a word is written as `(?<!\w.)` after its first character (AFTER_NO_WORD): a pattern
# that starts with a character class lets the regex engine skip to candidates; one that starts with
# `\b` or a look-behind is tried at every position of the text, three times slower.
AFTER_NO_WORD = r"(?<!\w.)"
EN_GOVERNMENT = re.compile(
    rf"(?P<leader>[A-Z]{AFTER_NO_WORD}[a-z]+(?:-[A-Z][a-z]+)?)\s+(?P<head>{'|'.join(EN_GOVERNMENT_HEADS)})\b")
# A person quoted with their employer: "says Wang Tao, an analyst at Nomura" (verb first, matched only
# where a verb starts a word: see verb_first_attributions) and "Wang Tao, an analyst at Nomura, said".
# The job title may hold capitalised words ("head of Asia rates strategy at Nomura"): the employer is the
# one followed by the end of the phrase, not by more of the title.
EN_JOB_TITLE = r"[a-z][A-Za-z\- ]{2,60}?"
EN_AFTER_EMPLOYER = r"(?=\s*(?:[,.;:)\"”]|$)|\s+(?:in|on|who|and|said|says|told)\b)"
EN_ATTRIBUTION_VERB_FIRST = re.compile(
    rf"(?:{'|'.join(EN_ATTRIBUTION_VERBS)})\s+(?P<name>{EN_NAME}),\s+(?:an?\s+|the\s+)?"
    rf"{EN_JOB_TITLE}\s+(?:at|of|with|from)\s+(?:the\s+)?(?P<org>{EN_ORG}){EN_AFTER_EMPLOYER}")
EN_ATTRIBUTION_VERB_LAST = re.compile(
    rf"(?P<name>{EN_NAME}),\s+(?:an?\s+|the\s+)?{EN_JOB_TITLE}\s+(?:at|of|with|from)\s+"
    rf"(?:the\s+)?(?P<org>{EN_ORG}),\s+(?:{'|'.join(EN_ATTRIBUTION_VERBS)})\b")
WORD_CHARACTER = re.compile(r"\w")
WORD_PART = re.compile(r"[\w-]")
WORD_RUN = re.compile(r"[\w-]+")


# -- helpers ---------------------------------------------------------------------------------------
def suffix_runs(pattern: re.Pattern, text: str, english: bool = False,
                ends_word=None) -> Iterator[tuple[int, int, str, bool]]:
    """Runs of adjacent suffixes (集团有限公司, Group Co., Ltd.): (start, end, kind, has legal form).

    The kind is that of the last suffix that is not a mere legal form (银行股份有限公司 -> bank).
    `ends_word(text, end)` says whether a suffix ending there ends a word; others are skipped."""
    kinds = EN_SUFFIX_KINDS if english else ZH_SUFFIX_KINDS
    legal_forms = EN_LEGAL_FORMS if english else ZH_LEGAL_FORMS
    run: list[re.Match] = []
    for match in pattern.finditer(text):
        if ends_word is not None and not ends_word(text, match.end()):
            continue
        if run and not (run[-1].end() == match.start() or joined(text, run[-1].end(), match.start(), english)):
            yield summarise_run(run, kinds, legal_forms)
            run = []
        run.append(match)
    if run:
        yield summarise_run(run, kinds, legal_forms)


EN_LEGAL_FORMS = ("Co., Ltd.", "Co., Ltd", "Co. Ltd.", "Co.,Ltd.", "Company Limited", "Corporation Limited",
                  "Co., Limited", "Corporation", "Corp.", "Inc.", "Ltd.", "Limited", "LLC", "PLC")


def joined(text: str, end: int, start: int, english: bool) -> bool:
    between = text[end:start]
    return between == "" or (english and between.strip(" ,") == "" and len(between) <= 2)


def summarise_run(run: list[re.Match], kinds: dict, legal_forms: tuple) -> tuple[int, int, str, bool]:
    while len(run) > 1 and run[-1].group() in DEPARTMENT_SUFFIXES:
        run = run[:-1]  # 某某证券|研究所: the firm's research department is the firm
    if len(run) == 1:  # the usual case
        suffix = run[0].group()
        legal = suffix in legal_forms
        return run[0].start(), run[0].end(), "company" if legal else kinds[suffix], legal
    named = [m.group() for m in run if m.group() not in legal_forms]
    kind = kinds[named[-1]] if named else "company"
    return run[0].start(), run[-1].end(), kind, any(m.group() in legal_forms for m in run)


def ends_chinese_word(text: str, end: int) -> bool:
    """Does a Chinese suffix ending at `end` end a word (证券 in 某某证券发布, not in 证券法)?"""
    return not text.startswith(ZH_WORD_CONTINUATIONS, end) or text.startswith(ZH_NOT_CONTINUATIONS, end)


def inside_a_title(titles: list[tuple[int, int]], position: int) -> bool:
    """Is `position` inside one of the (sorted, non-overlapping) 《》 spans?"""
    index = bisect_right(titles, (position,)) - 1  # the last title starting before `position`
    return index >= 0 and titles[index][0] < position < titles[index][1]


def not_starting_inside(discovered: list[Mention], known: list[Mention]) -> list[Mention]:
    """Discovered names that do not start inside a lexicon organisation's name (会行政处罚… starts in
    the tail of 证监会). One that also ends inside it would lose to it anyway."""
    if not discovered:
        return discovered
    inside = bytearray(max(m.end for m in (*discovered, *known)) + 1)
    for mention in known:
        if mention.reported:
            inside[mention.start + 1:mention.end] = b"\x01" * (mention.length - 1)
    return [mention for mention in discovered if not inside[mention.start]]


def has_han(text: str) -> bool:
    return not text.isascii() and IS_HAN.search(text) is not None  # isascii() is the fast answer


def ends_with_suffix_name(words: str) -> bool:
    """"Ardent Hill Capital and ...": the words before a conjunction already make a discovered name."""
    parts = words.split()
    return len(parts) >= 2 and parts[-1] in EN_SUFFIX_KINDS and parts[-2] not in EN_CONNECTORS


def names_a_job(words: str) -> bool:
    """"Asia", "Fixed Income": a region or a team after "head of", never the employer."""
    return all(word in EN_ROLE_WORDS or word in EN_REGIONS for word in words.split() if word not in EN_CONNECTORS)


def names_a_leader(word: str) -> bool:
    return word not in EN_NOT_A_LEADER and not word.endswith(EN_DEMONYM_ENDINGS)


def after_capitalised_word(text: str, position: int) -> bool:
    """Is the word before `position` capitalised mid-sentence ("Small Business administration")?"""
    before = re.search(r"([A-Za-z][\w'’.-]*)\s+$", text[max(0, position - 40):position])
    if not before or not before.group(1)[:1].isupper():
        return False
    return before.group(1) not in ("The", "A", "An") and not before.group(1).endswith(".")


def from_first_division(tokens: list[str]) -> list[str]:
    """A government body's name starts at its first place with a division ending (省/市/县 ...)."""
    for index, token in enumerate(tokens):
        if token.endswith(ZH_DIVISION_ENDINGS) and len(token) >= 2:
            return tokens[index:]
    return []


EN_TOKEN = re.compile(r"[A-Za-z0-9][\w&.'’\-]*|&|\S")


def english_left_edge(text: str, suffix_start: int, words: WordsOf) -> int | None:
    """Read capitalised words (and of/and/& between them) leftwards from a suffix, within its line:
    a name never runs over a line break or a table-cell tab (a header above is not part of it)."""
    farthest = max(0, suffix_start - EN_NAME_REACH)  # breaks before it do not matter: look no further back
    cell_start = max(text.rfind("\n", farthest, suffix_start), text.rfind("\t", farthest, suffix_start)) + 1
    window_start = max(cell_start, farthest)
    # Words are read from a few back first. A word never holds a space, so the words after a space are
    # the same whatever comes before it; only when all of them belong to the name is more read.
    start = suffix_start
    while True:
        space = text.rfind(" ", window_start, max(window_start, start - EN_READ_STEP))
        start = space + 1 if space >= 0 else window_start
        name, stopped = name_words_before(text, start, suffix_start)
        if stopped or start == window_start:
            break
    while name and (name[0][0] in EN_CONNECTORS or name[0][0] in EN_LEADING_STOP):
        name.pop(0)
    generic = EN_GENERIC_CORE_OF_A_TEAM if text.startswith(EN_TEAM_SUFFIXES, suffix_start) else EN_GENERIC_CORE
    if len(name) > 1 and opens_the_sentence(text, name, words):
        name.pop(0)  # "Yesterday Harbourline Capital", "Bonds of Tidewater Bank"
        while name and name[0][0] in EN_CONNECTORS:
            name.pop(0)
    core = [word for word, _ in name if word not in EN_CONNECTORS]
    if not core or all(word in generic for word in core):
        return None
    return name[0][1]


def opens_the_sentence(text: str, name: list[tuple[str, int]], words: WordsOf) -> bool:
    """Is the first of a name's words a common word, capitalised only because it starts the sentence?
    It is when listed (Yesterday, Analysts), when "of" follows it ("Bonds of X Bank") or when the text
    also has it in lower case elsewhere ("Issuers ..." and "issuers"), as long as a name is left."""
    (first, position), (second, _) = name[0], name[1]
    if not starts_a_sentence(text, position):
        return False
    if first in EN_SENTENCE_OPENERS or second == "of":
        return True
    rest = [word for word, _ in name[1:] if word not in EN_CONNECTORS]
    return not all(word in EN_GENERIC_CORE for word in rest) and words.has(first.lower())


class WordsOf:
    """Is a word in a text as a word of its own (no letter, digit or hyphen glued to it)? The text's
    words are gathered once, at the first question: a long report asks about hundreds of capitalised
    words, and a search of the whole text for each would grow with the square of its length."""

    def __init__(self, text: str):
        self.text = text
        self._words: frozenset[str] | None = None

    def has(self, word: str) -> bool:
        if not WORD_RUN.fullmatch(word):  # "o'brien": its parts are words, not the whole
            return any((position == 0 or not WORD_PART.match(self.text, position - 1))
                       and not WORD_PART.match(self.text, position + len(word))
                       for position in occurrences(self.text, word))
        if self._words is None:
            self._words = frozenset(WORD_RUN.findall(self.text))
        return word in self._words


def starts_a_sentence(text: str, position: int) -> bool:
    before = text[max(0, position - 4):position].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:;\n"


EN_READ_STEP = 40  # characters of words read at a time, leftwards from an English suffix
EN_NAME_REACH = 120  # the most characters an English name is read over, leftwards from its suffix


def name_words_before(text: str, start: int, end: int) -> tuple[list[tuple[str, int]], bool]:
    """The name's words (word, position) at the end of text[start:end], and whether a word that
    is not part of it was met (else the name may go on further left)."""
    name: list[tuple[str, int]] = []
    for token in reversed(list(EN_TOKEN.finditer(text, start, end))):
        word = token.group()
        capitalised = word[:1].isupper() or (word[:1].isdigit() and any(c.isalpha() for c in word))
        if (capitalised and not word.endswith((".", "’s", "'s"))) or (word in EN_CONNECTORS and name):
            name.append((word, token.start()))
        else:
            return name[::-1], True
    return name[::-1], False


def extend_of_phrase(text: str, end: int) -> int:
    """"Bank of Ningbo", "University of Hong Kong": a place after the suffix belongs to the name."""
    match = re.match(r" of (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?", text[end:end + 40])
    return end + match.end() if match else end


def trim_english_name(text: str, start: int, end: int) -> int:
    """Cut a captured organisation at a possessive or a trailing connector ("X University's School")."""
    segment = text[start:end]
    for mark in ("’s", "'s"):
        if mark in segment:
            segment = segment[: segment.index(mark)]
    words = segment.split()
    while words and (words[-1] in EN_CONNECTORS or words[-1] == "the"):
        words.pop()
    if words and words[-1].endswith(".") and words[-1] not in EN_LEGAL_FORMS and words[-1] not in ("Co.", "Ltd."):
        words[-1] = words[-1][:-1]  # a full stop ends the sentence, not the name
    if not words:
        return start
    return start + segment.index(words[-1], len(" ".join(words[:-1])) if len(words) > 1 else 0) + len(words[-1])


def english_kind(name: str) -> str:
    """The kind of the first suffix in a name that is no company's (Bank, University ...), else company."""
    spaced = f" {name} "
    for suffix, kind in EN_SUFFIXES_NOT_OF_A_COMPANY:
        if name.endswith(suffix) or f" {suffix} " in spaced:
            return kind
    return "company"


EN_SUFFIXES_NOT_OF_A_COMPANY = tuple((suffix, kind) for suffix, kind in EN_SUFFIX_KINDS.items() if kind != "company")


def chinese_person_name(chunk: str) -> str | None:
    """The person's name at the start of a chunk of Han characters, or None when it is no name."""
    chunk = chunk.rstrip(NAME_SEPARATORS)
    for marker in ZH_AFTER_NAME:
        if marker in chunk[1:]:
            chunk = chunk[: chunk.index(marker, 1)]
    if chunk.endswith(ZH_FORMS_OF_ADDRESS):
        return None
    surname = 2 if chunk.startswith(ZH_COMPOUND_SURNAMES) else 1
    if chunk[:surname] not in ZH_SURNAMES and surname == 1:
        return None
    if not surname + 1 <= len(chunk) <= surname + 2:
        return None
    return chunk


def longest_first(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longer spans first, then stronger sources, then earlier ones.

    Only mentions that overlap compete: each run of overlapping mentions is settled on its own, and
    most runs are a single mention, which is simply taken (a Chinese text has thousands of them)."""
    taken: list[Mention] = []
    for run in overlapping_runs(mentions):
        taken.extend(run if len(run) == 1 else settled(run))
    return taken


def overlapping_runs(mentions: list[Mention]) -> Iterator[list[Mention]]:
    """The mentions in text order, cut into runs where each mention overlaps one before it in its run."""
    run: list[Mention] = []
    run_end = 0
    for mention in sorted(mentions, key=attrgetter("start")):
        if run and mention.start >= run_end:
            yield run
            run = []
        run.append(mention)
        run_end = max(run_end, mention.end)
    if run:
        yield run


def settled(run: list[Mention]) -> list[Mention]:
    """The mentions of one overlapping run that longest_first takes, in text order."""
    strength = SOURCE_STRENGTH
    base = run[0].start
    occupied = bytearray(max(m.end for m in run) - base)
    taken: list[Mention] = []
    for mention in sorted(run, key=lambda m: (m.start - m.end, -strength[m.source], m.start)):
        start, end = mention.start - base, mention.end - base
        if occupied.find(1, start, end) >= 0:
            continue
        occupied[start:end] = b"\x01" * (end - start)
        taken.append(mention)
    return sorted(taken, key=attrgetter("start"))


def link_short_forms(mentions: list[Mention]) -> list[Mention]:
    """A discovered short form after a full name (巨化集团 after 巨化集团有限公司) takes its id."""
    full_names: dict[str, Mention] = {}  # normalised name -> its first mention
    short_forms: list[tuple[str, Mention]] = []  # (short form, full name) of those with a legal form
    linked = []
    for mention in mentions:
        if mention.kind in ("person", "bond"):
            linked.append(mention)
            continue
        key = normalised_key(mention.text)
        if mention.candidate and key not in full_names:
            earlier = earlier_full_name(key, full_names)
            if earlier is None:
                mention, earlier = trimmed_to_earlier_name(mention, short_forms)
            if earlier is not None:
                mention = replace(mention, id=earlier.id, kind=earlier.kind, name_zh=earlier.name_zh,
                                  name_en=earlier.name_en, candidate=earlier.candidate)
        if key not in full_names:
            full_names[key] = mention
            short = short_form(mention.text) if mention.legal_form else None
            if short:
                short_forms.append((short, mention))
        linked.append(mention)
    return linked


def earlier_full_name(short: str, full_names: dict[str, Mention]) -> Mention | None:
    """The first earlier name whose normalised key starts or ends with `short` (a normalised key too),
    when that is long enough to name something: two Han characters or four letters."""
    if len(short) < (2 if IS_HAN.search(short) else 4):
        return None
    return next((full for key, full in full_names.items() if key.startswith(short) or key.endswith(short)), None)


def trimmed_to_earlier_name(mention: Mention, short_forms: list[tuple[str, Mention]]) -> tuple[Mention, Mention | None]:
    """随后宁波甬兴控股 after 宁波甬兴控股有限公司: the discovery read a word too far to the left."""
    for short, full in short_forms:
        if mention.text.endswith(short) and len(short) < len(mention.text):
            start = mention.end - len(short)
            return replace(mention, start=start, text=short), full
    return mention, None


def add_later_short_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """After a discovered full name (X有限公司, X Co., Ltd.), later bare mentions of X are X too."""
    result = list(mentions)
    occupied = bytearray(len(text))
    for mention in mentions:
        occupied[mention.start:mention.end] = b"\x01" * mention.length
    seen: set[str] = set()
    for mention in mentions:
        if not (mention.candidate and mention.legal_form):
            continue
        short = short_form(mention.text)
        if not short or short in seen:
            continue
        seen.add(short)
        position = text.find(short, mention.end)
        while position >= 0:
            end = position + len(short)
            if not any(occupied[position:end]) and not glued(text, position, end):
                occupied[position:end] = b"\x01" * len(short)
                result.append(replace(mention, start=position, end=end, text=short, legal_form=False))
            position = text.find(short, end)
    return sorted(result, key=lambda m: m.start)


def short_form(name: str) -> str | None:
    """The name without its legal form, when that still clearly names one organisation."""
    for form in (*ZH_LEGAL_FORMS, *EN_LEGAL_FORMS):
        if name.endswith(form):
            short = name[: -len(form)].rstrip(" ,")
            break
    else:
        return None
    if IS_HAN.search(short):
        return short if len(short) >= 3 else None
    words = short.split()
    return short if len(words) >= 2 or (words and len(words[0]) >= 4) else None


def glued(text: str, start: int, end: int) -> bool:
    """Is a Latin name glued to more letters or digits (so really part of another word)?"""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (text[start].isascii() and (before.isascii() and before.isalnum())) or \
        (text[end - 1].isascii() and (after.isascii() and after.isalnum()))
