"""`factlex lexicon ...`: look at the lexicon, extend the user lexicon, review discovered names.

The user lexicon is one TSV file (option --lexicon, env FACTLEX_LEXICON, else
$XDG_CONFIG_HOME/factlex/lexicon.tsv or ~/.config/factlex/lexicon.tsv) layered over the shipped data:
an entry with an existing id extends or overrides it.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from .options import db_option, default_user_lexicon


def user_lexicon_option(function):
    return click.option("--lexicon", "user_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="User lexicon file (TSV) layered over the shipped one (env FACTLEX_LEXICON, "
                             "else ~/.config/factlex/lexicon.tsv).")(function)


def resolve_user_file(user_file: Path | None) -> Path:
    return user_file if user_file is not None else default_user_lexicon()


def load_or_exit(user_file: Path):
    from lexicon import LexiconError, load_lexicon

    try:
        return load_lexicon([user_file] if user_file.exists() else [])
    except LexiconError as error:
        raise click.ClickException(str(error)) from None


@click.group("lexicon")
def lexicon():
    """The bilingual lexicon: list, show, add, import/export entries; review discovered names.

    \b
    Examples:
      factlex lexicon show 上交所
      factlex lexicon list --type organisation --kind regulator
      factlex lexicon add JUHUA company --zh 巨化集团有限公司 --en "Juhua Group" --alias 巨化集团
      factlex lexicon candidates --db factlex.db
      factlex lexicon promote new:巨化集团 --id JUHUA --en "Juhua Group"
    """


@lexicon.command("list")
@click.option("--type", "entry_type", help="Only this type (organisation, person, product, metric, term, unit).")
@click.option("--kind", help="Only this kind (regulator, exchange, bank, company, ...).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@user_lexicon_option
def list_entries(entry_type, kind, output_format, user_file):
    """List lexicon entries (shipped plus user lexicon)."""
    lex = load_or_exit(resolve_user_file(user_file))
    entries = lex.entries(type=entry_type.lower() if entry_type else None, kind=kind.lower() if kind else None)
    if output_format == "json":
        click.echo(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
        return
    for entry in entries:
        names = " | ".join(n for n in (entry.name_zh, entry.name_en) if n)
        click.echo(f"{entry.id:<28} {entry.type:<12} {entry.kind:<12} {names}")
    click.echo(f"{len(entries)} entries", err=True)


@lexicon.command()
@click.argument("name")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@user_lexicon_option
def show(name, output_format, user_file):
    """Show the entry NAME refers to: an id or any alias in either language."""
    lex = load_or_exit(resolve_user_file(user_file))
    entry = lex.get(name) or lex.resolve(name)
    if entry is None:
        raise click.ClickException(f"no lexicon entry for {name!r}; `factlex lexicon list` shows them all, "
                                   "`factlex lexicon add` adds one")
    if output_format == "json":
        click.echo(json.dumps(entry.to_json(), ensure_ascii=False, indent=2))
        return
    for label, value in (("id", entry.id), ("type", entry.type), ("kind", entry.kind), ("name_zh", entry.name_zh),
                         ("name_en", entry.name_en), ("abbreviations", ", ".join(entry.abbreviations)),
                         ("aliases", ", ".join(entry.aliases)), ("defined at", entry.source)):
        if value:
            click.echo(f"{label:<14} {value}")


@lexicon.command()
@click.argument("entry_id")
@click.argument("entry_type")
@click.argument("kind", required=False, default="")
@click.option("--zh", "name_zh", default="", help="Chinese name.")
@click.option("--en", "name_en", default="", help="English name.")
@click.option("--abbr", "abbreviations", multiple=True, help="An abbreviation (repeatable).")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@user_lexicon_option
def add(entry_id, entry_type, kind, name_zh, name_en, abbreviations, aliases, user_file):
    """Add (or extend) entry ENTRY_ID of ENTRY_TYPE [KIND] in the user lexicon.

    ENTRY_TYPE is organisation, person, product, metric, term or unit; an organisation kind
    (regulator, bank, company ...) may stand for "organisation KIND"."""
    from lexicon import Entry, LexiconError, add_entry
    from lexicon.core import check_user_entries

    target = resolve_user_file(user_file)
    entry = Entry(id=entry_id, type=entry_type, kind=kind, name_zh=name_zh, name_en=name_en,
                  abbreviations=tuple(abbreviations), aliases=tuple(aliases))
    try:
        stored = add_entry(target, validated(entry), check=check_user_entries)
    except LexiconError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{stored.id}: {' | '.join(stored.names())} -> {target}")


def validated(entry):
    """The entry as a file row would give it (type shorthands, kind checks), or LexiconError."""
    from lexicon.files import entry_from_row

    return entry_from_row(Path("command line"), None, entry.to_row())


@lexicon.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@user_lexicon_option
def import_command(file, user_file):
    """Add the entries of FILE (TSV as exported, or JSON) to the user lexicon."""
    from lexicon import LexiconError, import_entries
    from lexicon.core import check_user_entries

    target = resolve_user_file(user_file)
    try:
        entries = import_entries(file, into=target, check=check_user_entries)
    except LexiconError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"imported {len(entries)} entries into {target}")


@lexicon.command()
@click.option("--format", "output_format", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True)
@click.option("--user-only", is_flag=True, help="Only the user lexicon's entries.")
@click.option("--type", "entry_type", help="Only this type.")
@user_lexicon_option
def export(output_format, user_only, entry_type, user_file):
    """Print lexicon entries as TSV (importable) or JSON."""
    from lexicon import LexiconError, export_entries, read_entries

    target = resolve_user_file(user_file)
    try:
        if user_only:
            entries = read_entries(target) if target.exists() else []
        else:
            entries = load_or_exit(target).entries()
    except LexiconError as error:
        raise click.ClickException(str(error)) from None
    if entry_type:
        entries = [e for e in entries if e.type == entry_type.lower()]
    click.echo(export_entries(entries, output_format), nl=False)


def candidate_rows(db_path: str, entity_id: str | None = None) -> list[dict]:
    import sqlite_utils

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database; run `factlex ingest` first or pass --db")
    db = sqlite_utils.Database(db_path)
    try:
        if "entities" not in db.table_names():
            raise click.ClickException(f"{db_path}: no entities table; is this a factlex database?")
        where, args = "candidate = 1", []
        if entity_id is not None:
            where, args = "id = ?", [entity_id]
        return list(db.query(f"SELECT id, kind, name_zh, name_en, candidate, mentions FROM entities "
                             f"WHERE {where} ORDER BY mentions DESC, id", args))
    finally:
        db.close()


@lexicon.command()
@db_option
@click.option("--kind", help="Only this kind.")
@click.option("--min-mentions", type=int, default=1, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
def candidates(db_path, kind, min_mentions, output_format):
    """Discovered names (not in the lexicon) stored in the database, most mentioned first."""
    rows = [r for r in candidate_rows(db_path)
            if (kind is None or r["kind"] == kind) and (r["mentions"] or 0) >= min_mentions]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        names = " | ".join(n for n in (row["name_zh"], row["name_en"]) if n)
        click.echo(f"{row['id']:<40} {row['kind'] or '':<12} {row['mentions'] or 0:>5}  {names}")
    click.echo(f"{len(rows)} candidates; `factlex lexicon promote ID` adds one to the user lexicon", err=True)


@lexicon.command()
@click.argument("candidate_id")
@click.option("--id", "new_id", help="The id to give the entry (default: the candidate's id).")
@click.option("--en", "name_en", help="English name (the other-language name the text did not give).")
@click.option("--zh", "name_zh", help="Chinese name.")
@click.option("--kind", help="Correct the kind.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@db_option
@user_lexicon_option
def promote(candidate_id, new_id, name_en, name_zh, kind, aliases, db_path, user_file):
    """Move discovered name CANDIDATE_ID into the user lexicon (re-ingest to relink old documents)."""
    from lexicon import Entry, LexiconError, add_entry
    from lexicon.core import check_user_entries

    rows = candidate_rows(db_path, candidate_id)
    if not rows:
        raise click.ClickException(f"no entity {candidate_id!r} in {db_path}; `factlex lexicon candidates` lists them")
    row = rows[0]
    entry_kind = (kind or row["kind"] or "company").lower()
    entry_type = "person" if entry_kind == "person" else "organisation"
    zh, en = name_zh or row["name_zh"] or "", name_en or row["name_en"] or ""
    entry = Entry(id=new_id or candidate_id, type=entry_type, kind=entry_kind, name_zh=zh, name_en=en,
                  aliases=tuple(a for a in (*aliases, row["name_zh"], row["name_en"]) if a and a not in (zh, en)))
    target = resolve_user_file(user_file)
    try:
        stored = add_entry(target, validated(entry), check=check_user_entries)
    except LexiconError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"promoted {candidate_id} as {stored.id}: {' | '.join(stored.names())} -> {target}")
