"""Name normalisation: the keys under which the lexicon looks names up, and ids for discovered names.

Three levels, from strict to loose:
  exact_key       -- NFKC (full width -> half width), case-folded, one kind of apostrophe and space;
  normalised_key  -- also without punctuation, spaces, a leading "the" and legal-form suffixes
                     (Co., Ltd. / Company Limited / 有限公司 / 股份有限公司 ...), so that
                     "China Merchants Bank Co., Ltd." and "China Merchants Bank Company Limited" meet;
  fuzzy           -- done by the Lexicon with rapidfuzz on normalised keys, for typos only.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Legal-form endings, stripped (repeatedly, longest first) before comparing names. They say what
# kind of legal person a name is, not which one. Written already normalised (see _squash).
LEGAL_SUFFIXES_EN = (
    "company limited", "corporation limited", "co ltd", "co limited", "coltd", "limited", "ltd",
    "corporation", "corp", "company", "co", "incorporated", "inc", "llc", "plc", "lp",
)
LEGAL_SUFFIXES_ZH = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "公司")

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PUNCTUATION = re.compile(r"[^\w&\u3400-\u4dbf\u4e00-\u9fff]+")


def contains_han(text: str) -> bool:
    return HAN.search(text) is not None


def exact_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).translate(APOSTROPHES).casefold()
    return " ".join(text.split())


def _squash(name: str) -> str:
    """Lower case words separated by single spaces, punctuation gone ("Co., Ltd." -> "co ltd")."""
    text = unicodedata.normalize("NFKC", name).translate(APOSTROPHES).casefold()
    text = text.replace("'s ", "s ").replace("&", " & ")
    return " ".join(PUNCTUATION.sub(" ", text).split())


def strip_legal_suffixes(squashed: str) -> str:
    """Remove legal-form endings from a squashed name, as long as something is left."""
    changed = True
    while changed:
        changed = False
        for suffix in LEGAL_SUFFIXES_ZH:
            if squashed.endswith(suffix) and len(squashed) > len(suffix) + 1:
                squashed, changed = squashed[: -len(suffix)].rstrip(), True
        for suffix in LEGAL_SUFFIXES_EN:
            if squashed.endswith(" " + suffix):
                squashed, changed = squashed[: -len(suffix) - 1].rstrip(), True
    return squashed


@lru_cache(maxsize=8192)  # a pure function called for every mention; documents repeat names
def normalised_key(name: str) -> str:
    squashed = _squash(name)
    if squashed.startswith("the "):
        squashed = squashed[4:]
    # Han characters need no spaces between them; Latin words keep theirs for readable ids.
    squashed = re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", squashed)
    return strip_legal_suffixes(squashed)


@lru_cache(maxsize=8192)  # pure, and called for every discovered mention
def discovered_id(name: str, prefix: str = "new") -> str:
    """A stable id for a name the lexicon does not know: the same name in any document, the same id.

    "China National Building Material Company Limited" -> "new:china-national-building-material",
    "巨化集团有限公司" -> "new:巨化集团".
    """
    key = normalised_key(name)
    slug = re.sub(r"[\s&]+", "-", key.replace("&", " and ")).strip("-")
    return f"{prefix}:{slug or exact_key(name)}"
