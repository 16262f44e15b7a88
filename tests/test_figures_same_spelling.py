"""One spelling, two places, two readings: a figure written the same way twice in a document is read
with the words around each place (the words of the figure itself are read once per spelling)."""
from __future__ import annotations

import pytest

from extract.figures import find_figures

QUIET_FILLER = "国内市场情绪平稳，资金面宽松，" * 6  # more than the yen window between the two signs

CASES = [
    # (document, figure text, field, the field's value at each occurrence in order)
    ("日本央行本周购买了¥3000亿国债，" + QUIET_FILLER + "某券商自营购入¥3000亿国债。", "¥3000亿", "unit",
     ["JPY", "CNY"]),
    ("Japan's finance ministry plans ¥1.2 trillion of bonds. " + "Onshore demand was steady. " * 4
     + "A Shanghai lender booked ¥1.2 trillion of loans.", "¥1.2 trillion", "unit", ["JPY", "CNY"]),
    ("利差在20bp以上的债券不多，另一只为20bp。", "20bp", "cmp", ["ge", "eq"]),
    ("Spreads of 30 bp or more are rare; it paid 30 bp in 2024.", "30 bp", "cmp", ["ge", "eq"]),
    ("Issuance of 5 billion yuan and above is listed; 5 billion yuan in March was not.", "5 billion yuan", "cmp",
     ["ge", "eq"]),
    ("rates over 3% stay; rose 3% in May", "3%", "cmp", ["gt", "eq"]),
]


@pytest.mark.parametrize("document, text, field, expected", CASES, ids=[c[1] + "-" + c[2] for c in CASES])
def test_each_place_is_read_with_its_own_words(document, text, field, expected):
    found = [f.fields[field] for f in find_figures(document) if f.text == text]
    assert found == expected


@pytest.mark.parametrize("document, counted", [
    ("本次共有30家机构参与，调查另覆盖30家庭。", "30家"),  # 家庭: households, no count of 家
    ("三成以上为民企，格局三成不变。", "三成"),  # 成不变: no share
])
def test_a_unit_that_begins_the_next_word_is_no_unit_there(document, counted):
    found = find_figures(document)
    assert [f.text for f in found].count(counted) == 1
    first = document.index(counted)
    assert all(f.start == first for f in found if f.text == counted)
