"""`factlex lexicon ...` through click's test runner on the group itself."""
from __future__ import annotations

import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from factlex.lexicon_cli import lexicon
from lexicon import read_entries


def run(*args, env=None):
    result = CliRunner().invoke(lexicon, [str(a) for a in args], env=env, catch_exceptions=False)
    return result


@pytest.fixture
def user_file(tmp_path):
    return tmp_path / "lexicon.tsv"


@pytest.mark.parametrize("name", ["上交所", "SSE", "Shanghai Stock Exchange", "上海证券交易所"])
def test_show_finds_an_entry_by_any_name(name):
    result = run("show", name)
    assert result.exit_code == 0
    assert "SSE" in result.output and "上海证券交易所" in result.output


def test_show_unknown_name_says_what_to_do():
    result = run("show", "某某不存在的机构")
    assert result.exit_code == 1
    assert "no lexicon entry" in result.output and "lexicon add" in result.output


def test_list_filters_by_type_and_kind():
    result = run("list", "--type", "organisation", "--kind", "exchange", "--format", "json")
    ids = {entry["id"] for entry in json.loads(result.output)}
    assert {"SSE", "SZSE", "BSE", "HKEX"} <= ids
    assert "PBOC" not in ids


def test_add_writes_the_user_lexicon_and_the_name_resolves(user_file):
    result = run("add", "JUHUA", "company", "--zh", "巨化集团有限公司", "--en", "Juhua Group",
                 "--alias", "巨化集团", "--lexicon", user_file)
    assert result.exit_code == 0, result.output
    assert read_entries(user_file)[0].id == "JUHUA"
    shown = run("show", "巨化集团", "--format", "json", "--lexicon", user_file)
    assert json.loads(shown.output)["name_en"] == "Juhua Group"


def test_default_user_lexicon_lives_under_xdg_config_home(isolated_environment):
    result = run("add", "JUHUA", "company", "--zh", "巨化集团有限公司")
    assert result.exit_code == 0
    assert (isolated_environment / ".config" / "factlex" / "lexicon.tsv").exists()


def test_factlex_lexicon_environment_variable_names_the_user_file(user_file):
    run("add", "JUHUA", "company", "--zh", "巨化集团有限公司", env={"FACTLEX_LEXICON": str(user_file)})
    assert user_file.exists()


@pytest.mark.parametrize("args, message", [
    (["add", "X", "widget", "--zh", "某物"], "unknown type 'widget'"),
    (["add", "X", "organisation", "factory", "--zh", "某厂"], "unknown organisation kind 'factory'"),
    (["add", "X", "company"], "has no name"),
])
def test_add_refuses_bad_entries_and_writes_nothing(user_file, args, message):
    result = run(*args, "--lexicon", user_file)
    assert result.exit_code == 1 and message in result.output
    assert not user_file.exists()


def test_add_refuses_a_name_already_used_by_another_user_entry(user_file):
    run("add", "AAA", "company", "--zh", "甲公司", "--alias", "甲司", "--lexicon", user_file)
    result = run("add", "BBB", "company", "--zh", "乙公司", "--alias", "甲司", "--lexicon", user_file)
    assert result.exit_code == 1 and "already belongs to 'AAA'" in result.output
    assert [e.id for e in read_entries(user_file)] == ["AAA"]


def test_import_and_export_round_trip(tmp_path, user_file):
    source = tmp_path / "new.tsv"
    source.write_text("id\ttype\tkind\tname_zh\tname_en\tabbreviations\taliases\n"
                      "JUHUA\tcompany\t\t巨化集团有限公司\tJuhua Group\t\t巨化集团\n"
                      "LONGSHENG\tcompany\t\t浙江龙盛集团股份有限公司\tZhejiang Longsheng Group\t\t龙盛集团\n",
                      encoding="utf-8")
    result = run("import", source, "--lexicon", user_file)
    assert result.exit_code == 0 and "imported 2 entries" in result.output
    exported = run("export", "--user-only", "--format", "json", "--lexicon", user_file)
    assert [e["id"] for e in json.loads(exported.output)] == ["JUHUA", "LONGSHENG"]
    everything = run("export", "--lexicon", user_file)
    assert "\nSSE\t" in everything.output and "\nJUHUA\t" in everything.output


def test_a_malformed_user_lexicon_is_reported_with_file_and_line(user_file):
    user_file.write_text("id\ttype\tkind\tname_zh\nBAD\tgadget\t\t某物\n", encoding="utf-8")
    result = run("list", "--lexicon", user_file)
    assert result.exit_code == 1
    assert f"{user_file}:2:" in result.output and "unknown type" in result.output


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "factlex.db"
    db = sqlite_utils.Database(path)
    db["entities"].insert_all([
        {"id": "new:巨化集团", "kind": "company", "name_zh": "巨化集团有限公司", "name_en": None, "candidate": 1,
         "mentions": 7},
        {"id": "new:江南晨报", "kind": "media", "name_zh": "江南晨报", "name_en": None, "candidate": 1, "mentions": 1},
        {"id": "SSE", "kind": "exchange", "name_zh": "上海证券交易所", "name_en": "Shanghai Stock Exchange",
         "candidate": 0, "mentions": 40},
    ], pk="id")
    db.close()
    return path


def test_candidates_lists_discovered_names_most_mentioned_first(database):
    result = run("candidates", "--db", database, "--format", "json")
    assert [row["id"] for row in json.loads(result.output)] == ["new:巨化集团", "new:江南晨报"]


def test_candidates_reads_the_database_named_by_factlex_db(database):
    result = run("candidates", env={"FACTLEX_DB": str(database)})
    assert "new:巨化集团" in result.output


def test_promote_moves_a_candidate_into_the_user_lexicon(database, user_file):
    result = run("promote", "new:巨化集团", "--id", "JUHUA", "--en", "Juhua Group", "--db", database,
                 "--lexicon", user_file)
    assert result.exit_code == 0, result.output
    shown = json.loads(run("show", "Juhua Group", "--format", "json", "--lexicon", user_file).output)
    assert (shown["id"], shown["kind"], shown["name_zh"]) == ("JUHUA", "company", "巨化集团有限公司")


def test_promote_unknown_candidate_and_missing_database_fail_clearly(database, tmp_path, user_file):
    unknown = run("promote", "new:nothing", "--db", database, "--lexicon", user_file)
    assert unknown.exit_code == 1 and "candidates" in unknown.output
    missing = run("candidates", "--db", tmp_path / "none.db")
    assert missing.exit_code == 1 and "no such database" in missing.output
