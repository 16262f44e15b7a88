"""Shared by the search, export and schema tests: a small bilingual corpus written straight into a store,
and a hand-made lexicon with the two methods search uses (expansions, resolve).

The sentences are our own; each fact is located by its text, so offsets always agree with the text.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from store.database import DocumentRecord, open_store

# (id, type, names): the first name is the canonical Chinese one.
LEXICON_ENTRIES = (
    ("CSRC", "organisation", ("中国证券监督管理委员会", "中国证监会", "证监会", "CSRC",
                              "China Securities Regulatory Commission")),
    ("PBOC", "organisation", ("中国人民银行", "人民银行", "央行", "PBOC", "People's Bank of China")),
    ("SSE", "organisation", ("上海证券交易所", "上交所", "SSE", "Shanghai Stock Exchange")),
    ("sci-tech innovation bond", "product", ("科技创新债券", "科创债", "sci-tech innovation bond",
                                             "innovation bond")),
    ("relending", "term", ("再贷款", "relending")),
    ("bp", "unit", ("基点", "个基点", "bp", "basis point")),
)


@dataclass(frozen=True)
class StubEntry:
    id: str
    type: str
    names: tuple[str, ...]


class StubLexicon:
    """Answers like lexicon.Lexicon: expansions() gives {term} for an unknown term; resolve() an entry."""

    def __init__(self, entries=LEXICON_ENTRIES):
        self.by_name = {}
        for entry_id, entry_type, names in entries:
            entry = StubEntry(entry_id, entry_type, names)
            for name in names:
                self.by_name[name.casefold()] = entry

    def expansions(self, term: str) -> set[str]:
        entry = self.by_name.get(" ".join(term.split()).casefold())
        return set(entry.names) | {term} if entry else {term}

    def resolve(self, name: str):
        return self.by_name.get(" ".join(name.split()).casefold())


# path -> (lang, published, sentences, facts); a fact is (type, text, fields).
CORPUS = {
    "zh-sse.txt": ("zh", "2024-03-15", [
        "2024年，上交所科创债发行规模达到214.5亿元，同比增长35%。",
        "中国证监会要求发行人按季度披露募集资金使用情况。",
        "本周信用利差收窄12个基点。",
        "根据《科技创新公司债券发行指引》（上证发〔2025〕65号），发行人应当在15个工作日内披露变更情况。",
    ], [
        ("entity", "上交所", {"kind": "exchange", "id": "SSE", "name_en": "Shanghai Stock Exchange"}),
        ("entity", "科创债", {"kind": "product", "id": "sci-tech innovation bond"}),
        ("figure", "214.5亿元", {"kind": "money", "value": 21450000000, "unit": "CNY", "cmp": "eq",
                               "metric": "issuance amount", "subject": "SSE"}),
        ("figure", "35%", {"kind": "percent", "value": 35, "unit": "%", "cmp": "eq"}),
        ("entity", "中国证监会", {"kind": "regulator", "id": "CSRC", "name_en": "China Securities Regulatory Commission"}),
        ("figure", "12个基点", {"kind": "bp", "value": 12, "unit": "bp", "cmp": "eq"}),
        ("rule", "科技创新公司债券发行指引", {"title": "科技创新公司债券发行指引", "rule_id": "R1"}),
        ("rule", "上证发〔2025〕65号", {"number": "上证发〔2025〕65号", "rule_id": "R1", "authority": "SSE"}),
        ("clause", "发行人应当在15个工作日内披露变更情况", {"modality": "obligation", "rule": "R1", "authority": "SSE"}),
    ]),
    "en-csrc.txt": ("en", "2025-02-01", [
        "The China Securities Regulatory Commission approved the new listing rules in June 2024. ",
        "Sci-tech innovation bonds worth 510.5 billion yuan were sold on the Shanghai Stock Exchange. ",
        "Yields on the new bonds fell 8 basis points over the month.",
    ], [
        ("entity", "China Securities Regulatory Commission", {"kind": "regulator", "id": "CSRC"}),
        ("figure", "June 2024", {"kind": "date", "value": "2024-06", "unit": "date", "cmp": "eq"}),
        ("figure", "510.5 billion yuan", {"kind": "money", "value": 510500000000, "unit": "CNY", "cmp": "eq"}),
        ("entity", "Shanghai Stock Exchange", {"kind": "exchange", "id": "SSE"}),
        ("figure", "8 basis points", {"kind": "bp", "value": 8, "unit": "bp", "cmp": "eq"}),
    ]),
    "zh-pboc.txt": ("zh", "2023-11-20", [
        "央行宣布新设再贷款额度3000亿元。",
        "人民银行表示，将引导金融机构加大对科技企业的支持。",
    ], [
        ("entity", "央行", {"kind": "regulator", "id": "PBOC"}),
        ("figure", "3000亿元", {"kind": "money", "value": 300000000000, "unit": "CNY", "cmp": "eq"}),
        ("entity", "人民银行", {"kind": "regulator", "id": "PBOC"}),
    ]),
    "en-pboc.txt": ("en", "2024-08-09", [
        "The People's Bank of China said its relending quota would reach 500 billion yuan. ",
        "Analysts expect spreads to narrow by about 10bp this quarter.",
    ], [
        ("entity", "People's Bank of China", {"kind": "regulator", "id": "PBOC"}),
        ("figure", "500 billion yuan", {"kind": "money", "value": 500000000000, "unit": "CNY", "cmp": "eq"}),
        ("figure", "10bp", {"kind": "bp", "value": 10, "unit": "bp", "cmp": "approx"}),
    ]),
}


def write_corpus(store, corpus=CORPUS, run_id: int | None = None) -> dict[str, str]:
    """Write each document with its sentences and facts; returns path -> document id."""
    ids = {}
    for path, (lang, published, sentences, facts) in corpus.items():
        ids[path] = write_document(store, path, lang, published, sentences, facts, run_id)
    return ids


def write_document(store, path, lang, published, sentences, facts, run_id=None) -> str:
    text = "".join(sentences)
    records, position = [], 0
    for sentence in sentences:
        records.append({"start": position, "end": position + len(sentence), "lang": lang, "text": sentence})
        position += len(sentence)
    fact_records = []
    for fact_type, fact_text, fields in facts:
        start = text.index(fact_text)
        sentence = next(i for i, s in enumerate(records) if s["start"] <= start < s["end"])
        fact_records.append({"type": fact_type, "text": fact_text, "start": start, "end": start + len(fact_text),
                             "sentence": sentence, **fields})
    doc_id = hashlib.sha256((path + text).encode()).hexdigest()
    store.write_document(DocumentRecord(id=doc_id, path=path, title=path.removesuffix(".txt"), lang=lang,
                                        format="text", encoding="utf-8", size=len(text.encode()), pages=1,
                                        text=text, extractor_version="test", published=published),
                         records, fact_records, run_id=run_id)
    return doc_id


def corpus_store(tmp_path, name: str = "search.db"):
    store = open_store(tmp_path / name)
    write_corpus(store)
    return store
