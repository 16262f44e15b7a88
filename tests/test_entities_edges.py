"""Where a discovered name starts and ends, and who counts as a person: the edges a careful reader checks."""
from __future__ import annotations

import pytest

from extract.entities import find_entities


def found(text, lexicon):
    facts = find_entities(text, lexicon)
    assert all(text[f.start:f.end] == f.text for f in facts)
    return [(f.text, f.get("kind")) for f in facts]


def ids(text, lexicon):
    return {f.text: f.get("id") for f in find_entities(text, lexicon)}


@pytest.mark.parametrize("text", [
    # a verb, adverb, conjunction or quantity before a generic head noun is no name
    "部分机构只统计交易所挂牌的品种，口径偏窄。",
    "利率上行可能削弱银行的配置意愿。",
    "而且一旦大部分银行同时减持，利差会迅速走阔。",
    "监管希望进一步提高银行参与做市的积极性。",
    "我们提示投资者关注交易所的规则修订。",
    "The rating was cut after Asia Fixed Income Research flagged the risk.",
])
def test_no_name_from_words_before_a_generic_head(lexicon, text):
    assert [name for name, kind in found(text, lexicon) if kind != "person"] == []


@pytest.mark.parametrize("text, expected", [
    # the name itself still starts where it should, after the verb
    ("本期债券拟由嘉澜证券担任主承销商。", [("嘉澜证券", "company")]),
    ("投资者可关注杭州银行的二级资本债。", [("杭州银行", "bank")]),
    ("评级由联合资信评估股份有限公司出具。", [("联合资信评估股份有限公司", "company")]),
    ("第一创业证券于同日发布公告。", [("第一创业证券", "company")]),
])
def test_a_name_after_a_verb_keeps_its_own_start(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, firm", [
    ("澄川证券研究所发布了月度信用策略。本报告由澄川证券股份有限公司研究所编制。", "澄川证券"),
    ("澄川证券研究院认为利差仍有空间。", "澄川证券"),
    ("Analysts at Tidewater Securities Research expect wider spreads; Tidewater Securities Co., Ltd. "
     "declined to comment.", "Tidewater Securities"),
])
def test_a_research_department_is_its_firm(lexicon, text, firm):
    found_ids = ids(text, lexicon)
    assert all(name.startswith(firm) and not name.endswith(("研究所", "研究院", "Research"))
               for name in found_ids)
    assert len(set(found_ids.values())) == 1


@pytest.mark.parametrize("text, people", [
    ("分析师：周启航\n联系人：季明远\n", ["周启航", "季明远"]),
    ("联系人：欧阳晓岚 电话：021-5555 0000\n", ["欧阳晓岚"]),
    ("如有疑问，请联系人：王先生，电话：010-0000 1111。\n", []),
])
def test_contact_lines_name_people(lexicon, text, people):
    assert [name for name, kind in found(text, lexicon) if kind == "person"] == people


@pytest.mark.parametrize("text, expected", [
    # a region or a team in a job title is not the employer
    ('"Spreads are tight," said Lena Brandt, head of Europe credit strategy at Barclays in London.',
     [("Lena Brandt", "person"), ("Barclays", "bank")]),
    ("Omar Haddad, chief economist for Asia at Nomura, said local issuance would slow.",
     [("Omar Haddad", "person"), ("Nomura", "company")]),
    ('"Demand is thin," says Priya Nair, head of Fixed Income.', [("Priya Nair", "person")]),
])
def test_a_job_title_is_not_an_organisation(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, expected", [
    ("A study by Saltmarsh Credit Research found weaker coverage ratios.",
     [("Saltmarsh Credit Research", "company")]),
    ("Funds run by Ardent Hill Capital and Keystone Ridge Partners added duration.",
     [("Ardent Hill Capital", "company"), ("Keystone Ridge Partners", "company")]),
    ("Bonds of Tidewater Rural Bank rallied after the swap.", [("Tidewater Rural Bank", "bank")]),
    ("Yesterday Ardent Hill Capital cut its holdings.", [("Ardent Hill Capital", "company")]),
    ("Issuers rushed to the market. Issuers Harbourside Capital and others followed.",
     [("Harbourside Capital", "company")]),
    # a lone region or team before an organisation suffix names nothing
    ("The note from Asia Fixed Income Research was brief.", []),
    ("Working Capital needs rose at most issuers.", []),
])
def test_english_organisation_suffixes_and_sentence_openers(lexicon, text, expected):
    assert found(text, lexicon) == expected


@pytest.mark.parametrize("text, people", [
    ("Reporting by Chen Yutong in Shanghai; additional reporting by Daniel Ferreira in Hong Kong; "
     "editing by Clare Whitfield", ["Chen Yutong", "Daniel Ferreira", "Clare Whitfield"]),
    ("Writing by Mei Lin; Editing by Jacob Stone and Ana Ruiz", ["Mei Lin", "Jacob Stone", "Ana Ruiz"]),
])
def test_wire_credit_lines_name_people_not_places(lexicon, text, people):
    assert [name for name, kind in found(text, lexicon) if kind == "person"] == people


@pytest.mark.parametrize("text, expected", [
    ("Nordic Rates Institute\n\nBy Ingrid Solberg\n\nThe krone curve steepened.",
     [("Nordic Rates Institute", "company"), ("Ingrid Solberg", "person")]),
    ("Baystone Research Group\nMarkus Feld\n", [("Baystone Research Group", "company"), ("Markus Feld", "person")]),
])
def test_a_heading_naming_an_organisation_is_no_byline(lexicon, text, expected):
    assert found(text, lexicon) == expected


AUTHOR_LINES = [
    ("Harbour Point Research | 3 March 2026\nAnalyst: Grace Whitfield, CFA\n\nSummary\n", ["Grace Whitfield"]),
    ("Analysts: Daniel Okafor, CFA, Mei Lin and Arjun Mehta\n", ["Daniel Okafor", "Mei Lin", "Arjun Mehta"]),
    ("Contacts: Samuel Ortega; Ruth Abernathy, PhD\n", ["Samuel Ortega", "Ruth Abernathy"]),
    ("Strategist: Owen Castell\nRates outlook for the second half\n", ["Owen Castell"]),
]
NOT_AUTHOR_LINES = [
    "Analysts: Expect Rate Cuts Before Year End\n",           # a headline, not a list of names
    "The analyst said: Helen Zhou is right about spreads.\n",  # no cue at the line start
    "Analyst coverage of local issuers remains thin.\n",
]


@pytest.mark.parametrize("text, names", AUTHOR_LINES, ids=[names[0] for _, names in AUTHOR_LINES])
def test_every_name_on_an_english_author_line_is_a_person(text, names, lexicon):
    people = [name for name, kind in found(text, lexicon) if kind == "person"]
    assert people == names


@pytest.mark.parametrize("text", NOT_AUTHOR_LINES)
def test_a_line_that_only_starts_like_an_author_line_names_no_person(text, lexicon):
    assert [name for name, kind in found(text, lexicon) if kind == "person"] == []
