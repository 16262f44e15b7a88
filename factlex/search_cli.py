"""`factlex search`, `factlex show` and `factlex export`: reading the database from a terminal or a job.

Registered on the main group by factlex.cli; the work itself is in store.search and store.export.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .options import db_option, format_option, lexicon_option, open_store_or_exit, user_lexicon_files

FACT_TYPES = ("figure", "entity", "rule", "clause")
MODALITIES = ("obligation", "prohibition", "permission", "limit", "definition")
# How `show` and `search` mark facts: a colour on a terminal, brackets in a pipe or file.
TYPE_COLOURS = {"figure": "yellow", "entity": "cyan", "rule": "magenta", "clause": None}
TYPE_BRACKETS = {"figure": ("[", "]"), "entity": ("{", "}"), "rule": ("<", ">"), "clause": ("⟦", "⟧")}
HIT_STYLE = {"fg": "red", "bold": True}
ID_PREFIX_MIN = 6


def _load_lexicon(lexicon_files: tuple[str, ...]):
    """The lexicon for query expansion, or None (with a warning) when it cannot be loaded."""
    try:
        from lexicon import load_lexicon
    except ImportError:
        click.echo("factlex: warning: the lexicon is not available; searching without cross-lingual "
                   "expansion.", err=True)
        return None
    try:
        return load_lexicon([Path(p) for p in user_lexicon_files(lexicon_files)])
    except Exception as error:  # a malformed user file must give a message, not a traceback
        raise click.ClickException(f"could not load the lexicon: {error}") from None


def _colour() -> bool:
    return sys.stdout.isatty()


# -- search --------------------------------------------------------------------------------------
@click.command()
@click.argument("query", nargs=-1)
@click.option("--type", "types", multiple=True, type=click.Choice(FACT_TYPES),
              help="Only sentences holding a fact of this type; repeatable.")
@click.option("--kind", "kinds", multiple=True,
              help="Figure kind (money, percent, bp, count, date, duration ...) or entity kind; repeatable.")
@click.option("--unit", help="Figure unit: CNY, USD, %, bp, year ...")
@click.option("--min", "min_value", help="Smallest normalised value: 1e10, 100亿元, '5 billion', 3.5%.")
@click.option("--max", "max_value", help="Largest normalised value, written like --min.")
@click.option("--entity", help="Facts about this entity, by any name or alias in either language (SSE, 上交所).")
@click.option("--since", help="From this date on (2024, 2024-06, 2024-06-30): the fact's date, else the "
                              "document's published date.")
@click.option("--until", help="Up to and including this date, written like --since.")
@click.option("--lang", type=click.Choice(["zh", "en", "mixed"]), help="Document or sentence language.")
@click.option("--modality", type=click.Choice(MODALITIES), help="Clauses of this modality.")
@click.option("--authority", help="Rules and clauses issued by this authority (any alias).")
@click.option("--rule", help="Facts belonging to this rule: its document number, title or rule id.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Documents to show.")
@click.option("--per-doc", type=click.IntRange(0, 1000), default=3, show_default=True,
              help="Sentences to show per document (0: all).")
@db_option
@lexicon_option
@format_option("table", "json", "csv")
def search(query, types, kinds, unit, min_value, max_value, entity, since, until, lang, modality, authority,
           rule, limit, per_doc, db_path, lexicon_files, output_format):
    """Search documents and facts, in Chinese or English, by text and/or filters.

    \b
    Query syntax:
      科创债 央行                 every term must appear (in any order)
      "basis points"            a phrase
      科创债 OR "innovation bond"  either term
      innov*                    a word prefix (Latin words)
      -利率  or  NOT 利率         sentences without the term
    Anything else (stray quotes, brackets, SQL) is read as plain words. A term that names something
    in the lexicon also finds its other names: CSRC finds 证监会 and 中国证监会, 央行 finds
    "People's Bank of China", "basis points" finds bp and 个基点.

    \b
    Examples:
      factlex search 科创债
      factlex search --type figure --kind money --min 100亿元 --entity SSE --since 2024 --until 2024
      factlex search 发行 --lang zh --format csv > hits.csv

    Exit status: 0 (also when nothing matches), 1 when the query or a filter cannot be used.
    """
    from store.search import QueryError, search as run_search

    text = " ".join(query)
    store = open_store_or_exit(db_path, create=False)
    try:
        lexicon = _load_lexicon(lexicon_files)
        result = run_search(store, text or None, lexicon=lexicon, types=types, kinds=kinds, unit=unit,
                            min_value=min_value, max_value=max_value, entity=entity, since=since, until=until,
                            lang=lang, modality=modality, authority=authority, rule=rule, limit=limit,
                            per_doc=per_doc)
    except QueryError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    {"table": _print_hits_table, "json": _print_hits_json, "csv": _print_hits_csv}[output_format](result)


def _expansion_line(result) -> str | None:
    if result.query is None:
        return None
    parts = []
    for term in result.query.terms:
        extra = term.expansions()
        parts.append(term.text + (f" (+ {', '.join(extra[:8])}{' …' if len(extra) > 8 else ''})" if extra else ""))
    return "searched for: " + "; ".join(parts)


def _print_hits_table(result) -> None:
    from .report import describe_fact, pad

    colour = _colour()
    line = _expansion_line(result)
    if line and any(term.expansions() for term in result.query.terms):
        click.echo(click.style(line, dim=True) if colour else line)
    if not result.hits:
        click.echo("no matching documents")
        return
    for number, hit in enumerate(result.hits, 1):
        about = [hit.lang or "?", hit.published or "", f"{hit.matches} matching" if hit.matches else "",
                 f"score {hit.score:.2f}" if hit.score is not None else ""]
        title = f"  {hit.title}" if hit.title and hit.title not in hit.path else ""
        header = f"{number}. {hit.path}{title}  [{' · '.join(a for a in about if a)}]"
        click.echo(click.style(header, bold=True) if colour else header)
        for sentence in hit.sentences:
            click.echo("   " + _marked(sentence, colour))
            for fact in sentence.facts:
                click.echo(f"      {fact['type']:7} {pad(' '.join(fact['text'].split()), 24)}  {describe_fact(fact)}")
    click.echo(f"{len(result.hits)} document{'s' if len(result.hits) != 1 else ''}")


def _marked(sentence, colour: bool) -> str:
    text = " ".join(sentence.text.split())
    if not colour:
        return " ".join(sentence.marked("[", "]").split())
    out, position = [], 0
    for start, end in sentence.highlights:
        out += [sentence.text[position:start], click.style(sentence.text[start:end], **HIT_STYLE)]
        position = end
    out.append(sentence.text[position:])
    return " ".join("".join(out).split()) if sentence.highlights else text


def _print_hits_json(result) -> None:
    query = None
    if result.query is not None:
        query = {"fts": result.query.fts(),
                 "terms": [{"text": t.text, "expansions": t.expansions()} for t in result.query.terms]}
    click.echo(json.dumps({"query": query, "hits": [hit.to_json() for hit in result.hits]},
                          ensure_ascii=False, indent=1, default=str))


CSV_FACT_FIELDS = ("kind", "value", "low", "high", "unit", "cmp", "id", "modality", "rule_id")


def _print_hits_csv(result) -> None:
    """One row per fact of each shown sentence (a sentence without facts: one row, fact columns empty)."""
    from .report import describe_fact, print_rows

    rows = []
    for hit in result.hits:
        for sentence in hit.sentences:
            base = {"doc_id": hit.doc_id, "path": hit.path, "title": hit.title, "lang": hit.lang,
                    "published": hit.published, "score": hit.score, "sentence_idx": sentence.idx,
                    "sentence": sentence.marked("[", "]")}
            empty = {"fact_type": None, "fact_text": None, "start": None, "end": None,
                     **{name: None for name in CSV_FACT_FIELDS}, "meaning": None}
            for fact in sentence.facts or [None]:
                row = {**base, **empty}
                if fact is not None:
                    row.update({"fact_type": fact["type"], "fact_text": fact["text"], "start": fact["start"],
                                "end": fact["end"], **{n: fact.get(n) for n in CSV_FACT_FIELDS},
                                "meaning": describe_fact(fact)})
                rows.append(row)
    print_rows(rows, "csv")


# -- show ----------------------------------------------------------------------------------------
@click.command()
@click.argument("doc")
@db_option
@click.option("--facts-only", is_flag=True, help="Only the list of facts, not the text.")
@format_option("table", "json")
def show(doc, db_path, facts_only, output_format):
    """Print a stored document with its facts marked, then the list of facts.

    DOC is a document id (or its first characters), a path (or its end, e.g. the file name) or part of
    the title. On a terminal facts are coloured (figures yellow, entities cyan, rules magenta, clauses
    underlined); otherwise they are bracketed: [figure] {entity} <rule> ⟦clause⟧.
    """
    from .report import describe_fact, print_rows
    from store.search import fact_record

    store = open_store_or_exit(db_path, create=False)
    try:
        row = _find_document(store, doc)
        facts = [fact_record(r) for r in store.db.execute(
            "SELECT type, text, char_start, char_end, attrs FROM facts WHERE doc_id = ? ORDER BY char_start, "
            "char_end DESC", [row["id"]])]
    finally:
        store.close()
    if output_format == "json":
        click.echo(json.dumps({**{k: v for k, v in row.items() if k != "text" or not facts_only}, "facts": facts},
                              ensure_ascii=False, indent=1, default=str))
        return
    colour = _colour()
    header = (f"{row['path']}  {row['title'] or ''}\n{row['id'][:12]} · {row['lang'] or '?'} · "
              f"{row['published'] or 'no date'} · {len(facts)} facts")
    click.echo(click.style(header, bold=True) if colour else header)
    if not facts_only:
        if not colour:
            click.echo("legend: " + " ".join(f"{o}{t}{c}" for t, (o, c) in TYPE_BRACKETS.items()))
        click.echo()
        click.echo(render_document(row["text"], facts, colour))
        click.echo()
    print_rows([{"type": f["type"], "at": f"{f['start']}-{f['end']}", "text": f["text"],
                 "meaning": describe_fact(f)} for f in facts], "table")


def _find_document(store, doc: str) -> dict:
    """The one document `doc` names; a clear error when it names none or several."""
    lookups = [
        ("id", "SELECT * FROM documents WHERE id LIKE ? || '%'", doc.lower() if len(doc) >= ID_PREFIX_MIN else None),
        ("path", "SELECT * FROM documents WHERE path = ?", str(Path(doc).resolve())),
        ("path", "SELECT * FROM documents WHERE path = ?", doc),
        ("path", "SELECT * FROM documents WHERE path LIKE '%' || ? ESCAPE '\\'", _like(doc)),
        ("title", "SELECT * FROM documents WHERE title LIKE '%' || ? || '%' ESCAPE '\\'", _like(doc)),
        ("path", "SELECT * FROM documents WHERE path LIKE '%' || ? || '%' ESCAPE '\\'", _like(doc)),
    ]
    for _, sql, value in lookups:
        if value is None:
            continue
        rows = list(store.db.query(sql, [value]))
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            names = "\n  ".join(f"{r['id'][:12]}  {r['path']}" for r in rows[:10])
            raise click.ClickException(f"{doc!r} names {len(rows)} documents; give more of the id or path:\n  "
                                       f"{names}")
    raise click.ClickException(f"no stored document matches {doc!r} (by id, path or title). "
                               "List documents with `factlex search --lang zh` or `factlex stats`.")


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def render_document(text: str, facts: list[dict], colour: bool) -> str:
    """`text` with every properly nested fact marked: colour by type (clauses underlined) or brackets.
    A fact that crosses another's boundary is listed but not marked, so markers never interleave."""
    spans = _nested_spans(facts)
    if not colour:
        return _bracketed(text, spans)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        active = [t for s, e, t in spans if s <= start and end <= e]
        inner = [t for t in active if t != "clause"]
        style = {"fg": TYPE_COLOURS[inner[-1]]} if inner else {}
        if "clause" in active:
            style["underline"] = True
        out.append(click.style(text[start:end], **style) if style else text[start:end])
    return "".join(out)


def _nested_spans(facts: list[dict]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the facts that nest (outermost first at equal starts)."""
    accepted: list[tuple[int, int, str]] = []
    stack: list[tuple[int, int, str]] = []
    for fact in sorted(facts, key=lambda f: (f["start"], -f["end"])):
        span = (fact["start"], fact["end"], fact["type"])
        while stack and stack[-1][1] <= span[0]:
            stack.pop()
        if span[1] <= span[0] or (stack and span[1] > stack[-1][1]):
            continue
        accepted.append(span)
        stack.append(span)
    return accepted


def _bracketed(text: str, spans: list[tuple[int, int, str]]) -> str:
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for start, end, fact_type in spans:   # outermost first, so opens nest outside-in
        opens.setdefault(start, []).append(TYPE_BRACKETS[fact_type][0])
        closes.setdefault(end, []).insert(0, TYPE_BRACKETS[fact_type][1])
    out = []
    for position in range(len(text) + 1):
        out += closes.get(position, []) + opens.get(position, [])
        if position < len(text):
            out.append(text[position])
    return "".join(out)


# -- export --------------------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--format", "output_format", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv",
              show_default=True, help="File format (parquet needs: pip install 'factlex[parquet]').")
@click.option("--output", "-o", help="Folder for one file per type (default factlex-export/), or the file "
                                     "for --wide (default facts.FORMAT; '-' for stdout).")
@click.option("--type", "types", multiple=True, type=click.Choice(FACT_TYPES), help="Only these fact types.")
@click.option("--since", help="Only documents written after ingest run RUN_ID, or at/after an ISO timestamp "
                              "(UTC unless it has an offset).")
@click.option("--wide", is_flag=True, help="One file with every type's columns instead of one file per type.")
def export(db_path, output_format, output, types, since, wide):
    """Export facts with their document metadata for analytics databases.

    Each row: fact id, type, document (id, path, title, language, published date, run, extractor
    version), offsets, text, sentence, and the type's normalised fields (value, unit, canonical entity
    id ...). Column meanings are in docs/SCHEMA.md.

    \b
    Incremental loads, e.g. a daily job:
      factlex export --since 41 -o out/      # documents written by runs after run 41
    The last line printed names the run to pass to --since next time. Every fact of each exported
    document is included, so replace a document's rows by doc_id when loading.
    """
    from store.export import ExportError, export_facts

    store = open_store_or_exit(db_path, create=False)
    try:
        summary = export_facts(store, output, fmt=output_format, types=types, since=since, wide=wide)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()
    for path, rows in summary.files.items():
        if path != "-":
            click.echo(f"{rows:>8} rows -> {path}", err=True)
    next_since = summary.last_run if summary.last_run is not None else summary.exported_at
    click.echo(f"exported {summary.rows} facts; next incremental export: --since {next_since}", err=True)
