"""Options and helpers shared by every `factlex` command module (cli, search_cli, lexicon_cli)."""
from __future__ import annotations

import os
from pathlib import Path

import click


def default_user_lexicon() -> Path:
    """The user lexicon: env FACTLEX_LEXICON, else $XDG_CONFIG_HOME (or ~/.config)/factlex/lexicon.tsv."""
    configured = os.environ.get("FACTLEX_LEXICON")
    if configured:
        return Path(configured)
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "factlex" / "lexicon.tsv"


def db_option(function):
    return click.option("--db", "db_path", envvar="FACTLEX_DB", default="factlex.db", show_default=True,
                        type=click.Path(dir_okay=False), help="SQLite database file (env FACTLEX_DB).")(function)


def lexicon_option(function):
    return click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
                        help="User lexicon file (TSV) layered over the shipped lexicon; repeatable. "
                             "The default user lexicon (env FACTLEX_LEXICON, else "
                             "~/.config/factlex/lexicon.tsv) is used when it exists.")(function)


def format_option(*choices: str):
    return click.option("--format", "output_format", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output format.")


def user_lexicon_files(given: tuple[str, ...]) -> tuple[str, ...]:
    """The lexicon files a command layers over the shipped data: the default user lexicon when it
    exists, then the files given with --lexicon."""
    default = str(default_user_lexicon())
    files = list(given)
    if default not in files and Path(default).is_file():
        files.insert(0, default)
    return tuple(files)


def open_store_or_exit(db_path: str, create: bool = True):
    from store.database import StoreError, open_store

    try:
        return open_store(db_path, create=create)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
