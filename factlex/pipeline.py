"""The batch pipeline: find files, skip what is stored unchanged, extract in workers, write each
document all-or-nothing, record every failure and go on.

Workers load, extract and build the rows to insert (pure work that returns plain records); the main
process is the single writer to SQLite. Each document is written inside its own savepoint and the
savepoints are committed in groups (up to 256 documents or half a second), so a crash or Ctrl-C never
leaves half a document, and concurrent ingests take SQLite's write lock one group at a time.

Isolation: PDFs and big batches are parsed in child processes, each with a memory limit
(RLIMIT_AS) and a wall-clock limit per file. A child that hangs, runs out of memory, segfaults or
exits costs only the file it was working on (one `errors` row: stage timeout, oom or crash); it is
replaced and the files it had queued are handed out again. Small batches of text files are cheap
and run in the main process.

Each child builds and warms up its own extractor (jieba, spaCy, the lexicon matchers: some 150 MB
and 2-3 s) and says when it is ready; a file's time limit starts then. The main process, which only
writes, checks that the lexicon loads and never builds the extractor, so it stays small however
long the batch.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extract import EXTRACTOR_VERSION
from extract.load import SUPPORTED_SUFFIXES  # stdlib-only at import: start-up stays light
# Files the walk never reports: editor backups, OS droppings, our own database.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
IGNORED_SUFFIXES = {".db", ".db-wal", ".db-shm", ".db-journal"}

# Limits, each overridable from the environment (cron jobs set them there).
TIMEOUT_ENV, MEMORY_ENV, MAX_MB_ENV, MAX_PAGES_ENV = ("FACTLEX_TIMEOUT", "FACTLEX_MEMORY_MB", "FACTLEX_MAX_MB",
                                                      "FACTLEX_MAX_PAGES")
DEFAULT_TIMEOUT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_MAX_MB = 100.0
DEFAULT_MAX_PAGES = 2000

# A batch this small, of text files only, runs in the main process: no child to start.
INLINE_MAX_FILES = 8
INLINE_MAX_BYTES = 2 * 2**20
# Files handed to a child at a time: large enough to amortise the pipe, small enough to balance.
MAX_CHUNK = 16


@dataclass(frozen=True)
class Limits:
    """What one file may cost: wall-clock seconds, worker memory, file size and PDF pages."""

    timeout: float = DEFAULT_TIMEOUT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB
    max_mb: float = DEFAULT_MAX_MB
    max_pages: int = DEFAULT_MAX_PAGES

    @classmethod
    def from_env(cls, environ=os.environ) -> "Limits":
        def number(name: str, default: float) -> float:
            try:
                value = float(environ.get(name) or default)
            except ValueError:
                return default
            return value if value > 0 else default

        return cls(timeout=number(TIMEOUT_ENV, DEFAULT_TIMEOUT_SECONDS),
                   memory_mb=int(number(MEMORY_ENV, DEFAULT_MEMORY_MB)),
                   max_mb=number(MAX_MB_ENV, DEFAULT_MAX_MB),
                   max_pages=int(number(MAX_PAGES_ENV, DEFAULT_MAX_PAGES)))

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 2**20)


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
    # Until the first document's result: starting workers, building the extractor, that document.
    start_up_seconds: float = 0.0
    problems: list[FileProblem] = field(default_factory=list)
    skipped_files: list[FileProblem] = field(default_factory=list)
    interrupted: bool = False
    # Set when the batch had to stop (disk full, database locked too long, unusable lexicon).
    fatal: str | None = None

    @property
    def documents(self) -> int:
        return self.new + self.updated + self.unchanged + self.failed

    @property
    def status(self) -> str:
        if self.interrupted:
            return "interrupted"
        if self.fatal or (self.failed and not (self.new or self.updated or self.unchanged)):
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
        cause = "symbolic link loop" if error.errno == errno.ELOOP else (error.strerror or str(error))
        return FileProblem(shown, "read", f"cannot read file: {cause}", "Fix or remove the file.")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return FileProblem(shown, "unsupported", f"skipped: {path.suffix or 'no extension'} is not a supported type",
                           f"factlex reads {' '.join(sorted(SUPPORTED_SUFFIXES))}.")
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
    """Loads and extracts documents. One per process; builds the lexicon and matchers once.

    Tests substitute a subclass (a different `extractor`, or `load`) through `ingest(worker_factory=)`.
    """

    def __init__(self, lexicon_files: tuple[str, ...] = (), limits: Limits | None = None):
        self.lexicon_files = tuple(lexicon_files)
        self.limits = limits or Limits.from_env()
        self._extractor = None
        self._lexicon = None

    @property
    def lexicon(self):
        """The lexicon files parsed (cheap: its matchers and jieba are built on first use), once."""
        if self._lexicon is None:
            from lexicon import load_lexicon

            self._lexicon = load_lexicon([Path(p) for p in self.lexicon_files])
        return self._lexicon

    @property
    def extractor(self):
        if self._extractor is None:
            from extract.document import Extractor

            self._extractor = Extractor(self.lexicon)
        return self._extractor

    def check(self) -> str | None:
        """What would stop every file, found without building the extractor: the lexicon files load.
        The writer process calls this when the work goes to child processes, so that it never holds
        jieba, spaCy or the matchers (about 150 MB) while it writes. Returns the message warm_up
        would give for a malformed lexicon file, else None. A run in this process builds its
        extractor on the lexicon read here."""
        try:
            self.lexicon  # noqa: B018 -- read for the errors it raises
        except Exception as error:  # noqa: BLE001 -- LexiconError names its file and line
            return f"cannot build the extractor: {error}"
        return None

    def warm_up(self) -> str | None:
        """Build the extractor and run it once over a short bilingual text, so that everything built
        lazily (lexicon matchers, jieba's dictionary, compiled patterns) exists before the first file
        and its time limit. Returns the message of an extractor that cannot be built (a malformed
        lexicon file, say), else None."""
        try:
            self.extractor.extract(WARM_UP_TEXT)
        except MemoryError:
            return (f"out of memory while building the extractor (limit {self.limits.memory_mb} MB per worker); "
                    f"raise the limit with {MEMORY_ENV}")
        except Exception as error:  # noqa: BLE001 -- LexiconError and friends name their file
            return f"cannot build the extractor: {error}"
        return None

    def load(self, path: str):
        from extract.load import load_document

        return load_document(Path(path), max_bytes=self.limits.max_bytes, max_pages=self.limits.max_pages)

    def process(self, path: str) -> dict:
        """Load and extract one file: {"ok": True, "loaded", "extracted"} or {"ok": False, "problem"}.

        A lexicon or extractor that cannot be built is not the file's fault: that comes back as
        {"ok": False, "fatal": message} and stops the batch.
        """
        from extract.load import LoadError

        shown = display_path(path)
        try:
            extractor = self.extractor
        except Exception as error:  # noqa: BLE001 -- LexiconError and friends name their file
            return {"ok": False, "fatal": f"cannot build the extractor: {error}"}
        try:
            loaded = self.load(path)
        except LoadError as error:
            return {"ok": False, "problem": FileProblem(shown, error.stage, error.cause, error.hint)}
        except MemoryError:
            return {"ok": False, "problem": _out_of_memory(shown, self.limits, "loading")}
        try:
            extracted = extractor.extract(loaded.text, loaded.tables)
        except MemoryError:
            return {"ok": False, "problem": _out_of_memory(shown, self.limits, "extracting", loaded.sha256)}
        except RecursionError:
            return {"ok": False, "problem": FileProblem(shown, "extract", "text too deeply nested to parse",
                                                       "Report this file; it was skipped.", loaded.sha256)}
        except Exception as error:  # an extractor bug must not stop the batch: record it and go on
            return {"ok": False, "problem": _internal_error(shown, error, loaded.sha256)}
        return {"ok": True, "loaded": loaded, "extracted": extracted}

    def prepare(self, path: str, version: str) -> dict:
        """What the writer needs for one file: {"ok": True, "rows"} with the rows of every table built
        here (store.database.document_rows), so the single writer only executes inserts; or the problem."""
        from store.database import DocumentRecord, document_rows

        result = self.process(path)
        if not result["ok"]:
            return result
        loaded, extracted = result["loaded"], result["extracted"]
        try:
            document = DocumentRecord(
                id=loaded.sha256, path=display_path(Path(path).resolve()), title=loaded.title, lang=extracted.lang,
                format=loaded.format, encoding=loaded.encoding, size=loaded.size, pages=len(loaded.pages),
                text=loaded.text, extractor_version=version, warnings=list(loaded.warnings),
                published=_published_date(extracted))
            # The Fact objects themselves: their JSON records (what `factlex extract` prints) would cost a
            # dict per fact that the rows do not need.
            rows = document_rows(document, extracted.sentence_records(loaded.text), extracted.facts)
        except Exception as error:  # a fact the store cannot take (e.g. a value that is not a number)
            return {"ok": False, "problem": _internal_error(display_path(path), error, loaded.sha256)}
        return {"ok": True, "rows": rows}


BUG_HINT = "This is a factlex bug; please report it with the file. The file was skipped."
# Touches every lazily built part: the lexicon matchers, jieba (a discovered 有限公司 name), the spaCy
# matcher of English rule titles, figure, rule and clause patterns in both languages.
WARM_UP_TEXT = ("2025年6月，中国证监会发布通知，本月科创债发行规模1.2万亿元，同比增长3.5%。\n"
                "华东精工新材料股份有限公司应当在10个交易日内披露募集资金用途。\n"
                "The exchange said sci-tech bond issuance rose 3.5% to 120 billion yuan in June.\n"
                "Issuers must follow the Measures for the Administration of Corporate Bonds.\n")


def _internal_error(shown: str, error: Exception, doc_id: str | None) -> FileProblem:
    return FileProblem(shown, "extract", f"internal error {type(error).__name__}: {error}", BUG_HINT, doc_id)


def _out_of_memory(shown: str, limits: Limits, doing: str, doc_id: str | None = None) -> FileProblem:
    return FileProblem(shown, "oom", f"out of memory while {doing} (limit {limits.memory_mb} MB per worker)",
                       f"Split the file, or raise the limit with {MEMORY_ENV}.", doc_id)


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


WorkerFactory = Callable[[tuple[str, ...], Limits], Worker]


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


# -- child processes -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Job:
    """Everything a child needs for its worker; passed once when the child starts. Every child, forked
    or spawned, builds its own worker from the factory and warms it up: the writer never builds one."""

    factory: WorkerFactory
    lexicon_files: tuple[str, ...]
    limits: Limits
    version: str

    def child_worker(self) -> Worker:
        return self.factory(self.lexicon_files, self.limits)


# A child's first message: its worker is warm, the clock of its first file may start. A warm-up that
# fails sends {"ok": False, "fatal": message} instead.
READY = {"ready": True}
# Seconds a child may take to warm up (jieba, spaCy, the lexicon matchers take 2-3 s) whatever --timeout
# says; one that takes longer is stuck and is stopped.
WARM_UP_SECONDS = 60.0
# Replacement children whose warm-up fails one after another before the batch is given up. The first
# warm-up failing stops the batch at once: no child could work in this setting.
WARM_UP_RETRIES = 3


def _child_main(tasks, results, parent_ends, job: _Job, parent_pid: int) -> None:
    """A worker process: warm up and say so, then receive chunks of paths and send back one prepared
    result per path, in order."""
    for end in parent_ends:  # holding the parent's ends would keep our own pipes open when it dies
        end.close()
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's SIGTERM-as-Ctrl-C handler
    _limit_memory(job.limits.memory_mb)
    worker = job.child_worker()
    fatal = worker.warm_up()
    try:
        results.send({"ok": False, "fatal": fatal} if fatal else READY)
    except (BrokenPipeError, EOFError):
        return
    if fatal:
        return
    while True:
        while not tasks.poll(1.0):
            if os.getppid() != parent_pid:  # the parent was killed: nobody wants our results
                return
        try:
            chunk = tasks.recv()
        except EOFError:
            return
        for path in chunk:
            try:
                results.send(worker.prepare(path, job.version))
            except (BrokenPipeError, EOFError):
                return
            except Exception as error:  # noqa: BLE001 -- a result that cannot be pickled; nothing was sent yet
                results.send({"ok": False, "problem": FileProblem(
                    display_path(path), "extract", f"internal error: the result cannot be passed on ({error})",
                    BUG_HINT)})


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when the parent dies (kill -9 included): an orphaned worker
    blocked on a full pipe would otherwise live on and keep the parent's stdout open."""
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the getppid() check in the task loop remains
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # not a Unix: no memory limit, the timeout still applies
        return

    limit = megabytes * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class _Child:
    """One worker process, the paths it has been given and has not answered yet, in order.

    The clock of its first file starts when the child says it is warm (READY), not when it starts: a
    warm-up takes seconds and --timeout may be shorter. Until then the warm-up has its own limit."""

    def __init__(self, context, job: _Job):
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child_main, args=(task_reader, result_writer, (self.tasks, self.results), job, os.getpid()),
            daemon=True, name="factlex-worker")
        self.process.start()
        task_reader.close()
        result_writer.close()
        self.pending: deque[Path] = deque()
        self.ready = False
        self.warm_up_fatal: str | None = None  # what a warm-up that failed in the child said
        self.current_since = time.monotonic()  # when the warm-up, then the file at the head of `pending`, started

    def give(self, paths: list[Path]) -> None:
        if self.ready and not self.pending:
            self.current_since = time.monotonic()
        self.pending.extend(paths)
        try:
            self.tasks.send([str(p) for p in paths])
        except (BrokenPipeError, ConnectionResetError):  # it died already; its sentinel says so next
            pass

    def warmed_up(self, report: dict) -> None:
        """The child's first message: READY, or the fatal message of a warm-up that failed."""
        if "fatal" in report:
            self.warm_up_fatal = report["fatal"]
            return
        self.ready = True
        self.current_since = time.monotonic()

    def answered(self) -> Path:
        self.current_since = time.monotonic()
        return self.pending.popleft()

    def deadline(self, limits: Limits) -> float:
        return self.current_since + (limits.timeout if self.ready else _warm_up_limit(limits))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.tasks.close()
        self.results.close()


def _warm_up_limit(limits: Limits) -> float:
    return max(limits.timeout, WARM_UP_SECONDS)


def _chunk_size(files: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


# Yielded by _run_in_children when no result is ready and it is about to block, and again every
# IDLE_TICK seconds while it waits: the writer may commit its open group then (see _GroupWriter.idle).
IDLE: tuple[None, None] = (None, None)
IDLE_TICK = 0.1


def _run_in_children(todo: list[Path], workers: int, job: _Job) -> Iterator[tuple[Path | None, dict | None]]:
    """Results as the children produce them (and IDLE before waiting for them). A dead or hung child
    costs its current file only. A child that cannot warm up yields (None, {"ok": False, "fatal": ...})
    and ends the results: the batch stops."""
    # fork: children start at once and inherit the worker factory (even a test's); spawn where there is none.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    queue: deque[Path] = deque(todo)
    chunk = _chunk_size(len(todo), workers)
    children = [_Child(context, job) for _ in range(min(workers, len(todo)))]
    warm_ups = _WarmUps()
    try:
        while queue or any(child.pending for child in children):
            for child in children:  # keep every child one chunk ahead, so it never waits for us
                while queue and len(child.pending) < chunk:
                    child.give([queue.popleft() for _ in range(min(chunk, len(queue)))])
            busy = [child for child in children if child.pending]
            deadline = min(child.deadline(job.limits) for child in busy)
            handles = [c.results for c in busy] + [c.process.sentinel for c in busy]
            ready = set(wait(handles, timeout=0))
            if not ready:
                yield IDLE  # about to wait for the workers: the writer may commit what it holds first
                ready = set(wait(handles, timeout=min(IDLE_TICK, max(0.0, deadline - time.monotonic()))))
            for index, child in enumerate(children):
                if child.results in ready or child.process.sentinel in ready:
                    was_ready = child.ready
                    yield from _drain(child)
                    if child.ready and not was_ready:
                        warm_ups.succeeded()
                    if child.process.is_alive() and child.warm_up_fatal is None:
                        continue
                    child.process.join(5)
                    lost = (_crash_problem(child.pending.popleft(), child.process.exitcode)
                            if child.ready and child.pending else None)
                elif child.pending and time.monotonic() >= child.deadline(job.limits):
                    lost = _lost_to_timeout(child, job.limits) if child.ready else None
                else:
                    continue
                if not child.ready:  # it never got to a file: nothing is lost, but the batch may stop
                    fatal = warm_ups.failed(child, job.limits)
                    if fatal is not None:
                        yield None, fatal
                        return
                # The child is gone: its current file failed, the files queued behind it go back.
                if lost is not None:
                    yield lost
                queue.extendleft(reversed(child.pending))
                child.pending.clear()
                child.stop()
                children[index] = _Child(context, job)
    finally:
        for child in children:
            child.stop()


class _WarmUps:
    """Decides whether a child that could not warm up stops the batch: always when no child has warmed
    up yet (the setting is at fault, not the moment: a broken lexicon, too little memory), and after
    WARM_UP_RETRIES failed replacements in a row; otherwise a new child is started."""

    def __init__(self):
        self.any_succeeded = False
        self.failed_in_a_row = 0

    def succeeded(self) -> None:
        self.any_succeeded, self.failed_in_a_row = True, 0

    def failed(self, child: _Child, limits: Limits) -> dict | None:
        """The fatal result that stops the batch, or None: start a new child."""
        self.failed_in_a_row += 1
        if child.warm_up_fatal is not None:  # the worker's own message, about the lexicon or the extractor
            return {"ok": False, "fatal": child.warm_up_fatal}
        if self.any_succeeded and self.failed_in_a_row <= WARM_UP_RETRIES:
            return None
        return {"ok": False, "fatal": _warm_up_failure(child, limits), "where": "worker process"}


def _warm_up_failure(child: _Child, limits: Limits) -> str:
    """Why a child never said it was warm: it hung (and was killed here), or it died."""
    if child.process.is_alive():
        child.process.kill()
        return (f"a worker process took longer than {_warm_up_limit(limits):g} s to build the extractor "
                "and was stopped")
    child.process.join(5)
    return f"a worker process {_how_it_ended(child.process.exitcode)} while building the extractor"


def _drain(child: _Child) -> Iterator[tuple[Path, dict]]:
    """Every result the child has sent so far, paired with its path; its warm-up report is taken here."""
    while child.results.poll():
        try:
            result = child.results.recv()
        except (EOFError, OSError):  # the child died; what it sent before is already taken
            return
        if not child.ready and child.warm_up_fatal is None:
            child.warmed_up(result)
            continue
        yield child.answered(), result


def _lost_to_timeout(child: _Child, limits: Limits) -> tuple[Path, dict]:
    child.process.kill()
    path = child.pending.popleft()
    return path, {"ok": False, "problem": FileProblem(
        display_path(path), "timeout", f"parsing took longer than {limits.timeout:g} s and was stopped",
        f"The file may be malformed; raise the limit with {TIMEOUT_ENV} if it is just large.")}


def _crash_problem(path: Path, exitcode: int | None) -> tuple[Path, dict]:
    return path, {"ok": False, "problem": _crash_cause(display_path(path), exitcode)}


def _crash_cause(shown: str, exitcode: int | None) -> FileProblem:
    cause = f"the worker parsing it {_how_it_ended(exitcode)}"
    if exitcode == -signal.SIGKILL:
        return FileProblem(shown, "oom", cause, f"Lower --workers or {MEMORY_ENV}, or split the file.")
    return FileProblem(shown, "crash", cause, "The file is probably malformed; please report it. It was skipped.")


def _how_it_ended(exitcode: int | None) -> str:
    """What a worker process's exit code says, as the end of a sentence about it."""
    if exitcode is None or exitcode >= 0:
        return f"exited unexpectedly (exit status {exitcode})"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    if -exitcode == signal.SIGKILL:
        return f"was killed ({name}), most likely by the system running out of memory"
    return f"crashed ({name})"


def _run_inline(todo: list[Path], worker: Worker, version: str) -> Iterator[tuple[Path, dict]]:
    for path in todo:
        yield path, worker.prepare(str(path), version)


def _needs_children(todo: list[Path], workers: int) -> bool:
    """Children for parallel work, for PDFs (parsers that can hang or crash) and for big batches."""
    if workers > 1 or len(todo) > INLINE_MAX_FILES:
        return True
    if any(path.suffix.lower() == ".pdf" for path in todo):
        return True
    return sum(_size(path) for path in todo) > INLINE_MAX_BYTES


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# -- the writer side -----------------------------------------------------------------------------
def ingest(paths: Iterable[str | Path], store, *, workers: int = 1, lexicon_files: tuple[str, ...] = (),
           command: str = "ingest", on_file: Callable[[str, str], None] | None = None,
           files: list[tuple[Path, FileProblem | None]] | None = None, limits: Limits | None = None,
           worker_factory: WorkerFactory | None = None, retry_failed: bool | None = None) -> Summary:
    """Ingest every file under `paths` into `store`. `on_file(path, outcome)` reports progress.

    A file whose content failed in QUARANTINE_AFTER earlier runs is not tried again (one `errors` row,
    stage quarantined, and one summary line say so) unless `retry_failed` (default: the environment
    variable FACTLEX_RETRY_FAILED=1).

    Ctrl-C or SIGTERM stops the batch: documents written so far are complete and kept, the run is
    marked interrupted, and a re-run resumes. A store failure (disk full, locked too long) or an
    unusable lexicon stops it with `Summary.fatal` set.
    """
    from store.database import StoreError

    started = time.perf_counter()
    summary = Summary()
    limits = limits or Limits.from_env()
    worker_factory = worker_factory or Worker
    version = extractor_version(lexicon_files)
    store.close_dead_runs()  # runs killed with kill -9 say so from now on
    run_id = store.start_run(version, command)
    report = on_file or (lambda path, outcome: None)
    files = files if files is not None else list(discover(paths))
    try:
        with _sigterm_as_interrupt():
            if retry_failed is None:
                retry_failed = os.environ.get(RETRY_FAILED_ENV, "").lower() in ("1", "true", "yes")
            skip = _Skipper(store, version, summary, run_id, report, limits, retry_failed)
            todo = skip.stored_and_quarantined(files)
            worker = worker_factory(tuple(lexicon_files), limits)
            in_children = _needs_children(todo, workers)
            # Children warm up themselves: this process, which only writes from now on, checks what
            # would stop every file (the lexicon loads) and never builds the extractor. A small batch
            # run here builds only what its files need (a Chinese report never loads spaCy's English
            # title matcher), so `factlex extract one.txt` does not pay for a full warm-up.
            fatal = worker.check() if todo else None
            if fatal:
                todo = []
                _stop(summary, FileProblem(", ".join(lexicon_files) or "lexicon", "extract", fatal))
            if in_children and todo:
                results = _run_in_children(todo, workers, _Job(worker_factory, tuple(lexicon_files), limits, version))
            else:
                results = _run_inline(todo, worker, version)
            writer = _GroupWriter(store, summary, run_id, report, skip.digests)
            try:
                for path, result in results:
                    if result is None:  # IDLE: the workers have nothing ready
                        writer.idle()
                    elif "fatal" in result:
                        where = result.get("where") or ", ".join(lexicon_files) or "lexicon"
                        _stop(summary, FileProblem(where, "extract", result["fatal"]))
                        break
                    else:
                        summary.start_up_seconds = summary.start_up_seconds or time.perf_counter() - started
                        writer.write(path, result)
                writer.commit()
            finally:
                writer.abandon()  # after an interruption or a store error: the open group is undone
                results.close()
    except KeyboardInterrupt:
        summary.interrupted = True
    except StoreError as error:
        _stop(summary, FileProblem(store.path, "store", str(error).removeprefix(f"{store.path}: ")))
    finally:
        summary.seconds = time.perf_counter() - started
        _finish(store, run_id, summary)
    return summary


class _sigterm_as_interrupt:
    """While ingesting, SIGTERM (cron's timeout, `kill`) stops the batch as cleanly as Ctrl-C."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        return self

    def __exit__(self, *exc_info):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


@contextlib.contextmanager
def _signals_deferred():
    """Hold SIGINT and SIGTERM until the block is done (where the platform can)."""
    deferrable = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    held = {signal.SIGINT, signal.SIGTERM}
    if deferrable:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if deferrable:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(summary: Summary, problem: FileProblem) -> None:
    summary.fatal = problem.cause
    summary.problems.append(problem)


def _finish(store, run_id: int, summary: Summary) -> None:
    from store.database import StoreError

    try:
        store.finish_run(run_id, summary.status, summary.counts())
    except StoreError as error:  # e.g. the disk is still full: the summary already says so
        if summary.fatal is None:
            _stop(summary, FileProblem(store.path, "store", str(error).removeprefix(f"{store.path}: ")))


class _Skipper:
    """Decides, before any work, which files need none: already stored unchanged, or quarantined (failed
    with the same content in QUARANTINE_AFTER earlier runs). Keeps the digest of every file it passes
    on, so that a failure is recorded with its content hash without reading the file again."""

    def __init__(self, store, version: str, summary: Summary, run_id: int, report, limits: Limits,
                 retry_failed: bool):
        self.store, self.version, self.summary, self.run_id = store, version, summary, run_id
        self.report, self.limits, self.retry_failed = report, limits, retry_failed
        self.digests: dict[Path, str] = {}
        self.queued: set[str] = set()  # the digests of `digests`, to find a second copy at once

    def stored_and_quarantined(self, files) -> list[Path]:
        """The files to load and extract; every other one is counted and reported here."""
        todo = []
        for path, problem in files:
            digest = None
            problem = problem or _too_big(path, self.limits)
            if problem is None:
                digest, problem = self._digest(path)
            # Stored unchanged, or the same content as a file met earlier in this run (a copy, a
            # re-download): extracted once, under the first path, whatever order a resumed run finds.
            if problem is None and (digest in self.queued or self.store.stored_version(digest) == self.version):
                self.summary.unchanged += 1
                self.report(display_path(path), "unchanged")
                continue
            if problem is None and not self.retry_failed:
                problem = self._quarantined(path, digest)
            if problem is None:
                self.digests[path] = digest
                self.queued.add(digest)
                todo.append(path)
            elif problem.stage == "unsupported":
                self.summary.skipped += 1
                self.summary.skipped_files.append(problem)
                self.report(problem.path, problem.stage)
            else:
                _fail(problem, self.store, self.summary, self.run_id)
                self.report(problem.path, "failed")
        return todo

    @staticmethod
    def _digest(path: Path) -> tuple[str | None, FileProblem | None]:
        try:
            return sha256_of(path), None
        except OSError as error:
            return None, FileProblem(display_path(path), "read", f"cannot read file: {error.strerror}",
                                     "Fix the permissions and run again.")

    def _quarantined(self, path: Path, digest: str) -> FileProblem | None:
        runs, last_cause = self.store.failed_runs(digest)
        if runs < QUARANTINE_AFTER:
            return None
        return FileProblem(
            display_path(path), "quarantined",
            f"quarantined: failed in {runs} earlier runs with this content (last: {last_cause})",
            f"Fix or replace the file; to try it again, run factlex ingest --retry-failed (or set "
            f"{RETRY_FAILED_ENV}=1).", digest)


# A file whose content failed in this many earlier runs is quarantined: not tried again unless asked.
QUARANTINE_AFTER = 3
RETRY_FAILED_ENV = "FACTLEX_RETRY_FAILED"


def _too_big(path: Path, limits: Limits) -> FileProblem | None:
    """Checked before hashing or parsing: a 2 GB log file named .txt costs nothing."""
    size = _size(path)
    if size <= limits.max_bytes:
        return None
    return FileProblem(display_path(path), "read",
                       f"file too large ({size / 2**20:.1f} MiB, limit {limits.max_mb:g} MiB)",
                       f"Split the file, or raise the limit with {MAX_MB_ENV}.")


class _GroupWriter:
    """Writes results in groups of documents, one transaction per group, so a batch pays one commit
    (and one full-text index flush) per group instead of per document.

    Each document still goes in whole or not at all: it is written inside its own savepoint, and a
    group is committed or rolled back as a unit. A group is committed after GROUP_DOCUMENTS documents
    or once it is GROUP_SECONDS old, checked at each document and while the workers have nothing ready
    (IDLE, every IDLE_TICK): a concurrent ingest waits for the write lock a fraction of a second at
    most, and progress is reported at least that often. Not at every pause of the workers: the writer,
    faster than one worker, would then commit nearly every document, and a commit (the full-text
    index's flush above all) costs it more than writing the document. Summary and progress count a
    document only once its group is committed: after a kill -9 or a Ctrl-C, the documents of the
    open group are simply not there, and the next run does them.
    """

    def __init__(self, store, summary: Summary, run_id: int, report: Callable[[str, str], None],
                 digests: dict[Path, str] | None = None):
        self.store, self.summary, self.run_id, self.report = store, summary, run_id, report
        self.digests = digests or {}  # content hash of each file, for the errors rows of failures
        self.began: float | None = None
        self.pending: list[tuple[str, str, Callable[[Summary], None]]] = []  # path, outcome, count it

    def write(self, path: Path, result: dict) -> None:
        from store.database import DocumentRejected

        if self.began is None:
            self.store.begin()
            self.began = time.monotonic()
        shown = display_path(path)
        problem = None if result["ok"] else result["problem"]
        if problem is None:
            try:
                self.pending.append((shown, *self._write_document(result["rows"])))
            except DocumentRejected as error:
                problem = FileProblem(shown, "store", f"cannot be stored: {error}", BUG_HINT, result["rows"].id)
        if problem is not None:
            problem.doc_id = problem.doc_id or self.digests.get(path)  # a crash or a timeout does not know it
            self.store.record_error(self.run_id, problem.path, problem.stage, problem.cause, problem.hint,
                                    problem.doc_id)
            self.pending.append((shown, "failed", lambda summary: _count_failure(summary, problem)))
        if len(self.pending) >= GROUP_DOCUMENTS or self._old_enough():
            self.commit()

    def idle(self) -> None:
        """The workers have nothing ready: commit the open group if it is due."""
        if self.began is not None and self._old_enough():
            self.commit()

    def _old_enough(self) -> bool:
        return time.monotonic() - self.began >= GROUP_SECONDS

    def _write_document(self, rows) -> tuple[str, Callable[[Summary], None]]:
        outcome = "updated" if self.store.write_rows(rows, self.run_id) else "new"
        # What the summary needs, not the rows: a group holds up to GROUP_DOCUMENTS of these until it commits.
        counted = _Counted(outcome, rows.fact_types(), rows.size, rows.pages, rows.chars)
        return outcome, counted.add_to

    def commit(self) -> None:
        if self.began is None:
            return
        # A Ctrl-C between the commit and the counting would leave stored documents uncounted in the
        # summary and the runs table: the signal waits until both are done.
        with _signals_deferred():
            self.store.commit()
            self.began = None
            for shown, outcome, count in self.pending:
                count(self.summary)
                self.report(shown, outcome)
            self.pending.clear()

    def abandon(self) -> None:
        if self.began is not None:
            self.store.rollback()
            self.began = None
            self.pending.clear()


# A group of documents per transaction: see _GroupWriter. A commit costs the writer about 15 ms; groups
# of 256 documents or half a second keep that near 3% of its time.
GROUP_DOCUMENTS = 256
GROUP_SECONDS = 0.5


@dataclass
class _Counted:
    """One written document as the summary counts it once its group is committed."""

    outcome: str  # new | updated
    facts: Counter
    size: int
    pages: int
    chars: int

    def add_to(self, summary: Summary) -> None:
        if self.outcome == "updated":
            summary.updated += 1
        else:
            summary.new += 1
        summary.facts.update(self.facts)
        summary.bytes += self.size
        summary.pages += self.pages
        summary.chars += self.chars


def _count_failure(summary: Summary, problem: FileProblem) -> None:
    summary.failed += 1
    summary.problems.append(problem)


def _fail(problem: FileProblem, store, summary: Summary, run_id: int) -> None:
    _count_failure(summary, problem)
    store.record_error(run_id, problem.path, problem.stage, problem.cause, problem.hint, problem.doc_id)
