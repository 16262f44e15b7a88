"""The store under stress: concurrent writers and readers, full disks, read-only files, newer schemas."""
from __future__ import annotations

import importlib.util
import socket
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import factlex.pipeline as pipeline
import store.database as database
from extract.model import Fact
from factlex.pipeline import Limits, ingest
from store.database import DocumentRecord, Store, StoreError, explain_sqlite_error, open_store
from test_pipeline_support import (FakeWorker, indexed_sentences, integrity, make_corpus, run_factlex, snapshot,
                                   start_factlex)


def document(doc_id: str = "d" * 64, path: str = "/reports/weekly.txt") -> DocumentRecord:
    text = "本周发行3亿元。"
    return DocumentRecord(id=doc_id, path=path, title="周报", lang="zh", format="text", encoding="utf-8",
                          size=len(text.encode()), pages=0, text=text, extractor_version="test")


FACTS = [{"type": "figure", "start": 4, "end": 7, "text": "3亿元", "kind": "money", "value": "300000000",
          "unit": "CNY", "sentence": 0}]
SENTENCES = [{"start": 0, "end": 8, "lang": "zh", "text": "本周发行3亿元。"}]


@pytest.mark.parametrize("message, says", [
    ("database is locked", "locked by another process"),
    ("attempt to write a readonly database", "read-only"),
    ("database or disk is full", "disk is full"),
    ("file is not a database", "not a SQLite database"),
    ("database disk image is malformed", "damaged"),
])
def test_sqlite_errors_become_messages_naming_the_file_and_what_to_do(message, says):
    explained = explain_sqlite_error("/data/factlex.db", sqlite3.OperationalError(message))
    assert explained.startswith("/data/factlex.db: ") and says in explained


def test_a_full_disk_mid_document_keeps_nothing_of_that_document(tmp_path, monkeypatch):
    store = open_store(tmp_path / "f.db")

    def disk_full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "_insert_sentences", disk_full)
    with pytest.raises(StoreError, match="disk is full"):
        store.write_document(document(), SENTENCES, FACTS)
    assert store.counts()["documents"] == 0 and store.counts()["sentences"] == 0


def test_a_full_disk_stops_the_batch_and_keeps_the_documents_written_before(tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "in", 6)
    store = open_store(tmp_path / "f.db")
    real_insert = Store._insert_sentences
    calls = []

    def fills_up(self, rows):
        calls.append(rows.id)
        if len(calls) > 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(self, rows)

    monkeypatch.setattr(Store, "_insert_sentences", fills_up)
    monkeypatch.setattr(pipeline, "GROUP_DOCUMENTS", 1)  # commit each document: two are in before the disk fills
    summary = ingest([folder], store, worker_factory=FakeWorker, limits=Limits(timeout=10))
    assert summary.status == "failed" and "disk is full" in summary.fatal
    assert summary.new == 2 and store.counts()["documents"] == 2
    assert store.db.execute("SELECT status FROM runs").fetchone()[0] == "failed"


def test_a_read_only_database_reads_and_refuses_writes_clearly(tmp_path, monkeypatch):
    path = tmp_path / "f.db"
    writable = open_store(path)
    writable.write_document(document(), SENTENCES, FACTS)
    writable.close()
    monkeypatch.setattr(database.os, "access", lambda p, mode: mode != database.os.W_OK)
    store = open_store(path)
    assert store.counts()["facts"] == 1
    with pytest.raises(StoreError, match=r"f\.db: database is read-only"):
        store.write_document(document("e" * 64, "/reports/other.txt"), SENTENCES, FACTS)


def test_stats_of_a_read_only_database_show_a_dead_run_as_it_is(tmp_path, monkeypatch):
    from factlex.report import gather_stats

    path = tmp_path / "f.db"
    writable = open_store(path)
    with writable.write_transaction():  # a run whose process is long gone (pid 2**22 + 1 is above pid_max)
        writable.db.execute("INSERT INTO runs (started_at, status, pid, host) VALUES ('2025-05-10T08:00:00+00:00', "
                            "'running', ?, ?)", [2**22 + 1, socket.gethostname()])
    writable.close()
    monkeypatch.setattr(database.os, "access", lambda p, mode: mode != database.os.W_OK)
    store = open_store(path, create=False)
    assert gather_stats(store)["last_run"]["status"] == "running"  # reported, not written


def test_a_database_from_a_newer_factlex_is_refused_with_the_versions(tmp_path):
    path = tmp_path / "f.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('factlex', '0042_future', '2030-01-01')")
    with pytest.raises(StoreError, match=r"newer factlex .*Upgrade factlex"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not SQLite" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(path)


def test_writing_a_document_twice_stores_it_once(tmp_path):
    store = open_store(tmp_path / "f.db")
    for _ in range(2):
        store.write_document(document(), SENTENCES, FACTS)
    counts = store.counts()
    assert (counts["documents"], counts["facts"], counts["sentences"]) == (1, 1, 1)
    assert indexed_sentences(store.db.conn) == {("d" * 64, 0, "本 周 发 行 3 亿 元")}


def version(doc_id: str, text: str) -> tuple[DocumentRecord, list[dict]]:
    """A version of /reports/weekly.txt with one sentence."""
    record = DocumentRecord(id=doc_id, path="/reports/weekly.txt", title=None, lang="zh", format="text",
                            encoding="utf-8", size=len(text.encode()), pages=1, text=text, extractor_version="test")
    return record, [{"start": 0, "end": len(text), "lang": "zh", "text": text}]


@pytest.mark.parametrize("second_fails", [False, True])
def test_a_document_replaced_within_one_group_leaves_the_index_exact(tmp_path, second_fails):
    """Full-text entries are added when the group commits: a version replaced before that never reaches
    the index, and one whose replacement fails keeps its entries."""
    store = open_store(tmp_path / "f.db")
    first, first_sentences = version("a" * 64, "本周发行3亿元。")
    second, second_sentences = version("b" * 64, "Issuance rose 5%.")
    bad_fact = [{"type": "figure", "start": 0, "end": 3, "text": "Iss", "sentence": {"not": "storable"}}]
    store.begin()
    store.write_document(first, first_sentences, [])
    if second_fails:
        with pytest.raises(database.DocumentRejected):
            store.write_document(second, second_sentences, bad_fact)
    else:
        store.write_document(second, second_sentences, [])
    store.commit()
    expected = ("a" * 64, 0, "本 周 发 行 3 亿 元") if second_fails else ("b" * 64, 0, "issuance rose 5")
    assert indexed_sentences(store.db.conn) == {expected}


# (fact as a parser gives it, its fields as search and show read them back from `attrs`)
FACT_FIELDS = [
    ({"type": "figure", "start": 0, "end": 7, "text": "10-30BP", "kind": "bp", "value": None, "low": 10, "high": 30,
      "unit": "bp", "cmp": "approx", "metric": "spread", "subject": None, "sentence": 0},
     {"kind": "bp", "low": 10, "high": 30, "unit": "bp", "cmp": "approx", "metric": "spread", "sentence": 0}),
    ({"type": "entity", "start": 0, "end": 3, "text": "上交所", "kind": "exchange", "id": "SSE",
      "name_en": "Shanghai Stock Exchange", "name_zh": "上海证券交易所", "candidate": False, "sentence": 0},
     {"kind": "exchange", "id": "SSE", "name_en": "Shanghai Stock Exchange", "name_zh": "上海证券交易所", "sentence": 0}),
    ({"type": "clause", "start": 0, "end": 20, "text": "issuers shall not invest more than 30% of proceeds",
      "modality": "limit", "rule": None, "authority": "CSRC", "sentence": 0,
      "threshold": {"type": "figure", "text": "30%", "start": 35, "end": 38, "kind": "percent", "value": 30,
                    "low": None, "high": None, "unit": "%", "cmp": "le"}},
     {"modality": "limit", "authority": "CSRC", "sentence": 0,
      "threshold": {"type": "figure", "text": "30%", "start": 35, "end": 38, "kind": "percent", "value": 30,
                    "unit": "%", "cmp": "le"}}),
]


@pytest.mark.parametrize("fact, fields", FACT_FIELDS)
def test_a_fact_reads_back_with_every_field_that_has_a_value(tmp_path, fact, fields):
    from store.search import fact_record

    store = open_store(tmp_path / "f.db")
    store.write_document(document(), SENTENCES, [fact])
    stored = fact_record(store.db.execute("SELECT type, text, char_start, char_end, attrs FROM facts").fetchone())
    assert stored == {"type": fact["type"], "text": fact["text"], "start": fact["start"], "end": fact["end"], **fields}


def test_two_ingests_and_readers_at_once_finish_without_locks_or_damage(tmp_path):
    shared = make_corpus(tmp_path / "shared", 60)
    db = tmp_path / "f.db"  # not created yet: both ingests race to create the schema too
    writers = [start_factlex("ingest", shared, "--db", db, "--workers", "2", "--quiet"),
               start_factlex("ingest", shared, "--db", db, "--quiet")]
    readers = 0
    while any(w.poll() is None for w in writers):
        if db.exists():
            for command in reader_commands():
                result = run_factlex(*command, "--db", db)
                assert "locked" not in result.stderr and "Traceback" not in result.stderr, result.stderr
                readers += 1
    outputs = [w.communicate() for w in writers]
    for writer, (out, err) in zip(writers, outputs):
        assert writer.returncode == 0, err
        assert "locked" not in err
    assert integrity(db) == "ok"
    clean = run_factlex("ingest", shared, "--db", tmp_path / "clean.db", "--quiet")
    assert clean.returncode == 0
    assert snapshot(db) == snapshot(tmp_path / "clean.db")


def reader_commands() -> list[tuple[str, ...]]:
    commands = [("stats",)]
    if importlib.util.find_spec("factlex.search_cli") is not None:
        commands.append(("search", "亿元"))
    return commands


# Facts as the parsers give them to the worker (Decimals, nulls, a threshold record): each must land in the
# database exactly as its JSON record (what `factlex extract` prints) would.
CLAUSE_TEXT = "发行人募集资金用于偿还债务的比例不得超过50%。Issuers shall not use more than 50% of proceeds."
PARSED_FACTS = [
    Fact("figure", 8, 14, "1.9万亿元", {"kind": "money", "value": Decimal("1.9E12"), "low": None, "high": None,
                                       "unit": "CNY", "cmp": "eq", "metric": "issuance", "period": "2025-06"}, 0),
    Fact("figure", 3, 10, "3.50%", {"kind": "percent", "value": Decimal("3.50"), "low": None, "high": None,
                                    "unit": "%", "cmp": "approx"}, 0),
    Fact("figure", 0, 7, "10-30BP", {"kind": "bp", "value": None, "low": Decimal("10"), "high": Decimal("30.5"),
                                     "unit": "bp", "cmp": "approx", "row": "AAA", "column": "3Y"}, 1),
    Fact("figure", 0, 10, "2025年6月30日", {"kind": "date", "value": "2025-06-30", "low": None, "high": None,
                                         "unit": "date", "cmp": "eq"}, None),
    Fact("entity", 0, 3, "上交所", {"kind": "exchange", "id": "SSE", "name_en": "Shanghai Stock Exchange",
                                  "name_zh": "上海证券交易所", "candidate": False}, 0),
    Fact("rule", 0, 15, "上证发〔2025〕65号", {"title": None, "number": "上证发〔2025〕65号", "authority": "SSE",
                                           "date": None, "rule_id": "sse-2025-65"}, 2),
    Fact("clause", 0, 26, CLAUSE_TEXT[:26], {"modality": "limit", "subject": None, "rule": "sse-2025-65",
                                              "authority": "SSE", "threshold": Fact(
                                                  "figure", 21, 24, "50%", {"kind": "percent", "value": Decimal("50"),
                                                                            "low": None, "high": None, "unit": "%",
                                                                            "cmp": "le"}).to_json()}, 3),
]


def stored_facts(tmp_path, name: str, facts) -> list[tuple]:
    store = open_store(tmp_path / name)
    store.write_document(document(), SENTENCES, facts)
    return store.db.execute("SELECT * FROM facts ORDER BY id").fetchall()


@pytest.mark.parametrize("fact", PARSED_FACTS, ids=lambda fact: f"{fact.type}-{fact.text}")
def test_a_parsed_fact_is_stored_as_its_json_record_would_be(tmp_path, fact):
    record = {**fact.to_json(), "sentence": fact.sentence}
    assert stored_facts(tmp_path, "objects.db", [fact]) == stored_facts(tmp_path, "records.db", [record])


@pytest.mark.parametrize("value, number, text", [
    (Decimal("3.50"), 3.5, "3.5"),  # the JSON number, not the digits as written
    (Decimal("1.9E12"), 1.9e12, "1900000000000"),
    (Decimal("0.25"), 0.25, "0.25"),
    ("2025-06-30", None, "2025-06-30"),  # a date keeps its ISO string only
])
def test_a_figure_value_is_stored_as_a_number_and_its_exact_text(tmp_path, value, number, text):
    figure = Fact("figure", 4, 7, "3亿元", {"kind": "money", "value": value, "unit": "CNY", "cmp": "eq"}, 0)
    store = open_store(tmp_path / "f.db")
    store.write_document(document(), SENTENCES, [figure])
    row = store.db.execute("SELECT value, value_text, json_extract(attrs, '$.value') FROM facts").fetchone()
    assert row == (number, text, number if number is not None else text)


def test_a_clause_points_at_its_threshold_figure_and_its_rule(tmp_path):
    threshold = Fact("figure", 21, 24, "50%", {"kind": "percent", "value": Decimal("50"), "unit": "%", "cmp": "le"}, 0)
    clause = Fact("clause", 0, 26, CLAUSE_TEXT[:26], {"modality": "limit", "rule": "sse-2025-65",
                                                       "threshold": threshold.to_json()}, 0)
    store = open_store(tmp_path / "f.db")
    store.write_document(document(), SENTENCES, [threshold, clause])
    (figure_id,), = store.db.execute("SELECT id FROM facts WHERE type = 'figure'")
    assert store.db.execute("SELECT threshold_id, rule_id FROM facts WHERE type = 'clause'").fetchone() == (
        figure_id, "sse-2025-65")
