"""The ingest benchmark: generate a corpus of the size asked for from the shipped samples, ingest it into a
fresh database and print one line per measurement.

    python -m factlex.bench --docs 2000 --workers 1 --out /tmp/bench

The corpus is varied copies of samples/: paragraphs shuffled and numbers perturbed, so every copy has its
own content hash and is really extracted (nothing is skipped as unchanged). PDFs keep their pages and
get a unique trailing comment. Chinese text, English text and PDFs sit in separate folders, ingested
one after another (phases), so MB/s is measured per language and pages/s for PDFs alone. Peak memory is the largest resident
set of this process and of its worker processes (getrusage ru_maxrss). Rates leave out each run's
warm-up (starting workers and building the extractor), which is printed on its own line.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
# Share of the corpus per phase; PDFs are slower per document and fewer in a real day's folder.
# "pdf" are copies of the sample PDFs (one page each, with ruled tables: pdfplumber's table finder runs on
# every page); "pdf-text" are multi-page report PDFs of running text, typeset from the text samples.
PHASE_SHARES = (("zh", 0.45), ("en", 0.45), ("pdf", 0.05), ("pdf-text", 0.05))
PDF_TEXT_PAGES = 8
# One long report per language, timed on its own: a step that grows faster than the text (each name
# looked for in the whole text again, say) hides in a corpus of short files and shows here.
LONG_REPORT_MB = 1.5

SEARCH_QUERIES = ("科创债", "发行规模", "亿元", "上海证券交易所", "bond", "sci-tech innovation bonds", "credit spread",
                  "中国证监会 公司债")
# Amounts to perturb: a decimal, or three digits or more. Small integers are often days and months, and
# a number before 年月日号 is part of a date; changing those would make impossible dates.
NUMBER = re.compile(r"(?<![\d.,])(?:\d+\.\d+|\d{3,})(?![\d年月日号])")


@dataclass
class Sample:
    name: str
    lang: str  # zh | en | pdf
    data: bytes
    encoding: str | None = None


@dataclass
class Phase:
    name: str
    documents: int = 0
    failed: int = 0
    bytes: int = 0
    pages: int = 0
    facts: int = 0
    seconds: float = 0.0
    main_cpu: float = 0.0  # CPU seconds of the main process (finding files, receiving results, writing SQLite)
    stored_bytes: int = 0  # every document the phase stored, warm-up included, as main_cpu is
    problems: list[str] = field(default_factory=list)


# -- the corpus --------------------------------------------------------------------------------------
def read_samples(folder: Path = SAMPLES) -> list[Sample]:
    from extract.language import detect_language
    from extract.load import decode_text

    samples = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if path.name.lower() == "readme.md":
            continue
        if suffix == ".pdf":
            samples.append(Sample(path.name, "pdf", path.read_bytes()))
        elif suffix in TEXT_SUFFIXES:
            text, encoding = decode_text(path.read_bytes(), path)
            lang = "zh" if detect_language(text) in ("zh", "mixed") else "en"
            samples.append(Sample(path.name, lang, path.read_bytes(), encoding))
    return samples


def vary_text(text: str, rng: random.Random) -> str:
    """A plausible sibling report: the paragraphs after the title in another order, the numbers changed."""
    head, *paragraphs = text.split("\n\n") if "\n\n" in text else text.split("\n", 1)
    rng.shuffle(paragraphs)
    body = "\n\n".join([head, *paragraphs])
    return NUMBER.sub(lambda match: _perturb(match.group(), rng), body)


def _perturb(number: str, rng: random.Random) -> str:
    if len(number) == 4 and number.startswith(("19", "20")):  # years stay years
        return number
    digits = [c for c in number]
    positions = [i for i, c in enumerate(digits) if c.isdigit() and i > 0] or [0]
    index = rng.choice(positions)
    digits[index] = str(rng.randint(1 if index == 0 else 0, 9))
    return "".join(digits)


def make_corpus(out: Path, docs: int, samples: list[Sample], seed: int = 7) -> dict[str, Path]:
    """`docs` documents split into phase folders under `out / "corpus"`; returns {phase: folder}."""
    rng = random.Random(seed)
    folders = {}
    for phase, share in PHASE_SHARES:
        if phase == "pdf-text":
            folders[phase] = _text_pdfs(out / "corpus" / phase, max(1, round(docs * share)), samples, rng)
            continue
        pool = [s for s in samples if s.lang == phase]
        if not pool:
            continue
        count = max(1, round(docs * share))
        folder = out / "corpus" / phase
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(count):
            sample = pool[number % len(pool)]
            stem, suffix = Path(sample.name).stem, Path(sample.name).suffix
            target = folder / f"{number:06d}-{stem}{suffix}"
            if phase == "pdf":  # same pages, own hash: a comment after the end-of-file marker
                target.write_bytes(sample.data + f"\n% bench copy {number}\n".encode())
            else:
                text = sample.data.decode(sample.encoding or "utf-8")
                varied = vary_text(text, rng)
                target.write_bytes(varied.encode(sample.encoding or "utf-8"))
        folders[phase] = folder
    return folders


def make_long_reports(out: Path, samples: list[Sample], seed: int = 11) -> dict[str, Path]:
    """A report of about LONG_REPORT_MB per language: varied copies of that language's samples, one after
    another, in UTF-8; returns {language: file}."""
    rng = random.Random(seed)
    folder = out / "long"
    folder.mkdir(parents=True, exist_ok=True)
    reports = {}
    for lang in ("zh", "en"):
        pool = [s.data.decode(s.encoding or "utf-8") for s in samples if s.lang == lang]
        if not pool:
            continue
        parts, size = [], 0
        while size < LONG_REPORT_MB * 1e6:
            parts.append(vary_text(pool[len(parts) % len(pool)], rng))
            size += len(parts[-1].encode()) + 2
        reports[lang] = folder / f"{lang}-long-report.txt"
        reports[lang].write_text("\n\n".join(parts), encoding="utf-8")
    return reports


def long_report_rates(reports: dict[str, Path], worker_factory=None) -> dict[str, tuple[float, float, int] | str]:
    """{language: (MB, seconds, facts)} to load, extract and build the rows of each long report, in this
    process by one warmed-up worker (nothing is stored: the writer's share is the ceiling line); for a
    report that failed, the line saying why."""
    from .pipeline import Worker

    worker = (worker_factory or Worker)()
    worker.warm_up()
    rates = {}
    for lang, path in reports.items():
        started = time.perf_counter()
        result = worker.prepare(str(path), "bench")
        if result["ok"]:
            facts = sum(result["rows"].fact_types().values())
            rates[lang] = (path.stat().st_size / 1e6, time.perf_counter() - started, facts)
        else:
            rates[lang] = result["problem"].line()
    return rates


def _text_pdfs(folder: Path, count: int, samples: list[Sample], rng: random.Random) -> Path:
    """Report-like PDFs: PDF_TEXT_PAGES pages of running text (Chinese or English), no tables."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a standard CJK font: nothing to embed
    folder.mkdir(parents=True, exist_ok=True)
    texts = [s for s in samples if s.lang in ("zh", "en")]
    for number in range(count):
        sample = texts[number % len(texts)]
        source = sample.data.decode(sample.encoding or "utf-8")
        lines = [line for page in range(PDF_TEXT_PAGES) for line in _wrap(vary_text(source, rng), sample.lang)]
        pdf = canvas.Canvas(str(folder / f"{number:06d}-{Path(sample.name).stem}.pdf"), pagesize=A4)
        per_page = max(1, len(lines) // PDF_TEXT_PAGES)
        for page in range(PDF_TEXT_PAGES):
            pdf.setFont("STSong-Light" if sample.lang == "zh" else "Helvetica", 10)
            for row, line in enumerate(lines[page * per_page:(page + 1) * per_page][:60]):
                pdf.drawString(50, 800 - 12.5 * row, line)
            pdf.showPage()
        pdf.save()
    return folder


def _wrap(text: str, lang: str) -> list[str]:
    """Lines that fit an A4 page at 10 pt: 44 Chinese characters or about 95 Latin ones."""
    width = 44 if lang == "zh" else 95
    lines = []
    for paragraph in text.split("\n"):
        while len(paragraph) > width:
            cut = width if lang == "zh" else (paragraph.rfind(" ", 0, width) + 1 or width)
            lines.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:]
        lines.append(paragraph)
    return lines


# -- measuring ---------------------------------------------------------------------------------------
def run_phase(name: str, folder: Path, store, workers: int, worker_factory=None) -> tuple[Phase, float, float]:
    """Ingest one phase's folder. The rate counts only documents extracted and stored after each worker's
    first one (by then every worker has built its extractor; a copy skipped as unchanged is no sign of
    that); returns the phase, that warm-up and the wall time."""
    from .pipeline import ingest

    finished: list[tuple[float, str]] = []

    def on_file(path: str, outcome: str) -> None:
        if outcome in ("new", "updated"):
            finished.append((time.perf_counter(), Path(path).name))

    started, main_cpu = time.perf_counter(), _own_cpu_seconds()
    summary = ingest([folder], store, workers=workers, command=f"bench {name}", worker_factory=worker_factory,
                     on_file=on_file)
    wall = time.perf_counter() - started
    stored = {Path(path).name: (size, pages or 0, facts) for path, size, pages, facts in store.db.execute(
        "SELECT path, size, pages, (SELECT count(*) FROM facts WHERE doc_id = documents.id) FROM documents "
        "WHERE path LIKE ?", [f"%{name}%"])}
    finished.sort()
    warm = min(workers, len(finished) - 1) if len(finished) > 1 else 0
    phase = Phase(name, failed=summary.failed, main_cpu=_own_cpu_seconds() - main_cpu,
                  stored_bytes=sum(size for size, _, _ in stored.values()),
                  problems=[problem.line() for problem in summary.problems[:5]])
    for _, file_name in finished[warm:]:
        size, pages, facts = stored.get(file_name, (0, 0, 0))
        phase.documents += file_name in stored
        phase.bytes, phase.pages, phase.facts = phase.bytes + size, phase.pages + pages, phase.facts + facts
    warm_up = finished[warm - 1][0] - started if warm else 0.0
    phase.seconds = finished[-1][0] - finished[warm - 1][0] if warm else wall
    return phase, warm_up, wall


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_memory_mb() -> tuple[float, float]:
    """Largest resident set so far, of this process and of any one finished child (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def help_startup_seconds(runs: int = 5) -> float:
    factlex = Path(sys.executable).with_name("factlex")
    command = [str(factlex), "--help"] if factlex.exists() else [sys.executable, "-m", "factlex.cli", "--help"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def search_latency_ms(store) -> tuple[float, float] | None:
    """Median and worst latency of a few bilingual queries, when store.search is there."""
    try:
        from store.search import search
    except ImportError:
        return None
    try:
        from lexicon import load_lexicon

        lexicon = load_lexicon([])
    except Exception:  # noqa: BLE001 -- searching without the lexicon still measures the index
        lexicon = None
    times = []
    for query in SEARCH_QUERIES * 3:
        started = time.perf_counter()
        search(store, query, lexicon=lexicon, limit=20)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def rate(amount: float, seconds: float) -> float:
    return amount / seconds if seconds else 0.0


def density(phase: Phase) -> float:
    """Facts per KB of the phase's files: the rate of a text depends mostly on how many facts it holds,
    so every MB/s is printed with the density of the corpus it was measured on."""
    return rate(phase.facts, phase.bytes / 1000)


def database_size(store, db_path: Path) -> tuple[float, float]:
    """MB of the database file and MB of the document text it holds. The write-ahead log is folded into
    the file first: its size is how much was written lately, not how much is kept."""
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    files = sum(Path(f"{db_path}{suffix}").stat().st_size for suffix in ("", "-wal")
                if Path(f"{db_path}{suffix}").exists())
    text = store.db.execute("SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM documents").fetchone()[0]
    return files / 1e6, text / 1e6


def report_lines(phases: list[Phase], workers: int, docs: int, memory: tuple[float, float], startup: float,
                 search: tuple[float, float] | None, warm_up: float = 0.0, wall: float = 0.0,
                 database: tuple[float, float] | None = None,
                 long_reports: dict[str, tuple[float, float, int] | str] | None = None) -> list[str]:
    total = Phase("all", documents=sum(p.documents for p in phases), failed=sum(p.failed for p in phases),
                  bytes=sum(p.bytes for p in phases), facts=sum(p.facts for p in phases),
                  seconds=sum(p.seconds for p in phases))
    by_name = {p.name: p for p in phases}
    lines = [f"corpus: {docs} documents asked, {total.documents} timed after warm-up, {total.failed} failed, "
             f"{total.bytes / 1e6:.1f} MB, workers={workers}, {os.cpu_count()} cores, "
             f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine slows every rate)"]
    lines.append(f"documents/s: {rate(total.documents, total.seconds):.1f} after warm-up; "
                 f"{rate(total.documents + workers * len(phases), wall):.1f} including it ({wall:.1f} s wall clock)")
    lines.append(f"warm-up per run (start workers, build lexicon, jieba, patterns; first document): {warm_up:.2f} s")
    for lang, label in (("zh", "Chinese"), ("en", "English")):
        if lang in by_name:
            p = by_name[lang]
            lines.append(f"MB/s {label} text (load+extract+store): {rate(p.bytes / 1e6, p.seconds):.2f} "
                         f"({p.documents} docs, {p.bytes / 1e6:.2f} MB in {p.seconds:.2f} s, "
                         f"{density(p):.1f} facts/KB)")
    for name, label in (("pdf-text", "PDF text pages"), ("pdf", "PDF pages with ruled tables")):
        if name in by_name:
            p = by_name[name]
            lines.append(f"pages/s {label} (load+extract+store): {rate(p.pages, p.seconds):.1f} "
                         f"({p.documents} docs, {p.pages} pages in {p.seconds:.2f} s)")
    for lang, label in (("zh", "Chinese"), ("en", "English")):
        if long_reports and isinstance(long_reports.get(lang), str):
            lines.append(f"MB/s one long {label} report: failed: {long_reports[lang]}")
        elif long_reports and lang in long_reports:
            megabytes, seconds, facts = long_reports[lang]
            lines.append(f"MB/s one long {label} report (load+extract+rows, one worker): "
                         f"{rate(megabytes, seconds):.2f} ({megabytes:.1f} MB in {seconds:.2f} s, "
                         f"{rate(facts, megabytes * 1000):.1f} facts/KB)")
    lines.append(f"facts/s: {rate(total.facts, total.seconds):.0f} ({total.facts} facts)")
    ceilings = [f"{label} {rate(by_name[lang].stored_bytes / 1e6, by_name[lang].main_cpu):.2f} MB/s"
                for lang, label in (("zh", "Chinese"), ("en", "English")) if lang in by_name]
    if ceilings:
        lines.append(f"writer ceiling (the main process stores every result; more workers than this allows wait "
                     f"for it): {', '.join(ceilings)}, from its CPU time per MB")
    lines.append(f"peak memory: {memory[0]:.0f} MB main process, {memory[1]:.0f} MB largest worker")
    if database is not None:
        lines.append(f"database: {database[0]:.1f} MB holding {database[1]:.1f} MB of document text "
                     f"({rate(*database):.1f}x)")
    lines.append(f"factlex --help start-up: {startup:.3f} s (median of 5)")
    if search is not None:
        lines.append(f"search latency: {search[0]:.1f} ms median, {search[1]:.1f} ms worst "
                     f"({len(SEARCH_QUERIES)} queries x 3)")
    for phase in phases:
        for problem in phase.problems:
            lines.append(f"  failed in {phase.name}: {problem}")
    return lines


def main(argv: list[str] | None = None, worker_factory=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factlex.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents to generate (default 2000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--out", type=Path, default=Path("bench-out"), help="folder for the corpus and database")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="where the sample documents are")
    parser.add_argument("--keep", action="store_true", help="reuse an existing corpus in --out")
    args = parser.parse_args(argv)

    from store.database import open_store

    corpus = args.out / "corpus"
    if corpus.exists() and not args.keep:
        shutil.rmtree(corpus)
    samples = None
    if not corpus.exists():
        samples = read_samples(args.samples)
        make_corpus(args.out, args.docs, samples)
        shutil.rmtree(args.out / "long", ignore_errors=True)
    if not (args.out / "long").exists():
        make_long_reports(args.out, samples or read_samples(args.samples))
    db_path = args.out / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    store = open_store(db_path)
    try:
        runs = [run_phase(phase, corpus / phase, store, args.workers, worker_factory)
                for phase, _ in PHASE_SHARES if (corpus / phase).is_dir()]
        phases = [phase for phase, _, _ in runs]
        warm_up, wall = runs[0][1], sum(run[2] for run in runs)
        memory = peak_memory_mb()
        latency = search_latency_ms(store)
        size = database_size(store, db_path)
    finally:
        store.close()
    # After the memory reading: this process builds an extractor of its own here.
    reports = {lang: args.out / "long" / f"{lang}-long-report.txt" for lang in ("zh", "en")}
    long_reports = long_report_rates({lang: path for lang, path in reports.items() if path.exists()}, worker_factory)
    for line in report_lines(phases, args.workers, args.docs, memory, help_startup_seconds(), latency,
                             warm_up, wall, size, long_reports):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
