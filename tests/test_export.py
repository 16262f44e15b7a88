"""Export: every format round-trips the facts with their document metadata; --since gives only what is new."""
from __future__ import annotations

import csv
import json
import sys

import pytest

from store.database import open_store
from store.export import ExportError, columns_for, export_facts
from test_search_support import CORPUS, write_corpus, write_document


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "export.db")
    write_corpus(store, run_id=1)
    yield store
    store.close()


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_one_csv_per_fact_type_with_document_metadata(store, tmp_path):
    summary = export_facts(store, tmp_path / "out")
    assert {p.rsplit("/", 1)[-1]: n for p, n in summary.files.items()} == \
        {"figures.csv": 9, "entities.csv": 8, "rules.csv": 2, "clauses.csv": 1}
    figures = read_csv(tmp_path / "out" / "figures.csv")
    amount = next(row for row in figures if row["text"] == "214.5亿元")
    assert amount["value"] == "21450000000" and amount["unit"] == "CNY" and amount["metric"] == "issuance amount"
    assert (amount["doc_path"], amount["doc_lang"], amount["doc_published"], amount["run_id"]) == \
        ("zh-sse.txt", "zh", "2024-03-15", "1")
    assert amount["sentence"] == "2024年，上交所科创债发行规模达到214.5亿元，同比增长35%。"
    entities = read_csv(tmp_path / "out" / "entities.csv")
    assert {row["entity_id"] for row in entities if row["text"] in ("央行", "People's Bank of China")} == {"PBOC"}
    clause = read_csv(tmp_path / "out" / "clauses.csv")[0]
    assert (clause["modality"], clause["rule_id"], clause["authority"]) == ("obligation", "R1", "SSE")


def test_an_empty_type_still_gets_a_header_for_loaders(tmp_path):
    store = open_store(tmp_path / "empty.db")
    export_facts(store, tmp_path / "out", types=("rule",))
    assert (tmp_path / "out" / "rules.csv").read_text(encoding="utf-8").splitlines() == \
        [",".join(name for name, _, _ in columns_for("rule"))]
    assert not (tmp_path / "out" / "figures.csv").exists()


def test_wide_jsonl_keeps_numbers_and_every_field(store, tmp_path):
    target = tmp_path / "facts.jsonl"
    export_facts(store, target, fmt="jsonl", wide=True)
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 20 and {r["type"] for r in rows} == {"figure", "entity", "rule", "clause"}
    money = next(r for r in rows if r["text"] == "510.5 billion yuan")
    assert money["value"] == 510500000000 and money["doc_lang"] == "en"
    date = next(r for r in rows if r["text"] == "June 2024")
    assert date["value"] is None and date["value_text"] == "2024-06"
    assert json.loads(money["attrs"])["cmp"] == "eq"


def test_parquet_has_typed_columns(store, tmp_path):
    import pyarrow.parquet as parquet
    export_facts(store, tmp_path / "out", fmt="parquet", types=("figure",))
    table = parquet.read_table(tmp_path / "out" / "figures.parquet")
    assert table.num_rows == 9
    assert str(table.schema.field("value").type) == "double"
    assert str(table.schema.field("char_start").type) == "int64"
    assert sorted(v for v in table.column("value").to_pylist() if v)[-1] == 510500000000


def test_parquet_without_pyarrow_says_how_to_install_it(store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ExportError, match=r"pip install 'factlex\[parquet\]'"):
        export_facts(store, tmp_path / "out", fmt="parquet")


def test_since_a_run_exports_only_the_documents_of_later_runs(store, tmp_path):
    write_document(store, "zh-new.txt", "zh", "2025-06-01", ["今年科创债新发行规模超过300亿元。"],
                   [("figure", "超过300亿元", {"kind": "money", "value": 30000000000, "unit": "CNY", "cmp": "gt"})],
                   run_id=2)
    summary = export_facts(store, tmp_path / "facts.csv", wide=True, since="1")
    assert [row["text"] for row in read_csv(tmp_path / "facts.csv")] == ["超过300亿元"]
    assert summary.rows == 1
    export_facts(store, tmp_path / "none.csv", wide=True, since="2")
    assert read_csv(tmp_path / "none.csv") == []


def test_since_a_timestamp_compares_in_utc(store, tmp_path):
    stamp = store.db.execute("SELECT max(ingested_at) FROM documents").fetchone()[0]  # e.g. ...T06:41:12+00:00
    export_facts(store, tmp_path / "a.csv", wide=True, since=stamp)
    assert len(read_csv(tmp_path / "a.csv")) >= 1
    export_facts(store, tmp_path / "b.csv", wide=True, since="2999-01-01T08:00:00+08:00")
    assert read_csv(tmp_path / "b.csv") == []
    export_facts(store, tmp_path / "c.csv", wide=True, since="2000-01-01")
    assert len(read_csv(tmp_path / "c.csv")) == sum(len(doc[3]) for doc in CORPUS.values())


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "yesterday"}, "run id"),
    ({"fmt": "xml"}, "unknown format"),
    ({"types": ("table",)}, "unknown fact type"),
    ({"fmt": "parquet", "wide": True, "output": "-"}, "cannot go to stdout"),
])
def test_unusable_export_options_explain_themselves(store, tmp_path, kwargs, message):
    kwargs.setdefault("output", tmp_path / "out")
    with pytest.raises(ExportError, match=message):
        export_facts(store, **kwargs)


def test_one_file_per_type_needs_a_folder(store, tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ExportError, match="needs a folder"):
        export_facts(store, tmp_path / "taken")
