"""The benchmark: a varied corpus from the samples, and one printed line per measurement."""
from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from pathlib import Path

from factlex import bench
from test_pipeline_support import FakeWorker, report_text


def samples_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / "zh_weekly.txt").write_text(report_text(1, "zh") + "\n" + report_text(2, "zh"), encoding="utf-8")
    (folder / "zh_gbk_notice.txt").write_bytes(report_text(3, "zh").encode("gb18030"))
    (folder / "en_weekly.md").write_text(report_text(4, "en") + "\n\n" + report_text(5, "en"), encoding="utf-8")
    (folder / "README.md").write_text("# Samples\nWhat each file is.\n", encoding="utf-8")
    return folder


def test_varied_copies_keep_years_and_change_other_numbers():
    text = "2025年3月发行科创债1,126.4亿元，利率2.15%。\n\n其中上交所发行约879.3亿元。"
    copies = {bench.vary_text(text, random.Random(seed)) for seed in range(20)}
    assert len(copies) > 15
    assert all("2025年3月" in copy for copy in copies)


def test_the_corpus_has_every_phase_and_no_two_files_alike(tmp_path):
    samples = bench.read_samples(samples_folder(tmp_path))
    assert {s.lang for s in samples} == {"zh", "en"}  # the README is not a sample
    folders = bench.make_corpus(tmp_path / "out", 40, samples)
    files = [path for folder in folders.values() for path in folder.iterdir()]
    assert set(folders) == {"zh", "en", "pdf-text"}  # no sample PDF here, so no copies of one
    assert len({hashlib.sha256(path.read_bytes()).hexdigest() for path in files}) == len(files)
    gbk = [path for path in folders["zh"].iterdir() if "gbk" in path.name]
    assert gbk and gbk[0].read_bytes().decode("gb18030")  # copies keep their sample's encoding


def test_a_small_run_prints_one_line_per_measurement(tmp_path, capsys):
    code = bench.main(["--docs", "24", "--workers", "2", "--out", str(tmp_path / "out"),
                       "--samples", str(samples_folder(tmp_path))], worker_factory=FakeWorker)
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    for start in ("corpus:", "documents/s:", "warm-up", "MB/s Chinese text", "MB/s English text",
                  "pages/s PDF text pages", "MB/s one long Chinese", "MB/s one long English", "facts/s:", "writer ceiling", "peak memory:", "database:",
                  "factlex --help start-up:"):
        assert sum(line.startswith(start) for line in lines) == 1, start
    assert not any(line.strip().startswith("failed") for line in lines)


def test_every_text_rate_names_the_density_it_was_measured_at(tmp_path, capsys):
    bench.main(["--docs", "12", "--out", str(tmp_path / "out"), "--samples", str(samples_folder(tmp_path))],
               worker_factory=FakeWorker)
    rates = [line for line in capsys.readouterr().out.splitlines() if line.startswith("MB/s")]
    assert rates and all("facts/KB" in line for line in rates)


class LongReportTooLargeWorker(FakeWorker):
    """Every file but the long reports goes through; those are over the size limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = replace(self.limits, max_mb=1.0)


def test_a_long_report_that_fails_says_why_and_the_other_measurements_still_print(tmp_path, capsys):
    code = bench.main(["--docs", "12", "--out", str(tmp_path / "out"), "--samples", str(samples_folder(tmp_path))],
                      worker_factory=LongReportTooLargeWorker)
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    failed = [line for line in lines if line.startswith("MB/s one long")]
    assert len(failed) == 2 and all("failed" in line and "too large" in line for line in failed)
    assert any(line.startswith("MB/s Chinese text") for line in lines)
