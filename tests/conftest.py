"""Shared fixtures. Every test runs with its own config home and no FACTLEX_* settings from the user."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for name in ("FACTLEX_DB", "FACTLEX_LEXICON", "FACTLEX_TIMEOUT", "FACTLEX_MEMORY_MB", "FACTLEX_MAX_MB",
                 "FACTLEX_RETRY_FAILED"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(scope="session")
def lexicon():
    """The shipped lexicon, built once: its matchers and jieba tokenizer take a second or two to build."""
    from lexicon import load_lexicon

    return load_lexicon()
