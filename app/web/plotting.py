"""What every chart shares: matplotlib's object API (no pyplot state), colours, and one lock.

The same input must give the same bytes in every process, and text must stay text, so each
SVG is saved with the settings below, applied around the save only: they are matplotlib's
process-wide settings, and nothing else in the process should see them changed.
"""

from __future__ import annotations

import io
import threading
from typing import Any

import matplotlib
from matplotlib.figure import Figure

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


def band_colour(index: int, count: int) -> str:
    """The colour of level `index` of `count`, spread from the lowest colour to the highest."""
    return BAND_COLOURS[round(index * (len(BAND_COLOURS) - 1) / max(count - 1, 1))]


def figure_bytes(figure: Figure, fmt: str, **options: Any) -> bytes:
    """The figure as SVG or PNG, with no date or software name in it."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with RENDER_LOCK, matplotlib.rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format=fmt, metadata=metadata, **options)
    return buffer.getvalue()
