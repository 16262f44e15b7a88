"""Shared by the pipeline, robustness and store tests: a stand-in extractor, corpora and db snapshots.

The stand-in keeps the real loader (so hostile files meet the real decoding and PDF code) and swaps
only the extractor: it finds amounts (亿元, 万亿元, %, billion yuan) with one regex, which keeps the
tests fast and independent of the parsers other engineers are still writing. Marker words in a
document make it misbehave the way a crafted file can make a parser misbehave.
"""
from __future__ import annotations

import ctypes
import faulthandler
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from extract.document import ExtractedDocument
from extract.language import detect_language
from extract.model import Fact
from extract.sentences import sentence_index, split_sentences
from factlex.pipeline import Worker

ROOT = Path(__file__).resolve().parent.parent
AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:万亿元|亿元|%| billion yuan)")


def misbehave(text: str) -> None:
    """What a parser does on a crafted document: hang, crash, exhaust memory or recurse."""
    if "HANG-FOREVER" in text:
        time.sleep(3600)
    if "EXIT-ABRUPTLY" in text:
        os._exit(7)
    if "SEGFAULT-NOW" in text:
        faulthandler.disable()  # pytest's handler would print the child's stack into the test output
        ctypes.string_at(0)
    if "EAT-MEMORY" in text:
        bytearray(16 * 2**30)  # far over any worker's limit
    if "RECURSE-DEEP" in text:
        def down(depth):
            return down(depth + 1) + 1
        down(0)
    if "EXTRACTOR-BUG" in text:
        raise KeyError("kind")


class AmountExtractor:
    def extract(self, text: str, tables=()) -> ExtractedDocument:
        misbehave(text)
        sentences = split_sentences(text)
        facts = [Fact("figure", m.start(), m.end(), m.group(), {"kind": "money", "value": m.group()})
                 for m in AMOUNT.finditer(text)]
        for fact in facts:
            fact.sentence = sentence_index(sentences, fact.start)
        if "UNSTORABLE-VALUE" in text and facts:  # a parser bug: a value no column can hold
            facts[0].sentence = {"index": facts[0].sentence}
        if "ODD-VALUE" in text and facts:  # a parser bug: a figure whose value is not a number
            facts[0].fields["value"] = [3, "亿元"]
        return ExtractedDocument(lang=detect_language(text), sentences=sentences, facts=facts)


class FakeWorker(Worker):
    """The real Worker with the stand-in extractor."""

    @property
    def extractor(self):
        if self._extractor is None:
            self._extractor = AmountExtractor()
        return self._extractor


class BrokenLexiconWorker(Worker):
    @property
    def extractor(self):
        raise ValueError("user-lexicon.tsv line 3: expected 4 tab-separated columns, found 2")


# Warm-ups that go wrong the way a real one can: slow (a cold disk), dead, stuck.
class SlowWarmUpWorker(FakeWorker):
    WARM_UP_SLEEP = 1.0  # longer than the tests' per-file timeout

    def warm_up(self):
        time.sleep(self.WARM_UP_SLEEP)
        return super().warm_up()


class CrashingWarmUpWorker(FakeWorker):
    def warm_up(self):
        os._exit(7)


class HangingWarmUpWorker(FakeWorker):
    def warm_up(self):
        time.sleep(3600)


class PidRecordingWorker(FakeWorker):
    """Appends the pid of the process that builds its extractor to `record`."""

    def __init__(self, lexicon_files=(), limits=None, *, record: Path):
        super().__init__(lexicon_files, limits)
        self.record = record

    @property
    def extractor(self):
        if self._extractor is None:
            with open(self.record, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
        return super().extractor


# -- corpora ---------------------------------------------------------------------------------------
ZH_LINES = (
    "{month}月份，某城商行发行二级资本债{a}亿元，票面利率{p}%。",
    "截至{month}月末，交易所科技创新债券累计发行{b}万亿元，同比增长{p}%。",
    "本周银行间市场净融资额为{a}亿元，较上周减少{c}亿元。",
    "监管部门要求发行人将不低于{q}%的募集资金投向科技创新领域。",
)
EN_LINES = (
    "In month {month}, a city commercial bank sold {a} billion yuan of tier-2 capital bonds at {p}%.",
    "Net financing on the interbank market reached {c} billion yuan this week, up {p}% from a year earlier.",
    "Issuers must invest no less than {q}% of the proceeds in technology projects.",
)


def report_text(seed: int, lang: str = "zh") -> str:
    """A short, unique report: numbers depend on the seed, so every document's hash differs."""
    rng = random.Random(seed)
    lines = ZH_LINES if lang == "zh" else EN_LINES
    body = []
    for _ in range(rng.randint(3, 8)):
        body.append(rng.choice(lines).format(month=rng.randint(1, 12), a=rng.randint(5, 900),
                                             b=f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
                                             c=rng.randint(1, 300), p=f"{rng.randint(1, 4)}.{rng.randint(10, 99)}",
                                             q=rng.choice((50, 60, 70, 80))))
    title = f"债券市场周报 第{seed}期" if lang == "zh" else f"Bond market weekly no. {seed}"
    return title + "\n" + "\n".join(body) + "\n"


def make_corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in range(count):
        lang = "zh" if seed % 3 else "en"
        (folder / f"report-{seed:04d}.txt").write_text(report_text(seed, lang), encoding="utf-8")
    return folder


# -- comparing databases ---------------------------------------------------------------------------
def snapshot(db_path: Path) -> dict[str, set]:
    """What a user would compare: which documents (by content hash and path) and which facts."""
    with sqlite3.connect(db_path) as conn:
        return {
            "documents": set(conn.execute("SELECT id, path, extractor_version, chars FROM documents")),
            "facts": set(conn.execute("SELECT id, doc_id, type, char_start, char_end, text FROM facts")),
            "sentences": set(conn.execute("SELECT doc_id, idx, char_start, char_end FROM sentences")),
            "fts": indexed_sentences(conn),
        }


def indexed_sentences(conn) -> set[tuple]:
    """What the full-text index holds, read back from the index itself: (doc_id, idx, tokens) of each
    entry's sentence. An entry left behind by a deleted sentence shows as (None, None, tokens); rowids
    differ between runs, so they are not compared."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, sentences_fts, instance)")
    return set(conn.execute(
        """SELECT s.doc_id, s.idx, entry.tokens FROM (
             SELECT doc, group_concat(term, ' ') AS tokens
             FROM (SELECT doc, term FROM temp.fts_terms ORDER BY doc, offset) GROUP BY doc) entry
           LEFT JOIN sentences s ON s.rowid = entry.doc"""))


def integrity(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# -- running `factlex ingest` as a real process, with the stand-in extractor -----------------------
# The CLI's own `ingest` command, with pipeline.Worker swapped for FakeWorker before it runs. While
# another engineer's `factlex lexicon` subcommand is not in the tree yet, an empty group stands in for it.
CLI_WITH_FAKE_EXTRACTOR = (
    "import sys, importlib.util, types, click; sys.path.insert(0, {tests!r});"
    "import factlex.pipeline, test_pipeline_support as support;"
    "factlex.pipeline.Worker = support.FakeWorker;"
    "stub = types.ModuleType('factlex.lexicon_cli'); stub.lexicon = click.Group('lexicon');"
    "importlib.util.find_spec('factlex.lexicon_cli') or sys.modules.setdefault('factlex.lexicon_cli', stub);"
    "from factlex.cli import cli; cli(sys.argv[1:], prog_name='factlex')"
)


def factlex_command(*args: str | Path) -> list[str]:
    code = CLI_WITH_FAKE_EXTRACTOR.format(tests=str(Path(__file__).parent))
    return [sys.executable, "-c", code, *(str(a) for a in args)]


def start_factlex(*args: str | Path, env: dict | None = None) -> subprocess.Popen:
    environment = {**os.environ, **(env or {})}
    return subprocess.Popen(factlex_command(*args), cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_factlex(*args: str | Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(factlex_command(*args), cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=timeout)
