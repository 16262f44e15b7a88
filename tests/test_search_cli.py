"""`factlex search`, `show` and `export` as a user types them (with the shipped lexicon)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from factlex.cli import cli
from test_search_support import corpus_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    corpus_store(folder, "cli.db").close()
    return str(folder / "cli.db")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_search_crosses_languages_with_the_shipped_lexicon(db):
    result = run("search", "CSRC", "--db", db)
    assert result.exit_code == 0
    assert "zh-sse.txt" in result.stdout and "en-csrc.txt" in result.stdout
    assert "中国证监会" in result.stdout.splitlines()[0]            # the expansion is shown
    assert "[中国证监会]要求发行人" in result.stdout                  # highlighted with brackets in a pipe
    assert "\x1b[" not in result.stdout                           # and no colour codes


def test_search_words_need_no_quotes_on_the_command_line(db):
    assert "en-csrc.txt" in run("search", "innovation", "bonds", "--db", db).stdout


@pytest.mark.parametrize("query", ['"', "; DROP TABLE facts; --", "NEAR(", "OR OR", "*", "🙂"])
def test_hostile_queries_never_print_a_traceback(db, query):
    result = run("search", query, "--db", db)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ")


@pytest.mark.parametrize("args, message", [
    ((), "nothing to search for"),
    (("--entity", "Atlantis Exchange"), "no entity of that name"),
    (("--since", "yesterday"), "write a date"),
    (("--min", "lots"), "cannot read"),
])
def test_unusable_searches_exit_1_with_a_message(db, args, message):
    result = run("search", *args, "--db", db)
    assert result.exit_code == 1
    assert message in result.stderr


def test_filters_without_a_query(db):
    result = run("search", "--type", "figure", "--kind", "money", "--min", "100亿元", "--entity", "SSE",
                 "--since", "2024", "--until", "2024", "--db", db, "--format", "json")
    hits = json.loads(result.stdout)["hits"]
    assert [(h["path"], [f["text"] for s in h["sentences"] for f in s["facts"]]) for h in hits] == \
        [("zh-sse.txt", ["214.5亿元"])]


def test_csv_has_one_row_per_fact(db):
    result = run("search", "央行", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["path"], r["fact_text"]) for r in rows} >= {("zh-pboc.txt", "3000亿元"),
                                                          ("en-pboc.txt", "500 billion yuan")}
    money = next(r for r in rows if r["fact_text"] == "3000亿元")
    assert (money["kind"], money["value"], money["unit"]) == ("money", "300000000000", "CNY")


def test_no_match_is_not_an_error(db):
    result = run("search", "zebra", "--db", db)
    assert result.exit_code == 0 and "no matching documents" in result.stdout


def test_a_missing_database_is_explained(tmp_path):
    result = run("search", "科创债", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no such database" in result.stderr


def test_show_marks_each_fact_type_and_lists_the_facts(db):
    result = run("show", "zh-sse", "--db", db)
    assert result.exit_code == 0
    assert "{上交所}{科创债}发行规模达到[214.5亿元]，同比增长[35%]" in result.stdout
    assert "<科技创新公司债券发行指引>" in result.stdout and "<上证发〔2025〕65号>" in result.stdout
    assert "⟦发行人应当在15个工作日内披露变更情况⟧" in result.stdout
    assert "money 21450000000 CNY" in result.stdout                # the fact list with meanings


@pytest.mark.parametrize("doc, message", [("pboc", "names 2 documents"), ("nothing-like-this", "no stored document")])
def test_show_needs_exactly_one_document(db, doc, message):
    result = run("show", doc, "--db", db)
    assert result.exit_code == 1 and message in result.stderr


def test_show_json_for_scripts(db):
    data = json.loads(run("show", "en-pboc.txt", "--db", db, "--format", "json").stdout)
    assert data["path"] == "en-pboc.txt" and [f["text"] for f in data["facts"]][-1] == "10bp"


def test_export_writes_a_file_per_type_and_says_what_to_pass_next_time(db, tmp_path):
    result = run("export", "--db", db, "--output", tmp_path / "out")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["clauses.csv", "entities.csv", "figures.csv", "rules.csv"]
    assert "next incremental export: --since" in result.stderr


def test_export_wide_to_stdout(db):
    result = run("export", "--db", db, "--wide", "--output", "-", "--format", "jsonl", "--type", "rule")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["number"] for r in rows} == {None, "上证发〔2025〕65号"}


def test_export_rejects_a_bad_since(db, tmp_path):
    result = run("export", "--db", db, "--since", "last tuesday", "--output", tmp_path / "x")
    assert result.exit_code == 1 and "run id" in result.stderr
