"""Saving a chart: the SVG with remembered text measures is exactly matplotlib's own SVG, and
a text measured once is not measured again. Text without "$" is plain text to matplotlib;
mathtext is tested on its own, since most random strings with "$" do not parse."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.textpath import TextToPath

from app.core.memo import Bounded
from app.web import plotting
from app.web.plotting import SVG_SETTINGS, figure_bytes

Label = tuple[str, float, str, str, str]  # text, size, weight, horizontal and vertical alignment

labels = st.tuples(
    st.text(st.sampled_from("aåäöÅÄÖ z,.–&<>\"'\n0123456789^_{}"), min_size=0, max_size=40),
    st.sampled_from([8.0, 9.0, 10.5, 14.0]),
    st.sampled_from(["normal", "bold"]),
    st.sampled_from(["left", "center", "right"]),
    st.sampled_from(["top", "center", "bottom", "baseline"]),
)


def drawn(texts: Sequence[Label]) -> Figure:
    figure = Figure(figsize=(4.0, 3.0))
    for index, (text, size, weight, ha, va) in enumerate(texts):
        figure.text(
            0.5, (index + 0.5) / len(texts), text, fontsize=size, fontweight=weight, ha=ha, va=va
        )
    return figure


def matplotlib_svg(figure: Figure) -> bytes:
    """The oracle: matplotlib's own SVG canvas, with the same settings."""
    FigureCanvasSVG(figure)
    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, dpi=100)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(labels, min_size=1, max_size=8), st.booleans())
def test_the_svg_is_matplotlibs_own_whether_measures_are_remembered_or_not(
    texts: list[Label], measured_before: bool
) -> None:
    if measured_before:
        figure_bytes(drawn(texts), "svg", dpi=100)
    assert figure_bytes(drawn(texts), "svg", dpi=100) == matplotlib_svg(drawn(texts))


def test_mathtext_is_measured_as_mathtext() -> None:
    texts: list[Label] = [("$x^2$ och x^2", 10.0, "normal", "center", "center")]
    assert figure_bytes(drawn(texts), "svg", dpi=100) == matplotlib_svg(drawn(texts))


@pytest.fixture
def measures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text matplotlib measures from now on."""
    measured: list[str] = []
    measure: Callable[..., tuple[float, float, float]] = TextToPath.get_text_width_height_descent

    def counted(self: TextToPath, s: str, *args: object) -> tuple[float, float, float]:
        measured.append(s)
        return measure(self, s, *args)

    monkeypatch.setattr(TextToPath, "get_text_width_height_descent", counted)
    return measured


def test_a_text_measured_once_is_not_measured_again(measures: list[str]) -> None:
    texts: list[Label] = [("Ett mått som ingen annan test tar", 9.0, "bold", "left", "top")]
    figure_bytes(drawn(texts), "svg", dpi=100)
    assert "Ett mått som ingen annan test tar" in measures
    measures.clear()
    figure_bytes(drawn(texts), "svg", dpi=100)
    assert measures == []


def test_the_same_text_in_another_font_is_measured_anew(measures: list[str]) -> None:
    first: list[Label] = [("Samma text, två storlekar", 9.0, "normal", "left", "top")]
    figure_bytes(drawn(first), "svg", dpi=100)
    measures.clear()
    figure_bytes(drawn([("Samma text, två storlekar", 14.0, "normal", "left", "top")]), "svg")
    assert "Samma text, två storlekar" in measures


def test_the_remembered_measures_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    small: Bounded[object, plotting.TextMeasure] = Bounded(3)
    monkeypatch.setattr(plotting, "_text_measures", small)
    texts: list[Label] = [(f"Text {n}", 9.0, "normal", "left", "top") for n in range(10)]
    figure_bytes(drawn(texts), "svg", dpi=100)
    assert 0 < len(small) <= 3


def test_png_is_unchanged_by_the_svg_canvas() -> None:
    texts: list[Label] = [("Diagram som bild", 10.0, "normal", "center", "center")]
    figure = drawn(texts)
    figure_bytes(figure, "svg", dpi=100)  # the figure now has the SVG canvas
    png = figure_bytes(figure, "png", dpi=100)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == figure_bytes(drawn(texts), "png", dpi=100)
