"""Language of a stretch of text: Han characters and Latin words are counted, the minority script
may reach a fifth before the text is called mixed."""
import pytest

from extract.language import detect_language


@pytest.mark.parametrize("text, expected", [
    ("今年科创债发行规模达1.9万亿元，同比增长35%。", "zh"),
    ("Sci-tech bond issuance rose 35% to CNY 1.9trn this year.", "en"),
    # a few English words in a long Chinese sentence, a few Han characters in an English one
    ("中国人民银行与CSRC联合发布公告，支持科技型企业发行债券融资。", "zh"),
    ("Sci-tech innovation bonds (科创债) were issued by more than 1,000 issuers this year.", "en"),
    # neither script reaches four fifths
    ("发行人 shall disclose 募集资金用途 within four months.", "mixed"),
    # rare Han characters (extension A, compatibility ideographs) count like common ones
    ("㐀㐁㐂 bonds", "mixed"),
    ("豈更車賈滑串句龜 A", "zh"),
    # single letters are no words; digits and marks count for nothing
    ("A 1.5% B", ""),
    ("", ""),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def _counted_to_the_end(text: str) -> str:
    """The definition, with both scripts counted over the whole text (detect_language stops early)."""
    import re

    han = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text))
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    if han + words == 0:
        return ""
    share = han / (han + words)
    return "zh" if share >= 0.8 else "en" if share <= 0.2 else "mixed"


# Texts that open with one script and hold the other in every share around the two thresholds:
# in a long text (over HAN_CHUNK characters) the script its opening holds more of is counted only until
# the answer is certain, the other to the end; a short one is counted whole.
_HAN_FIRST = [("债券" * han_pairs) + "，" + " ".join(["bond"] * words) for han_pairs in (1, 2, 3, 8) for words in range(0, 18)]
_LATIN_FIRST = [" ".join(["bond"] * words) + "，" + ("债" * han) for words in (1, 3, 8, 16) for han in range(0, 12)]
_INTERLEAVED = ["发行人 shall disclose 募集资金用途 within four months.", "2025年 LPR 下调10bp，MLF 操作量增加。",
                "The PBOC 中国人民银行 said 科创债 issuance rose 35% to CNY 1.9trn.", "中" + " x" * 50 + " ab cd"]
_LONG = [
    # Chinese reports with English words: 4 Han characters to a word is the edge of "zh"
    *("科创债券发行" * 100 + "，" + " ".join(["LPR"] * words) for words in (0, 149, 150, 151, 400, 700)),
    # an opening that misleads: English words first, Chinese after (and the other way round)
    *(" ".join(["AI"] * 40) + "\n" + "科创债券" * han for han in (10, 200, 400)),
    *("科创债券" * 20 + "\n" + " ".join(["bonds"] * words) for words in (100, 400, 1000)),
    # English reports with Han characters: 4 words to a character is the edge of "en"
    *(" ".join(["issuance"] * 400) + " " + "债" * han for han in (0, 99, 100, 101, 300)),
    "1.5% 2.0% " * 200,
]


@pytest.mark.parametrize("text", _HAN_FIRST + _LATIN_FIRST + _INTERLEAVED + _LONG)
def test_detect_language_equals_counting_to_the_end(text):
    assert detect_language(text) == _counted_to_the_end(text)


@pytest.mark.parametrize("text", _HAN_FIRST[::5] + _LATIN_FIRST[::5] + _INTERLEAVED + _LONG[::3])
def test_detect_language_of_a_stretch_equals_that_of_its_slice(text):
    padded = "Bonds 债券 " + text + " 债券 bonds"
    start = len("Bonds 债券 ")
    assert detect_language(padded, start, start + len(text)) == detect_language(text)
