"""Bilingual search over stored sentences and facts.

A query is parsed here, never handed to FTS5 as typed: every term becomes a quoted FTS5 phrase of index
tokens (store.tokens), so quotes, AND/OR/NOT/NEAR, stars, SQL fragments and punctuation can never make
a syntax error or reach the database as code.

Query syntax (documented in `factlex search --help`):
  * words and Chinese terms are all required (AND);
  * "double quotes" (or “Chinese quotes”) make a phrase;
  * OR between two terms accepts either;
  * a trailing * on a Latin word is a prefix (innov* finds innovation, innovative);
  * -term or NOT term excludes sentences with the term;
  * anything else (stray quotes, brackets, NEAR(, SQL) is treated as plain words or dropped.

Cross-lingual: every term is expanded through the lexicon to all the names of what it names (CSRC ->
证监会, 中国证监会, China Securities Regulatory Commission). Runs of English words are matched against the
lexicon longest n-gram first, with a plural 's' tolerated ("innovation bonds" -> innovation bond ->
科创债 ...); a Chinese term that is not a lexicon name is segmented into the lexicon names inside it
(longest first), and those are expanded.

Results are documents, best first (bm25 of their best sentence), each with its best sentences, the query
terms' positions in them, and the facts they hold. Filters on facts (type, kind, unit, value range, entity,
date, modality, authority, rule) and on documents (language, date) work with or without a text query.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from .tokens import CJK_RANGES, token_spans, tokens

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64          # more than this is a pasted paragraph, not a query
MAX_NGRAM = 6           # longest run of words looked up in the lexicon as one name
DEFAULT_PER_DOC = 3     # sentences shown per document

OPERATORS_OR = {"OR", "|", "||"}
OPERATORS_AND = {"AND", "&", "&&", "+"}
OPERATORS_NOT = {"NOT"}
# Typographic quotes people paste or type with a Chinese input method, all read as ".
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"',
                        "『": '"', "』": '"', "＂": '"'})
HAS_CJK = re.compile(f"[{CJK_RANGES}]")
LATIN_WORD = re.compile(r"[a-z]+")


class QueryError(ValueError):
    """A query or filter the user has to fix; the message says how."""


class LexiconLike(Protocol):
    """What search needs of lexicon.Lexicon."""

    def expansions(self, term: str) -> set[str]: ...
    def resolve(self, name: str) -> Any: ...


# -- the parsed query ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    """Index tokens that must appear in this order; `prefix`: the last one is a word start."""

    words: tuple[str, ...]
    prefix: bool = False
    label: str = field(default="", compare=False)   # the name as the lexicon writes it, for display

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


@dataclass
class Term:
    """One thing the user asked for, as typed, with every phrase that counts as finding it.

    `parts` is a conjunction: usually one part (the term and its lexicon expansions); a Chinese term
    segmented into lexicon words has one part per segment.
    """

    text: str
    parts: list[list[Phrase]]

    def fts(self) -> str:
        groups = [any_of([p.fts() for p in minimal(part)]) for part in self.parts]
        return groups[0] if len(groups) == 1 else "(" + " AND ".join(groups) + ")"

    @property
    def phrases(self) -> list[Phrase]:
        return [phrase for part in self.parts for phrase in part]

    def expansions(self) -> list[str]:
        """The names the lexicon added, for showing the user what was searched."""
        typed = tokens(self.text)
        return list(dict.fromkeys(p.label or " ".join(p.words) for p in self.phrases if list(p.words) != typed))


@dataclass
class ParsedQuery:
    groups: list[list[Term]]            # AND of groups; each group an OR of terms
    excluded: list[Term] = field(default_factory=list)

    def fts(self) -> str:
        positive = " AND ".join(any_of([t.fts() for t in group]) for group in self.groups)
        if self.excluded:
            positive = f"({positive}) NOT {any_of([t.fts() for t in self.excluded])}"
        return positive

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def phrases(self) -> list[Phrase]:
        """Every phrase that counts as a hit, for highlighting."""
        return list(dict.fromkeys(phrase for term in self.terms for phrase in term.phrases))


def minimal(phrases: list[Phrase]) -> list[Phrase]:
    """The phrases no other phrase of the list is part of: a sentence with "sci tech innovation bond"
    already matches "innovation bond", and FTS5 ranks fewer alternatives much faster."""
    def inside(small: Phrase, big: Phrase) -> bool:
        size = len(small.words)
        return (small != big and not small.prefix and not big.prefix and size <= len(big.words)
                and any(big.words[i:i + size] == small.words for i in range(len(big.words) - size + 1)))

    return [p for p in phrases if not any(inside(other, p) for other in phrases)]


def any_of(items: list[str]) -> str:
    unique = list(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"


# -- parsing -------------------------------------------------------------------------------------
@dataclass
class _Word:
    text: str
    quoted: bool = False
    prefix: bool = False
    negated: bool = False


_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _lex(query: str) -> list[_Word | str]:
    """Words, quoted phrases and the operator OR, in order; other operators become flags or vanish."""
    items: list[_Word | str] = []
    negate_next = False
    for match in _PIECE.finditer(query.translate(QUOTES)):
        minus, quoted, bare = match.groups()
        if bare is None:
            items.append(_Word(quoted, quoted=True, negated=negate_next or bool(minus)))
            negate_next = False
        elif bare in OPERATORS_OR:
            items.append("OR")
        elif bare in OPERATORS_NOT:
            negate_next = True
        elif bare not in OPERATORS_AND:
            negated = negate_next or (bare.startswith("-") and len(bare) > 1)
            negate_next = False
            text = bare.lstrip("-") if negated else bare
            items.append(_Word(text.rstrip("*"), prefix=_is_prefix(text), negated=negated))
    return items


def _is_prefix(text: str) -> bool:
    """`innov*` is a prefix query; a star after Chinese means nothing (every character is a token)."""
    words = tokens(text.rstrip("*"))
    return text.endswith("*") and bool(words) and not HAS_CJK.match(words[-1])


def parse_query(query: str, lexicon: LexiconLike | None = None) -> ParsedQuery:
    """The query as groups of terms with their lexicon expansions. Raises QueryError when nothing in it
    can be searched for."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query)} characters long; at most {MAX_QUERY_CHARS} are accepted. "
                         "Search for the words that matter, or quote a phrase.")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for item in _merge_names(_lex(query), lexicon):
        if item == "OR":
            join_next = bool(groups)
            continue
        term = _term(item, lexicon)
        if term is None:
            continue
        if item.negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if len(groups) + len(excluded) > MAX_TERMS:
        raise QueryError(f"the query has {len(groups) + len(excluded)} terms; at most {MAX_TERMS} are "
                         "searched. Shorten it to the words that matter, or quote a phrase.")
    if not groups:
        what = "only excluded terms" if excluded else "no word, number or Chinese character to search for"
        raise QueryError(f"the query {query.strip()[:60]!r} has {what}. Type what you are looking for, e.g. "
                         "factlex search 科创债  or  factlex search \"basis points\"; or search by filters "
                         "only (--type, --kind, --entity ...).")
    return ParsedQuery(groups, excluded)


def _merge_names(items: list[_Word | str], lexicon: LexiconLike | None) -> list[_Word | str]:
    """Runs of plain words that together form a lexicon name become one term, longest name first:
    `innovation bonds` is one name (科创债), not the words innovation AND bonds."""
    if lexicon is None:
        return items
    out: list[_Word | str] = []
    position = 0
    while position < len(items):
        run_end = position
        while run_end < len(items) and _plain(items[run_end]):
            run_end += 1
        if run_end == position:
            out.append(items[position])
            position += 1
            continue
        out.extend(_longest_names(items[position:run_end], lexicon))
        position = run_end
    return out


def _plain(item: _Word | str) -> bool:
    return isinstance(item, _Word) and not (item.quoted or item.prefix or item.negated)


def _longest_names(words: list[_Word], lexicon: LexiconLike) -> list[_Word]:
    out = []
    start = 0
    while start < len(words):
        for size in range(min(MAX_NGRAM, len(words) - start), 1, -1):
            text = " ".join(w.text for w in words[start:start + size])
            if _lexicon_names(text, lexicon):
                out.append(_Word(text, quoted=True))
                start += size
                break
        else:
            out.append(words[start])
            start += 1
    return out


def _term(word: _Word, lexicon: LexiconLike | None) -> Term | None:
    words = tokens(word.text)
    if not words:
        return None
    typed = Phrase(tuple(words), word.prefix)
    if word.prefix or lexicon is None:
        return Term(word.text, [[typed]])
    names = _lexicon_names(word.text, lexicon)
    if names:
        return Term(word.text, [_dedupe([typed, *_phrases(names - {word.text})])])
    if HAS_CJK.search(word.text):
        parts = _segment(word.text, lexicon)
        if parts:
            return Term(word.text, parts)
    return Term(word.text, [[typed]])


def _lexicon_names(text: str, lexicon: LexiconLike) -> set[str]:
    """Every name of what `text` names, trying the singular of a trailing English plural too."""
    for candidate in _spellings(text):
        names = _safe_expansions(lexicon, candidate)
        if names:
            return names | {text}
    return set()


def _spellings(text: str) -> list[str]:
    text = " ".join(text.split())
    forms = [text]
    if re.search(r"[A-Za-z]{3,}s$", text) and not text.endswith("ss"):
        forms.append(text[:-1])
        if text.endswith("ies"):
            forms.append(text[:-3] + "y")
    if text.isascii() and text.lower() != text:
        forms.append(text.lower())
    if text.isascii() and len(text) <= 6 and text.upper() != text:
        forms.append(text.upper())          # csrc -> CSRC, pboc -> PBOC
    return list(dict.fromkeys(forms))


def _safe_expansions(lexicon: LexiconLike, text: str) -> set[str]:
    """The other names of `text` (empty when the lexicon knows none: it may answer {text} or nothing)."""
    own = tokens(text)
    names = {name for name in lexicon.expansions(text) or () if name and tokens(name)}
    return names if any(tokens(name) != own for name in names) else set()


def _phrases(names: Iterable[str]) -> list[Phrase]:
    """Index phrases of lexicon names; a name ending in a lower-case English noun also in its other
    number, since the index does no stemming and the lexicon lists one form (bond / bonds)."""
    phrases = []
    for name in sorted(names):
        words = tokens(name)
        if not words:
            continue
        phrases.append(Phrase(tuple(words), label=name))
        last = words[-1]
        if LATIN_WORD.fullmatch(last) and len(last) >= 3 and name.rstrip().endswith(last):
            # only common nouns written in lower case: not PBOC, not People's Bank of China
            phrases.append(Phrase(tuple(words[:-1] + [other_number(last)]), label=name))
    return phrases


def other_number(word: str) -> str:
    """bond <-> bonds, facility <-> facilities, index -> indexes: good enough for lexicon nouns."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _dedupe(phrases: list[Phrase]) -> list[Phrase]:
    return list(dict.fromkeys(phrases))


def _segment(text: str, lexicon: LexiconLike) -> list[list[Phrase]]:
    """A Chinese term that is not a lexicon name: the lexicon names inside it expanded, the rest kept as
    phrases in their order (央行再贷款 -> 央行 AND 再贷款, each with its other names). Empty when no
    name of two or more characters is inside (then the term is searched as typed).

    Segmentation is forward maximum matching against the lexicon: the longest known name at each
    position. For finding lexicon names this is what a lexicon-aware jieba gives too, without loading
    jieba's dictionary (a second per process) for a search.
    """
    parts: list[list[Phrase]] = []
    pending = ""
    position = 0
    while position < len(text):
        piece, names = _longest_name_at(text, position, lexicon)
        if not names:
            pending += text[position]
            position += 1
            continue
        if tokens(pending):
            parts.append([Phrase(tuple(tokens(pending)))])
        pending = ""
        parts.append(_dedupe([Phrase(tuple(tokens(piece))), *_phrases(names - {piece})]))
        position += len(piece)
    if not any(len(part) > 1 for part in parts):
        return []
    if tokens(pending):
        parts.append([Phrase(tuple(tokens(pending)))])
    return parts


MAX_NAME_CHARS = 24


def _longest_name_at(text: str, start: int, lexicon: LexiconLike) -> tuple[str, set[str]]:
    for end in range(min(len(text), start + MAX_NAME_CHARS), start + 1, -1):
        piece = text[start:end]
        if tokens(piece) and not piece[0].isspace() and not piece[-1].isspace():
            names = _lexicon_names(piece, lexicon)
            if names:
                return piece, names
    return "", set()


# -- filters -------------------------------------------------------------------------------------
FACT_TYPES = ("figure", "entity", "rule", "clause")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4])?$")
# Scale words accepted in --min/--max, so a filter can be typed the way the text writes amounts.
SCALE_WORDS = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3,
               "trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6,
               "m": 1e6, "thousand": 1e3, "k": 1e3}
UNIT_WORDS = {"", "元", "人民币", "元人民币", "yuan", "rmb", "cny", "美元", "usd", "$", "港元", "hkd", "欧元", "eur",
              "%", "pp", "bp", "bps", "个基点", "基点", "年", "year", "years", "个月", "月", "month", "months",
              "天", "日", "day", "days", "只", "家", "笔"}
AMOUNT = re.compile(r"^\s*([+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(\D*?)\s*$", re.IGNORECASE)


def parse_amount(text: str | float | int | None) -> float | None:
    """A --min/--max bound as the normalised number the store holds: 100亿元 -> 1e10, "5 billion" -> 5e9,
    3.5% -> 3.5, 25bp -> 25."""
    if text is None or isinstance(text, (int, float)):
        return text
    match = AMOUNT.match(str(text))
    rest = match.group(2).lower() if match else ""
    scale = 1.0
    for word in sorted(SCALE_WORDS, key=len, reverse=True):
        if rest.startswith(word) and rest[len(word):].strip() in UNIT_WORDS:
            scale, rest = SCALE_WORDS[word], rest[len(word):].strip()
            break
    if not match or rest not in UNIT_WORDS:
        raise QueryError(f"cannot read {text!r} as a number. Write it like 100亿元, 1e10, 5 billion, 3.5% or 25bp.")
    return float(match.group(1).replace(",", "")) * scale


@dataclass
class Filters:
    """Structured conditions. Fact conditions select facts (a sentence matches when it holds one);
    document conditions select documents."""

    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    entity_ids: tuple[str, ...] | None = None      # resolved from --entity
    authority_ids: tuple[str, ...] | None = None
    rule: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None

    @property
    def on_facts(self) -> bool:
        return bool(self.types or self.kinds or self.unit or self.min_value is not None
                    or self.max_value is not None or self.entity_ids is not None
                    or self.authority_ids is not None or self.rule or self.modality)

    def fact_sql(self) -> tuple[list[str], list[Any]]:
        """Conditions on `facts f JOIN documents d` (and the date filter, which then means the fact's date)."""
        where: list[str] = []
        args: list[Any] = []
        if self.types:
            where.append(f"f.type IN ({marks(self.types)})")
            args += self.types
        if self.kinds:
            where.append(f"f.kind IN ({marks(self.kinds)})")
            args += self.kinds
        if self.unit:
            where.append("f.unit = ? COLLATE NOCASE")
            args.append(self.unit)
        if self.min_value is not None:   # a range counts when it reaches into the bounds
            where.append("coalesce(f.value, f.high) >= ?")
            args.append(self.min_value)
        if self.max_value is not None:
            where.append("coalesce(f.value, f.low) <= ?")
            args.append(self.max_value)
        if self.entity_ids is not None:
            ids = marks(self.entity_ids)
            where.append(f"""(f.entity_id IN ({ids}) OR f.subject IN ({ids}) OR f.authority IN ({ids})
                         OR EXISTS (SELECT 1 FROM facts m INDEXED BY facts_doc_sentence
                                    WHERE m.doc_id = f.doc_id AND m.sentence = f.sentence
                                    AND m.entity_id IN ({ids})))""")
            args += list(self.entity_ids) * 4
        if self.authority_ids is not None:
            where.append(f"f.authority IN ({marks(self.authority_ids)})")
            args += self.authority_ids
        if self.modality:
            where.append("f.modality = ?")
            args.append(self.modality)
        if self.rule:
            where.append("""(f.rule_id IN (SELECT r.rule_id FROM facts r WHERE r.type = 'rule'
                             AND (r.rule_id = ? OR r.number = ? OR r.title LIKE ? ESCAPE '\\'))
                         OR (f.type = 'rule' AND (f.number = ? OR f.title LIKE ? ESCAPE '\\')))""")
            like = "%" + re.sub(r"([%_\\])", r"\\\1", self.rule.strip("《》 ")) + "%"
            args += [self.rule, self.rule, like, self.rule, like]
        if self.since or self.until:
            dated = ("coalesce(f.period, CASE WHEN f.type = 'figure' AND f.kind = 'date' THEN f.value_text END, "
                     "f.date, d.published)")
            where.append(f"{dated} NOT LIKE '-%'")
            where += self._date_sql(dated, args)
        return where, args

    def document_sql(self, with_sentences: bool = True) -> tuple[list[str], list[Any]]:
        """Conditions on `documents d` and, `with_sentences`, on the sentence `s` too: --lang en then
        also finds the English sentences of a mixed document."""
        where: list[str] = []
        args: list[Any] = []
        if self.lang and with_sentences:
            where.append("(d.lang = ? OR s.lang = ?)")
            args += [self.lang, self.lang]
        elif self.lang:
            where.append("d.lang = ?")
            args.append(self.lang)
        if (self.since or self.until) and not self.on_facts:
            where += self._date_sql("d.published", args)
        return where, args

    def _date_sql(self, column: str, args: list[Any]) -> list[str]:
        where = []
        if self.since:
            where.append(f"{column} >= ?")
            args.append(self.since)
        if self.until:   # "2024" includes 2024-12-31 and 2024-Q4: anything that starts with it
            where.append(f"{column} < ?")
            args.append(self.until + "~")
        return where


def marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not DATE.match(value):
        raise QueryError(f"{option} {value!r}: write a date as 2024, 2024-06, 2024-06-30 or 2024-Q3.")
    return value


def resolve_entity(store, name: str, lexicon: LexiconLike | None) -> tuple[str, ...]:
    """Every entity id `name` can mean: the lexicon's resolution of it and of its other names, stored
    aliases (any language, any case) and stored ids and names."""
    names = {name.strip()}
    ids: set[str] = set()
    if lexicon is not None:
        names |= _lexicon_names(name.strip(), lexicon)
        for candidate in list(names):
            ids |= entity_ids_of(lexicon.resolve(candidate))
    names_list = sorted(names)
    rows = store.db.execute(
        f"""SELECT entity_id FROM entity_aliases WHERE alias COLLATE NOCASE IN ({marks(names_list)})
            UNION SELECT id FROM entities WHERE id IN ({marks(names_list)})
               OR name_zh IN ({marks(names_list)}) OR name_en COLLATE NOCASE IN ({marks(names_list)})""",
        names_list * 4).fetchall()
    ids |= {row[0] for row in rows}
    return tuple(sorted(ids))


def entity_ids_of(resolved: Any) -> set[str]:
    """The id in whatever the lexicon's resolve() returned: an id, an entry with .id, a dict, a list."""
    if resolved is None:
        return set()
    if isinstance(resolved, str):
        return {resolved}
    if isinstance(resolved, dict):
        return {resolved["id"]} if resolved.get("id") else set()
    if isinstance(resolved, (list, tuple, set)):
        return set().union(*(entity_ids_of(item) for item in resolved)) if resolved else set()
    identifier = getattr(resolved, "id", None)
    return {identifier} if identifier else set()


# -- results -------------------------------------------------------------------------------------
@dataclass
class SentenceHit:
    idx: int | None
    text: str
    char_start: int
    char_end: int
    score: float | None
    highlights: list[tuple[int, int]]      # offsets into `text` of the query's terms
    facts: list[dict[str, Any]]

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The sentence with every highlighted stretch wrapped in `before` ... `after`."""
        out, position = [], 0
        for start, end in self.highlights:
            out += [self.text[position:start], before, self.text[start:end], after]
            position = end
        out.append(self.text[position:])
        return "".join(out)

    def to_json(self) -> dict[str, Any]:
        return {"sentence": self.idx, "text": self.text, "start": self.char_start, "end": self.char_end,
                "score": self.score, "highlights": [list(h) for h in self.highlights], "facts": self.facts}


@dataclass
class Hit:
    """One document that matches, with its best matching sentences."""

    doc_id: str
    path: str
    title: str | None
    lang: str | None
    published: str | None
    score: float | None                   # bm25 of the best sentence (higher is better); None without text
    matches: int                          # matching sentences (text query) or facts (filters only)
    sentences: list[SentenceHit]

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "path": self.path, "title": self.title, "lang": self.lang,
                "published": self.published, "score": self.score, "matches": self.matches,
                "sentences": [s.to_json() for s in self.sentences]}


@dataclass
class SearchResult:
    hits: list[Hit]
    query: ParsedQuery | None
    filters: Filters

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


# -- searching -----------------------------------------------------------------------------------
def search(store, query: str | None = None, *, lexicon: LexiconLike | None = None,
           types: Iterable[str] = (), kinds: Iterable[str] = (), unit: str | None = None,
           min_value: str | float | None = None, max_value: str | float | None = None,
           entity: str | None = None, since: str | None = None, until: str | None = None,
           lang: str | None = None, modality: str | None = None, authority: str | None = None,
           rule: str | None = None, limit: int = 20, per_doc: int = DEFAULT_PER_DOC) -> SearchResult:
    """Documents matching `query` (may be None or blank when filters are given) and the filters.

    Raises QueryError with a message for the user when the query or a filter cannot be used.
    `limit` counts documents; `per_doc` sentences shown per document (0: all).
    """
    filters = build_filters(store, lexicon, types=types, kinds=kinds, unit=unit, min_value=min_value,
                            max_value=max_value, entity=entity, since=since, until=until, lang=lang,
                            modality=modality, authority=authority, rule=rule)
    parsed = parse_query(query, lexicon) if query is not None and query.strip() else None
    if parsed is None and not (filters.on_facts or filters.lang or filters.since or filters.until):
        raise QueryError("nothing to search for: give a query (factlex search 科创债) or at least one filter "
                         "(--type, --kind, --entity, --since ...).")
    if parsed is not None:
        rows = _text_matches(store, parsed, filters, limit, per_doc)
    else:
        rows = _filter_matches(store, filters, limit, per_doc)
    phrases = parsed.phrases() if parsed else []
    return SearchResult(_hits(store, rows, filters, phrases), parsed, filters)


def build_filters(store, lexicon, *, types=(), kinds=(), unit=None, min_value=None, max_value=None,
                  entity=None, since=None, until=None, lang=None, modality=None, authority=None,
                  rule=None) -> Filters:
    types = tuple(types or ())
    unknown = [t for t in types if t not in FACT_TYPES]
    if unknown:
        raise QueryError(f"unknown fact type {unknown[0]!r}: use one of {', '.join(FACT_TYPES)}.")
    filters = Filters(types=types, kinds=tuple(kinds or ()), unit=unit or None,
                      min_value=parse_amount(min_value), max_value=parse_amount(max_value),
                      rule=rule or None, modality=modality or None, lang=lang or None,
                      since=check_date(since, "--since"), until=check_date(until, "--until"))
    if entity:
        filters.entity_ids = _known_entity(store, entity, lexicon, "--entity")
    if authority:
        filters.authority_ids = _known_entity(store, authority, lexicon, "--authority")
    return filters


def _known_entity(store, name: str, lexicon, option: str) -> tuple[str, ...]:
    ids = resolve_entity(store, name, lexicon)
    if not ids:
        raise QueryError(f"{option} {name!r}: no entity of that name in the lexicon or the database. "
                         "Check the spelling, or list names with `factlex lexicon list`.")
    return ids


# Both matchers return rows (doc_id, sentence idx, sentence score, document score, matches), grouped by
# document, best document first.
def _text_matches(store, parsed: ParsedQuery, filters: Filters, limit: int, per_doc: int) -> list[tuple]:
    """Sentences ranked by bm25, grouped into documents ranked by their best sentence.

    FTS5 ranks matches fastest with ORDER BY rank LIMIT, so the best `window` sentences are fetched and
    grouped here; the window grows until it holds `limit` documents or every match. A document's
    `matches` counts its sentences inside the window, so it is a lower bound for very common terms.
    """
    where, args = ["sentences_fts MATCH ?"], [parsed.fts()]
    doc_where, doc_args = filters.document_sql()
    where += doc_where
    args += doc_args
    if filters.on_facts:
        fact_where, fact_args = filters.fact_sql()
        where.append("EXISTS (SELECT 1 FROM facts f WHERE f.doc_id = s.doc_id AND f.sentence = s.idx AND "
                     + " AND ".join(fact_where) + ")")
        args += fact_args
    if len(where) == 1:   # text only: let FTS5 pick the best sentences before any join
        sql = """SELECT s.doc_id, s.idx, best.rank FROM (
                   SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?) best
                 JOIN sentences s ON s.rowid = best.rowid ORDER BY best.rank"""
    else:
        sql = f"""SELECT s.doc_id, s.idx, fts.rank FROM sentences_fts fts
                  JOIN sentences s ON s.rowid = fts.rowid JOIN documents d ON d.id = s.doc_id
                  WHERE {' AND '.join(where)} ORDER BY fts.rank LIMIT ?"""
    window = max(200, limit * max(per_doc, 1) * 4)
    while True:
        rows = _run(store, sql, [*args, window])
        documents: dict[str, list[tuple]] = {}
        for doc_id, idx, rank in rows:
            documents.setdefault(doc_id, []).append((idx, -rank))
        if len(documents) >= limit or len(rows) < window:
            break
        window *= 4
    out = []
    for doc_id, sentences in list(documents.items())[:limit]:
        best = sentences[0][1]
        shown = sentences if per_doc == 0 else sentences[:per_doc]
        out += [(doc_id, idx, score, best, len(sentences)) for idx, score in shown]
    return out


def _filter_matches(store, filters: Filters, limit: int, per_doc: int) -> list[tuple]:
    """Without a text query: the newest documents holding a matching fact, with the sentences that hold
    them; or (document filters only) the newest matching documents with their first sentences."""
    doc_where, doc_args = filters.document_sql(with_sentences=filters.on_facts)
    if filters.on_facts:
        fact_where, args = filters.fact_sql()
        where, args = fact_where + doc_where, args + doc_args
        source = "FROM facts f JOIN documents d ON d.id = f.doc_id"
        if filters.lang:
            source += " LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence"
        documents = _run(store, f"""SELECT d.id, count(*) {source} WHERE {' AND '.join(where)}
                                    GROUP BY d.id ORDER BY d.published DESC, d.path, d.id LIMIT ?""",
                         [*args, limit])
        sentences_sql = f"""SELECT DISTINCT f.sentence {source} WHERE f.doc_id = ? AND {' AND '.join(where)}
                            ORDER BY f.sentence LIMIT ?"""
        sentence_args = args
    else:
        documents = _run(store, f"""SELECT d.id, 0 FROM documents d WHERE {' AND '.join(doc_where) or '1'}
                                    ORDER BY d.published DESC, d.path, d.id LIMIT ?""", [*doc_args, limit])
        sentences_sql, sentence_args = "SELECT idx FROM sentences WHERE doc_id = ? ORDER BY idx LIMIT ?", []
    out = []
    for doc_id, count in documents:
        for (idx,) in _run(store, sentences_sql, [doc_id, *sentence_args, per_doc or -1]):
            out.append((doc_id, idx, None, None, count))
    return out


def _run(store, sql: str, args: list[Any]) -> list[tuple]:
    import sqlite3

    try:
        return store.db.execute(sql, args).fetchall()
    except sqlite3.OperationalError as error:  # the parser quotes everything, so this is our bug or the DB's
        raise QueryError(f"the search failed in the database ({error}). Please report this query.") from error


def _hits(store, rows: list[tuple], filters: Filters, phrases: list[Phrase]) -> list[Hit]:
    hits: dict[str, Hit] = {}
    for doc_id, idx, score, best, count in rows:
        hit = hits.get(doc_id)
        if hit is None:
            doc = store.db.execute("SELECT path, title, lang, published FROM documents WHERE id = ?",
                                   [doc_id]).fetchone()
            hit = hits[doc_id] = Hit(doc_id, *doc, score=_round(best), matches=count, sentences=[])
        hit.sentences.append(_sentence_hit(store, doc_id, idx, _round(score), filters, phrases))
    return list(hits.values())


def _round(score: float | None) -> float | None:
    return None if score is None else round(score, 4)


def _sentence_hit(store, doc_id: str, idx: int | None, score, filters: Filters,
                  phrases: list[Phrase]) -> SentenceHit:
    row = store.db.execute("SELECT text, char_start, char_end FROM sentences WHERE doc_id = ? AND idx IS ?",
                           [doc_id, idx]).fetchone() or ("", 0, 0)
    where, args = ["f.doc_id = ?", "f.sentence IS ?"], [doc_id, idx]
    if filters.on_facts:
        fact_where, fact_args = filters.fact_sql()
        where += fact_where
        args += fact_args
    facts = [fact_record(r) for r in store.db.execute(
        f"""SELECT f.type, f.text, f.char_start, f.char_end, f.attrs FROM facts f
            JOIN documents d ON d.id = f.doc_id WHERE {' AND '.join(where)} ORDER BY f.char_start""", args)]
    return SentenceHit(idx, row[0], row[1], row[2], score, highlight(row[0], phrases), facts)


def fact_record(row: tuple) -> dict[str, Any]:
    """A stored fact in the JSON form the parsers produce (type, text, start, end and its fields)."""
    fact_type, text, start, end, attrs = row
    fields = json.loads(attrs) if attrs else {}
    return {"type": fact_type, "text": text, "start": start, "end": end, **fields}


def highlight(text: str, phrases: list[Phrase]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) stretches of `text` that the query's phrases match, in order: the
    sentence is tokenised exactly as the index is, so a highlight is what FTS5 matched."""
    spans = token_spans(text)
    words = [token for token, _, _ in spans]
    found = []
    for phrase in phrases:
        size = len(phrase.words)
        for first in range(len(words) - size + 1):
            if _phrase_at(words, first, phrase):
                found.append((spans[first][1], spans[first + size - 1][2]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _phrase_at(words: list[str], first: int, phrase: Phrase) -> bool:
    *whole, last = phrase.words
    candidate = words[first:first + len(phrase.words)]
    if candidate[:-1] != whole:
        return False
    return candidate[-1].startswith(last) if phrase.prefix else candidate[-1] == last


def time_search(store, queries: Iterable[str], *, lexicon: LexiconLike | None = None,
                limit: int = 20) -> dict[str, Any]:
    """Run each query once and report how long searching took, for the benchmark script:
    {"queries": n, "seconds": total, "per_query_ms": {query: ms}, "median_ms", "max_ms", "hits": {query: n}}
    (hits -1: the query was rejected)."""
    timings: dict[str, float] = {}
    found: dict[str, int] = {}
    for query in queries:
        started = time.perf_counter()
        try:
            found[query] = len(search(store, query, lexicon=lexicon, limit=limit))
        except QueryError:
            found[query] = -1
        timings[query] = (time.perf_counter() - started) * 1000
    ordered = sorted(timings.values())
    return {"queries": len(timings), "seconds": round(sum(ordered) / 1000, 4),
            "per_query_ms": {q: round(ms, 2) for q, ms in timings.items()},
            "median_ms": round(ordered[len(ordered) // 2], 2) if ordered else 0.0,
            "max_ms": round(ordered[-1], 2) if ordered else 0.0, "hits": found}
