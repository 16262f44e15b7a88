"""Clauses in a rule document of their own, subjects, and the statements that only look normative:
descriptions of data, methods, abilities, remarks to the reader, beliefs and scope phrases."""
import re

import pytest

from extract.clauses import find_clauses
from extract.model import Fact
from extract.rules import find_rules
from extract.sentences import split_sentences

# Stand-ins for the figure and entity parsers.
FIGURE = re.compile(r"(?:CNY )?\d+(?:\.\d+)?\s?(?:%|亿元|个工作日|个交易日|个基点|名|只|年|bp|bn|working days|years?)")
ISSUERS = {
    "深圳证券交易所": ("SZSE", "exchange"), "Shanghai Stock Exchange": ("SSE", "exchange"),
    "交易商协会": ("NAFMII", "association"), "NAFMII": ("NAFMII", "association"), "上交所": ("SSE", "exchange"),
}


def facts_in(text):
    sentences = split_sentences(text)
    entities = sorted((Fact("entity", m.start(), m.end(), name, {"id": entity_id, "kind": kind})
                       for name, (entity_id, kind) in ISSUERS.items() for m in re.finditer(re.escape(name), text)),
                      key=lambda f: f.start)
    figures = [Fact("figure", m.start(), m.end(), m.group(), {"kind": "number"}) for m in FIGURE.finditer(text)]
    rules = find_rules(text, sentences, entities)
    clauses = find_clauses(text, sentences, figures, rules, entities)
    for fact in clauses:
        assert text[fact.start:fact.end] == fact.text
    return rules, clauses


def clauses_in(text):
    return facts_in(text)[1]


def one(text):
    clauses = clauses_in(text)
    assert len(clauses) == 1, [c.text for c in clauses]
    return clauses[0]


# --- a rule document: its articles are its clauses ---------------------------------------------

CHINESE_RULE_DOCUMENT = """深证上〔2024〕77号

深圳证券交易所关于发布《深圳证券交易所绿色债券信息披露指引》的通知

各市场参与人：现予发布，自发布之日起施行。

深圳证券交易所绿色债券信息披露指引

第一条　为规范绿色债券信息披露，制定本指引。

第二条　本指引所称绿色项目，是指符合绿色产业目录的建设项目。

第三条 发行人应当在每季度结束后15个工作日内披露募集资金使用情况。
申请披露豁免的发行人，应当具备下列条件：
（一）最近两年无违规记录；
（二）配备不少于3名专职信息披露人员。

第四条　本所可以对披露情况进行现场检查。
"""

ENGLISH_RULE_DOCUMENT = """Shanghai Stock Exchange Guidelines for Green Bond Disclosure

Article 1 These Guidelines are made to improve the disclosure of green bonds.
Article 2 Issuers shall disclose the use of proceeds within 10 working days after each quarter.
Article 3 The Exchange may request further documents from an issuer.
"""


@pytest.mark.parametrize("text, rule_id, issuer", [
    (CHINESE_RULE_DOCUMENT, "rule:深圳证券交易所绿色债券信息披露指引", "SZSE"),
    (ENGLISH_RULE_DOCUMENT, "rule:shanghaistockexchangeguidelinesforgreenbonddisclosure", "SSE"),
])
def test_the_articles_of_a_rule_document_belong_to_its_own_rule_and_issuer(text, rule_id, issuer):
    clauses = clauses_in(text)
    assert clauses
    assert {c.get("rule") for c in clauses} == {rule_id}
    assert {c.get("authority") for c in clauses} == {issuer}


@pytest.mark.parametrize("text, opening", [
    (CHINESE_RULE_DOCUMENT, "本指引所称绿色项目"),
    (CHINESE_RULE_DOCUMENT, "发行人应当在每季度结束后"),
    (CHINESE_RULE_DOCUMENT, "配备不少于3名"),
    (ENGLISH_RULE_DOCUMENT, "Issuers shall disclose"),
])
def test_article_and_item_numbers_are_not_part_of_a_clause(text, opening):
    assert any(c.text.startswith(opening) for c in clauses_in(text))


@pytest.mark.parametrize("text, self_reference, issuer", [
    (CHINESE_RULE_DOCUMENT, "本所", "SZSE"),
    (ENGLISH_RULE_DOCUMENT, "The Exchange", "SSE"),
])
def test_the_issuer_naming_itself_in_its_rule_is_the_subject(text, self_reference, issuer):
    clause = next(c for c in clauses_in(text) if c.text.startswith(self_reference))
    assert clause.get("subject") == issuer and clause.get("modality") == "permission"


def test_the_issuer_code_of_the_document_number_names_the_issuer_when_the_heading_does_not():
    text = "上证发〔2024〕9号\n\n《绿色票据做市业务细则》\n\n第一条 本所可以暂停做市商的报价权限。\n"
    clause = one(text)
    assert clause.get("subject") == "SSE" and clause.get("authority") == "SSE"
    assert clause.get("rule") == "rule:绿色票据做市业务细则"


@pytest.mark.parametrize("text", [
    # articles cited in running text do not make a report a rule document
    "研究报告认为，根据有关规定第三条，发行人应当披露募集资金用途。",
    # articles without a rule title standing before them
    "第一条 发行人应当按季度披露募集资金用途。",
    "Article 4 Issuers shall report twice a year.",
])
def test_without_a_rule_heading_before_the_articles_no_own_rule(text):
    clause = one(text)
    assert clause.get("rule") is None and clause.get("authority") is None


# --- subjects ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, subject", [
    # a definition binds the term it defines
    ("本办法所称科技型企业，是指拥有核心专利的企业。", "科技型企业"),
    ('In these Rules, "sci-tech issuer" means a company holding at least one invention patent.', "sci-tech issuer"),
    # a verb that grants or requires binds the party named after it
    ("协会还允许保险公司的子公司作为发起机构。", "保险公司的子公司"),
    ("The notice requires underwriters to verify each patent.", "underwriters"),
    ("协会要求绿色主体类票据主要由环保企业发行。", "绿色主体类票据"),
    ("交易所在原有两类企业基础上，新增支持商业银行、证券公司等金融机构以及创业投资机构发行绿色债券。", "商业银行、证券公司等金融机构"),
    # a condition ending with 的 names no subject of its own
    ("情节严重的，可以依照规定暂停其业务资格。", None),
    # an organisation that owns the subject is not the subject; reported speech gives way to what was said
    ("The SSE's new rule says that brokers must keep records for five years.", "brokers"),
    ("The SSE said on Monday that issuers may file a single registration.", "issuers"),
])
def test_subject(text, subject):
    assert one(text).get("subject") == subject


@pytest.mark.parametrize("text, subjects", [
    # a series of prohibitions shares its actor, never the object of a verb
    ("承销商不得承诺保底收益，不得与发行人串通压价，不得误导投资者。", ["承销商", "承销商", "承销商"]),
    ("Dealers must not quote off-market prices, must not collude with other investors.", ["Dealers", "Dealers"]),
    # 但/but link the second clause and are not its subject
    ("发行人可以申请展期，但展期期限不超过1年。", ["发行人", "展期期限"]),
])
def test_clauses_of_one_sentence(text, subjects):
    clauses = clauses_in(text)
    assert [c.get("subject") for c in clauses] == subjects
    assert not any(c.text.startswith(("但", "but")) for c in clauses)


def test_a_verb_of_having_is_no_subject():
    text = "申请机构应当具备下列条件：\n（一）配备不少于3名合规人员；\n（二）净资本不低于10亿元。"
    having = next(c for c in clauses_in(text) if c.text.startswith("配备"))
    assert having.get("modality") == "limit" and having.get("subject") is None


# --- normative frames -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # remarks to the reader
    "需要指出的是，样本期内的发行量波动较大。",
    "It should be noted that the sample covers listed issuers only.",
    # a method statement and a description of data set no limit
    "我们挑选了剩余期限差距不超过1年的配对债券，共得到200组样本。",
    "各评级的利差差异均在5bp以内，高等级品种甚至略有倒挂。",
    "We matched pairs of bonds whose maturities differ by no more than 1 year.",
    "Spread gaps were no more than 5bp in every rating bucket.",
    "此后2个月内两类债券的利差差异基本消失。",  # a time in a report, not a deadline
    # what a thing can do is not a permission
    "绿色标签可以在发行初期压低融资成本。",
    "A green label can secure cheaper funding for a few weeks.",
    # a practical need in the future, and a belief about a rule
    "地方政府将需要筹集更多资金偿还到期本金。",
    "Provinces will still need to find the cash to repay the principal.",
    "市场相信任何城投平台都不会被允许违约。",
    "Investors treat the scheme as a promise that no local platform will be allowed to default.",
])
def test_statements_that_only_look_normative_are_not_clauses(text):
    assert clauses_in(text) == []


@pytest.mark.parametrize("text, modality", [
    # a limit in a normative frame stays a limit
    ("根据《绿色票据管理办法》，单只票据的发行规模不超过10亿元。", "limit"),
    ("Under the rules, a single issue is no more than CNY 1bn.", "limit"),
    # an actor can be permitted without a frame
    ("保险机构可以认购科技创新债券。", "permission"),
    ("Insurers can purchase sci-tech bonds.", "permission"),
    # a negated permission for everyone is a prohibition
    ("No issuer shall be allowed to roll over the notes.", "prohibition"),
])
def test_statements_in_a_normative_frame(text, modality):
    assert one(text).get("modality") == modality


@pytest.mark.parametrize("text", [
    "申请机构应当具备下列条件：\n（一）净资本不低于10亿元；\n（二）最近两年无违规记录。",
    "Applicants must meet the following conditions:\n(a) net capital is no less than CNY 1bn;\n(b) no violations in two years.",
])
def test_items_of_a_list_of_conditions_are_limits(text):
    limits = [c for c in clauses_in(text) if c.get("modality") == "limit"]
    assert len(limits) == 1 and limits[0].text.startswith(("净资本", "net capital"))


@pytest.mark.parametrize("text, clause", [
    ("期限在2年以内的票据，做市报价的买卖价差原则上可以扩大到60个基点。", "期限在2年以内的票据，做市报价的买卖价差原则上可以扩大到60个基点"),
    ("Under the rules, notes with a remaining term of no more than 1 year may be listed on the board.",
     "notes with a remaining term of no more than 1 year may be listed on the board"),
])
def test_a_limit_that_names_a_class_is_the_scope_of_the_clause_after_it(text, clause):
    found = one(text)
    assert found.text == clause and found.get("modality") == "permission" and found.get("threshold") is None


def test_a_rule_named_by_its_kind_at_the_start_of_a_sentence_is_the_one_cited_before():
    text = "交易商协会发布《绿色票据业务指引》（中市协发〔2024〕3号）。指引还允许保险公司的子公司作为发起机构。"
    clause = one(text)
    assert clause.get("rule") == "rule:中市协发〔2024〕3号" and clause.get("authority") == "NAFMII"
    text = "NAFMII issued the Guidelines for Green Notes. The circular also requires issuers to disclose their patents."
    clause = one(text)
    assert clause.get("rule") == "rule:guidelinesforgreennotes" and clause.get("subject") == "issuers"
