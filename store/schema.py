"""The SQLite schema: tables, indexes, views and full-text search, applied as numbered migrations.

The schema is a public interface: downstream tools (DuckDB, pandas, Postgres loaders) read these tables
and views directly, so columns are plain, typed (STRICT tables) and documented in docs/SCHEMA.md.
A change is a new migration appended below; existing ones never change.
"""
from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

MIGRATION_SET = "factlex"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def initial_schema(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,              -- sha256 of the file's bytes
            path TEXT NOT NULL,               -- as given on the command line, resolved
            title TEXT,
            lang TEXT,                        -- zh | en | mixed
            format TEXT,                      -- text | html | pdf
            encoding TEXT,
            size INTEGER,                     -- bytes
            pages INTEGER,
            chars INTEGER,
            published TEXT,                   -- ISO date found in the document's header, if any
            extractor_version TEXT NOT NULL,
            ingested_at TEXT NOT NULL,        -- UTC ISO timestamp
            run_id INTEGER,
            warnings TEXT,                    -- JSON list
            text TEXT NOT NULL                -- the decoded text every offset points into
        ) STRICT"""
    )
    db.execute("CREATE INDEX documents_path ON documents(path)")
    db.execute(
        """CREATE TABLE sentences (
            doc_id TEXT NOT NULL REFERENCES documents(id),
            idx INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            lang TEXT,
            text TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE facts (
            id TEXT PRIMARY KEY,              -- sha256(doc_id, type, char_start, char_end)[:20]
            doc_id TEXT NOT NULL REFERENCES documents(id),
            type TEXT NOT NULL,               -- figure | entity | rule | clause
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence INTEGER,                 -- sentences.idx
            kind TEXT,                        -- figure kind or entity kind
            value REAL,                       -- normalised number (figures)
            value_text TEXT,                  -- exact decimal string, or ISO date for dates
            low REAL,
            high REAL,
            unit TEXT,
            cmp TEXT,
            metric TEXT,
            subject TEXT,                     -- entity id the figure/clause belongs to
            period TEXT,                      -- ISO date the figure refers to
            entity_id TEXT,                   -- entities.id (entity facts)
            rule_id TEXT,                     -- rule facts; clauses: the rule they belong to
            title TEXT,
            number TEXT,
            authority TEXT,                   -- entity id of the issuing authority
            date TEXT,
            modality TEXT,                    -- clauses
            threshold_id TEXT,                -- clauses: facts.id of the threshold figure
            attrs TEXT                        -- JSON: every field the parser gave
        ) STRICT"""
    )
    for column in ("doc_id", "type, kind", "entity_id", "rule_id", "subject", "value"):
        name = "facts_" + column.replace(", ", "_")
        db.execute(f"CREATE INDEX {name} ON facts({column})")
    db.execute(
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            kind TEXT,
            name_zh TEXT,
            name_en TEXT,
            candidate INTEGER NOT NULL DEFAULT 0,   -- 1: discovered, not in the lexicon
            mentions INTEGER NOT NULL DEFAULT 0,
            first_doc TEXT,
            first_seen TEXT
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE entity_aliases (
            entity_id TEXT NOT NULL,
            alias TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            extractor_version TEXT,
            command TEXT,
            docs_new INTEGER DEFAULT 0,
            docs_updated INTEGER DEFAULT 0,
            docs_unchanged INTEGER DEFAULT 0,
            docs_failed INTEGER DEFAULT 0,
            docs_skipped INTEGER DEFAULT 0,
            facts INTEGER DEFAULT 0,
            status TEXT                       -- running | ok | partial | failed | interrupted
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            run_id INTEGER,
            path TEXT NOT NULL,
            doc_id TEXT,
            stage TEXT,                       -- read | decode | pdf_open | pdf_text | unsupported | extract | store | timeout
            cause TEXT,
            hint TEXT,
            at TEXT NOT NULL
        ) STRICT"""
    )
    db.execute("CREATE INDEX errors_path ON errors(path)")
    # Full-text search over sentences. Chinese has no spaces, and unicode61 would treat a whole run of
    # Han characters as one token, so the indexed column holds the sentence with every CJK character
    # as a token of its own; a query term becomes a phrase of its characters, which finds any 1-, 2- or
    # n-character substring. English words stay words (case-folded by unicode61, no stemming).
    db.execute(
        """CREATE VIRTUAL TABLE sentences_fts USING fts5(
            tokens, doc_id UNINDEXED, idx UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
        )"""
    )
    _create_views(db)


def _create_views(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE VIEW figures AS
        SELECT f.id, f.doc_id, d.path, d.title AS doc_title, d.lang AS doc_lang, f.char_start, f.char_end,
               f.text, f.kind, f.value, f.value_text, f.low, f.high, f.unit, f.cmp, f.metric, f.subject,
               f.period, s.text AS sentence
        FROM facts f JOIN documents d ON d.id = f.doc_id
        LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence
        WHERE f.type = 'figure'"""
    )
    db.execute(
        """CREATE VIEW entity_mentions AS
        SELECT f.id, f.doc_id, d.path, f.char_start, f.char_end, f.text, f.kind, f.entity_id,
               e.name_zh, e.name_en, e.candidate, s.text AS sentence
        FROM facts f JOIN documents d ON d.id = f.doc_id
        LEFT JOIN entities e ON e.id = f.entity_id
        LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence
        WHERE f.type = 'entity'"""
    )
    db.execute(
        """CREATE VIEW rules AS
        SELECT f.id, f.doc_id, d.path, f.char_start, f.char_end, f.text, f.rule_id, f.title, f.number,
               f.authority, f.date, s.text AS sentence
        FROM facts f JOIN documents d ON d.id = f.doc_id
        LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence
        WHERE f.type = 'rule'"""
    )
    db.execute(
        """CREATE VIEW clauses AS
        SELECT f.id, f.doc_id, d.path, f.char_start, f.char_end, f.text, f.modality, f.subject,
               f.rule_id, f.authority, f.threshold_id, t.text AS threshold_text, t.value AS threshold_value,
               t.unit AS threshold_unit, t.cmp AS threshold_cmp, s.text AS sentence
        FROM facts f JOIN documents d ON d.id = f.doc_id
        LEFT JOIN facts t ON t.id = f.threshold_id
        LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence
        WHERE f.type = 'clause'"""
    )


@migrations(name="0002_search_export")
def search_and_export(db: sqlite_utils.Database) -> None:
    """Indexes the search filters and incremental export use, and views that carry document metadata."""
    for name, definition in SEARCH_INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    _reindex_sentences(db)
    for view in ("figures", "entity_mentions", "rules", "clauses"):
        db.execute(f"DROP VIEW IF EXISTS {view}")
    for view, select in VIEWS.items():
        db.execute(f"CREATE VIEW {view} AS {select}")


def _reindex_sentences(db: sqlite_utils.Database) -> None:
    """Re-tokenise every stored sentence (0002 splits letters from digits: "30bp" -> 30 bp)."""
    from .tokens import index_text

    db.execute("DELETE FROM sentences_fts")
    rows = db.execute("SELECT rowid, text, doc_id, idx FROM sentences").fetchall()
    db.conn.executemany("INSERT INTO sentences_fts (rowid, tokens, doc_id, idx) VALUES (?, ?, ?, ?)",
                        [(rowid, index_text(text), doc_id, idx) for rowid, text, doc_id, idx in rows])


SEARCH_INDEXES = {
    # Facts of a sentence, and "this sentence names entity X" (the --entity filter) from the index alone.
    "facts_doc_sentence": "facts(doc_id, sentence, entity_id)",
    "facts_type_kind_value": "facts(type, kind, value)",       # --type/--kind with --min/--max
    "facts_authority": "facts(authority)",
    "facts_unit": "facts(unit)",
    "entity_aliases_alias": "entity_aliases(alias COLLATE NOCASE)",
    "documents_run": "documents(run_id)",                       # export --since RUN
    "documents_ingested": "documents(ingested_at)",             # export --since TIMESTAMP
    "documents_published": "documents(published)",
}

# Columns every view starts with: the fact, where it is, and the document it comes from.
_FACT_BASE = """f.id AS fact_id, f.doc_id, d.path AS doc_path, d.title AS doc_title, d.lang AS doc_lang,
        d.published AS doc_published, d.run_id, d.ingested_at, d.extractor_version,
        f.char_start, f.char_end, f.text, f.sentence AS sentence_idx, s.text AS sentence"""
_FACT_JOINS = """FROM facts f JOIN documents d ON d.id = f.doc_id
        LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence"""

VIEWS = {
    "figures": f"""SELECT {_FACT_BASE}, f.kind, f.value, f.value_text, f.low, f.high, f.unit, f.cmp, f.metric,
        f.subject, f.period
        {_FACT_JOINS} WHERE f.type = 'figure'""",
    "entity_mentions": f"""SELECT {_FACT_BASE}, f.kind, f.entity_id, e.name_zh, e.name_en, e.candidate
        {_FACT_JOINS} LEFT JOIN entities e ON e.id = f.entity_id WHERE f.type = 'entity'""",
    "rules": f"""SELECT {_FACT_BASE}, f.rule_id, f.title, f.number, f.authority, f.date
        {_FACT_JOINS} WHERE f.type = 'rule'""",
    "clauses": f"""SELECT {_FACT_BASE}, f.modality, f.subject, f.rule_id, f.authority, f.threshold_id,
        t.text AS threshold_text, t.value AS threshold_value, t.unit AS threshold_unit, t.cmp AS threshold_cmp
        {_FACT_JOINS} LEFT JOIN facts t ON t.id = f.threshold_id WHERE f.type = 'clause'""",
}


@migrations(name="0003_lean_writes")
def lean_writes(db: sqlite_utils.Database) -> None:
    """A cheaper database to write and a smaller one to keep: only the indexes a query uses, a full-text
    index that does not keep a second copy of every sentence, and the process behind each run."""
    for name in OLD_FACT_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")
    for name, definition in LEAN_INDEXES.items():
        db.execute(f"CREATE INDEX {name} ON {definition}")
    db.execute("DROP TABLE IF EXISTS sentences_fts")
    db.execute(CREATE_SENTENCES_FTS)
    index_all_sentences(db)
    for column, declared in RUN_PROCESS_COLUMNS.items():
        db.execute(f"ALTER TABLE runs ADD COLUMN {column} {declared}")


# Every index on `facts` before 0003 but facts_doc_sentence. Each cost every fact insert a B-tree update,
# and most served no query of store/search.py or store/export.py (EXPLAIN QUERY PLAN); with (type, kind,
# value) the planner even walked every money figure once per text match instead of the sentence's facts.
OLD_FACT_INDEXES = ("facts_doc_id", "facts_type_kind", "facts_entity_id", "facts_rule_id", "facts_subject",
                    "facts_value", "facts_type_kind_value", "facts_unit", "facts_authority")
# What the queries use (facts_doc_sentence stays: the facts of a document or sentence, and the mentions of
# an entity in a sentence). Partial indexes: only the few facts that have the value pay for them.
LEAN_INDEXES = {
    "facts_authority": "facts(authority) WHERE authority IS NOT NULL",       # --authority
    "facts_rule_id": "facts(rule_id) WHERE rule_id IS NOT NULL",             # --rule: the rule's facts
    "facts_rules": "facts(type, rule_id, number, title) WHERE type = 'rule'",  # --rule: which rule (covering)
    "errors_doc": "errors(doc_id) WHERE doc_id IS NOT NULL",                 # quarantine: earlier failures
}
# Contentless: the index keeps its tokens, not a copy of them (the sentence text is in `sentences`, same
# rowid). Removing a sentence's entry needs its tokens again: see Store._delete_document().
CREATE_SENTENCES_FTS = """CREATE VIRTUAL TABLE sentences_fts USING fts5(
    tokens, content = '', tokenize = 'unicode61 remove_diacritics 2')"""
INSERT_SENTENCE_TOKENS = "INSERT INTO sentences_fts (rowid, tokens) VALUES (?, ?)"
DELETE_SENTENCE_TOKENS = "INSERT INTO sentences_fts (sentences_fts, rowid, tokens) VALUES ('delete', ?, ?)"
# Who runs an ingest, so that a later one can tell a run whose process died (kill -9) from a live one.
RUN_PROCESS_COLUMNS = {"pid": "INTEGER", "host": "TEXT", "process_started": "TEXT"}


def index_all_sentences(db: sqlite_utils.Database) -> None:
    """Fill the (empty) full-text index from every stored sentence."""
    from .tokens import index_text

    rows = db.execute("SELECT rowid, text FROM sentences")
    while batch := rows.fetchmany(10_000):
        db.conn.executemany(INSERT_SENTENCE_TOKENS, [(rowid, index_text(text)) for rowid, text in batch])


# Every migration this version of factlex knows, in order. A database that has applied a migration not
# in this list was written by a newer factlex.
KNOWN_MIGRATIONS = ("0001_initial", "0002_search_export", "0003_lean_writes")
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
