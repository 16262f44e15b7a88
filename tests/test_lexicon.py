"""The lexicon: every way of naming an entry resolves to its id; user files layer on top; bad files
fail with the file, the line and what to fix."""
from __future__ import annotations

import json

import pytest

from lexicon import (Entry, LexiconError, add_entry, discovered_id, export_entries, import_entries,
                     load_lexicon, read_entries)

HEADER = "id\ttype\tkind\tname_zh\tname_en\tabbreviations\taliases\n"


@pytest.mark.parametrize("name, expected", [
    # official names, abbreviations and aliases, in both languages
    ("上海证券交易所", "SSE"), ("上交所", "SSE"), ("SSE", "SSE"), ("Shanghai Stock Exchange", "SSE"),
    ("中国人民银行", "PBOC"), ("央行", "PBOC"), ("人民银行", "PBOC"), ("People's Bank of China", "PBOC"),
    ("中国证监会", "CSRC"), ("证监会", "CSRC"), ("China Securities Regulatory Commission", "CSRC"),
    ("国家金融监督管理总局", "NFRA"), ("国家发展改革委", "NDRC"), ("发改委", "NDRC"), ("财政部", "MOF"),
    ("国新办", "SCIO"), ("国务院新闻办公室", "SCIO"), ("国务院", "State Council"), ("国资委", "SASAC"),
    ("北交所", "BSE"), ("港交所", "HKEX"), ("新三板", "NEEQ"), ("中债", "CCDC"), ("中央国债登记结算", "CCDC"),
    ("上海清算所", "SHCH"), ("中国结算", "CSDC"), ("交易商协会", "NAFMII"),
    ("中国银行间市场交易商协会", "NAFMII"), ("中证协", "SAC"), ("基金业协会", "AMAC"),
    ("科创债", "sci-tech innovation bond"), ("innovation bonds", "sci-tech innovation bond"),
    ("中票", "MTN"), ("可交债", "exchangeable bond"), ("CRMW", "CRMW"),
    # foreign houses and rating agencies, Chinese brokers' English short forms, officials (people)
    ("野村", "Nomura"), ("Nomura", "Nomura"), ("高盛", "Goldman Sachs"), ("大摩", "Morgan Stanley"),
    ("摩根大通", "JPMorgan"), ("渣打", "Standard Chartered"), ("巴克莱", "Barclays"), ("瑞穗银行", "Mizuho"),
    ("S&P Global", "S&P"), ("惠誉", "Fitch"), ("Guotai Junan", "GTJA"), ("Huatai", "Huatai Securities"),
    ("中金公司", "CICC"), ("中国国际金融股份有限公司", "CICC"), ("China International Capital Corporation", "CICC"),
    ("习近平", "Xi Jinping"), ("Lan Fo'an", "Lan Fo'an"), ("李云泽", "Li Yunze"),
    # case, width, apostrophes and spacing do not matter
    ("shanghai stock exchange", "SSE"), ("ＳＳＥ", "SSE"), ("People’s  Bank of China", "PBOC"),
    # legal forms are not part of the identity
    ("China Merchants Bank Co., Ltd.", "CMB"), ("China Merchants Bank Company Limited", "CMB"),
    ("招商银行股份有限公司", "CMB"), ("the Industrial and Commercial Bank of China Limited", "ICBC"),
    # a typo in a long name
    ("Peoples Bank of Chnia", "PBOC"), ("China Securities Regulatroy Commission", "CSRC"),
])
def test_every_alias_resolves_to_one_id(lexicon, name, expected):
    entry = lexicon.resolve(name)
    assert entry is not None and entry.id == expected


@pytest.mark.parametrize("name", ["银行", "Bank", "China", "华东某某科技公司", "", "China South Industries Assets"
                                  " Management"])
def test_generic_or_unknown_names_resolve_to_nothing(lexicon, name):
    entry = lexicon.resolve(name)
    assert entry is None or entry.type not in ("organisation", "person")


def test_near_but_different_companies_are_not_merged(lexicon):
    # the listed company is not its parent group: fuzzy matching is for typos only
    entry = lexicon.resolve("China National Building Material Holdings Corporation")
    assert entry is None or entry.id != "CNBM"


def test_expansions_give_every_name_in_both_languages(lexicon):
    assert {"证监会", "中国证监会", "China Securities Regulatory Commission", "CSRC"} <= lexicon.expansions("CSRC")
    assert {"央行", "People's Bank of China"} <= lexicon.expansions("央行")
    assert "sci-tech innovation bond" in lexicon.expansions("科创债")
    assert lexicon.expansions("something unknown") == {"something unknown"}


@pytest.mark.parametrize("surface, metric", [
    ("发行规模", "issuance_amount"), ("issuance amount", "issuance_amount"), ("收益率", "yield"),
    ("信用利差", "credit_spread"), ("票面利率", "coupon_rate"), ("占比", "share"), ("余额", "balance"),
    ("存量规模", "outstanding"), ("估值", "valuation"), ("利差", "spread"),
])
def test_metric_terms_map_surfaces_to_metric_ids(lexicon, surface, metric):
    assert lexicon.metric_terms()[surface] == metric


def test_entries_filter_by_type_and_kind(lexicon):
    regulators = lexicon.entries(type="organisation", kind="regulator")
    assert {"PBOC", "CSRC", "NFRA"} <= {e.id for e in regulators}
    assert all(e.kind == "regulator" for e in regulators)
    assert len(lexicon.entries()) >= 300


def test_jieba_tokenizer_is_private_and_keeps_lexicon_names_whole(lexicon):
    import jieba

    tokenizer = lexicon.jieba_tokenizer()
    assert tokenizer is not jieba.dt and tokenizer is lexicon.jieba_tokenizer()
    split = [name for entry in lexicon.entries("organisation") for name in entry.names()
             if len(name) >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in name)
             and tokenizer.lcut(name, HMM=False) != [name]]
    assert split == []


@pytest.mark.parametrize("text", [
    "本期债券由浙江交通投资集团有限公司发行",  # a lexicon-free company name before its legal form
    "中国银行间市场交易商协会",  # lexicon names inside one another
    "随后宁波甬兴控股",  # a function word glued to a name
    "研究结研究所研究中心",  # ties between cuts of the same probability
    "旸玥",  # characters jieba does not know
    "截至2025年6月末的发行规模",  # digits and Latin: jieba's own path
    "㐀㐁集团",  # Han characters outside jieba's range
    "",
])
def test_han_words_cut_exactly_like_jieba(lexicon, text):
    assert lexicon.han_words(text) == lexicon.jieba_tokenizer().lcut(text, HMM=False)


@pytest.mark.parametrize("names, expected", [
    (["China National Building Material Company Limited", "China National Building Material Co., Ltd."],
     "new:china-national-building-material"),
    (["巨化集团有限公司", "巨化集团", "巨化集团股份有限公司"], "new:巨化集团"),
    (["China Railway Signal & Communication Corporation Limited"], "new:china-railway-signal-and-communication"),
])
def test_discovered_names_get_the_same_stable_id(names, expected):
    assert {discovered_id(name) for name in names} == {expected}


# -- user lexicon ------------------------------------------------------------------------------------
def write(tmp_path, text: str | bytes, name="user.tsv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_user_file_extends_and_overrides_shipped_entries(tmp_path):
    user = write(tmp_path, HEADER + "# my additions\n"
                 "SSE\texchange\t\t\t\t\t上证交易所\n"
                 "JUHUA\tcompany\t\t巨化集团有限公司\tJuhua Group\t\t巨化集团\n"
                 "NDRC\torganisation\tregulator\n")
    lexicon = load_lexicon([user])
    assert lexicon.resolve("上证交易所").id == "SSE"
    assert lexicon.resolve("上交所").id == "SSE"  # shipped aliases stay
    assert lexicon.resolve("Juhua Group").id == "JUHUA"
    assert lexicon.get("NDRC").kind == "regulator" and lexicon.get("NDRC").name_zh == "国家发展和改革委员会"


@pytest.mark.parametrize("content, line, fragment", [
    (HEADER + "SSE2\texchange\n", 2, "columns"),
    (HEADER + "A\torganisation\tbank\t甲银行\tA Bank\t\t\textra\n", 2, "columns"),
    (HEADER + "# comment\nWIDGET\twidget\t\t小部件\n", 3, "unknown type 'widget'"),
    (HEADER + "ACME\torganisation\tfactory\t某厂\n", 2, "unknown organisation kind 'factory'"),
    (HEADER + "\tcompany\t\t某公司\n", 2, "id column is empty"),
    (HEADER + "ACME\tcompany\t\t\t\t\t\n", 2, "has no name"),
    (HEADER + "ACME\tcompany\t\t甲公司\n\nACME\tcompany\t\t乙公司\n", 4, "already defined"),
    (HEADER + "ACME\tcompany\t\t甲公司\t\t\tAC\nACMA\tcompany\t\t乙公司\t\t\tac\n", 3,
     "already belongs to 'ACME'"),
    (HEADER.encode() + "X\tcompany\t\t甲公司\n".encode() + "Y\tcompany\t\t乙公司\n".encode("gbk"), 3, "not UTF-8"),
])
def test_lexicon_file_errors_name_file_line_and_fix(tmp_path, content, line, fragment):
    path = write(tmp_path, content)
    with pytest.raises(LexiconError) as caught:
        load_lexicon([path])
    assert caught.value.line == line
    assert f"{path}:{line}:" in str(caught.value)
    assert fragment in str(caught.value)


def test_utf8_bom_and_trailing_empty_columns_are_fine(tmp_path):
    path = write(tmp_path, "\ufeff" + HEADER + "ACME\tcompany\t\t甲公司\n")
    assert [e.id for e in read_entries(path)] == ["ACME"]


def test_add_export_import_round_trip(tmp_path):
    user = tmp_path / "config" / "lexicon.tsv"
    add_entry(user, Entry("JUHUA", "organisation", "company", "巨化集团有限公司", "Juhua Group", (), ("巨化集团",)))
    add_entry(user, Entry("JUHUA", "organisation", "company", aliases=("Juhua",)))  # extends, keeps the rest
    (stored,) = read_entries(user)
    assert stored.name_zh == "巨化集团有限公司" and stored.aliases == ("巨化集团", "Juhua")

    exported = tmp_path / "export.tsv"
    exported.write_text(export_entries([stored]), encoding="utf-8")
    other = tmp_path / "other.tsv"
    import_entries(exported, into=other)
    assert read_entries(other)[0].names() == stored.names()
    assert json.loads(export_entries([stored], "json"))[0]["aliases"] == ["巨化集团", "Juhua"]


def test_a_memo_computes_each_answer_once_and_stays_bounded():
    """Workers run for hours: what they remember of names must not grow without end."""
    from lexicon.core import Memo

    calls = []
    memo = Memo(lambda key: calls.append(key) or key.upper(), size=3)
    assert [memo["a"], memo["a"], memo["b"]] == ["A", "A", "B"] and calls == ["a", "b"]
    for key in "cdefg":
        memo[key]  # noqa: B018
    assert len(memo) <= 3 and memo["g"] == "G"
