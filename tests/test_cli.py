"""The command line end to end, through click's CliRunner: what a user types and sees."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from factlex.cli import cli

ROOT = Path(__file__).resolve().parent.parent

ZH_REPORT = (
    "科创债周报\n"
    "截至2025年6月30日，上交所累计发行科创债1.2万亿元，其中中国建设银行发行300亿元，票面利率1.85%。\n"
    "证监会表示，发行人应当将募集资金不低于70%用于科技创新领域。\n"
)
EN_REPORT = (
    "Sci-tech bonds weekly\n"
    "As of June 30, 2025, the Shanghai Stock Exchange had seen 1.2 trillion yuan of sci-tech innovation bonds issued.\n"
    "The China Securities Regulatory Commission said issuers must use at least 70% of the proceeds for innovation.\n"
)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "weekly-zh.txt").write_text(ZH_REPORT, encoding="utf-8")
    (folder / "weekly-en.md").write_text(EN_REPORT, encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not supported")
    return folder


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def command_names():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert len(cli.commands[name].help or "") > 20


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_documented_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"factlex {name}" in readme


def test_extract_jsonl_follows_the_fact_contract(corpus):
    path = corpus / "weekly-zh.txt"
    result = run("extract", path, "--format", "jsonl")
    assert result.exit_code == 0
    facts = [json.loads(line) for line in result.output.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert {f["type"] for f in facts} >= {"figure", "entity"}
    for fact in facts:
        assert fact["doc"] == str(path)
        assert text[fact["start"]:fact["end"]] == fact["text"]
    money = {f["text"]: f for f in facts if f["type"] == "figure" and f["kind"] == "money"}
    assert money["1.2万亿元"]["value"] == 1.2e12 and money["1.2万亿元"]["unit"] == "CNY"


def test_extract_table_is_readable(corpus):
    result = run("extract", corpus / "weekly-en.md", "--format", "table")
    assert result.exit_code == 0
    assert "1.2 trillion yuan" in result.output and "CNY" in result.output


def test_extract_reports_a_missing_file_and_goes_on(corpus):
    result = CliRunner().invoke(cli, ["extract", str(corpus / "missing.txt"), str(corpus / "weekly-zh.txt")])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.output
    assert '"type": "figure"' in result.output


def test_ingest_then_reingest_is_idempotent(corpus, tmp_path):
    db = tmp_path / "facts.db"
    first = run("ingest", corpus, "--db", db, "--format", "json")
    summary = json.loads(first.output.splitlines()[-1])
    assert first.exit_code == 0
    assert (summary["new"], summary["skipped"], summary["failed"]) == (2, 1, 0)
    second = json.loads(run("ingest", corpus, "--db", db, "--format", "json").output.splitlines()[-1])
    assert (second["new"], second["unchanged"]) == (0, 2)
    stats = json.loads(run("stats", "--db", db, "--format", "json").output)
    assert stats["documents"] == 2
    assert set(stats["documents_by_lang"]) == {"zh", "en"}


def test_ingest_summary_line_names_counts_and_database(corpus, tmp_path):
    db = tmp_path / "facts.db"
    result = run("ingest", corpus, "--db", db)
    last = result.output.strip().splitlines()[-1]
    assert re.search(r"2 new, 0 updated, 0 unchanged, 0 failed, 1 skipped documents; .*figures", last)
    assert str(db) in last


def test_a_changed_file_replaces_its_old_facts(corpus, tmp_path):
    db = tmp_path / "facts.db"
    run("ingest", corpus, "--db", db)
    (corpus / "weekly-zh.txt").write_text(ZH_REPORT.replace("1.2万亿元", "1.5万亿元"), encoding="utf-8")
    summary = json.loads(run("ingest", corpus, "--db", db, "--format", "json").output.splitlines()[-1])
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 1, 1)
    stats = json.loads(run("stats", "--db", db, "--format", "json").output)
    assert stats["documents"] == 2


def test_stats_on_a_missing_database_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output and "factlex ingest" in result.output


def test_database_path_in_a_missing_folder_is_a_clear_error(corpus, tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(tmp_path / "nope" / "x.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_errors_command_lists_failed_files(corpus, tmp_path):
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "facts.db"
    result = run("ingest", corpus, "--db", db)
    assert result.exit_code == 1
    listing = json.loads(run("errors", "--db", db, "--format", "json").output)
    assert [Path(row["path"]).name for row in listing] == ["junk.txt"]
    assert listing[0]["stage"] == "decode"


def test_the_readme_analytics_query_runs_on_what_export_writes(corpus, tmp_path):
    """The README's DuckDB query reads the Parquet export; the same SQL over the `figures` view (which
    the export mirrors column for column) must run and find the 1.2万亿元 and 300亿元 figures."""
    import sqlite3

    import pyarrow.parquet as pyarrow_parquet  # in the test extra

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = re.search(r"```sql\n(SELECT .*?FROM 'out/figures.parquet'.*?)```", readme, re.S).group(1)
    db = tmp_path / "f.db"
    assert run("ingest", corpus, "--db", db).exit_code in (0, 1)  # the .docx is reported, not fatal
    assert run("export", "--db", db, "--format", "parquet", "-o", tmp_path / "out").exit_code == 0

    exported = set(pyarrow_parquet.read_schema(tmp_path / "out" / "figures.parquet").names)
    assert {"subject", "kind", "unit", "value"} <= exported
    with sqlite3.connect(db) as connection:
        rows = connection.execute(query.replace("'out/figures.parquet'", "figures")).fetchall()
    assert sum(count for _, count, _ in rows) >= 2
    assert max(total for _, _, total in rows) >= 12000  # 1.2万亿元 is 12,000 亿元


def test_figures_in_a_pdf_table_carry_their_row_and_column_headers():
    """The pipeline hands the PDF's tables (pdfplumber cells) to the extractor: a bare amount under
    "Amount (bn yuan)" becomes money in yuan, named by its row and column."""
    result = run("extract", ROOT / "samples" / "en_pdf_scitech_bond_monitor.pdf", "--format", "jsonl")
    assert result.exit_code == 0
    in_table = [json.loads(line) for line in result.output.splitlines() if '"column"' in line]
    amounts = [f for f in in_table if f["column"].startswith("Amount")]
    assert amounts and all(f["kind"] == "money" and f["unit"] == "CNY" and f["row"] for f in amounts)


def test_a_file_failing_run_after_run_is_quarantined_until_retry_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "junk.txt").write_bytes(b"\x00\x01binary\x00" * 100)
    db = tmp_path / "q.db"
    for _ in range(3):
        assert "binary data" in run("ingest", folder, "--db", db).output
    quarantined = run("ingest", folder, "--db", db)
    assert quarantined.exit_code == 3 and "quarantined" in quarantined.output and "--retry-failed" in quarantined.output
    retried = run("ingest", folder, "--db", db, "--retry-failed")
    assert "binary data" in retried.output and "quarantined" not in retried.output


def test_a_short_batch_says_how_much_of_its_time_was_start_up_instead_of_a_meaningless_rate(corpus, tmp_path):
    result = run("ingest", corpus, "--db", tmp_path / "facts.db")
    last = result.output.strip().splitlines()[-1]
    assert re.search(r"; \d+\.\d\d s \(\d+\.\d\d s of it starting up\) -> ", last)
    assert "MB/s" not in last
    summary = json.loads(run("ingest", corpus, "--db", tmp_path / "again.db", "--format", "json").output.splitlines()[-1])
    assert 0 < summary["start_up_seconds"] <= summary["seconds"]


@pytest.mark.parametrize("seconds, start_up, shown", [
    (40.0, 3.0, ", 2.50 MB/s"),                 # a long batch: its rate
    (4.0, 3.0, " (3.00 s of it starting up)"),  # a short one: mostly start-up
    (0.0, 0.0, ""),                             # nothing stored
])
def test_the_summary_gives_a_rate_only_when_start_up_is_a_small_part_of_the_time(seconds, start_up, shown):
    from factlex.pipeline import Summary
    from factlex.report import _pace

    assert _pace(Summary(bytes=100_000_000 if seconds else 0, seconds=seconds, start_up_seconds=start_up)) == shown
