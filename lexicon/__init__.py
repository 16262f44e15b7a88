"""The bilingual lexicon: analyst-editable TSV data (lexicon/data/*.tsv, plus user files on top) and
the code that loads it, resolves names to canonical ids and finds names in text."""
from .core import Lexicon, load_lexicon
from .entry import COLUMNS, ORGANISATION_KINDS, TYPES, Entry, LexiconError
from .files import add_entries, add_entry, export_entries, import_entries, read_entries, write_entries
from .names import discovered_id, normalised_key

__all__ = [
    "COLUMNS", "ORGANISATION_KINDS", "TYPES", "Entry", "Lexicon", "LexiconError", "add_entries", "add_entry",
    "discovered_id", "export_entries", "import_entries", "load_lexicon", "normalised_key", "read_entries",
    "write_entries",
]
