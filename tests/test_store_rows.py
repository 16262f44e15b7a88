"""The rows a worker builds for the store: the fast paths give what the plain computations give."""
from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

from store.database import COMPACT_JSON, _exact_number, fact_id
from store.tokens import FULLWIDTH_TO_ASCII, TOKEN, index_text, tokens


def tokens_always_folded(text: str) -> list[str]:
    """The tokens with every full-width character folded, as before the fast path skipped the fold."""
    return TOKEN.findall(text.translate(FULLWIDTH_TO_ASCII).lower())


@pytest.mark.parametrize("text", [
    "本周信用债发行规模为1,250亿元，环比增长12.5%。",                 # full-width punctuation only: no fold
    "２０２５年第２季度，ＡＡＡ级城投债利差收窄１５ＢＰ。",              # full-width digits and letters
    "中期票据（ＭＴＮ）发行３只，合计４５亿元；短融ｓｃｐ利率２．１５％。",  # both, mixed with ASCII-width text
    "The 5-year AAA spread narrowed 12bp to 1.85% in Q2 2025.",      # ASCII only
    "The ＡＡＡ-rated issuer priced ３ｙ notes at 2.35%.",            # full-width letters in English
    "Issuance　rose to ＵＳＤ1.2bn，up 8％ year on year.",            # ideographic space, full-width signs
    "İSTANBUL and ΣΟΦΙΑ bonds",                                       # lower() that lengthens or looks around
])
def test_tokens_fold_full_width_text_only_when_it_matters(text):
    assert tokens(text) == tokens_always_folded(text)
    assert index_text(text) == " ".join(tokens_always_folded(text))


@pytest.mark.parametrize("code", sorted(FULLWIDTH_TO_ASCII))
@pytest.mark.parametrize("context", ["a{}b", "7{}8", "债{}券", "{}", "x{}", "{}9", "ＡＢ{}ｃ"])
def test_every_full_width_character_tokenises_as_if_folded(code, context):
    text = context.format(chr(code))
    assert tokens(text) == tokens_always_folded(text)


@pytest.mark.parametrize("value", [
    {"kind": "money", "value": 80100000000, "unit": "CNY", "cmp": "gt", "subject": "中国建设银行", "sentence": 3},
    {"kind": "percent", "value": Decimal("1.70"), "low": Decimal("1.5"), "high": Decimal("2"), "sentence": 0},
    {"kind": "rate", "value": 1.7, "text": 'quoted "AAA" \\ and a\nnew line\t\u2028', "candidate": True},
    {"modality": "obligation", "threshold": {"start": 12, "end": 15, "value": Decimal("30")}, "list": [1, "二"]},
    {"huge": 1e308, "tiny": 5e-324, "nan": math.nan, "inf": math.inf, "minus_inf": -math.inf, "negative": -0.0},
    {},
])
def test_the_attrs_encoder_writes_what_json_dumps_writes(value):
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_exact_number)
    assert COMPACT_JSON(value) == expected


def test_the_attrs_encoder_is_unharmed_by_a_value_it_refused():
    shared = {"start": 1, "end": 4}
    with pytest.raises(TypeError):
        COMPACT_JSON({"threshold": shared, "bad": object()})
    # The encoder keeps no state between values: the same dict again, even twice in one value, is fine.
    assert COMPACT_JSON({"threshold": shared, "again": shared}) == \
        '{"threshold":{"start":1,"end":4},"again":{"start":1,"end":4}}'


@pytest.mark.parametrize("doc_id, fact_type, start, end, expected", [
    ("d" * 64, "figure", 4, 7, "ddddddddf6b3b4c6794e"),
    ("0123456789abcdef" * 4, "entity", 120, 126, "012345670d433aa20551"),
])
def test_fact_ids_never_change(doc_id, fact_type, start, end, expected):
    """Ids are stored: a different id for the same fact would make a re-ingest insert it again."""
    assert fact_id(doc_id, fact_type, start, end) == expected
