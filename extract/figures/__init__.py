"""Figures: amounts, percentages, basis points, counts, dates and durations.

Public API (the pipeline calls exactly these):

* `find_figures(text, metric_terms=None) -> list[Fact]` -- every figure, with `metric` when terms are given;
* `parse_figure(raw) -> dict | None` -- the fields of one figure string;
* `link_figure_context(text, figures, sentences, entities) -> None` -- sets `subject` and `period`.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..model import Fact
from .context import attach_metrics, link_figure_context
from .find import find_figures_raw, parse_figure
from .tables import DEFAULT_METRIC_TERMS

__all__ = ["find_figures", "parse_figure", "link_figure_context", "DEFAULT_METRIC_TERMS"]


def find_figures(text: str, metric_terms: Mapping[str, str] | None = None) -> list[Fact]:
    """Every figure in `text` (type "figure", exact offsets, fields kind/value/low/high/unit/cmp).

    With `metric_terms` (surface word -> metric id), each figure that is a measurement gets `metric`:
    the id of the nearest metric term before it in the same sentence.
    """
    figures = find_figures_raw(text)
    if metric_terms:
        attach_metrics(text, figures, metric_terms)
    return figures
