"""The batch pipeline: a misbehaving parser costs one file, re-runs are exact, interruptions lose nothing."""
from __future__ import annotations

import functools
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import factlex.pipeline as pipeline
from factlex.pipeline import Limits, ingest
from factlex.report import gather_stats
from store.database import open_store, process_started
from test_pipeline_support import (AMOUNT, BrokenLexiconWorker, CrashingWarmUpWorker, FakeWorker, HangingWarmUpWorker,
                                   PidRecordingWorker, SlowWarmUpWorker, make_corpus, report_text, run_factlex,
                                   snapshot, start_factlex)

FAST = Limits(timeout=2, memory_mb=1024)


def run_ingest(folder: Path, db: Path, workers: int = 1, worker_factory=FakeWorker, limits=FAST):
    store = open_store(db)
    try:
        return ingest([folder], store, workers=workers, worker_factory=worker_factory, limits=limits)
    finally:
        store.close()


def errors_of(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted((Path(path).name, stage) for path, stage in conn.execute("SELECT path, stage FROM errors"))


# A parser that hangs, crashes or exhausts memory on a crafted file: (marker, stage recorded).
MISBEHAVIOUR = [
    ("HANG-FOREVER", "timeout"),
    ("SEGFAULT-NOW", "crash"),
    ("EXIT-ABRUPTLY", "crash"),
    ("EAT-MEMORY", "oom"),
    ("RECURSE-DEEP", "extract"),
    ("EXTRACTOR-BUG", "extract"),
    ("UNSTORABLE-VALUE", "store"),
    ("ODD-VALUE", "extract"),
]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_misbehaving_parser_costs_only_its_own_file(tmp_path, workers):
    folder = make_corpus(tmp_path / "in", 24)
    for marker, _ in MISBEHAVIOUR:
        (folder / f"bad-{marker.lower()}.txt").write_text(f"债券周报\n本周发行3亿元。{marker}\n", encoding="utf-8")
    summary = run_ingest(folder, tmp_path / "f.db", workers=workers)
    assert (summary.new, summary.failed, summary.status) == (24, len(MISBEHAVIOUR), "partial")
    assert errors_of(tmp_path / "f.db") == sorted((f"bad-{m.lower()}.txt", stage) for m, stage in MISBEHAVIOUR)
    clean = run_ingest(make_corpus(tmp_path / "clean", 24), tmp_path / "clean.db")
    assert clean.status == "ok"
    assert snapshot(tmp_path / "f.db")["facts"] == snapshot(tmp_path / "clean.db")["facts"]


def test_two_workers_store_exactly_what_one_worker_stores(tmp_path):
    folder = make_corpus(tmp_path / "in", 60)
    one, two = run_ingest(folder, tmp_path / "one.db", 1), run_ingest(folder, tmp_path / "two.db", 2)
    assert one.new == two.new == 60
    assert snapshot(tmp_path / "one.db") == snapshot(tmp_path / "two.db")


def test_a_small_text_batch_runs_without_worker_processes(tmp_path, monkeypatch):
    def no_children(*args, **kwargs):
        raise AssertionError("a child process was started")

    monkeypatch.setattr(pipeline, "_run_in_children", no_children)
    summary = run_ingest(make_corpus(tmp_path / "in", 3), tmp_path / "f.db")
    assert summary.new == 3


def test_running_again_on_the_same_folder_adds_nothing(tmp_path):
    folder = make_corpus(tmp_path / "in", 12)
    run_ingest(folder, tmp_path / "f.db")
    before = snapshot(tmp_path / "f.db")
    again = run_ingest(folder, tmp_path / "f.db")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 12)
    assert snapshot(tmp_path / "f.db") == before


@pytest.mark.parametrize("workers", [1, 2])
def test_files_with_the_same_content_are_one_document_under_the_first_path(tmp_path, workers):
    """A report saved twice (a copy in another folder, a re-download) is extracted once and keeps the
    path that comes first, so a run cut short and resumed stores exactly what one clean run stores."""
    folder = make_corpus(tmp_path / "in", 6)
    original = sorted(folder.iterdir())[0]
    (folder / "zz-copy.txt").write_bytes(original.read_bytes())
    summary = run_ingest(folder, tmp_path / "f.db", workers=workers)
    assert (summary.new, summary.updated, summary.unchanged) == (6, 0, 1)
    paths = {path for _, path, _, _ in snapshot(tmp_path / "f.db")["documents"]}
    assert str(original.resolve()) in paths and not any(path.endswith("zz-copy.txt") for path in paths)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_changed_file_replaces_its_old_document_and_facts(tmp_path, lang):
    folder = make_corpus(tmp_path / "in", 4)
    changed = folder / "report-0002.txt"
    run_ingest(folder, tmp_path / "f.db")
    old = snapshot(tmp_path / "f.db")
    changed.write_text(report_text(999, lang), encoding="utf-8")
    summary = run_ingest(folder, tmp_path / "f.db")
    assert (summary.updated, summary.unchanged) == (1, 3)
    new = snapshot(tmp_path / "f.db")
    old_id = next(doc for doc, path, *_ in old["documents"] if path.endswith("report-0002.txt"))
    assert len(new["documents"]) == 4  # the old version's row is gone, not kept beside the new one
    assert old_id not in {doc for doc, *_ in new["documents"]}
    assert old_id not in {doc for _, doc, *_ in new["facts"]}
    with sqlite3.connect(tmp_path / "f.db") as conn:
        texts = sorted(row[0] for row in conn.execute(
            "SELECT f.text FROM facts f JOIN documents d ON d.id = f.doc_id WHERE d.path LIKE '%report-0002.txt'"))
    assert texts == sorted(m.group() for m in AMOUNT.finditer(report_text(999, lang)))


def test_an_extractor_version_bump_re_extracts_every_document(tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "in", 5)
    run_ingest(folder, tmp_path / "f.db")
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "99.0.0")
    summary = run_ingest(folder, tmp_path / "f.db")
    assert (summary.updated, summary.unchanged) == (5, 0)
    versions = {version for _, _, version, _ in snapshot(tmp_path / "f.db")["documents"]}
    assert len(versions) == 1 and versions.pop().startswith("99.0.0+lex.")


def test_an_unusable_lexicon_stops_the_batch_with_its_message(tmp_path):
    summary = run_ingest(make_corpus(tmp_path / "in", 3), tmp_path / "f.db", worker_factory=BrokenLexiconWorker)
    assert summary.status == "failed"
    assert "user-lexicon.tsv line 3" in summary.fatal
    assert summary.new == 0


# -- warming up --------------------------------------------------------------------------------------------
def test_a_malformed_lexicon_file_stops_the_batch_before_any_child_starts(tmp_path, monkeypatch):
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("id\ttype\tkind\tname_zh\nJUHUA\tgadget\t\t巨化集团\n", encoding="utf-8")
    folder = make_corpus(tmp_path / "in", 3)
    fatal = {}
    for workers in (1, 2):  # inline: the extractor is built here; children: only the lexicon is loaded
        if workers == 2:
            monkeypatch.setattr(pipeline, "_run_in_children", lambda *args: pytest.fail("a child was started"))
        store = open_store(tmp_path / f"{workers}.db")
        try:
            summary = ingest([folder], store, workers=workers, lexicon_files=(str(bad),), limits=FAST)
        finally:
            store.close()
        assert (summary.status, summary.new) == ("failed", 0)
        assert [problem.path for problem in summary.problems] == [str(bad)]
        fatal[workers] = summary.fatal
    assert fatal[1] == fatal[2]
    assert fatal[2].startswith("cannot build the extractor: ") and f"{bad}:2:" in fatal[2]
    assert "unknown type" in fatal[2]


@pytest.mark.parametrize("workers, built_here", [(1, True), (2, False)])
def test_the_writer_builds_the_extractor_only_when_it_does_the_work_itself(tmp_path, workers, built_here):
    record = tmp_path / "built-in.txt"
    factory = functools.partial(PidRecordingWorker, record=record)
    summary = run_ingest(make_corpus(tmp_path / "in", 6), tmp_path / "f.db", workers, factory)
    assert summary.new == 6
    builders = record.read_text(encoding="utf-8").split()
    assert builders and (str(os.getpid()) in builders) == built_here
    if not built_here:
        assert len(builders) == 2  # once in each child, whatever it parsed


def test_a_warm_up_longer_than_the_timeout_costs_no_file(tmp_path):
    """The clock of a child's first file starts when it is warm; a replacement after a crash warms up too."""
    limits = Limits(timeout=SlowWarmUpWorker.WARM_UP_SLEEP / 4, memory_mb=1024)
    folder = make_corpus(tmp_path / "in", 6)
    (folder / "bad.txt").write_text("债券周报\n本周发行3亿元。EXIT-ABRUPTLY\n", encoding="utf-8")
    summary = run_ingest(folder, tmp_path / "f.db", 2, SlowWarmUpWorker, limits)
    assert (summary.new, summary.failed) == (6, 1)
    assert errors_of(tmp_path / "f.db") == [("bad.txt", "crash")]


def test_spawned_children_warm_up_and_work_as_forked_ones_do(tmp_path, monkeypatch):
    """Where there is no fork (macOS, Windows), children start from scratch with the factory."""
    monkeypatch.setattr(pipeline.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    record = tmp_path / "built-in.txt"
    folder = make_corpus(tmp_path / "in", 6)
    (folder / "bad.txt").write_text("债券周报\n本周发行3亿元。EXIT-ABRUPTLY\n", encoding="utf-8")
    summary = run_ingest(folder, tmp_path / "f.db", 2, functools.partial(PidRecordingWorker, record=record))
    assert (summary.new, summary.failed) == (6, 1)
    assert errors_of(tmp_path / "f.db") == [("bad.txt", "crash")]
    assert str(os.getpid()) not in record.read_text(encoding="utf-8").split()


@pytest.mark.parametrize("factory, message", [
    (BrokenLexiconWorker, "cannot build the extractor: user-lexicon.tsv line 3"),
    (CrashingWarmUpWorker, "a worker process exited unexpectedly (exit status 7) while building the extractor"),
    (HangingWarmUpWorker, "a worker process took longer than 0.5 s to build the extractor and was stopped"),
])
def test_a_child_that_cannot_warm_up_stops_the_batch_with_a_clear_message(tmp_path, monkeypatch, factory, message):
    monkeypatch.setattr(pipeline, "WARM_UP_SECONDS", 0.5)  # the generous limit, made short for the stuck one
    summary = run_ingest(make_corpus(tmp_path / "in", 6), tmp_path / "f.db", 2, factory,
                         Limits(timeout=0.2, memory_mb=1024))
    assert (summary.status, summary.new, summary.failed) == ("failed", 0, 0)
    assert summary.fatal.startswith(message)
    assert len(summary.problems) == 1


def wait_for_documents(db: Path, process, at_least: int = 1) -> int:
    """Poll the database until the running ingest has committed some documents (or has ended)."""
    while process.poll() is None:
        try:
            with sqlite3.connect(db, timeout=30) as conn:
                count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # the schema is not there yet
            count = 0
        if count >= at_least:
            return count
        time.sleep(0.01)
    return -1


# Enough documents that a batch outlasts its first group commit (GROUP_SECONDS after the first
# document) by a second or more even on a fast machine, so a signal sent once documents are in lands mid-batch.
SLOW_CORPUS_FILES = 300


def slow_corpus(folder: Path, count: int = SLOW_CORPUS_FILES) -> Path:
    make_corpus(folder, count)
    for path in folder.iterdir():  # many small files: a kill lands between or inside documents
        path.write_text(path.read_text(encoding="utf-8") * 20, encoding="utf-8")
    return folder


def test_kill_9_mid_batch_then_a_rerun_gives_the_clean_database(tmp_path):
    folder = slow_corpus(tmp_path / "in")
    run_factlex("ingest", folder, "--db", tmp_path / "clean.db", "--quiet")
    db = tmp_path / "killed.db"
    process = start_factlex("ingest", folder, "--db", db, "--workers", "2", "--quiet")
    wait_for_documents(db, process)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    rerun = run_factlex("ingest", folder, "--db", db, "--quiet", "--format", "json")
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(db) == snapshot(tmp_path / "clean.db")
    assert "Traceback" not in rerun.stderr
    with sqlite3.connect(db) as conn:  # the killed run no longer claims to be running
        runs = conn.execute("SELECT status, docs_new, (SELECT count(*) FROM documents WHERE run_id = runs.id) "
                            "FROM runs ORDER BY id").fetchall()
    assert [status for status, _, _ in runs] == ["interrupted", "ok"]
    assert runs[0][1] == runs[0][2] > 0  # what the killed run wrote is counted for it


def test_ctrl_c_marks_the_run_interrupted_and_keeps_completed_documents(tmp_path):
    folder = slow_corpus(tmp_path / "in")
    db = tmp_path / "f.db"
    process = start_factlex("ingest", folder, "--db", db, "--quiet")
    written = wait_for_documents(db, process)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate()
    assert "Traceback" not in err
    with sqlite3.connect(db) as conn:
        status, new = conn.execute("SELECT status, docs_new FROM runs").fetchone()
        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    if written < 0:  # the batch finished before the signal arrived
        assert (process.returncode, status) == (0, "ok")
        return
    assert (process.returncode, status) == (130, "interrupted")
    assert "interrupted" in out
    assert stored == new >= written
    resumed = run_factlex("ingest", folder, "--db", db, "--quiet")
    assert resumed.returncode == 0
    clean = run_factlex("ingest", folder, "--db", tmp_path / "clean.db", "--quiet")
    assert clean.returncode == 0
    assert snapshot(db) == snapshot(tmp_path / "clean.db")


@pytest.mark.parametrize("environment, expected", [
    ({}, Limits()),
    ({"FACTLEX_TIMEOUT": "30", "FACTLEX_MEMORY_MB": "512", "FACTLEX_MAX_MB": "2.5", "FACTLEX_MAX_PAGES": "50"},
     Limits(timeout=30, memory_mb=512, max_mb=2.5, max_pages=50)),
    ({"FACTLEX_TIMEOUT": "soon", "FACTLEX_MAX_MB": "-1"}, Limits()),  # nonsense falls back to the defaults
])
def test_limits_come_from_the_environment(environment, expected):
    assert Limits.from_env(environment) == expected


# -- runs whose process died ----------------------------------------------------------------------------
def ended_process_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def sleeper():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


@pytest.mark.parametrize("who, expected", [
    ("a process that has ended", "interrupted"),
    ("its pid, now given to a process started at another time", "interrupted"),
    ("a process still running", "running"),
    ("a process on another machine", "running"),
])
def test_a_run_whose_process_is_gone_is_marked_interrupted(tmp_path, sleeper, who, expected):
    store = open_store(tmp_path / "f.db")
    host = socket.gethostname()
    pid, host, started = {
        "a process that has ended": (ended_process_pid(), host, None),
        "its pid, now given to a process started at another time": (sleeper, host, "another-boot/12345"),
        "a process still running": (sleeper, host, process_started(sleeper)),
        "a process on another machine": (ended_process_pid(), "elsewhere.example", None),
    }[who]
    with store.write_transaction():
        store.db.execute("INSERT INTO runs (started_at, status, pid, host, process_started) "
                         "VALUES ('2025-05-10T08:00:00+00:00', 'running', ?, ?, ?)", [pid, host, started])
    assert gather_stats(store)["last_run"]["status"] == expected  # `factlex stats` looks first
    store.close()


def test_the_next_ingest_marks_a_dead_run_and_records_its_own_process(tmp_path):
    db = tmp_path / "f.db"
    store = open_store(db)
    with store.write_transaction():
        store.db.execute("INSERT INTO runs (started_at, status, pid, host) VALUES "
                         "('2025-05-10T08:00:00+00:00', 'running', ?, ?)", [ended_process_pid(), socket.gethostname()])
    store.close()
    run_ingest(make_corpus(tmp_path / "in", 2), db)
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT status, pid, host FROM runs ORDER BY id").fetchall()
    assert [status for status, _, _ in runs] == ["interrupted", "ok"]
    assert runs[1][1:] == (os.getpid(), socket.gethostname())


# -- quarantine -------------------------------------------------------------------------------------------
def stages_by_run(db: Path) -> list[list[str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT run_id, stage FROM errors ORDER BY run_id, id").fetchall()
    runs: dict[int, list[str]] = {}
    for run_id, stage in rows:
        runs.setdefault(run_id, []).append(stage)
    return list(runs.values())


# A crash happens in a worker process (2 workers: never inline), and is known by the path alone.
@pytest.mark.parametrize("marker, workers", [("EXTRACTOR-BUG", 1), ("EXIT-ABRUPTLY", 2)])
def test_a_file_that_failed_in_three_runs_is_quarantined_until_retried(tmp_path, monkeypatch, marker, workers):
    folder = make_corpus(tmp_path / "in", 2)
    (folder / "bad.txt").write_text(f"债券周报\n本周发行3亿元。{marker}\n", encoding="utf-8")
    db = tmp_path / "f.db"
    for _ in range(pipeline.QUARANTINE_AFTER):
        assert run_ingest(folder, db, workers).failed == 1
    quarantined = run_ingest(folder, db, workers)
    assert (quarantined.failed, quarantined.unchanged, quarantined.status) == (1, 2, "partial")
    problem, = quarantined.problems
    assert problem.stage == "quarantined" and "failed in 3 earlier runs" in problem.cause
    assert "--retry-failed" in problem.line()
    failing_stage = stages_by_run(db)[0][0]
    assert stages_by_run(db) == [[failing_stage]] * 3 + [["quarantined"]]  # not parsed a fourth time
    store = open_store(db)
    try:
        retried = ingest([folder], store, workers=workers, worker_factory=FakeWorker, limits=FAST, retry_failed=True)
    finally:
        store.close()
    assert [p.stage for p in retried.problems] == [failing_stage]
    monkeypatch.setenv(pipeline.RETRY_FAILED_ENV, "1")
    assert [p.stage for p in run_ingest(folder, db, workers).problems] == [failing_stage]


def test_a_quarantined_file_that_changes_is_tried_again(tmp_path):
    folder = make_corpus(tmp_path / "in", 1)
    bad = folder / "bad.txt"
    bad.write_text("债券周报\n本周发行3亿元。EXTRACTOR-BUG\n", encoding="utf-8")
    for _ in range(pipeline.QUARANTINE_AFTER):
        run_ingest(folder, tmp_path / "f.db")
    bad.write_text("债券周报\n本周发行5亿元。\n", encoding="utf-8")
    fixed = run_ingest(folder, tmp_path / "f.db")
    assert (fixed.new, fixed.failed, fixed.status) == (1, 0, "ok")


class PacedWorker(FakeWorker):
    """A worker slower than the writer, as a real one is: the writer often finds nothing ready."""

    def prepare(self, path, version):
        time.sleep(0.03)
        return super().prepare(path, version)


def test_the_writer_commits_full_groups_not_at_every_pause_of_the_workers(tmp_path, monkeypatch):
    # A commit (the full-text index's flush above all) costs the writer more than a document: one at
    # every pause of a slower worker made the writer, not the workers, the bottleneck of a 2-worker batch.
    monkeypatch.setattr(pipeline, "GROUP_DOCUMENTS", 10)
    monkeypatch.setattr(pipeline, "GROUP_SECONDS", 600.0)  # so only full groups and the end commit
    group_commits = []
    real_commit = pipeline._GroupWriter.commit

    def counted_commit(writer):
        if writer.began is not None:  # a group is open: this commit writes documents
            group_commits.append(len(writer.pending))
        real_commit(writer)

    monkeypatch.setattr(pipeline._GroupWriter, "commit", counted_commit)
    summary = run_ingest(make_corpus(tmp_path / "in", 40), tmp_path / "f.db", 2, PacedWorker)
    assert summary.new == 40
    assert group_commits == [10, 10, 10, 10]
