"""Rule clauses: modality per language, the speculation traps, tight spans, thresholds and links."""
import re

import pytest

from extract.clauses import find_clauses
from extract.model import Fact
from extract.rules import find_rules
from extract.sentences import split_sentences

# Stand-ins for the figure and entity parsers: just enough for a clause to find its threshold.
FIGURE = re.compile(r"\d+(?:\.\d+)?\s?(?:%|亿元|个工作日|个交易日|working days|days|bp)")
ISSUERS = {"交易商协会": ("NAFMII", "association"), "上交所": ("SSE", "exchange"), "CSRC": ("CSRC", "regulator")}


def figure_facts(text):
    return [Fact("figure", m.start(), m.end(), m.group(), {"kind": "percent" if "%" in m.group() else "number"})
            for m in FIGURE.finditer(text)]


def issuer_facts(text):
    facts = []
    for name, (entity_id, kind) in ISSUERS.items():
        for m in re.finditer(re.escape(name), text):
            facts.append(Fact("entity", m.start(), m.end(), name, {"id": entity_id, "kind": kind}))
    return sorted(facts, key=lambda f: f.start)


def clauses_in(text):
    sentences = split_sentences(text)
    entities = issuer_facts(text)
    rules = find_rules(text, sentences, entities)
    facts = find_clauses(text, sentences, figure_facts(text), rules, entities)
    for fact in facts:
        assert text[fact.start:fact.end] == fact.text
    return facts


def only_clause(text):
    facts = clauses_in(text)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, modality", [
    # obligation
    ("发行人应当在募集说明书中披露募集资金用途。", "obligation"),
    ("主承销商须对发行人进行尽职调查。", "obligation"),
    ("发行人需要取得两项以上发明专利。", "obligation"),
    ("交易商协会要求发行人按季度披露资金使用情况。", "obligation"),
    ("Issuers shall disclose the use of proceeds every quarter.", "obligation"),
    ("Underwriters must verify the issuer's patents.", "obligation"),
    ("Issuers are required to file an annual report with the exchange.", "obligation"),
    ("It is necessary to tighten oversight of how rural banks report their loan books.", "obligation"),
    # prohibition
    ("募集资金不得用于房地产开发。", "prohibition"),
    ("严禁发行人以任何形式挪用募集资金。", "prohibition"),
    ("Issuers must not use the proceeds to buy land.", "prohibition"),
    ("Proceeds shall not be lent to shareholders.", "prohibition"),
    # permission
    ("符合条件的商业银行可以发行科技创新债券。", "permission"),
    ("保险资管公司的母公司也可发行科创债券，用于向子基金出资。", "permission"),
    ("交易所允许民营企业以知识产权质押增信。", "permission"),
    ("Qualified brokers may issue technology notes.", "permission"),
    ("The proceeds can be used to repay existing loans.", "permission"),
    ("Private equity firms are permitted to issue such bonds.", "permission"),
    ("Listed firms have a fast-track channel to register green notes.", "permission"),
    # limit (with a threshold figure)
    ("募集资金投向研发项目的比例应不低于40%。", "limit"),
    ("单只债券发行规模原则上不超过30亿元。", "limit"),
    ("审核时间原则上为10个工作日以内。", "limit"),
    ("Registration shall not exceed 20 working days.", "limit"),
    ("The coupon step-up shall be no less than 10bp.", "limit"),
    # definition
    ("绿色项目类是指募集资金全部投向环保项目的债券。", "definition"),
    ("混合型科创票据定义为嵌入股债联动条款的债务融资工具。", "definition"),
    ("协会将申报企业划分为成长期、成熟期两类。", "definition"),
    ("科技型企业包括高新技术企业和专精特新企业。", "definition"),
    ("A specialised enterprise means a company that holds at least one national patent.", "definition"),
    ("Green bonds refers to bonds whose proceeds fund green projects.", "definition"),
])
def test_modality(text, modality):
    assert only_clause(text).get("modality") == modality


@pytest.mark.parametrize("text", [
    # speculation is not permission
    "城商行可能是绿色金融债的主要新增发行人。",
    "预计发行人可将更多资金用于研发。",
    "绿色债供给或将继续放量，票面利率可望走低。",
    "由此可以看出，绿色债券的利差主要取决于发行人评级。",
    "不少旧厂房都可以变身为创意园区。",
    "Smaller chipmakers with fresh funding may expand their laboratories quickly.",
    "Supervisors may revise the eligibility requirements after the pilot ends.",
    "Such notes could one day turn into a lasting part of the market.",
    "Analysts expect issuers may issue more bonds next year.",
    # advice to the reader, and descriptive figures
    "配置超长期限信用债时仍需谨慎评估流动性。",
    "Investors should note that spreads are narrow.",
    "认购机构中超过60%是股份制银行。",
    "Issuance exceeded 320 billion yuan in the first half.",
    # nouns that look like cues
    "本节着重梳理有关政策要求及配置机会。",
    "市场需求旺盛，KPI指标设置较为宽松。",
    "The scheme helps manufacturers fund new laboratories.",
])
def test_speculation_advice_and_description_are_not_clauses(text):
    assert clauses_in(text) == []


def test_a_long_sentence_is_cut_into_one_clause_per_statement():
    text = "在绿色票据方面，交易商协会将其分为主体类、项目类，其中，主体类是指由环保企业发行的票据，项目类是指募集资金70%以上投向减排项目的票据。"
    facts = clauses_in(text)
    assert [f.text for f in facts] == [
        "交易商协会将其分为主体类、项目类",
        "主体类是指由环保企业发行的票据",
        "项目类是指募集资金70%以上投向减排项目的票据",
    ]
    assert {f.get("modality") for f in facts} == {"definition"}


def test_a_clause_runs_on_over_commas_until_the_next_statement():
    text = "同时，省级财政可统筹专项资金，设立信用保证基金，为中小企业债券分担损失；发行人需要至少取得一项省级专精特新认定，对其他申报主体则无此限制。"
    first, second = clauses_in(text)
    assert first.text == "省级财政可统筹专项资金，设立信用保证基金，为中小企业债券分担损失"
    assert first.get("subject") == "省级财政"
    assert second.text.startswith("发行人需要至少取得一项省级专精特新认定")
    assert second.get("modality") == "obligation" and second.get("subject") == "发行人"


def test_a_cue_without_its_own_subject_takes_the_piece_before_it():
    clause = only_clause("政策性银行安排专项额度，可认购民营企业发行的科创债券。")
    assert clause.text == "政策性银行安排专项额度，可认购民营企业发行的科创债券"
    assert clause.get("modality") == "permission"


def test_listed_uses_of_proceeds_are_permissions_not_definitions():
    clause = only_clause("修订后募集资金用途除投向生产线建设外，还明确包括补充营运资金、置换前期自有资金等。")
    assert clause.get("modality") == "permission"


def test_english_clause_drops_the_framing_and_the_conjunction():
    text = ("At present, listed firms have a fast-track channel to register green notes, "
            "and the registration review in principle does not exceed 20 working days.")
    first, second = clauses_in(text)
    assert first.text == "listed firms have a fast-track channel to register green notes"
    assert second.text == "the registration review in principle does not exceed 20 working days"
    assert second.get("subject") == "the registration review"


@pytest.mark.parametrize("text, threshold", [
    ("要求募集资金不低于70%投向绿色产业项目。", "70%"),
    ("The step-up shall be no less than 10bp per year.", "10bp"),
    ("审核时间原则上为10个工作日以内。", "10个工作日"),
])
def test_limit_carries_its_threshold_figure_record(text, threshold):
    clause = only_clause(text)
    assert clause.get("modality") == "limit"
    assert clause.get("threshold")["text"] == threshold
    assert clause.get("threshold")["type"] == "figure"


def test_limit_cue_without_a_figure_is_not_a_limit():
    assert clauses_in("利率不低于市场平均水平即可。") == []


def test_clause_links_to_the_rule_its_sentence_cites_and_the_authority():
    text = "交易商协会近日印发《关于规范绿色票据信息披露的通知》，规定募集资金投向减排项目的比例不低于60%。"
    clause = only_clause(text)
    assert clause.get("rule") == "rule:关于规范绿色票据信息披露的通知"
    assert clause.get("authority") == "NAFMII"


def test_items_after_a_cited_rule_belong_to_that_rule():
    text = ("交易商协会在《关于规范绿色票据信息披露的通知》中列出了两类报告：一是定期报告，可按半年披露项目进展；"
            "报告格式可参照协会模板；二是临时报告，可在重大变更后五个工作日内提交。")
    facts = clauses_in(text)
    assert len(facts) == 3
    assert {f.get("rule") for f in facts} == {"rule:关于规范绿色票据信息披露的通知"}
    assert {f.get("authority") for f in facts} == {"NAFMII"}


def test_sentence_without_a_rule_reference_links_to_no_rule():
    text = "《关于规范绿色票据信息披露的通知》已经发布。市场人士认为，发行人应当加强信息披露。"
    assert only_clause(text).get("rule") is None


def test_mixed_language_sentence_is_read_with_both_cue_tables():
    text = "科创债新规明确, qualified technology firms may issue sci-tech bonds, 发行人应当按季度披露募集资金用途."
    assert [(f.text, f.get("modality")) for f in clauses_in(text)] == [
        ("qualified technology firms may issue sci-tech bonds", "permission"),
        ("发行人应当按季度披露募集资金用途", "obligation"),
    ]


def test_an_organisation_opening_the_clause_is_its_subject_by_id():
    clause = only_clause("上交所提供绿色通道，可缩短审核时间。")
    assert clause.get("subject") == "SSE"


def clause_texts(text):
    return [(f.text, f.get("modality")) for f in clauses_in(text)]


@pytest.mark.parametrize("text, expected", [
    # each limit with its own subject is its own clause, also after 或者 / 且
    ("根据《绿色票据管理办法》,发行人最近一年净利润不低于2亿元,或者最近三年营业收入累计不低于30亿元。",
     [("发行人最近一年净利润不低于2亿元", "limit"), ("最近三年营业收入累计不低于30亿元", "limit")]),
    ("管理基金规模原则上不低于50亿元,且已投项目数量不少于8个工作日。",
     [("管理基金规模原则上不低于50亿元", "limit"), ("已投项目数量不少于8个工作日", "limit")]),
    # a deadline that runs from an event
    ("本会自收到完备材料之日起15个工作日内作出注册决定。", [("本会自收到完备材料之日起15个工作日内作出注册决定", "limit")]),
    ("Underwriters shall file the report within 5 working days of the pricing.",
     [("Underwriters shall file the report within 5 working days of the pricing", "obligation")]),
    # ...inside a stated obligation it only qualifies it
    ("发行人应当及时公告,并在调整后3个交易日内报送说明。",
     [("发行人应当及时公告,并在调整后3个交易日内报送说明", "obligation")]),
    # an authority putting a regime in place, with the scope phrase before it
    ("对于连续三年无违约记录的发行人,本所实行简化审核。", [("对于连续三年无违约记录的发行人,本所实行简化审核", "permission")]),
    # a second permission introduced with 也 is a clause of its own
    ("募集资金可用于研发投入,也可用于偿还科技贷款。",
     [("募集资金可用于研发投入", "permission"), ("可用于偿还科技贷款", "permission")]),
    # 以下 after its figure is a limit in a rule, not in a report
    ("单只债券的发行费率原则上应在0.5%以下。", [("单只债券的发行费率原则上应在0.5%以下", "limit")]),
    # passive permission and a right granted under a programme
    ("Insurers have been allowed to buy the notes since March.",
     [("Insurers have been allowed to buy the notes since March", "permission")]),
    ("Qualifying firms can secure cheaper funding and possibly longer tenors under the scheme.",
     [("Qualifying firms can secure cheaper funding and possibly longer tenors under the scheme", "permission")]),
])
def test_notice_style_clauses(text, expected):
    assert clause_texts(text) == expected


@pytest.mark.parametrize("text", [
    "近3个交易日内该指数累计上涨2%。",  # a market move over a few days is no deadline
    "本周有六成新发债券的票面利率在2%以下。",
    "Demand for sci-tech paper should stay firm into the fourth quarter.",  # a forecast, not a duty
    "本周发行规模居前的发行人包括甲银行(200亿元)和乙证券(80亿元)。",  # a ranking, not a definition
])
def test_descriptive_sentences_are_not_clauses(text):
    assert clause_texts(text) == []


def test_items_of_an_announced_classification_are_one_clause_each():
    text = ("协会将这类票据归纳为两种结构:一是收益挂钩结构,由科技型企业发行,票息与研发成果转化收入挂钩；"
            "二是转股结构,由股权投资机构发行,可设置转股条款,投资人可在约定期间转股。")
    assert clause_texts(text) == [
        ("一是收益挂钩结构,由科技型企业发行,票息与研发成果转化收入挂钩", "definition"),
        ("二是转股结构,由股权投资机构发行,可设置转股条款,投资人可在约定期间转股", "permission"),
    ]


def test_items_without_an_announced_classification_stay_ordinary_text():
    # "一是...二是..." in a market review lists observations, not classes
    assert clause_texts("本周信用债表现分化:一是城投债利差收窄,成交活跃；二是地产债继续承压。") == []
    # items that only name a class (examples in brackets) define nothing
    assert clause_texts("样本中的指标主要有两类:一是能耗指标(如单位产值能耗、煤耗等)；二是研发指标(如研发投入增加额)。") == []
