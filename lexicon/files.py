"""Reading and writing lexicon TSV files: spreadsheet-friendly, with errors that name file and line.

Format: UTF-8 (a BOM is fine), one entry per line, TAB-separated columns
`id type kind name_zh name_en abbreviations aliases`; several abbreviations or aliases are separated
by `|`; lines starting with `#` and blank lines are ignored; a first line naming the columns is
skipped. Trailing empty columns may be left out.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterable, Sequence

from .entry import COLUMNS, MULTI_SEPARATOR, ORGANISATION_KINDS, TYPES, Entry, LexiconError

REQUIRED_COLUMNS = 3  # id, type, kind; the names may be empty as long as one name is given


def read_entries(path: str | Path) -> list[Entry]:
    """Parse one lexicon file. Raises LexiconError (file, line, what to fix)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LexiconError(path, None, f"cannot read the file ({error.strerror or error}); check the path") from None
    text = decode(path, raw)
    if path.suffix.lower() == ".json":
        return [entry_from_json(path, number, record) for number, record in enumerate(json.loads(text), 1)]
    entries = []
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    for row in reader:
        number = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if [cell.strip().lower() for cell in row[:2]] == ["id", "type"]:
            continue  # the header line
        entries.append(entry_from_row(path, number, row))
    return entries


def decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LexiconError(path, line, "the file is not UTF-8 (byte %r here); save it as UTF-8 "
                                       "(in a spreadsheet: 'Unicode text' / 'UTF-8 CSV' with TAB separators)"
                           % raw[error.start:error.start + 1]) from None


def entry_from_row(path: Path, number: int, row: Sequence[str]) -> Entry:
    if not REQUIRED_COLUMNS <= len(row) <= len(COLUMNS):
        raise LexiconError(path, number, f"expected {len(COLUMNS)} TAB-separated columns "
                                         f"({', '.join(COLUMNS)}), found {len(row)}; separate columns with "
                                         "one TAB and several names inside a column with '|'")
    cells = [cell.strip() for cell in row] + [""] * (len(COLUMNS) - len(row))
    record = dict(zip(COLUMNS, cells))
    record["abbreviations"] = split_names(record["abbreviations"])
    record["aliases"] = split_names(record["aliases"])
    return make_entry(path, number, record)


def entry_from_json(path: Path, number: int, record: dict) -> Entry:
    if not isinstance(record, dict):
        raise LexiconError(path, number, "each JSON item must be an object with id, type, kind, names")
    values = {name: record.get(name) or "" for name in COLUMNS}
    for name in ("abbreviations", "aliases"):
        value = values[name]
        values[name] = split_names(value) if isinstance(value, str) else tuple(str(v).strip() for v in value)
    return make_entry(path, number, values)


def split_names(cell: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in cell.split(MULTI_SEPARATOR) if name.strip())


def make_entry(path: Path, number: int, record: dict) -> Entry:
    entry_id, entry_type, kind = record["id"], record["type"].lower(), record["kind"].lower()
    if not entry_id:
        raise LexiconError(path, number, "the id column is empty; give every entry a short stable id such as SSE")
    if MULTI_SEPARATOR in entry_id:
        raise LexiconError(path, number, f"the id {entry_id!r} contains '|'; an entry has exactly one id")
    if entry_type in ORGANISATION_KINDS:  # shorthand: the kind written in the type column
        entry_type, kind = "organisation", kind or entry_type
    elif entry_type == "person":
        kind = kind or "person"
    if entry_type not in TYPES:
        raise LexiconError(path, number, f"unknown type {record['type']!r}; use one of {', '.join(TYPES)} "
                                         f"(or an organisation kind: {', '.join(ORGANISATION_KINDS)})")
    if entry_type == "organisation" and kind not in ORGANISATION_KINDS:
        raise LexiconError(path, number, f"unknown organisation kind {record['kind']!r}; use one of "
                                         f"{', '.join(ORGANISATION_KINDS)}")
    # An entry without names is fine here: in a user file it may only change a shipped entry's kind.
    # The Lexicon refuses entries that end up nameless.
    return Entry(id=entry_id, type=entry_type, kind=kind, name_zh=record["name_zh"], name_en=record["name_en"],
                 abbreviations=tuple(record["abbreviations"]), aliases=tuple(record["aliases"]),
                 source=f"{path}:{number}" if number else str(path))


# -- writing ---------------------------------------------------------------------------------------
HEADER = "\t".join(COLUMNS)


def write_entries(path: str | Path, entries: Iterable[Entry]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# factlex user lexicon: TAB-separated, '|' between several names; see `factlex lexicon --help`",
             HEADER, *(format_row(entry) for entry in entries)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def format_row(entry: Entry) -> str:
    cells = entry.to_row()
    for cell in cells:
        if "\t" in cell or "\n" in cell:
            raise LexiconError(None, None, f"entry {entry.id!r}: a name may not contain a TAB or a line break")
    return "\t".join(cells)


def add_entry(path: str | Path, entry: Entry, check=None) -> Entry:
    """Add `entry` to the user lexicon at `path` (created if missing); an existing id is extended.

    Returns the entry as now stored."""
    return add_entries(path, [entry], check)[0]


def add_entries(path: str | Path, entries: Iterable[Entry], check=None) -> list[Entry]:
    """Add several entries to the user lexicon at `path` in one write.

    `check(all_entries)` may raise LexiconError to refuse the change before anything is written."""
    path = Path(path)
    by_id = {e.id: e for e in read_entries(path)} if path.exists() else {}
    stored = []
    for entry in entries:
        by_id[entry.id] = by_id[entry.id].merged_with(entry) if entry.id in by_id else entry
        stored.append(by_id[entry.id])
    if check is not None:
        check(list(by_id.values()))
    write_entries(path, by_id.values())
    return stored


def export_entries(entries: Iterable[Entry], fmt: str = "tsv") -> str:
    """The entries as a TSV file (importable as is) or a JSON array."""
    entries = list(entries)
    if fmt == "json":
        return json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n"
    if fmt != "tsv":
        raise ValueError(f"unknown export format {fmt!r}; use tsv or json")
    return "\n".join([HEADER, *(format_row(e) for e in entries)]) + "\n"


def import_entries(path: str | Path, into: str | Path | None = None, check=None) -> list[Entry]:
    """Read entries from a TSV or JSON file (validated); with `into`, add them to that user lexicon."""
    entries = read_entries(path)
    if into is not None:
        add_entries(into, entries, check)
    return entries
