"""Search: hostile queries never break it, terms cross languages through the lexicon, filters narrow it."""
from __future__ import annotations

import pytest

from store.search import QueryError, parse_amount, parse_query, search, time_search
from test_search_support import StubLexicon, corpus_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = corpus_store(tmp_path_factory.mktemp("search"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def lexicon():
    return StubLexicon()


def paths(result) -> set[str]:
    return {hit.path for hit in result}


HOSTILE = ['"', "'", "AND", "OR OR", "NEAR(", "*", "-", "; DROP TABLE facts; --", '科创"', "🙂🙂", "x" * 5000,
           "a" + " b" * 200, '"unclosed phrase', "OR 科创债 OR", "科创债 AND", "NEAR(科创债, 央行)", "NOT", "-科创债",
           "title:央行", "^bonds", "(((", "{科创债}", "col:x*", "''); DELETE FROM documents; --", "\\", "\x00",
           "ＣＳＲＣ", "科创债*", "* bonds", "bonds**", "--", "||", "“科创债”", "%_%"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_a_clear_message(store, lexicon, query):
    try:
        result = search(store, query, lexicon=lexicon)
    except QueryError as error:
        assert len(str(error)) > 20
    else:
        assert isinstance(result.hits, list)
    assert store.db.execute("SELECT count(*) FROM facts").fetchone()[0] > 0  # nothing was dropped


@pytest.mark.parametrize("query, message", [
    ('"', "no word"), ("-", "no word"), ("🙂", "no word"), ("OR OR", "no word"),
    ("-科创债", "only excluded"), ("x" * 5000, "characters long"), ("a" + " b" * 200, "terms"),
])
def test_queries_with_nothing_to_look_for_explain_why(query, message):
    with pytest.raises(QueryError, match=message):
        parse_query(query)


@pytest.mark.parametrize("query, fts", [
    ("科创债", '"科 创 债"'),
    ("Bonds", '"bonds"'),
    ('"basis points"', '"basis points"'),
    ("innov*", '"innov"*'),
    ("科创* sci-tech", '"科 创" AND "sci tech"'),
    ("科创债 OR 央行", '("科 创 债" OR "央 行")'),
    ("OR 科创债 OR", '"科 创 债"'),
    ("央行 AND 再贷款", '"央 行" AND "再 贷 款"'),
    ("央行 -再贷款", '("央 行") NOT "再 贷 款"'),
    ("NEAR(科创债, 央行)", '"near 科 创 债" AND "央 行"'),   # punctuation joins a piece into a phrase
    ("; DROP TABLE facts; --", '"drop" AND "table" AND "facts"'),
    ("“科创债”", '"科 创 债"'),
    ("30bp", '"30 bp"'),
])
def test_user_syntax_becomes_quoted_fts_phrases(query, fts):
    assert parse_query(query).fts() == fts


@pytest.mark.parametrize("query, expected", [
    # entities, both directions
    ("CSRC", {"zh-sse.txt", "en-csrc.txt"}),
    ("csrc", {"zh-sse.txt", "en-csrc.txt"}),
    ("中国证监会", {"zh-sse.txt", "en-csrc.txt"}),
    ("央行", {"zh-pboc.txt", "en-pboc.txt"}),
    ("People's Bank of China", {"zh-pboc.txt", "en-pboc.txt"}),
    ("上交所", {"zh-sse.txt", "en-csrc.txt"}),
    # products, with the English plural
    ("innovation bonds", {"zh-sse.txt", "en-csrc.txt"}),
    ("科创债", {"zh-sse.txt", "en-csrc.txt"}),
    ("sci-tech innovation bond", {"zh-sse.txt", "en-csrc.txt"}),
    # units: 12个基点, 8 basis points, 10bp
    ("basis points", {"zh-sse.txt", "en-csrc.txt", "en-pboc.txt"}),
    ("bp", {"zh-sse.txt", "en-csrc.txt", "en-pboc.txt"}),
    ("个基点", {"zh-sse.txt", "en-csrc.txt", "en-pboc.txt"}),
    # two terms, each expanded
    ("央行 再贷款", {"zh-pboc.txt", "en-pboc.txt"}),
    ("PBOC relending", {"zh-pboc.txt", "en-pboc.txt"}),
    # a Chinese term that is no lexicon name: the names inside it are expanded
    ("央行再贷款", {"zh-pboc.txt", "en-pboc.txt"}),
])
def test_a_term_finds_its_other_names_in_both_languages(store, lexicon, query, expected):
    assert paths(search(store, query, lexicon=lexicon)) == expected


@pytest.mark.parametrize("query, expected", [
    ("债", {"zh-sse.txt"}),                       # one character
    ("利差", {"zh-sse.txt"}),                     # two
    ("再贷款", {"zh-pboc.txt"}),                   # three
    ("募集资金", {"zh-sse.txt"}),                  # four, inside a longer run of Han characters
    ("科创", {"zh-sse.txt"}),                     # a prefix of a word
    ("创债发", {"zh-sse.txt"}),                    # across word boundaries
    ("YUAN", {"en-csrc.txt", "en-pboc.txt"}),     # English is case-insensitive
    ("bond", set()),                              # and not stemmed: bonds is another word
    ("214.5", {"zh-sse.txt"}),
    ("2024", {"zh-sse.txt", "en-csrc.txt"}),
])
def test_chinese_terms_of_any_length_and_plain_english_words(store, query, expected):
    assert paths(search(store, query)) == expected


def test_phrases_keep_word_order_and_or_accepts_either(store, lexicon):
    assert paths(search(store, '"spreads to narrow"')) == {"en-pboc.txt"}
    assert paths(search(store, '"narrow spreads"')) == set()
    assert paths(search(store, "relending OR 利差")) == {"en-pboc.txt", "zh-sse.txt"}
    assert paths(search(store, "innov*")) == {"en-csrc.txt"}


def test_excluded_terms_drop_the_sentences_that_have_them(store, lexicon):
    result = search(store, "央行 -再贷款", lexicon=lexicon)
    assert paths(result) == {"zh-pboc.txt"}
    assert [s.text for s in result.hits[0].sentences] == ["人民银行表示，将引导金融机构加大对科技企业的支持。"]


@pytest.mark.parametrize("query, path, marked", [
    ("科创", "zh-sse.txt", "2024年，上交所[科创]债发行规模达到214.5亿元，同比增长35%。"),
    ("央行", "zh-pboc.txt", "[央行]宣布新设再贷款额度3000亿元。"),
    ("央行", "en-pboc.txt", "The [People's Bank of China] said its relending quota would reach 500 billion yuan. "),
    ("basis points", "zh-sse.txt", "本周信用利差收窄12[个基点]。"),
    ("basis points", "en-csrc.txt", "Yields on the new bonds fell 8 [basis points] over the month."),
    ("innovation bonds", "en-csrc.txt",
     "[Sci-tech innovation bonds] worth 510.5 billion yuan were sold on the Shanghai Stock Exchange. "),
    ("10bp", "en-pboc.txt", "Analysts expect spreads to narrow by about [10bp] this quarter."),
    ("innov*", "en-csrc.txt",
     "Sci-tech [innovation] bonds worth 510.5 billion yuan were sold on the Shanghai Stock Exchange. "),
])
def test_the_best_sentence_is_shown_with_the_hit_marked(store, lexicon, query, path, marked):
    hit = next(hit for hit in search(store, query, lexicon=lexicon) if hit.path == path)
    assert hit.sentences[0].marked() == marked


def test_a_hit_carries_its_document_and_the_facts_of_its_sentence(store, lexicon):
    hit = search(store, "3000亿元", lexicon=lexicon).hits[0]
    assert (hit.path, hit.lang, hit.published) == ("zh-pboc.txt", "zh", "2023-11-20")
    sentence = hit.sentences[0]
    assert [(f["type"], f["text"]) for f in sentence.facts] == [("entity", "央行"), ("figure", "3000亿元")]
    assert sentence.facts[1]["value"] == 300000000000 and sentence.facts[1]["unit"] == "CNY"


def test_money_above_100_yi_about_sse_in_2024(store, lexicon):
    result = search(store, None, lexicon=lexicon, types=["figure"], kinds=["money"], min_value="100亿元",
                    entity="SSE", since="2024", until="2024")
    assert [(h.path, [f["text"] for s in h.sentences for f in s.facts]) for h in result] == \
        [("zh-sse.txt", ["214.5亿元"])]
    # Any alias of the entity, in either language, means the same filter; 2025 adds the English news.
    wider = search(store, None, lexicon=lexicon, kinds=["money"], min_value="100亿", entity="Shanghai Stock Exchange",
                   until="2025")
    assert paths(wider) == {"zh-sse.txt", "en-csrc.txt"}


@pytest.mark.parametrize("filters, expected", [
    ({"types": ["figure"], "kinds": ["bp"]}, {"12个基点", "8 basis points", "10bp"}),
    ({"unit": "cny", "max_value": "3000亿元"}, {"214.5亿元", "3000亿元"}),   # bounds are inclusive
    ({"unit": "CNY", "max_value": "2999亿元"}, {"214.5亿元"}),
    ({"kinds": ["money"], "min_value": "500 billion"}, {"510.5 billion yuan", "500 billion yuan"}),
    ({"entity": "央行", "types": ["figure"]}, {"3000亿元", "500 billion yuan"}),
    ({"entity": "中国证监会", "types": ["entity"]}, {"中国证监会", "China Securities Regulatory Commission"}),
    ({"modality": "obligation"}, {"发行人应当在15个工作日内披露变更情况"}),
    ({"rule": "上证发〔2025〕65号"}, {"科技创新公司债券发行指引", "上证发〔2025〕65号", "发行人应当在15个工作日内披露变更情况"}),
    ({"rule": "《科技创新公司债券发行指引》", "types": ["clause"]}, {"发行人应当在15个工作日内披露变更情况"}),
    ({"authority": "上交所", "types": ["clause"]}, {"发行人应当在15个工作日内披露变更情况"}),
    ({"types": ["figure"], "kinds": ["date"], "since": "2024-06", "until": "2024-06"}, {"June 2024"}),
    ({"kinds": ["money"], "lang": "en"}, {"510.5 billion yuan", "500 billion yuan"}),
])
def test_filters_alone_list_the_matching_facts(store, lexicon, filters, expected):
    result = search(store, None, lexicon=lexicon, per_doc=0, **filters)
    assert {f["text"] for hit in result for s in hit.sentences for f in s.facts} == expected


def test_a_text_query_and_filters_together(store, lexicon):
    result = search(store, "科创债", lexicon=lexicon, kinds=["money"])
    assert paths(result) == {"zh-sse.txt", "en-csrc.txt"}
    assert {f["text"] for hit in result for s in hit.sentences for f in s.facts} == {"214.5亿元", "510.5 billion yuan"}
    assert paths(search(store, "科创债", lexicon=lexicon, lang="zh")) == {"zh-sse.txt"}
    assert paths(search(store, "央行", lexicon=lexicon, since="2024")) == {"en-pboc.txt"}


def test_document_filters_alone_list_documents_newest_first(store):
    assert [h.path for h in search(store, None, lang="en")] == ["en-csrc.txt", "en-pboc.txt"]
    assert [h.path for h in search(store, None, since="2024", until="2024")] == ["en-pboc.txt", "zh-sse.txt"]


def test_limit_counts_documents_and_per_doc_counts_sentences(store, lexicon):
    result = search(store, "的 OR the OR 。", limit=2, per_doc=1)
    assert len(result.hits) == 2 and all(len(h.sentences) == 1 for h in result)
    everything = search(store, None, kinds=["bp", "money", "percent"], per_doc=0)
    assert sum(len(s.facts) for h in everything for s in h.sentences) == 8


@pytest.mark.parametrize("filters, message", [
    ({}, "nothing to search for"),
    ({"entity": "Nowhere Exchange"}, "no entity of that name"),
    ({"since": "last year"}, "write a date"),
    ({"until": "2024-13"}, "write a date"),
    ({"min_value": "a lot"}, "cannot read"),
    ({"types": ["table"]}, "unknown fact type"),
])
def test_unusable_filters_explain_themselves(store, lexicon, filters, message):
    with pytest.raises(QueryError, match=message):
        search(store, None, lexicon=lexicon, **filters)


@pytest.mark.parametrize("text, value", [
    ("100亿元", 1e10), ("1.9万亿元", 1.9e12), ("5 billion", 5e9), ("510.5 billion yuan", 5.105e11), ("3.5%", 3.5),
    ("25bp", 25), ("1,000万", 1e7), ("1e10", 1e10), ("-2", -2), ("30 million USD", 3e7), (" 12 ", 12),
])
def test_bounds_are_read_the_way_amounts_are_written(text, value):
    assert parse_amount(text) == pytest.approx(value)


def test_time_search_reports_every_query_for_the_benchmark(store, lexicon):
    report = time_search(store, ["科创债", "CSRC", '"'], lexicon=lexicon)
    assert report["queries"] == 3
    assert report["hits"] == {"科创债": 2, "CSRC": 2, '"': -1}
    assert set(report["per_query_ms"]) == {"科创债", "CSRC", '"'}
