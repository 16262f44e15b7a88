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
