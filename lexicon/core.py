"""The Lexicon: shipped data plus user files, name resolution, and the lazily built matchers."""
from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import re
import tempfile
from functools import cached_property
from math import log
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Sequence

from .entry import Entry, LexiconError
from .files import read_entries
from .matcher import NameMatcher
from .names import contains_han, exact_key, normalised_key

DATA_DIR = Path(__file__).parent / "data"
FUZZY_CUTOFF = 93  # rapidfuzz ratio (0-100) on normalised names: typos and near variants only
MEMO_SIZE = 50_000  # answers a Memo keeps before starting afresh
FUZZY_MIN_LENGTH = {"han": 5, "latin": 8}  # shorter names are too easily confused to guess at
# Entry types whose names are found in running text. Products and terms are found too, though never
# reported as entities: a longer term ("银行间市场", interbank market) must be able to win against a
# name it contains ("中国银行" in "中国银行间市场").
MATCHED_TYPES = ("organisation", "person", "product", "term")
ENTITY_TYPES = ("organisation", "person")
BLOCKING_TYPES = ("product", "term")
# jieba word frequency for lexicon names: high enough that a name is not cut into common words.
NAME_FREQUENCY = 20000


def load_lexicon(user_files: Sequence[str | Path] = ()) -> "Lexicon":
    """The shipped lexicon (lexicon/data/*.tsv) with `user_files` layered on top, in order.

    A user entry with an id that exists already overrides its names and kind and adds its aliases.
    Raises LexiconError (file, line, what to fix) for a malformed file."""
    return Lexicon([shipped_entries(), *(read_entries(path) for path in user_files)])


def shipped_entries() -> list[Entry]:
    return [entry for path in sorted(DATA_DIR.glob("*.tsv")) for entry in read_entries(path)]


def check_user_entries(entries: Sequence[Entry]) -> None:
    """Raise LexiconError if these user entries would not load over the shipped lexicon."""
    Lexicon([shipped_entries(), entries])


class Lexicon:
    def __init__(self, layers: Iterable[Iterable[Entry]]):
        self._entries: dict[str, Entry] = {}
        self._owner: dict[str, tuple[str, int]] = {}  # exact key -> (entry id, layer)
        for layer_number, layer in enumerate(layers):
            self._add_layer(layer_number, list(layer))
        self._exact = {key: owner for key, (owner, _) in self._owner.items()}

    # -- building ----------------------------------------------------------------------------------
    def _add_layer(self, layer_number: int, entries: list[Entry]) -> None:
        defined_here: dict[str, Entry] = {}
        for entry in entries:
            if entry.id in defined_here:
                first = defined_here[entry.id]
                path, line = _split_source(entry.source)
                raise LexiconError(path, line, f"id {entry.id!r} is already defined at {first.source}; "
                                               "merge the two lines or give one a different id")
            defined_here[entry.id] = entry
            current = self._entries.get(entry.id)
            self._entries[entry.id] = current.merged_with(entry) if current else entry
        for entry in entries:
            names = self._entries[entry.id].names()
            if not names:
                path, line = _split_source(entry.source)
                raise LexiconError(path, line, f"entry {entry.id!r} has no name; fill name_zh or name_en")
            for name in names:
                self._claim(name, entry, layer_number)

    def _claim(self, name: str, entry: Entry, layer_number: int) -> None:
        key = exact_key(name)
        owner = self._owner.get(key)
        if owner and owner[0] != entry.id and owner[1] == layer_number:
            path, line = _split_source(entry.source)
            other = self._entries[owner[0]]
            raise LexiconError(path, line, f"the name {name!r} of {entry.id!r} already belongs to {other.id!r} "
                                           f"({other.source}); a name may point at one entry only -- remove it "
                                           "from one of them")
        if not owner or owner[1] < layer_number or owner[0] == entry.id:
            self._owner[key] = (entry.id, layer_number)  # a later layer (the user's) takes the name over

    # -- lookup ------------------------------------------------------------------------------------
    def get(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def entries(self, type: str | None = None, kind: str | None = None) -> list[Entry]:
        return [e for e in self._entries.values()
                if (type is None or e.type == type) and (kind is None or e.kind == kind)]

    def lookup(self, name: str) -> Entry | None:
        """Exact lookup (case, width and spacing aside): what the text matchers use."""
        owner = self._exact.get(exact_key(name))
        return self._entries[owner] if owner else None

    def resolve(self, name: str) -> Entry | None:
        """The entry `name` refers to: exact alias, then normalised form, then a close fuzzy match."""
        if not name or not name.strip():
            return None
        return self._resolved[name]  # documents repeat names: the answer is remembered

    @cached_property
    def _resolved(self) -> "Memo":
        return Memo(lambda name: self.lookup(name) or self._resolve_normalised(name) or self._resolve_fuzzy(name))

    def _resolve_normalised(self, name: str) -> Entry | None:
        owner = self._normalised.get(normalised_key(name))
        return self._entries[owner] if owner else None

    def _resolve_fuzzy(self, name: str) -> Entry | None:
        from rapidfuzz import fuzz, process, utils

        key = normalised_key(name)
        script = "han" if contains_han(key) else "latin"
        if len(key) < FUZZY_MIN_LENGTH[script]:
            return None
        choices = self._fuzzy_choices[script]
        best = process.extractOne(key, choices, scorer=fuzz.ratio, processor=utils.default_process,
                                  score_cutoff=FUZZY_CUTOFF)
        return self._entries[self._normalised[best[0]]] if best else None

    @cached_property
    def _normalised(self) -> dict[str, str]:
        """Normalised key -> entry id; a key two entries share is ambiguous and left out."""
        owners: dict[str, set[str]] = {}
        for key, entry_id in self._exact.items():
            owners.setdefault(normalised_key(key), set()).add(entry_id)
        return {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1 and key}

    @cached_property
    def _fuzzy_choices(self) -> dict[str, list[str]]:
        choices: dict[str, list[str]] = {"han": [], "latin": []}
        for key, entry_id in self._normalised.items():
            if self._entries[entry_id].type in ENTITY_TYPES:
                choices["han" if contains_han(key) else "latin"].append(key)
        return choices

    def metric_terms(self) -> dict[str, str]:
        """Every surface form of every metric -> the metric id (for the figure parser)."""
        return {name: entry.id for entry in self.entries("metric") for name in entry.names()}

    def expansions(self, term: str) -> set[str]:
        """All names (both languages) of the entry `term` names; just {term} when it names none."""
        entry = self.lookup(term) or self._resolve_normalised(term)
        return set(entry.names()) | {term} if entry else {term}

    # -- heavy objects, built on first use ---------------------------------------------------------
    def prepare(self) -> None:
        """Build everything that is otherwise built on first use (the name matcher, jieba's dictionary,
        the normalised and fuzzy keys of resolve()), so a worker's warm-up pays for it -- not whichever
        document first needs it (loading jieba's dictionary alone takes about a second)."""
        self.name_matcher, self._han_words, self._fuzzy_choices  # noqa: B018 -- built for their side effect
        import rapidfuzz.process  # noqa: F401 -- the first fuzzy resolve would import it

    def cached(self, key: Hashable, build):
        """An object derived from this lexicon (a parser's compiled patterns), built once on first use."""
        store = self.__dict__.setdefault("_derived", {})
        if key not in store:
            store[key] = build()
        return store[key]

    @cached_property
    def name_matcher(self) -> NameMatcher:
        """Finds the names of organisations and people in running text, and those product and term
        names that could overlap one of them (银行间市场 against 中国银行): the only ones that matter."""
        def own_names(types):
            return [name for entry in self._entries.values() if entry.type in types
                    for name in entry.names() if self._exact.get(exact_key(name)) == entry.id]

        entity_names = own_names(ENTITY_TYPES)
        edges = name_edges(entity_names)
        blockers = [name for name in own_names(BLOCKING_TYPES) if overlaps_a_name(name, entity_names, edges)]
        return NameMatcher(variant for name in (*entity_names, *blockers) for variant in text_variants(name))

    def jieba_tokenizer(self):
        """A private jieba.Tokenizer that knows every Chinese lexicon name (HMM off keeps them whole)."""
        return self._jieba

    def han_words(self, text: str) -> list[str]:
        """The words of `text` exactly as `jieba_tokenizer().lcut(text, HMM=False)` cuts them, faster."""
        return self._han_words.words(text)

    def han_words_tagged(self, tags: frozenset[str]) -> frozenset[str]:
        """The words jieba's own dictionary gives one of these part-of-speech tags (v verb, d adverb,
        c conjunction ...), read once per tag set: a parser's table of what a word usually is."""
        return self.cached(("han_words_tagged", tags),
                           lambda: words_tagged(jieba_dictionary(self._jieba), tags, private_cache_dir()))

    @cached_property
    def _han_words(self) -> "HanWords":
        return HanWords(self._jieba)

    @cached_property
    def _jieba(self):
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        cache_dir = private_cache_dir()
        tokenizer.tmp_dir = cache_dir  # should jieba ever write a cache itself: not the shared /tmp/jieba.cache
        load_prefix_dict(tokenizer, cache_dir)
        for entry in self._entries.values():
            if entry.type in MATCHED_TYPES:
                for name in entry.names():
                    if contains_han(name) and " " not in name:
                        tokenizer.add_word(name, freq=NAME_FREQUENCY)
        return tokenizer


class Memo(dict):
    """Answers remembered by key: `memo[key]` computes `compute(key)` the first time. Bounded for
    long-running workers, which meet ever new words: when full it starts afresh. A hit is one dict
    lookup, which matters where a parser asks for every word of a text."""

    def __init__(self, compute: Callable[[Any], Any], size: int = MEMO_SIZE):
        super().__init__()
        self.compute, self.size = compute, size

    def __missing__(self, key: Hashable) -> Any:
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.compute(key)
        return value


# The characters jieba treats as Han (its re_han_default); anything else it cuts differently.
JIEBA_HAN_ONLY = re.compile("[\u4e00-\u9fd5]+")


class HanWords:
    """jieba's dictionary segmentation (HMM off) of a run of Han characters, without jieba's overhead.

    Discovery segments a short window before every candidate name -- thousands per megabyte -- and
    jieba spends most of such a call on generators and dicts. This is the same algorithm (the most
    probable path through the dictionary's word graph, computed right to left; ties go to the longer
    word) with the same arithmetic, so the words are identical; other text goes to jieba itself."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.frequency = tokenizer.FREQ  # every word, and every prefix of a word with frequency 0
        self.log_total = log(tokenizer.total)
        self.word_costs: dict[str, float] = {}  # word -> log(frequency) - log(total), filled on first use

    def words(self, text: str) -> list[str]:
        if len(text) < 2 or not JIEBA_HAN_ONLY.fullmatch(text):
            return self.tokenizer.lcut(text, HMM=False) if text else []
        frequency, length = self.frequency, len(text)
        # score[i]: log probability of the best cut of text[i:]; first_end[i]: where its first word ends
        score, first_end = [0.0] * (length + 1), [0] * (length + 1)
        for start in range(length - 1, -1, -1):
            best, best_end = None, start + 1
            end, word = start + 1, text[start]
            while word in frequency:
                if frequency[word]:
                    option = self.word_cost(word) + score[end]
                    if best is None or option >= best:  # a tie goes to the longer word, as in jieba
                        best, best_end = option, end
                if end == length:
                    break
                end += 1
                word = text[start:end]
            # a character in no word is a word of its own, with frequency 1 as jieba counts it
            score[start] = best if best is not None else log(1) - self.log_total + score[start + 1]
            first_end[start] = best_end
        words, start = [], 0
        while start < length:
            words.append(text[start:first_end[start]])
            start = first_end[start]
        return words

    def word_cost(self, word: str) -> float:
        cost = self.word_costs.get(word)
        if cost is None:
            # (log(f) - log_total) + rest is jieba's own order of operations: the same floating-point sums
            cost = self.word_costs[word] = log(self.frequency[word]) - self.log_total
        return cost


def name_edges(names: list[str]) -> tuple[set[str], set[str]]:
    """The beginnings and endings (two characters or more) of names."""
    starts, ends = set(), set()
    for name in names:
        for size in range(2, len(name) + 1):
            starts.add(name[:size])
            ends.add(name[-size:])
    return starts, ends


def overlaps_a_name(term: str, names: list[str], edges: tuple[set[str], set[str]]) -> bool:
    """Could `term` overlap one of `names` in a text: share an edge, or contain one?"""
    starts, ends = edges
    if any(term[:size] in ends or term[-size:] in starts for size in range(2, len(term) + 1)):
        return True
    return any(term[i:j] in starts for i in range(len(term)) for j in range(i + 2, len(term) + 1))


def text_variants(name: str) -> list[str]:
    """How a name may be written in running text: as listed, and for long English names also in
    lower case and in headline case ("people's bank of china", "People's Bank Of China")."""
    variants = [name]
    words = name.split()
    if not contains_han(name) and len(words) >= 3:
        variants.append(name.lower())
        variants.append(" ".join(w[:1].upper() + w[1:] for w in words))
    return variants


def private_cache_dir() -> str | None:
    """A per-user directory for what is derived from jieba's dictionary (the shared /tmp one breaks
    across users); None when it cannot be made, and then everything is derived afresh."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(tempfile.gettempdir(), f"factlex-{os.getuid()}")
    directory = os.path.join(base, "jieba") if os.environ.get("XDG_CACHE_HOME") else base
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return directory


# -- what is derived from jieba's dictionary, kept between processes ---------------------------------
# Every worker process needs jieba's prefix dictionary and a few tables of tagged words; deriving
# them from the 350,000 lines of dict.txt takes seconds, reading them back from a file a fraction.

def jieba_dictionary(tokenizer) -> str:
    """The dictionary file `tokenizer` reads: jieba's own dict.txt unless it was given another."""
    import jieba

    if tokenizer.dictionary == jieba.DEFAULT_DICT:
        return os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    return tokenizer.dictionary


def load_prefix_dict(tokenizer, cache_dir: str | None) -> None:
    """What `tokenizer.initialize()` does -- every word of the dictionary with its frequency, every
    prefix of a word with 0 -- kept in our own cache file. jieba's cache is read with marshal.load on
    the open file, which fetches its 9 MB a few bytes at a time and takes three to four times as long
    as marshal.loads of the whole file; and jieba never renews its cache of the default dictionary
    when that changes, where ours is tied to the dictionary's identity."""
    dictionary = jieba_dictionary(tokenizer)

    def build() -> tuple[dict[str, int], int]:
        return tokenizer.gen_pfdict(open(dictionary, "rb"))  # gen_pfdict closes the file

    tokenizer.FREQ, tokenizer.total = kept(cache_dir, "jieba-prefix-dict", file_identity(dictionary), tuple, build)
    tokenizer.initialized = True


def words_tagged(dictionary: str, tags: frozenset[str], cache_dir: str | None) -> frozenset[str]:
    """The words of a jieba dictionary file whose part-of-speech tag is one of `tags`."""
    def read() -> frozenset[str]:
        with open(dictionary, "rb") as lines:
            rows = (line.decode("utf-8").split() for line in lines)
            return frozenset(row[0] for row in rows if len(row) == 3 and row[2] in tags)

    tag_list = tuple(sorted(tags))
    name = "jieba-words-tagged-" + hashlib.sha256(" ".join(tag_list).encode()).hexdigest()[:16]
    return kept(cache_dir, name, (file_identity(dictionary), tag_list), frozenset, read)


def file_identity(path: str) -> tuple[str, int, int]:
    """Path, size and modification time: a file replaced or edited has another identity."""
    status = os.stat(path)
    return os.path.abspath(path), status.st_size, status.st_mtime_ns


def kept(cache_dir: str | None, name: str, identity: tuple, kind: type, build: Callable[[], Any]) -> Any:
    """`build()`, kept in the file `name` of `cache_dir` for the next process together with the
    `identity` of what it was built from. A file that is missing, unreadable, of another identity
    (the source changed) or not holding a `kind` is built again and replaced. Workers starting together
    may each build it: each writes a temporary file and renames it into place, so a reader sees one
    whole file or none. Without a cache directory, or with one that cannot be written, it is built
    every time."""
    path = os.path.join(cache_dir, name) if cache_dir else None
    value = _read_kept(path, identity, kind) if path else None
    if value is None:
        value = build()
        if path:
            _write_kept(path, identity, value)
    return value


def _read_kept(path: str, identity: tuple, kind: type) -> Any:
    try:
        with open(path, "rb") as file:
            kept_identity, value = marshal.loads(file.read())  # not marshal.load(file): see load_prefix_dict
    except (OSError, EOFError, ValueError, TypeError):  # missing, or not something we wrote
        return None
    return value if kept_identity == identity and isinstance(value, kind) else None


def _write_kept(path: str, identity: tuple, value: Any) -> None:
    directory, name = os.path.split(path)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=name + ".", suffix=".tmp")
    except OSError:
        return  # an unwritable directory: the next process builds it again
    try:
        with os.fdopen(descriptor, "wb") as file:
            marshal.dump((identity, value), file)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _split_source(source: str) -> tuple[str | None, int | None]:
    path, _, line = source.rpartition(":")
    return (path, int(line)) if line.isdigit() else (source or None, None)
