"""Helpers the figure tests share: the figure a sentence gives for a text, and every figure text it gives."""
from __future__ import annotations

from typing import Mapping

from extract.figures import find_figures
from extract.model import Fact


def figure_in(sentence: str, text: str, metric_terms: Mapping[str, str] | None = None) -> Fact:
    """The first figure of `sentence` whose text is `text`; the assertion names what was found instead."""
    found = [f for f in find_figures(sentence, metric_terms) if f.text == text]
    assert found, f"{text!r} not found in {sentence!r}; got {figure_texts(sentence)}"
    return found[0]


def figure_texts(sentence: str) -> list[str]:
    return [f.text for f in find_figures(sentence)]
