"""The cues of a document: English cue words are looked for only in its runs of English and mixed
sentences; the cues each sentence gets are those of a search over the whole text."""
import pytest

from extract.clauses import CUE_SETS, _DocumentCues, _lower_case
from extract.sentences import split_sentences

DOCUMENTS = {
    "zh with English here and there": (
        "第五条 发行人应当在2个交易日内披露募集资金用途。\n"
        "The issuer shall disclose the use of proceeds within 2 trading days.\n"
        "募集资金用途包括科技创新领域，不得用于房地产。发行人 may issue bonds 不超过5亿元。\n"
        "（一）发行人可以申请注册；（二）Issuers must not exceed 30% of net assets.\n"
        "每个发行人原则上不超过3只债券。"
    ),
    "en with a Chinese line": (
        "Issuers must disclose the use of proceeds. The term of a bond does not exceed 5 years.\n"
        "发行人应当按照规定披露信息。\n"
        "Investors may buy the bonds, and underwriters are required to report at least 10 days ahead.\n"
        "1. 2025 3.5% 100\n"
        "It is necessary to file within 10 working days; banks have the right to refuse."
    ),
    "en only": "Issuers shall report. Banks may not hold more than 20%. Funds can invest up to 10% in them.",
    "zh only": "发行人应当披露信息。投资者可以购买，不得超过10%。",
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_english_cue_words_by_runs_equal_those_of_the_whole_text(name):
    text = DOCUMENTS[name]
    sentences = split_sentences(text)
    cues = _DocumentCues(text, sentences)
    whole_text = [word.start() for word in CUE_SETS["en"].openers.finditer(_lower_case(text))]
    english = [s for s in sentences if s.lang in ("en", "mixed")]
    assert cues.openers == [p for p in whole_text if any(s.start <= p < s.end for s in english)]
    every_cue_word = _DocumentCues(text, sentences)
    every_cue_word.lowered, every_cue_word.openers = _lower_case(text), whole_text
    for sentence in sentences:
        found = [(m.span(), cue_set.lower_case) for m, cue_set in cues.in_sentence(sentence)]
        assert found == [(m.span(), cue_set.lower_case) for m, cue_set in every_cue_word.in_sentence(sentence)]
