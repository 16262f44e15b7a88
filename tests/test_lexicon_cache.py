"""What is derived from jieba's dictionary is kept in a cache directory between processes: whatever
state that directory is in (empty, corrupt files, unwritable, a changed dictionary), the words that
come back are the dictionary's."""
from __future__ import annotations

import logging
import marshal
import os

import jieba
import pytest

from lexicon.core import (file_identity, jieba_dictionary, load_lexicon, load_prefix_dict, private_cache_dir,
                          words_tagged)

VERBS = frozenset({"v", "vd"})
SMALL_DICTIONARY = ("发行 9000 v\n债券 8000 n\n兑付 3000 v\n评级 2500 vn\n"
                    "上调 1200 v\n显著 900 vd\n银行间 700 n\n")
SMALL_VERBS = {"发行", "兑付", "上调", "显著"}

logging.getLogger("jieba").setLevel(logging.WARNING)


@pytest.fixture
def dictionary(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text(SMALL_DICTIONARY, encoding="utf-8")
    return str(path)


@pytest.fixture
def cache_dir(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    return str(directory)


def cache_files(cache_dir):
    return sorted(os.listdir(cache_dir))


def test_tagged_words_are_kept_and_read_back(dictionary, cache_dir):
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS
    [kept] = cache_files(cache_dir)
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS
    assert cache_files(cache_dir) == [kept]  # read back, nothing new written


def test_a_kept_file_is_what_is_read(dictionary, cache_dir):
    words_tagged(dictionary, VERBS, cache_dir)
    [kept] = cache_files(cache_dir)
    planted = frozenset({"只在缓存里"})
    identity = (file_identity(dictionary), tuple(sorted(VERBS)))
    with open(os.path.join(cache_dir, kept), "wb") as file:
        marshal.dump((identity, planted), file)
    assert words_tagged(dictionary, VERBS, cache_dir) == planted  # the file is believed: it is the cache


def test_each_tag_set_has_its_own_file(dictionary, cache_dir):
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS
    assert words_tagged(dictionary, frozenset({"n"}), cache_dir) == {"债券", "银行间"}
    assert len(cache_files(cache_dir)) == 2
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS


@pytest.mark.parametrize("content", [
    b"",  # empty
    b"not marshal data at all",
    None,  # the right file cut short
    marshal.dumps(12345),  # marshal, but not (identity, words)
    marshal.dumps((("elsewhere", 1, 2), ("v",)) + (frozenset({"错"}),)),  # three items
])
def test_a_corrupt_cache_file_is_rebuilt(dictionary, cache_dir, content):
    words_tagged(dictionary, VERBS, cache_dir)
    [kept] = cache_files(cache_dir)
    path = os.path.join(cache_dir, kept)
    with open(path, "rb") as file:
        whole = file.read()
    with open(path, "wb") as file:
        file.write(whole[: len(whole) // 2] if content is None else content)
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS
    with open(path, "rb") as file:
        assert file.read() == whole  # replaced by a good one
    assert cache_files(cache_dir) == [kept]  # no temporary file left behind


def test_a_kept_file_of_the_wrong_kind_is_rebuilt(dictionary, cache_dir):
    words_tagged(dictionary, VERBS, cache_dir)
    [kept] = cache_files(cache_dir)
    identity = (file_identity(dictionary), tuple(sorted(VERBS)))
    with open(os.path.join(cache_dir, kept), "wb") as file:
        marshal.dump((identity, ["a", "list"]), file)
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS


def test_a_changed_dictionary_is_read_again(dictionary, cache_dir):
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS
    with open(dictionary, "a", encoding="utf-8") as file:
        file.write("增发 600 v\n")
    status = os.stat(dictionary)
    os.utime(dictionary, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS | {"增发"}
    assert len(cache_files(cache_dir)) == 1  # the one file per tag set is replaced, not joined by another


def test_a_same_sized_edit_is_read_again(dictionary, cache_dir):
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS
    with open(dictionary, "w", encoding="utf-8") as file:
        file.write(SMALL_DICTIONARY.replace("上调 1200 v", "下调 1200 v"))
    status = os.stat(dictionary)
    os.utime(dictionary, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))
    assert words_tagged(dictionary, VERBS, cache_dir) == SMALL_VERBS - {"上调"} | {"下调"}


def test_an_unwritable_cache_dir_means_reading_the_dictionary(dictionary, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache directory should be")
    unwritable = str(blocker / "cache")  # nothing can be created under a file, even by root
    assert words_tagged(dictionary, VERBS, unwritable) == SMALL_VERBS
    assert words_tagged(dictionary, VERBS, unwritable) == SMALL_VERBS


def test_no_cache_dir_means_reading_the_dictionary(dictionary):
    assert words_tagged(dictionary, VERBS, None) == SMALL_VERBS


def test_private_cache_dir_is_none_when_it_cannot_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert private_cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    assert private_cache_dir() == str(tmp_path / "cache-home" / "jieba")


# -- jieba's prefix dictionary ---------------------------------------------------------------------
def jieba_own_prefix_dict(dictionary, tmp_dir):
    tokenizer = jieba.Tokenizer(dictionary)
    tokenizer.tmp_dir = str(tmp_dir)
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total


@pytest.mark.parametrize("state", ["empty", "kept", "corrupt", "unwritable"])
def test_prefix_dict_is_jiebas_whatever_the_cache(dictionary, cache_dir, tmp_path, state):
    expected = jieba_own_prefix_dict(dictionary, tmp_path / "jieba-own")
    if state in ("kept", "corrupt"):
        load_prefix_dict(jieba.Tokenizer(dictionary), cache_dir)
    if state == "corrupt":
        [kept] = cache_files(cache_dir)
        with open(os.path.join(cache_dir, kept), "r+b") as file:
            file.truncate(40)
    if state == "unwritable":
        (tmp_path / "a-file").write_text("")
        cache_dir = str(tmp_path / "a-file" / "cache")
    tokenizer = jieba.Tokenizer(dictionary)
    load_prefix_dict(tokenizer, cache_dir)
    assert tokenizer.initialized
    assert (tokenizer.FREQ, tokenizer.total) == expected
    assert tokenizer.lcut("银行间债券发行", HMM=False) == ["银行间", "债券", "发行"]


def test_prefix_dict_follows_a_changed_dictionary(dictionary, cache_dir):
    load_prefix_dict(jieba.Tokenizer(dictionary), cache_dir)
    with open(dictionary, "a", encoding="utf-8") as file:
        file.write("债券发行 50000 n\n")
    status = os.stat(dictionary)
    os.utime(dictionary, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))
    tokenizer = jieba.Tokenizer(dictionary)
    load_prefix_dict(tokenizer, cache_dir)
    assert tokenizer.FREQ["债券发行"] == 50000
    assert tokenizer.lcut("银行间债券发行", HMM=False) == ["银行间", "债券发行"]


def test_jieba_dictionary_is_jiebas_own_by_default(dictionary):
    assert jieba_dictionary(jieba.Tokenizer()) == os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    assert jieba_dictionary(jieba.Tokenizer(dictionary)) == dictionary


# -- the real lexicon: a cold cache and a warm one give the same words -----------------------------
@pytest.mark.parametrize("text", [
    "国家开发银行在银行间市场发行了三年期金融债券，票面利率低于同期限国债收益率。",
    "China Development Bank sold three-year financial bonds in the interbank market on Tuesday.",
])
def test_a_lexicon_on_a_cold_cache_cuts_like_one_on_a_warm_cache(tmp_path, monkeypatch, lexicon, text):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cold"))
    cold = load_lexicon()
    assert cold.jieba_tokenizer().lcut(text, HMM=False) == lexicon.jieba_tokenizer().lcut(text, HMM=False)
    assert cold.han_words(text) == lexicon.han_words(text)
    for tags in (frozenset({"v", "vd", "c"}), frozenset({"nr", "ns", "nt"})):
        assert cold.han_words_tagged(tags) == lexicon.han_words_tagged(tags)
        assert load_lexicon().han_words_tagged(tags) == lexicon.han_words_tagged(tags)  # now from the cache
