"""A folder of hostile files: every bad file gets one `errors` row and one summary line, the good files
are ingested, nothing prints a traceback, and the exit status tells ok / partial / failed."""
from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from test_pipeline_support import report_text, run_factlex


def pdf_bytes(lines: list[str] | None, *, encrypt: str | None = None, shapes_only: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    if shapes_only:  # what a scan looks like to a text extractor: marks on the page, no text layer
        pdf.rect(72, 400, 300, 200, fill=1)
    else:
        for index, line in enumerate(lines or []):
            pdf.drawString(72, 760 - 16 * index, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


GOOD_PDF_LINES = ["Bond market weekly", "Net financing reached 125 billion yuan, up 3.5% on the week."]

# name -> (contents, the stage its `errors` row must carry)
HOSTILE = {
    "empty.txt": (b"", "read"),
    "junk.txt": (bytes(range(256)) * 40, "decode"),
    "zip-named.txt": (b"PK\x03\x04" + os.urandom(500), "decode"),
    "truncated.pdf": (None, "pdf_open"),
    "corrupt.pdf": (b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n", "pdf_open"),
    "encrypted.pdf": (None, "pdf_open"),
    "scanned.pdf": (None, "pdf_text"),
    "huge.txt": (("债券" * 600_000).encode(), "read"),  # 3.4 MB, over the 2 MB limit set below
}
GOOD = ("weekly-zh.txt", "weekly-en.md", "weekly.pdf")


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    good_pdf = pdf_bytes(GOOD_PDF_LINES)
    generated = {"truncated.pdf": good_pdf[: len(good_pdf) // 2],
                 "encrypted.pdf": pdf_bytes(GOOD_PDF_LINES, encrypt="secret"),
                 "scanned.pdf": pdf_bytes(None, shapes_only=True)}
    for name, (data, _) in HOSTILE.items():
        (folder / name).write_bytes(data if data is not None else generated[name])
    (folder / "weekly-zh.txt").write_text(report_text(1, "zh"), encoding="utf-8")
    (folder / "weekly-en.md").write_text(report_text(2, "en"), encoding="utf-8")
    (folder / "weekly.pdf").write_bytes(good_pdf)
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04 not a text format")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    gbk_name = os.fsencode(folder) + b"/" + "债券周报.txt".encode("gbk")
    with open(gbk_name, "wb") as handle:
        handle.write(report_text(3, "zh").encode("gbk"))
    return folder


def ingest_json(folder: Path, db: Path, *extra: str):
    result = run_factlex("ingest", folder, "--db", db, "--format", "json", *extra, env={"FACTLEX_MAX_MB": "2"})
    return result, json.loads(result.stdout)


def test_every_hostile_file_gets_one_error_row_and_the_good_ones_are_ingested(hostile_folder, tmp_path):
    db = tmp_path / "f.db"
    result, summary = ingest_json(hostile_folder, db, "--workers", "2")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # partial
    with sqlite3.connect(db) as conn:
        errors = {Path(path).name: stage for path, stage, cause, hint in
                  conn.execute("SELECT path, stage, cause, hint FROM errors") if cause and hint}
        error_rows = conn.execute("SELECT count(*) FROM errors").fetchone()[0]
        stored = {Path(path).name for (path,) in conn.execute("SELECT path FROM documents")}
    expected = {name: stage for name, (_, stage) in HOSTILE.items()}
    expected |= {"loop-a.txt": "read", "loop-b.txt": "read"}
    assert errors == expected
    assert error_rows == len(expected)  # exactly one row each, each with a cause and a hint
    assert stored == {*GOOD, "债券周报.txt"}  # the GBK-named file is stored under its readable name
    assert summary["status"] == "partial" and summary["failed"] == len(expected) and summary["skipped"] == 1
    assert sorted(Path(p["path"]).name for p in summary["problems"]) == sorted(expected)


def test_the_text_summary_has_one_line_per_problem_file(hostile_folder, tmp_path):
    result = run_factlex("ingest", hostile_folder, "--db", tmp_path / "f.db", env={"FACTLEX_MAX_MB": "2"})
    lines = result.stderr.splitlines()
    for name in [*HOSTILE, "loop-a.txt", "slides.pptx"]:
        assert sum(f"/{name}:" in line for line in lines) == 1, name
    assert any("needs OCR" in line for line in lines if "scanned.pdf" in line)
    assert any("encrypted" in line for line in lines if "encrypted.pdf" in line)
    assert "4 new" in result.stdout and "Traceback" not in result.stderr


def test_a_folder_of_only_bad_files_exits_3(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 10)
    result = run_factlex("ingest", folder, "--db", tmp_path / "f.db")
    assert result.returncode == 3 and "Traceback" not in result.stderr


def test_a_clean_folder_exits_0_and_a_rerun_is_all_unchanged(tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    for seed in range(3):
        (folder / f"r{seed}.txt").write_text(report_text(seed), encoding="utf-8")
    (folder / "readme.docx").write_bytes(b"PK\x03\x04")  # unknown extensions are skipped, not failed
    first = run_factlex("ingest", folder, "--db", tmp_path / "f.db", "--format", "json")
    again = run_factlex("ingest", folder, "--db", tmp_path / "f.db", "--format", "json")
    assert (first.returncode, again.returncode) == (0, 0)
    assert json.loads(first.stdout)["new"] == 3 and json.loads(first.stdout)["skipped"] == 1
    assert json.loads(again.stdout)["unchanged"] == 3


def test_a_file_the_user_may_not_read_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    """Tests may run as root, who can read anything, so the permission check is made to say no."""
    from click.testing import CliRunner

    import factlex.pipeline
    from factlex.cli import cli

    folder = tmp_path / "perm"
    folder.mkdir()
    (folder / "good.txt").write_text(report_text(1), encoding="utf-8")
    (folder / "secret.txt").write_text(report_text(2), encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(factlex.pipeline.os, "access",
                        lambda path, mode: False if str(path).endswith("secret.txt") else real_access(path, mode))
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "f.db"), "--format", "json"])
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert result.exit_code == 1 and summary["new"] == 1
    assert [p["stage"] for p in summary["problems"]] == ["read"]
    assert "permission" in summary["problems"][0]["cause"]
