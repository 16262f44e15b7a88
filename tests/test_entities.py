"""Entity extraction: what a reader would call an organisation, person or bond, with one id per thing."""
from __future__ import annotations

import pytest

from extract.entities import find_entities


def found(text, lexicon):
    facts = find_entities(text, lexicon)
    assert all(text[f.start:f.end] == f.text for f in facts)
    return [(f.text, f.get("kind"), f.get("id")) for f in facts]


@pytest.mark.parametrize("text, expected", [
    ("上交所与深交所于同日发布通知。", [("上交所", "exchange", "SSE"), ("深交所", "exchange", "SZSE")]),
    ("央行、证监会联合发布公告，财政部随后跟进。",
     [("央行", "regulator", "PBOC"), ("证监会", "regulator", "CSRC"), ("财政部", "government", "MOF")]),
    ("The Shanghai Stock Exchange and the CSRC said on Monday.",
     [("Shanghai Stock Exchange", "exchange", "SSE"), ("CSRC", "regulator", "CSRC")]),
    ("估值采用中债估值到期收益率。", [("中债", "company", "CCDC")]),
    ("国新办举行新闻发布会，国务院相关部门出席。",
     [("国新办", "government", "SCIO"), ("国务院", "government", "State Council")]),
    ("工行、建行和中行均参与认购。",
     [("工行", "bank", "ICBC"), ("建行", "bank", "CCB"), ("中行", "bank", "BOC")]),
])
def test_lexicon_names_in_both_languages(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, expected", [
    # the longest name wins over the names inside it
    ("中国银行间市场交易商协会发布指引。", [("中国银行间市场交易商协会", "association", "NAFMII")]),
    ("The People's Bank of China kept rates unchanged.", [("People's Bank of China", "regulator", "PBOC")]),
    ("中国人民银行上海总部召开会议。", [("中国人民银行上海总部", "regulator", "PBOC Shanghai")]),
    ("国务院新闻办公室举行发布会。", [("国务院新闻办公室", "government", "SCIO")]),
    # a market is not a bank, and a short name is not read across words
    ("中国银行间市场的流动性保持充裕。", []),
    ("其中行业分布较广，全国网络覆盖。", []),
])
def test_longest_correct_span_wins(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text", [
    "商业银行、证券公司和保险公司均可参与投资。",
    "假设商业银行按期获得资金。",
    "发行人超过九成是央企和地方国企，交易所也给予支持。",
    "Central SOEs and commercial banks were the main issuers.",
])
def test_generic_mentions_are_not_entities(lexicon, text):
    assert found(text, lexicon) == []


@pytest.mark.parametrize("text, name, kind, entity_id", [
    ("本期债券由浙江交通投资集团有限公司发行。", "浙江交通投资集团有限公司", "company", "new:浙江交通投资集团"),
    ("苏州农村商业银行完成二级资本债发行。", "苏州农村商业银行", "bank", "new:苏州农村商业银行"),
    ("发行人浙江省交通投资集团有限公司称资金用于建设。", "浙江省交通投资集团有限公司", "company", "new:浙江省交通投资集团"),
    ("江苏南通市财政局发布招标公告。", "南通市财政局", "government", "new:南通市财政局"),
    ("The notes were issued by Zhejiang Energy Group Co., Ltd. last week.", "Zhejiang Energy Group Co., Ltd.",
     "company", "new:zhejiang-energy-group"),
    ("In 2024, Lingang Smart Grid Corporation Limited priced its debut bond.",
     "Lingang Smart Grid Corporation Limited", "company", "new:lingang-smart-grid"),
    ("Bank of Weifang sold three-year notes.", "Bank of Weifang", "bank", "new:bank-of-weifang"),
    ("（来源：江南晨报）", "江南晨报", "media", "new:江南晨报"),
])
def test_discovered_organisations_are_candidates_with_stable_ids(lexicon, text, name, kind, entity_id):
    facts = [f for f in find_entities(text, lexicon) if f.text == name]
    assert len(facts) == 1
    assert (facts[0].get("kind"), facts[0].get("id"), facts[0].get("candidate")) == (kind, entity_id, True)


@pytest.mark.parametrize("text, entity_id", [
    ("The deal was led by China Merchants Bank Company Limited and others.", "CMB"),
    ("投资者包括中国人寿保险股份有限公司。", "China Life"),
    ("Goldman Sachs Group Inc. said demand was strong.", "Goldman Sachs"),
])
def test_discovered_name_in_the_lexicon_gets_the_lexicon_id(lexicon, text, entity_id):
    facts = find_entities(text, lexicon)
    assert [(f.get("id"), f.get("candidate")) for f in facts] == [(entity_id, False)]


@pytest.mark.parametrize("text, full, short", [
    ("浙江龙盛集团股份有限公司本月发行两期债券。龙盛集团表示，资金用于研发。", "浙江龙盛集团股份有限公司", "龙盛集团"),
    ("宁波甬兴控股有限公司披露年报。随后宁波甬兴控股回应了问询。", "宁波甬兴控股有限公司", "宁波甬兴控股"),
    ("Sunrise Data Technology Co., Ltd. raised 2 billion yuan. Sunrise Data Technology said demand was strong.",
     "Sunrise Data Technology Co., Ltd.", "Sunrise Data Technology"),
])
def test_short_form_after_full_form_shares_its_id(lexicon, text, full, short):
    ids = {f.text: f.get("id") for f in find_entities(text, lexicon)}
    assert ids[short] == ids[full]


@pytest.mark.parametrize("text, bonds", [
    ("24苏交通MTN003与23闽投01同日簿记。", ["24苏交通MTN003", "23闽投01"]),
    ("对比苏交YK01与22苏交Y3的利差。", ["苏交YK01", "22苏交Y3"]),
    ("共发行了17只债券，规模15亿元，2025年5月7日起息。", []),
])
def test_bond_short_names(lexicon, text, bonds):
    assert [f.text for f in find_entities(text, lexicon) if f.get("kind") == "bond"] == bonds


@pytest.mark.parametrize("text, people", [
    ("分析师：张伟 李娜\n正文从这里开始。", ["张伟", "李娜"]),
    ("作者:陈晓东邮箱:chen@example.com", ["陈晓东"]),
    ("本文作者 | 欧阳明 许可、周一帆\n", ["欧阳明", "许可", "周一帆"]),
    ("Bond Market Weekly\nLi Wei, Caixin\nBody text follows here.", ["Li Wei"]),
    ('"Rates will fall," says Anna Berg, chief economist at Nordic Rates Institute.', ["Anna Berg"]),
])
def test_named_authors_and_analysts_are_people(lexicon, text, people):
    assert [f.text for f in find_entities(text, lexicon) if f.get("kind") == "person"] == people


def test_employer_of_a_quoted_analyst_is_found(lexicon):
    text = '"Demand is broad," says Anna Berg, chief economist at Nordic Rates Institute.'
    kinds = {f.text: f.get("kind") for f in find_entities(text, lexicon)}
    assert kinds["Nordic Rates Institute"] == "company"


@pytest.mark.parametrize("text, media", [
    ("（来源：澎湃新闻）", "The Paper"),
    ("据财联社报道，多家券商上调预测。", "Cailian Press"),
    ("格隆汇3月5日丨多只科创债今日上市。", "Gelonghui"),
])
def test_media_sources(lexicon, text, media):
    assert [(f.get("kind"), f.get("id")) for f in find_entities(text, lexicon)] == [("media", media)]


def test_same_id_across_languages_and_documents(lexicon):
    chinese = find_entities("上海证券交易所发布细则，上交所表示欢迎。", lexicon)
    english = find_entities("SSE said the Shanghai Stock Exchange would help.", lexicon)
    assert {f.get("id") for f in chinese + english} == {"SSE"}
    assert {f.get("name_en") for f in chinese} == {"Shanghai Stock Exchange"}


@pytest.mark.parametrize("text, expected", [
    # a complete lexicon name before "and" is its own organisation; the discovered one starts after it
    ("The Shanghai Stock Exchange and China International Capital Corporation plan a joint pilot.",
     [("Shanghai Stock Exchange", "exchange", "SSE"), ("China International Capital Corporation", "company", "CICC")]),
    ("On Friday HSBC and Yangtze Harbour Logistics Group signed the loan.",
     [("HSBC", "bank", "HSBC"), ("Yangtze Harbour Logistics Group", "company", "new:yangtze-harbour-logistics-group")]),
    # "&" inside a name whose left part names nothing stays one name
    ("Hangzhou Signal & Communication Group priced notes.",
     [("Hangzhou Signal & Communication Group", "company", "new:hangzhou-signal-and-communication-group")]),
])
def test_a_listed_lexicon_organisation_is_not_swallowed_by_a_discovered_name(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, expected", [
    # a discovered name never crosses 或者/以及 or starts inside another organisation's name
    ("违规者将受到中国证监会行政处罚或者中国证券业协会自律处分。",
     [("中国证监会", "regulator", "CSRC"), ("中国证券业协会", "association", "SAC")]),
    ("由财政部以及江门市城市建设投资集团有限公司共同出资。",
     [("财政部", "government", "MOF"), ("江门市城市建设投资集团有限公司", "company", "new:江门市城市建设投资集团")]),
])
def test_chinese_discovery_stops_at_clauses_and_other_organisations(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, expected", [
    # a suffix inside a longer word is no name's end: 证券法 is a law, 银行业 an industry
    ("依据《中华人民共和国证券法》第十五条办理。", []),
    ("资产证券化产品与银行业务均有增长。", []),
    ("按照国务院证券监督管理机构和证券法的规定执行。", [("国务院", "government", "State Council")]),
    # a title may still name its issuer as a whole name
    ("《国务院关于加强地方政府债务管理的意见》", [("国务院", "government", "State Council")]),
    ("《临海市人民政府关于发行专项债券的通知》", [("临海市人民政府", "government", "new:临海市人民政府")]),
    ("《光明证券研究所固收周报》显示利差收窄。", []),
])
def test_chinese_suffix_counts_only_at_a_word_end(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, people", [
    ("Yields fell 3 bp.\n\nReporting by Zhou Min and Peter Hall; Editing by Jane Moore", ["Zhou Min", "Peter Hall",
                                                                                          "Jane Moore"]),
    ("Spreads widened.\nAdditional reporting by Chen Yu in Beijing; Writing by Mark Lee; Compiled by Ann Wu",
     ["Chen Yu", "Mark Lee", "Ann Wu"]),
])
def test_wire_credit_lines_name_people(lexicon, text, people):
    assert [f.text for f in find_entities(text, lexicon) if f.get("kind") == "person"] == people


@pytest.mark.parametrize("text, expected", [
    ("The Obama administration tightened rules on outbound investment.",
     [("Obama administration", "government", "new:obama-administration")]),
    ("Officials in the Kishida cabinet welcomed the deal.",
     [("Kishida cabinet", "government", "new:kishida-cabinet")]),
    # places, nationalities and capitalised multi-word names are not a leader's government
    ("The Chinese government and the local government issued bonds.", []),
    ("The Shanghai government will repay the debt.", []),
    ("The Small Business administration approved loans.", []),
])
def test_a_leaders_administration_is_a_government(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, expected", [
    ("Nomura and Barclays expect yields to fall.", [("Nomura", "company", "Nomura"), ("Barclays", "bank", "Barclays")]),
    ("野村与瑞穗银行均看好人民币债券。", [("野村", "company", "Nomura"), ("瑞穗银行", "bank", "Mizuho")]),
    ("Guotai Junan and Haitong led the deal; CICC was co-manager.",
     [("Guotai Junan", "company", "GTJA"), ("Haitong", "company", "Haitong Securities"), ("CICC", "company", "CICC")]),
    ("中金公司首席经济学家表示，潘功胜此前已释放信号。",
     [("中金公司", "company", "CICC"), ("潘功胜", "person", "Pan Gongsheng")]),
    ("Xi Jinping and Li Qiang met bankers; Pan Gongsheng spoke later.",
     [("Xi Jinping", "person", "Xi Jinping"), ("Li Qiang", "person", "Li Qiang"),
      ("Pan Gongsheng", "person", "Pan Gongsheng")]),
])
def test_foreign_houses_short_forms_and_officials_are_known(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, name", [
    ("Spread vs CDB\nAgricultural Development Bank\t1.71%", "Agricultural Development Bank"),
    ("Issuer\tHarbin Electric Group Co., Ltd.\t3.0", "Harbin Electric Group Co., Ltd."),
])
def test_an_english_name_never_runs_over_a_line_or_a_table_cell(lexicon, text, name):
    names = [fact.text for fact in find_entities(text, lexicon)]
    assert name in names
    assert not any("\n" in n or "\t" in n for n in names)


@pytest.mark.parametrize("text, people", [
    # the verb must start a word: "unsaid" quotes nobody
    ("The risks went unsaid Anna Berg, chief economist at Nordic Rates Institute, noted.", ["Anna Berg"]),
    ("Yields may rise, said Tom Hale, a strategist at Kestrel Capital, and Mia Lund, an analyst at Fjord Bank, "
     "agreed.", ["Tom Hale"]),
    # two quotes in one paragraph, each verb before its person
    ("Demand is firm, says Tom Hale, a strategist at Kestrel Capital. Supply is thin, notes Mia Lund, an analyst "
     "at Fjord Bank.", ["Tom Hale", "Mia Lund"]),
    ("Nothing here: the unsaid, the resaid and the foretold.", []),
])
def test_a_quoted_person_is_found_only_after_a_whole_verb(lexicon, text, people):
    assert [f.text for f in find_entities(text, lexicon) if f.get("kind") == "person"] == people


@pytest.mark.parametrize("text, media", [
    ("财联社12月25日讯，多只城投债今日簿记。", ["财联社"]),
    ("格隆汇1月5日|科创债发行提速。", ["格隆汇"]),
    # a month with three digits is no date, and digits are no media name
    ("编号2023112月5日讯", []),
    ("12月25日讯，市场平稳。", []),
])
def test_a_dateline_names_the_media_before_it(lexicon, text, media):
    assert [f.text for f in find_entities(text, lexicon) if f.get("kind") == "media"] == media


@pytest.mark.parametrize("text, expected", [
    # a discovered name is read only from the Han characters right before its suffix: never across a
    # sentence end, a line break or a digit
    ("资金到位。甬兴控股集团有限公司表示将按期兑付。", "甬兴控股集团有限公司"),
    ("发行规模\n甬兴控股集团有限公司", "甬兴控股集团有限公司"),
    ("2025甬兴控股集团有限公司", "甬兴控股集团有限公司"),
    ("发行人：甬兴控股集团有限公司", "甬兴控股集团有限公司"),
])
def test_a_discovered_name_does_not_run_over_a_boundary(lexicon, text, expected):
    names = [f.text for f in find_entities(text, lexicon) if f.get("candidate")]
    assert expected in names
    assert all(not any(mark in name for mark in "。\n0123456789") for name in names)


@pytest.mark.parametrize("text, people", [
    ("By Anna Berg\n\nYields fell across the curve.", ["Anna Berg"]),
    ("Weekly credit brief\n\n\nTom Hale, Senior Strategist\nSpreads tightened.", ["Tom Hale"]),
    # a byline is a line of its own near the top: not a name inside a sentence
    ("Spreads tightened as Tom Hale expected.\nMia Lund", ["Mia Lund"]),
    ("Markets update\nYields fell, said the desk.", []),
])
def test_a_byline_near_the_top_names_its_author(lexicon, text, people):
    assert [f.text for f in find_entities(text, lexicon) if f.get("kind") == "person"] == people


@pytest.mark.parametrize("text, name", [
    # long English names are read whole, however many words they have
    ("The notes of Greater Bay Area Transport Infrastructure Investment and Development Group Co., Ltd. priced.",
     "Greater Bay Area Transport Infrastructure Investment and Development Group Co., Ltd."),
    ("On Monday, Xinjiang Uygur Autonomous Region Water Resources and Hydropower Holding Group sold notes.",
     "Xinjiang Uygur Autonomous Region Water Resources and Hydropower Holding Group"),
    ("proceeds of the notes went to Lingang Smart Grid Corporation Limited", "Lingang Smart Grid Corporation Limited"),
])
def test_long_english_names_are_read_whole(lexicon, text, name):
    assert name in [fact.text for fact in find_entities(text, lexicon)]
