"""The batch pipeline: find files, skip what is stored unchanged, extract in workers, write one
document per transaction, record every failure and go on.

Workers only load and extract (pure work that returns plain records); the main process is the single
writer to SQLite, so concurrent ingests serialise on SQLite's write lock one document at a time.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extract import EXTRACTOR_VERSION

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}
# Files the walk never reports: editor backups, OS droppings, our own database.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
IGNORED_SUFFIXES = {".db", ".db-wal", ".db-shm", ".db-journal"}


@dataclass
class FileProblem:
    path: str
    stage: str
    cause: str
    hint: str | None = None
    doc_id: str | None = None

    def line(self) -> str:
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.path}: {self.cause}{hint}"


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    facts: Counter = field(default_factory=Counter)
    bytes: int = 0
    pages: int = 0
    chars: int = 0
    seconds: float = 0.0
    problems: list[FileProblem] = field(default_factory=list)
    skipped_files: list[FileProblem] = field(default_factory=list)
    interrupted: bool = False

    @property
    def documents(self) -> int:
        return self.new + self.updated + self.unchanged + self.failed

    @property
    def status(self) -> str:
        if self.interrupted:
            return "interrupted"
        if self.failed and not (self.new or self.updated or self.unchanged):
            return "failed"
        return "partial" if self.failed else "ok"

    def counts(self) -> dict[str, int]:
        return {"docs_new": self.new, "docs_updated": self.updated, "docs_unchanged": self.unchanged,
                "docs_failed": self.failed, "docs_skipped": self.skipped, "facts": sum(self.facts.values())}


# -- finding files -------------------------------------------------------------------------------
def display_path(path: str | Path) -> str:
    """A printable, storable form of any path, including names in GBK bytes on a UTF-8 system."""
    raw = os.fsencode(path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="backslashreplace")


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, FileProblem | None]]:
    """Every file under `paths` (recursively, sorted), with a problem when it cannot be ingested."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path, _file_problem(path)
        else:
            yield path, FileProblem(display_path(path), "read", "no such file or folder",
                                    "Check the path; nothing was read from it.")


def _walk(folder: Path) -> Iterator[tuple[Path, FileProblem | None]]:
    problems: list[OSError] = []
    # followlinks=False: a symlink loop between folders cannot make the walk run forever.
    for root, dirs, files in os.walk(folder, onerror=problems.append, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name in IGNORED_NAMES or name.startswith(".") or Path(name).suffix.lower() in IGNORED_SUFFIXES:
                continue
            path = Path(root) / name
            yield path, _file_problem(path)
    for error in problems:
        yield Path(error.filename or folder), FileProblem(
            display_path(error.filename or folder), "read", f"cannot read folder: {error.strerror}",
            "Fix the permissions and run again.")


def _file_problem(path: Path) -> FileProblem | None:
    shown = display_path(path)
    try:
        path.stat()
    except OSError as error:
        cause = "symbolic link loop" if error.errno == 40 else (error.strerror or str(error))
        return FileProblem(shown, "read", f"cannot read file: {cause}", "Fix or remove the file.")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return FileProblem(shown, "unsupported", f"skipped: {path.suffix or 'no extension'} is not a supported type",
                           "factlex reads .txt .md .html .htm .pdf.")
    if not os.access(path, os.R_OK):
        return FileProblem(shown, "read", "cannot read file: permission denied", "Fix the permissions and run again.")
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the worker side -----------------------------------------------------------------------------
class Worker:
    """Loads and extracts documents. One per process; builds the lexicon and matchers once."""

    def __init__(self, lexicon_files: tuple[str, ...] = ()):
        self.lexicon_files = tuple(lexicon_files)
        self._extractor = None

    @property
    def extractor(self):
        if self._extractor is None:
            from extract.document import Extractor
            from lexicon import load_lexicon

            self._extractor = Extractor(load_lexicon([Path(p) for p in self.lexicon_files]))
        return self._extractor

    def process(self, path: str) -> dict:
        """Load and extract one file; a plain, picklable result either way."""
        from extract.load import LoadError, load_document

        shown = display_path(path)
        try:
            loaded = load_document(Path(path))
        except LoadError as error:
            return {"ok": False, "problem": FileProblem(shown, error.stage, error.cause, error.hint)}
        except MemoryError:
            return {"ok": False, "problem": FileProblem(shown, "read", "out of memory while loading",
                                                       "Split the file or raise the memory limit.")}
        try:
            extracted = self.extractor.extract(loaded.text)
        except RecursionError:
            return {"ok": False, "problem": FileProblem(shown, "extract", "text too deeply nested to parse",
                                                       "Report this file; it was skipped.", loaded.sha256)}
        except Exception as error:  # an extractor bug must not stop the batch: record it and go on
            return {"ok": False, "problem": FileProblem(
                shown, "extract", f"internal error {type(error).__name__}: {error}",
                "This is a factlex bug; please report it with the file. The file was skipped.", loaded.sha256)}
        return {"ok": True, "loaded": loaded, "extracted": extracted}


_PROCESS_WORKER: Worker | None = None


def _init_process_worker(lexicon_files: tuple[str, ...]) -> None:
    global _PROCESS_WORKER
    _PROCESS_WORKER = Worker(lexicon_files)


def _process_in_worker(path: str) -> dict:
    assert _PROCESS_WORKER is not None
    return _PROCESS_WORKER.process(path)


def extractor_version(lexicon_files: Iterable[str | Path] = ()) -> str:
    """The extractor's version plus a fingerprint of the lexicon it uses: a lexicon edit re-extracts."""
    return f"{EXTRACTOR_VERSION}+lex.{lexicon_fingerprint(lexicon_files)}"


def lexicon_fingerprint(user_files: Iterable[str | Path] = ()) -> str:
    """A short hash of the shipped lexicon data and the user's lexicon files, without parsing them."""
    import lexicon

    shipped = sorted((Path(lexicon.__file__).parent / "data").glob("*.tsv"))
    digest = hashlib.sha256()
    for path in [*shipped, *(Path(p) for p in user_files)]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()[:10]


# -- the writer side -----------------------------------------------------------------------------
def ingest(paths: Iterable[str | Path], store, *, workers: int = 1, lexicon_files: tuple[str, ...] = (),
           command: str = "ingest", on_file: Callable[[str, str], None] | None = None,
           files: list[tuple[Path, FileProblem | None]] | None = None) -> Summary:
    """Ingest every file under `paths` into `store`. `on_file(path, outcome)` reports progress."""
    started = time.perf_counter()
    summary = Summary()
    version = extractor_version(lexicon_files)
    run_id = store.start_run(version, command)
    report = on_file or (lambda path, outcome: None)
    files = files if files is not None else list(discover(paths))
    try:
        todo = _skip_stored(files, store, version, summary, run_id, report)
        for path, result in _results(todo, workers, lexicon_files):
            outcome = _store_result(path, result, store, version, summary, run_id)
            report(display_path(path), outcome)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.status, summary.counts())
    return summary


def _skip_stored(files, store, version, summary, run_id, report) -> list[tuple[Path, str]]:
    todo = []
    for path, problem in files:
        if problem is not None:
            if problem.stage == "unsupported":
                summary.skipped += 1
                summary.skipped_files.append(problem)
            else:
                _fail(problem, store, summary, run_id)
            report(problem.path, problem.stage)
            continue
        try:
            digest = sha256_of(path)
        except OSError as error:
            _fail(FileProblem(display_path(path), "read", f"cannot read file: {error.strerror}",
                              "Fix the permissions and run again."), store, summary, run_id)
            report(display_path(path), "failed")
            continue
        if store.stored_version(digest) == version:
            summary.unchanged += 1
            report(display_path(path), "unchanged")
        else:
            todo.append((path, digest))
    return todo


def _results(todo, workers: int, lexicon_files) -> Iterator[tuple[Path, dict]]:
    if workers <= 1 or len(todo) <= 1:
        worker = Worker(lexicon_files)
        for path, _ in todo:
            yield path, worker.process(str(path))
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_process_worker,
                             initargs=(tuple(lexicon_files),)) as pool:
        # Larger chunks amortise inter-process overhead; results stay in input order.
        chunk = max(1, min(16, len(todo) // (workers * 4)))
        yield from zip((p for p, _ in todo), pool.map(_process_in_worker, [str(p) for p, _ in todo],
                                                        chunksize=chunk))


def _store_result(path: Path, result: dict, store, version: str, summary: Summary, run_id: int) -> str:
    from store.database import DocumentRecord

    if not result["ok"]:
        _fail(result["problem"], store, summary, run_id)
        return "failed"
    loaded, extracted = result["loaded"], result["extracted"]
    replaced = store.stored_version(loaded.sha256) is not None or _path_stored(store, path)
    record = DocumentRecord(
        id=loaded.sha256, path=display_path(path.resolve()), title=loaded.title, lang=extracted.lang,
        format=loaded.format, encoding=loaded.encoding, size=loaded.size, pages=len(loaded.pages),
        text=loaded.text, extractor_version=version, warnings=list(loaded.warnings),
        published=_published_date(extracted))
    facts = extracted.fact_records()
    store.write_document(record, extracted.sentence_records(loaded.text), facts, run_id)
    if replaced:
        summary.updated += 1
    else:
        summary.new += 1
    summary.facts.update(f["type"] for f in facts)
    summary.bytes += loaded.size
    summary.pages += len(loaded.pages)
    summary.chars += len(loaded.text)
    return "updated" if replaced else "new"


def _path_stored(store, path: Path) -> bool:
    row = store.db.execute("SELECT 1 FROM documents WHERE path = ?", [display_path(path.resolve())]).fetchone()
    return row is not None


def _published_date(extracted) -> str | None:
    """The first full date in the document's first lines: the publication date of most reports."""
    head_end = extracted.sentences[4].end if len(extracted.sentences) > 4 else None
    for fact in extracted.facts:
        if head_end is not None and fact.start > head_end:
            break
        value = fact.get("value")
        if fact.type == "figure" and fact.get("kind") == "date" and isinstance(value, str) and len(value) == 10:
            return value
    return None


def _fail(problem: FileProblem, store, summary: Summary, run_id: int) -> None:
    summary.failed += 1
    summary.problems.append(problem)
    store.record_error(run_id, problem.path, problem.stage, problem.cause, problem.hint, problem.doc_id)
