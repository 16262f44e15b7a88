"""The schema is a documented interface: every column is in docs/SCHEMA.md, views and exports agree,
migrations upgrade old databases, and the search filters use indexes."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from store.database import open_store
from store.export import columns_for
from store.schema import KNOWN_MIGRATIONS, migrations
from store.search import Filters, search
from store.tokens import index_text
from test_pipeline_support import indexed_sentences
from test_search_support import corpus_store

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "SCHEMA.md"
VIEWS_OF_TYPES = {"figure": "figures", "entity": "entity_mentions", "rule": "rules", "clause": "clauses"}


def documented_sections() -> dict[str, str]:
    """### name -> the text of that section of docs/SCHEMA.md."""
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### (\w+)\s*$", text, flags=re.M)
    return {name: body for name, body in zip(parts[1::2], parts[2::2])}


def columns(db, name: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({name})")]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = corpus_store(tmp_path_factory.mktemp("schema"))
    yield store
    store.close()


def test_every_table_view_and_column_is_documented(store):
    sections = documented_sections()
    common = SCHEMA_DOC.read_text(encoding="utf-8").split("## Views", 1)[1].split("### ", 1)[0]  # view columns
    names = [row[0] for row in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sentences_fts_%'")]
    assert names, "no tables?"
    for name in names:
        assert name in sections, f"docs/SCHEMA.md has no section for {name}"
        for column in columns(store.db, name):
            view_column = name in VIEWS_OF_TYPES.values() and f"| {column} |" in common
            assert f"`{column}`" in sections[name] or f"| {column} |" in sections[name] or view_column, \
                f"docs/SCHEMA.md does not document {name}.{column}"


def test_views_carry_plain_declared_types_for_downstream_readers(store):
    for view in VIEWS_OF_TYPES.values():
        types = {row[1]: row[2] for row in store.db.execute(f"PRAGMA table_info({view})")}
        untyped = [column for column, declared in types.items() if declared not in ("TEXT", "INTEGER", "REAL")]
        assert not untyped, f"{view}: columns without a plain type: {untyped}"


@pytest.mark.parametrize("fact_type", list(VIEWS_OF_TYPES))
def test_export_columns_are_the_view_columns_plus_type(store, fact_type):
    exported = [name for name, _, _ in columns_for(fact_type)]
    assert sorted(set(exported) - {"type"}) == sorted(columns(store.db, VIEWS_OF_TYPES[fact_type]))


def test_views_return_every_fact_once_with_its_document(store):
    for fact_type, view in VIEWS_OF_TYPES.items():
        in_view = store.db.execute(f"SELECT count(*), count(doc_path), count(sentence) FROM {view}").fetchone()
        in_table = store.db.execute("SELECT count(*) FROM facts WHERE type = ?", [fact_type]).fetchone()[0]
        assert in_view == (in_table, in_table, in_table)


def test_known_migrations_are_the_registered_ones_in_order(tmp_path):
    store = open_store(tmp_path / "fresh.db")
    assert tuple(m.name for m in migrations.applied(store.db)) == KNOWN_MIGRATIONS


def database_with_one_sentence(path: Path, stop_before: str, sentence: str, tokens: str) -> sqlite_utils.Database:
    """A database migrated up to (not including) `stop_before`, holding one document of one sentence,
    indexed with `tokens` as that version's writer indexed it."""
    db = sqlite_utils.Database(sqlite3.connect(path), strict=True)
    migrations.apply(db, stop_before=stop_before)
    db.execute("INSERT INTO documents (id, path, extractor_version, ingested_at, text) VALUES "
               "('d1', 'old.txt', 'v0', '2025-01-01T00:00:00+00:00', ?)", [sentence])
    cursor = db.execute("INSERT INTO sentences (doc_id, idx, char_start, char_end, text) VALUES ('d1', 0, 0, ?, ?)",
                        [len(sentence), sentence])
    db.execute("INSERT INTO sentences_fts (rowid, tokens, doc_id, idx) VALUES (?, ?, 'd1', 0)",
               [cursor.lastrowid, tokens])
    return db


def test_an_old_database_is_reindexed_when_opened(tmp_path):
    """A 0001 database indexed "30bp" as one word; after 0002 "bp" finds it."""
    path = tmp_path / "old.db"
    db = database_with_one_sentence(path, "0002_search_export", "本周信用利差收窄30bp。", "本 周 信 用 利 差 收 窄 30bp")
    db.conn.commit()
    db.close()
    store = open_store(path)
    assert [hit.path for hit in search(store, "bp")] == ["old.txt"]
    assert [hit.path for hit in search(store, "30bp")] == ["old.txt"]


def database_at_0002(path: Path) -> None:
    """A database as factlex wrote it before 0003: one document, its sentence in the full-text index
    with doc_id and idx, nine indexes on facts, and a run killed mid-batch."""
    sentence = "本周信用利差收窄30bp，上交所发行科创债120亿元。"
    db = database_with_one_sentence(path, "0003_lean_writes", sentence, index_text(sentence))
    db.execute("INSERT INTO facts (id, doc_id, type, char_start, char_end, text, sentence, kind, value, unit, "
               "attrs) VALUES ('f1', 'd1', 'figure', 22, 28, '120亿元', 0, 'money', 1.2e10, 'CNY', "
               "'{\"kind\": \"money\", \"value\": 12000000000, \"unit\": \"CNY\", \"metric\": null}')")
    db.execute("INSERT INTO runs (started_at, status) VALUES ('2025-01-01T00:00:00+00:00', 'running')")
    db.conn.commit()
    db.close()


def test_a_0002_database_is_upgraded_in_place_and_keeps_working(tmp_path):
    path = tmp_path / "old.db"
    database_at_0002(path)
    store = open_store(path)
    assert [m.name for m in migrations.applied(store.db)] == list(KNOWN_MIGRATIONS)
    assert [hit.path for hit in search(store, "bp")] == ["old.txt"]          # re-indexed, found as before
    assert [hit.path for hit in search(store, "科创债", types=["figure"])] == ["old.txt"]
    hit = search(store, "信用利差").hits[0].sentences[0]
    assert hit.text.startswith("本周信用利差") and hit.facts[0]["value"] == 12000000000  # old attrs read as ever
    assert columns(store.db, "sentences_fts") == ["tokens"]
    assert {"pid", "host", "process_started"} <= set(columns(store.db, "runs"))
    assert store.db.execute("SELECT status FROM runs").fetchone()[0] == "running"  # no pid: nothing to tell
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_a_document_replaced_after_the_upgrade_leaves_nothing_in_the_index(tmp_path):
    from store.database import DocumentRecord

    path = tmp_path / "old.db"
    database_at_0002(path)
    store = open_store(path)
    text = "本周国债收益率下行5bp。"
    store.write_document(DocumentRecord(id="d2", path="old.txt", title=None, lang="zh", format="text",
                                        encoding="utf-8", size=len(text.encode()), pages=1, text=text,
                                        extractor_version="v1"),
                         [{"start": 0, "end": len(text), "lang": "zh", "text": text}], [])
    assert search(store, "信用利差").hits == []
    assert [hit.path for hit in search(store, "收益率")] == ["old.txt"]
    assert indexed_sentences(store.db.conn) == {("d2", 0, index_text(text))}
    store.close()


@pytest.mark.parametrize("filters, expected", [
    (Filters(authority_ids=("SSE",)), "SEARCH f USING INDEX facts_authority (authority=?)"),
    (Filters(rule="上证发〔2025〕65号"), "MULTI-INDEX OR"),
    (Filters(rule="上证发〔2025〕65号"), "USING COVERING INDEX facts_rules"),
    # "the sentence names SSE": one lookup of the sentence's facts, not a walk over every mention of SSE
    (Filters(entity_ids=("SSE",)), "SEARCH m USING COVERING INDEX facts_doc_sentence"),
])
def test_fact_filters_use_indexes(store, filters, expected):
    where, args = filters.fact_sql()
    plan = " | ".join(row[3] for row in store.db.execute(
        f"EXPLAIN QUERY PLAN SELECT f.id FROM facts f JOIN documents d ON d.id = f.doc_id "
        f"WHERE {' AND '.join(where)}", args))
    assert expected in plan, plan


@pytest.mark.parametrize("filters", [Filters(types=("figure",), kinds=("money",), min_value=1e10),
                                     Filters(types=("clause",), modality="limit"), Filters(unit="USD")])
def test_a_text_query_with_fact_filters_looks_up_each_matching_sentences_facts(store, filters):
    """With an index on (type, kind) the planner walked every money figure once per matching sentence."""
    where, args = filters.fact_sql()
    plan = " | ".join(row[3] for row in store.db.execute(
        f"EXPLAIN QUERY PLAN SELECT s.rowid FROM sentences s WHERE EXISTS (SELECT 1 FROM facts f "
        f"WHERE f.doc_id = s.doc_id AND f.sentence = s.idx AND {' AND '.join(where)})", args))
    assert "SEARCH f USING INDEX facts_doc_sentence (doc_id=? AND sentence=?)" in plan, plan


@pytest.mark.parametrize("since", ["3", "2025-05-10T00:00:00+00:00"])
def test_an_incremental_export_reads_only_the_facts_of_the_documents_it_exports(store, since):
    from store.export import JOINS_FROM_DOCUMENTS, since_condition

    condition, args = since_condition(store, since)
    plan = " | ".join(row[3] for row in store.db.execute(
        f"EXPLAIN QUERY PLAN SELECT f.id {JOINS_FROM_DOCUMENTS} WHERE f.type IN ('figure') AND {condition} "
        f"ORDER BY d.ingested_at, f.doc_id, f.char_start, f.type", args))
    assert "SEARCH f USING INDEX facts_doc_sentence (doc_id=?)" in plan and "SCAN f" not in plan, plan


def test_facts_carry_no_index_that_no_query_uses(store):
    indexes = {row[0] for row in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'facts' AND sql IS NOT NULL")}
    assert indexes == {"facts_doc_sentence", "facts_authority", "facts_rule_id", "facts_rules"}


def test_facts_of_a_sentence_and_export_since_use_indexes(store):
    plans = {
        "facts of a sentence": "SELECT * FROM facts f WHERE f.doc_id = 'x' AND f.sentence IS 1",
        "since a run": "SELECT id FROM documents d WHERE d.run_id > 3",
        "since a time": "SELECT id FROM documents d WHERE d.ingested_at >= '2025-01-01'",
        "alias lookup": "SELECT entity_id FROM entity_aliases WHERE alias COLLATE NOCASE IN ('sse')",
    }
    for what, sql in plans.items():
        plan = " | ".join(row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING" in plan and not plan.startswith("SCAN"), f"{what}: {plan}"
