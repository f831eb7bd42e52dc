"""What every chart shares: matplotlib's object API (no pyplot state), colours, and one lock.

The same input must give the same bytes in every process, and text must stay text, so each
SVG is saved with the settings below, applied around the save only: they are matplotlib's
process-wide settings, and nothing else in the process should see them changed.

Measuring text is most of an SVG's cost: matplotlib shapes every line of every label anew for
each new renderer, and each save makes a new renderer. `_MeasuredOnceSVG` remembers the
measures across saves instead. A text's measure depends only on the string, its font and
whether it is mathtext, as long as the text settings stay as they are, and this process never
changes them.
"""

from __future__ import annotations

import codecs
import io
import threading
from typing import IO, Any

import matplotlib
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from app.core.memo import Bounded

TEXT_COLOUR = "#1a1a1a"
# Light bands, lowest level first; dark text and bars keep their contrast on each of them.
BAND_COLOURS = ("#f4c7c3", "#fbe3b5", "#fff4c2", "#e6f2d0", "#c8e6c9")
# Typed loosely: matplotlib types rc_context with the literal names of every setting.
SVG_SETTINGS: dict[Any, Any] = {
    # Fixed ids inside the SVG, so the same chart is the same bytes every time.
    "svg.hashsalt": "koll",
    # Text stays text: smaller files, faster to render, and readable by assistive technology.
    "svg.fonttype": "none",
}
# Font and text layout caches inside matplotlib are shared between threads.
RENDER_LOCK = threading.Lock()
# Labels, titles, level names and the 1,001 possible scores of one decimal: a few thousand.
TEXT_MEASURES_BOUND = 8192
TextMeasure = tuple[float, float, float]  # width, height, descent in points
_text_measures: Bounded[tuple[str, int, Any], TextMeasure] = Bounded(TEXT_MEASURES_BOUND)


def band_colour(index: int, count: int) -> str:
    """The colour of level `index` of `count`, spread from the lowest colour to the highest."""
    return BAND_COLOURS[round(index * (len(BAND_COLOURS) - 1) / max(count - 1, 1))]


def figure_bytes(figure: Figure, fmt: str, **options: Any) -> bytes:
    """The figure as SVG or PNG, with no date or software name in it."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    if fmt == "svg":
        _SVGCanvas(figure)  # a canvas attaches itself to its figure; savefig then uses it
    with RENDER_LOCK, matplotlib.rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format=fmt, metadata=metadata, **options)
    return buffer.getvalue()


class _MeasuredOnceSVG(RendererSVG):
    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> TextMeasure:
        # The font by its hash: a FontProperties is mutable, hashed by what it holds now, and
        # equal to another exactly when their hashes are, so the hash is all a key needs.
        key = (s, hash(prop), ismath)
        known = _text_measures.get(key)
        if known is None:
            measure = super().get_text_width_height_descent  # untyped in matplotlib
            width, height, descent = measure(s, prop, ismath)  # type: ignore[no-untyped-call]
            known = _text_measures.put(key, (width, height, descent))
        return known


class _SVGCanvas(FigureCanvasSVG):
    """matplotlib's SVG canvas, drawing through `_MeasuredOnceSVG`."""

    def print_svg(
        self,
        filename: IO[bytes],
        *,
        bbox_inches_restore: Any = None,
        metadata: dict[str, Any] | None = None,
        # print_figure also passes what raster canvases need (dpi, facecolor, …); the figure
        # already holds them while it is saved.
        **_: Any,
    ) -> None:
        writer = codecs.getwriter("utf-8")(filename)
        image_dpi = self.figure.dpi
        self.figure.dpi = 72  # SVG's unit is the point; print_figure restores the dpi
        width, height = self.figure.get_size_inches()
        # matplotlib's SVG and mixed-mode renderers have no type hints.
        svg = _MeasuredOnceSVG(  # type: ignore[no-untyped-call]
            width * 72, height * 72, writer, image_dpi, metadata=metadata
        )
        renderer = MixedModeRenderer(  # type: ignore[no-untyped-call]
            self.figure, width, height, image_dpi, svg, bbox_inches_restore=bbox_inches_restore
        )
        self.figure.draw(renderer)  # type: ignore[arg-type]
        renderer.finalize()
