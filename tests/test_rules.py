"""Rule references: titles in 《》, document numbers, English rule names; not research titles."""
import pytest

from extract.model import Fact
from extract.rules import find_rules
from extract.sentences import split_sentences

# A stand-in for the entity parser: the issuers these tests name, with their lexicon-style ids.
ISSUERS = {
    "上交所": ("SSE", "exchange"), "深交所": ("SZSE", "exchange"), "交易商协会": ("NAFMII", "association"),
    "中国人民银行": ("PBOC", "bank"), "央行": ("PBOC", "bank"), "中国证监会": ("CSRC", "regulator"),
    "证监会": ("CSRC", "regulator"), "国务院": ("STATE_COUNCIL", "government"), "PBOC": ("PBOC", "bank"),
    "SSE": ("SSE", "exchange"), "Xinhua": ("XINHUA", "media"),
}


def issuer_facts(text):
    facts, taken = [], set()
    for name in sorted(ISSUERS, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:
            if not taken & set(range(at, at + len(name))):
                entity_id, kind = ISSUERS[name]
                facts.append(Fact("entity", at, at + len(name), name, {"id": entity_id, "kind": kind}))
                taken |= set(range(at, at + len(name)))
            at = text.find(name, at + 1)
    return sorted(facts, key=lambda f: f.start)


def rules_in(text):
    facts = find_rules(text, split_sentences(text), issuer_facts(text))
    for fact in facts:
        assert text[fact.start:fact.end] == fact.text
    return facts


def texts(text):
    return [f.text for f in rules_in(text)]


@pytest.mark.parametrize("text, expected", [
    ("交易商协会发布《关于推出科技创新债券 构建债市“科技板”的通知》。", ["关于推出科技创新债券 构建债市“科技板”的通知"]),
    ("上交所于当年印发《上海证券交易所公司债券发行上市审核规则适用指引第4号——科技创新公司债券》。",
     ["上海证券交易所公司债券发行上市审核规则适用指引第4号——科技创新公司债券"]),
    ("须符合《中华人民共和国证券法》的规定。", ["中华人民共和国证券法"]),
    ("依据《公司债券发行与交易管理办法(2023年修订)》执行。", ["公司债券发行与交易管理办法(2023年修订)"]),
    # a title that runs over a line break is one fact
    ("交易商协会发布《关于推出科技创新债券\n构建债市“科技板”的通知》。", ["关于推出科技创新债券\n构建债市“科技板”的通知"]),
    # a title cut off at the end of a crawled page: what is there
    ("另据报道，证监会近日印发《关于进一步规范债券发行业务有关事项的通", ["关于进一步规范债券发行业务有关事项的通"]),
])
def test_chinese_titles(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text", [
    "相关研究报告: 1.《关于城投债务置换的几点思考》,2024.11.8 2.《银行永续债定价案例研究》,2024.12.2",
    "《一文详解城投债置换条款(下)》回顾了近年的置换案例。",
    "据《金融时报》报道，科创债发行提速。",
    "本文参考了《中国债券市场发展报告》的数据。",
    "读者可参阅《固定收益证券分析》一书。",
    "浙江温州市市场监管局通报《瓯海区“6.12”食品抽检情...\n下一条新闻",
])
def test_research_reports_books_and_newspapers_are_not_rules(text):
    assert texts(text) == []


@pytest.mark.parametrize("text, number", [
    ("详见上证发〔2025〕65号文。", "上证发〔2025〕65号"),
    ("依据中市协发〔2025〕86号执行。", "中市协发〔2025〕86号"),
    ("根据国发[2018]23号文件。", "国发[2018]23号"),
    ("参见国办发【2023】12号。", "国办发【2023】12号"),
    ("按照发改财金(2021)5号要求。", "发改财金(2021)5号"),
    ("见（中国人民银行 中国证监会公告〔2025〕第8号）。", "中国人民银行 中国证监会公告〔2025〕第8号"),
    ("The rule is PBOC Announcement [2025] No. 8 of the central bank.", "PBOC Announcement [2025] No. 8"),
])
def test_document_numbers_keep_their_issuer_prefix(text, number):
    assert texts(text) == [number]


@pytest.mark.parametrize("text", [
    "城投债(2023)净融资转负[1]。",
    "利差为(2024)年均值的两倍。",
    "第4号指引尚未发布。",
])
def test_years_in_brackets_and_footnotes_are_not_numbers(text):
    assert texts(text) == []


@pytest.mark.parametrize("text, name", [
    ("The SSE issued the Guidelines No. 4 for the Application of Review Rules on Monday.",
     "Guidelines No. 4 for the Application of Review Rules"),
    ("Under the Measures for the Administration of Corporate Bond Issuance, issuers file with the CSRC.",
     "Measures for the Administration of Corporate Bond Issuance"),
    ("The PBOC released an Announcement on Supporting the Issuance of Technology Bonds.",
     "Announcement on Supporting the Issuance of Technology Bonds"),
    ("NAFMII published the Notice on Launching Sci-tech Notes in 2022.", "Notice on Launching Sci-tech Notes"),
    ("It follows the Rules for Bond Listing of the exchange.", "Rules for Bond Listing"),
])
def test_english_rule_names(text, name):
    assert texts(text) == [name]


@pytest.mark.parametrize("text", [
    "The SSE updated its rules last week to widen the range of eligible issuers.",
    "The notice on Monday surprised the market.",
    "In order to support innovation, banks bought bonds.",
])
def test_ordinary_english_is_not_a_rule(text):
    assert texts(text) == []


def test_title_and_paired_number_are_two_facts_with_one_rule_id_authority_and_date():
    text = ("2025年5月7日，中国人民银行与中国证监会联合推出《关于支持发行科技创新债券有关事宜的公告》"
            "（中国人民银行 中国证监会公告〔2025〕第8号）。")
    title, number = rules_in(text)
    assert title.text == "关于支持发行科技创新债券有关事宜的公告"
    assert number.text == "中国人民银行 中国证监会公告〔2025〕第8号"
    assert title.get("rule_id") == number.get("rule_id")
    assert title.get("title") == title.text and number.get("number") == number.text
    assert title.get("authority") == number.get("authority") == "PBOC"
    assert title.get("date") == "2025-05-07"


def test_rule_id_is_stable_across_documents_and_bracket_styles():
    first = rules_in("《关于进一步支持发行科技创新债券服务新质生产力的通知》（上证发〔2025〕65号）")
    second = rules_in("依据上证发[2025]65号。")
    assert first[0].get("rule_id") == first[1].get("rule_id") == second[0].get("rule_id")


def test_respectively_gives_each_issuer_its_own_rule():
    text = "2023年8月，深交所、上交所分别修订了《绿色公司债券审核指引》和《低碳转型债券业务指引》。"
    first, second = rules_in(text)
    assert (first.get("authority"), second.get("authority")) == ("SZSE", "SSE")
    assert first.get("date") == second.get("date") == "2023-08"


@pytest.mark.parametrize("text, authority", [
    ("地方融资平台须遵守《国务院关于加强地方政府性债务管理的意见》。", "STATE_COUNCIL"),
    ("交易商协会在《关于规范绿色票据信息披露的通知》中列出了三项要求。", "NAFMII"),
    ("Xinhua reported the Notice on Launching Sci-tech Notes.", None),  # a newspaper issues no rules
])
def test_authority_where_the_text_states_it(text, authority):
    assert rules_in(text)[0].get("authority") == authority


def test_date_without_a_year_takes_the_year_of_the_number():
    text = "5月7日，交易所随即出台《关于进一步支持发行科技创新债券服务新质生产力的通知》（上证发〔2025〕65号）。"
    assert {f.get("date") for f in rules_in(text)} == {"2025-05-07"}


def test_respectively_with_an_unnamed_issuer_leaves_that_rule_without_authority():
    text = "交易商协会、交易所随后跟进，分别出台《关于推出绿色票据的通知》、《关于支持绿色公司债券的通知》。"
    first, second = rules_in(text)
    assert (first.get("authority"), second.get("authority")) == ("NAFMII", None)


@pytest.mark.parametrize("number, authority", [
    ("上证发〔2025〕65号", "SSE"), ("深证上〔2025〕123号", "SZSE"), ("中市协发〔2025〕86号", "NAFMII"),
    ("国发〔2018〕23号", "State Council"), ("国办发〔2024〕5号", "State Council"), ("银发〔2023〕12号", "PBOC"),
    ("证监发〔2021〕7号", "CSRC"), ("发改财金〔2024〕9号", "NDRC"),
])
def test_a_document_number_names_its_authority_by_issuer_code(number, authority):
    text = f"该文件（{number}）自发布之日起施行。"
    [rule] = find_rules(text, split_sentences(text), [])
    assert (rule.text, rule.get("authority")) == (number, authority)


def test_every_issuer_code_points_at_a_lexicon_entry():
    from lexicon import load_lexicon
    from extract.rules import DOCUMENT_NUMBER_ISSUERS

    lexicon = load_lexicon()
    assert [code for code, id_ in DOCUMENT_NUMBER_ISSUERS.items() if lexicon.get(id_) is None] == []


@pytest.mark.parametrize("text, expected", [
    # the heading of a notice names the notice; the title inside it is part of that one mention
    ("上海证券交易所关于发布《上海证券交易所绿色债券业务指引(2025年修订)》的通知\n\n上证发〔2025〕88号\n\n各市场参与人:",
     ["上海证券交易所关于发布《上海证券交易所绿色债券业务指引(2025年修订)》的通知", "上证发〔2025〕88号"]),
    ("关于做好民营企业债券融资支持工作的通知\n为支持民营企业融资,现将有关事项通知如下。",
     ["关于做好民营企业债券融资支持工作的通知"]),
    # an attachment's name and the title line of the attached rule
    ("特此通知。\n附件:上海证券交易所绿色债券业务指引\n\n上海证券交易所绿色债券业务指引\n\n第一条 为规范绿色债券业务,制定本指引。",
     ["上海证券交易所绿色债券业务指引", "上海证券交易所绿色债券业务指引"]),
])
def test_heading_lines_are_rules(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text", [
    "证监会:将继续完善债券市场制度",  # a news headline with a colon is a sentence, not a title
    "上交所发布科创债新规\n多家券商积极参与",  # no rule word at its end
    "交易所债券市场发展综述\n本周信用债发行放量。",
])
def test_headlines_that_are_not_rule_titles(text):
    assert texts(text) == []


def test_heading_and_its_number_share_a_rule_id():
    facts = rules_in("上交所关于发布《上海证券交易所绿色债券业务指引》的通知\n上证发〔2025〕88号\n")
    assert {f.get("rule_id") for f in facts} == {"rule:上证发〔2025〕88号"}


@pytest.mark.parametrize("text, expected", [
    ("Proceeds must go to projects listed in the Green Bond Endorsed Projects Catalogue.",
     ["Green Bond Endorsed Projects Catalogue"]),
    ("The issuer said the notes meet the China Green Bond Principles and the ICMA Social Bond Principles.",
     ["China Green Bond Principles", "ICMA Social Bond Principles"]),
    # a Chinese title in brackets right after an English rule name is that rule in Chinese
    ("Issuance follows the Measures for the Administration of Green Bonds (绿色债券管理办法) issued last year.",
     ["Measures for the Administration of Green Bonds", "绿色债券管理办法"]),
    # ...but not bracketed Chinese that is no rule title (a meeting)
    ("Banks cited the Rules for Bond Trading (试行草案说明会) at the meeting.", ["Rules for Bond Trading"]),
])
def test_english_names_that_end_with_their_rule_word(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text", [
    "Investors adopted new Principles of portfolio construction.",  # no proper name before the rule word
    "The firm follows strict internal standards when pricing bonds.",
    "CITIC Securities (中信证券) led the deal.",
])
def test_english_phrases_that_are_not_rule_names(text):
    assert texts(text) == []


# English rule names are matched as token patterns (spaCy Matcher on a blank English tokenizer).
@pytest.mark.parametrize("text, expected", [
    ("Issuers must comply with the Measures for the Administration of Sovereign Green Bonds.",
     ["Measures for the Administration of Sovereign Green Bonds"]),
    ("The CSRC issued Guidelines on Sustainability Disclosure for Listed Companies last year.",
     ["Guidelines on Sustainability Disclosure for Listed Companies"]),
    ("Labels follow the China Green Bond Principles.", ["China Green Bond Principles"]),
    ("Dealers follow the Rules for the Registration of Debt Financing Instruments.",
     ["Rules for the Registration of Debt Financing Instruments"]),
    # a date after the name, day first, is not part of it
    ("NAFMII released a Notice on Launching Transition Bonds on 12 May 2025.", ["Notice on Launching Transition Bonds"]),
    # a quoted name inside the title belongs to it; a quote the title does not open ends it
    ('The Notice on Building a "Green Board" in the Bond Market took effect.',
     ['Notice on Building a "Green Board" in the Bond Market']),
    ('The "Rules for Bond Listing" and the “Guidelines for Green Bonds” apply.',
     ["Rules for Bond Listing", "Guidelines for Green Bonds"]),
    # hyphenated words stay whole; "at" and "an" inside a title do not cut it short
    ("The exchange's Rules on Sci-tech Board Bond Listing apply.", ["Rules on Sci-tech Board Bond Listing"]),
    ("Issuance follows the Measures for the Administration of an Offshore Bond Market.",
     ["Measures for the Administration of an Offshore Bond Market"]),
    ("The Rules on Trading at Exchanges in Hong Kong apply.", ["Rules on Trading at Exchanges in Hong Kong"]),
    # an English title inside a Chinese sentence
    ("发行人应遵守 Measures for the Administration of Corporate Bonds 的规定。",
     ["Measures for the Administration of Corporate Bonds"]),
    # rule words in ordinary English
    ("Traders rely on rules of thumb when the curve steepens.", []),
    ("Rules of thumb rarely hold in a sell-off.", []),
    ("The new rules took effect on Monday.", []),
    ("The Decision of the Board surprised investors.", []),
    ("A Plan for growth was discussed at the meeting.", []),
])
def test_english_rule_titles_found_and_not_found(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text, number, title", [
    # joint issuers joined by 、 or a space keep the whole number, and the title before it pairs with it
    ("两部门联合印发《关于完善绿色债券评估认证的公告》（中国人民银行、中国证监会公告〔2024〕第5号）。",
     "中国人民银行、中国证监会公告〔2024〕第5号", "关于完善绿色债券评估认证的公告"),
    ("两部门联合印发《关于完善绿色债券评估认证的公告》（中国人民银行 中国证监会公告〔2024〕第5号）。",
     "中国人民银行 中国证监会公告〔2024〕第5号", "关于完善绿色债券评估认证的公告"),
    ("The regulators set out the Rules for Green Note Verification (PBOC and CSRC Announcement [2024] No. 5).",
     "PBOC and CSRC Announcement [2024] No. 5", "Rules for Green Note Verification"),
])
def test_a_joint_document_number_keeps_all_its_issuers_and_its_first_is_the_authority(text, number, title):
    facts = rules_in(text)
    assert [f.text for f in facts] == [title, number]
    assert len({f.get("rule_id") for f in facts}) == 1
    assert {f.get("authority") for f in facts} == {"PBOC"}


def test_the_same_joint_number_gets_one_id_whatever_joins_its_issuers():
    ids = {rules_in(f"见中国人民银行{mark}中国证监会公告〔2024〕第5号。")[0].get("rule_id") for mark in ("、", " ")}
    assert len(ids) == 1


@pytest.mark.parametrize("text", [
    "参照银发〔2024〕11号、证监发〔2024〕7号执行。",
    "Both PBOC Announcement [2024] No. 11 and CSRC Announcement [2024] No. 7 apply.",
])
def test_a_list_of_numbers_stays_one_rule_each(text):
    assert len(texts(text)) == 2


@pytest.mark.parametrize("text, full, shorts", [
    ("交易商协会制定了《科技票据信息披露指引（试行）》（以下简称《指引》）。《指引》自发布之日起施行，各机构应当按照《指引》调整内部制度，《指引》未尽事宜另行通知。",
     "科技票据信息披露指引（试行）", 4),
    ("证监会发布《绿色公司债券发行办法》（证监发〔2024〕9号，下称《办法》）。根据《办法》，发行人应当披露资金投向。",
     "绿色公司债券发行办法", 2),
    ('The PBOC issued the Measures for the Administration of Green Notes (hereinafter the "Measures") last week. '
     "Under the Measures, issuers report twice a year.", "Measures for the Administration of Green Notes", 2),
])
def test_a_defined_short_form_shares_the_rule_id_of_its_full_title(text, full, shorts):
    facts = rules_in(text)
    full_fact = next(f for f in facts if f.text == full)
    short_facts = [f for f in facts if f.get("title") in ("指引", "办法", "Measures")]
    assert len(short_facts) == shorts
    assert {f.get("rule_id") for f in short_facts} == {full_fact.get("rule_id")}
    assert {f.get("authority") for f in short_facts} == {full_fact.get("authority")}
    assert full_fact.get("authority") is not None


@pytest.mark.parametrize("seed", range(20))
def test_the_issuers_within_a_span_are_those_starting_and_ending_inside_it(seed):
    import random

    from extract.rules import _Issuers, _Mention

    chance = random.Random(seed)
    issuers = [Fact("entity", start, start + chance.randint(1, 8), "x")
               for start in (chance.randint(0, 100) for _ in range(chance.randint(0, 25)))]
    mentions = sorted((_Mention(start, start + chance.randint(1, 20)) for start in
                       (chance.randint(0, 100) for _ in range(chance.randint(0, 6)))), key=lambda m: m.start)
    found = _Issuers(issuers, mentions)
    for _ in range(20):
        start = chance.randint(0, 110)
        end = start + chance.randint(0, 30)
        expected = [i for i in sorted(issuers, key=lambda e: e.start) if start <= i.start and i.end <= end]
        assert found.within(start, end) == expected
