"""Result charts: the same input gives the same bytes, in SVG and PNG, in both layouts and
from any thread; every bar names its score and level; the narrow layout's text is large."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.selfcheck.chart import Band, Bar, ChartFormat, ChartLayout, area_chart, chart_size

BARS = [
    Bar("Syfte och mål", 62.5),
    Bar("Arbetsmiljö", 12.0),
    Bar("Samverkan & förankring", 100.0),
    Bar("Uppföljning", 0.0),
]
BANDS = [Band("Behöver utvecklas", 0), Band("Delvis på plats", 50), Band("På plats", 80)]
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter(SVG_TEXT)]


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_input_gives_the_same_bytes(fmt: ChartFormat) -> None:
    first = area_chart(BARS, BANDS, fmt)
    assert first
    assert area_chart(list(BARS), list(BANDS), fmt) == first


def test_different_input_gives_different_bytes() -> None:
    changed = [Bar("Syfte och mål", 62.6), *BARS[1:]]
    assert area_chart(changed, BANDS) != area_chart(BARS, BANDS)


def test_svg_is_the_default_and_holds_the_labels_as_text() -> None:
    svg = area_chart(BARS, BANDS)
    assert svg.startswith(b"<?xml")
    texts = svg_texts(svg)
    for bar in BARS:
        assert bar.label in texts
    for band in BANDS:
        assert band.label in texts
    # Scores written with a decimal comma.
    assert {"62,5", "12,0", "100,0", "0,0"} <= set(texts)


def test_png_starts_with_the_png_signature() -> None:
    assert area_chart(BARS, BANDS, "png").startswith(PNG_SIGNATURE)


def test_a_bar_without_a_score_says_so() -> None:
    bars = [Bar("Syfte och mål", 62.5), Bar("Samverkan", None)]
    svg = area_chart(bars, BANDS)
    texts = svg_texts(svg)
    assert "Inget underlag" in texts
    assert "Samverkan" in texts
    assert area_chart(bars, BANDS, "png").startswith(PNG_SIGNATURE)


def test_only_bars_without_score() -> None:
    bars = [Bar("Syfte och mål", None), Bar("Samverkan", None)]
    assert svg_texts(area_chart(bars, BANDS)).count("Inget underlag") == 2


def test_long_labels_are_wrapped_but_kept() -> None:
    label = "Kompletterande kompetenser och yrkesgrupper på skolan"
    texts = svg_texts(area_chart([Bar(label, 40.0)], BANDS))
    assert " ".join(t for t in texts if t in label) == label


def test_concurrent_renders_give_identical_bytes() -> None:
    expected: dict[ChartFormat, bytes] = {
        fmt: area_chart(BARS, BANDS, fmt) for fmt in ("svg", "png")
    }
    formats: list[ChartFormat] = ["svg", "png"] * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda fmt: (fmt, area_chart(BARS, BANDS, fmt)), formats))
    assert len(results) == 16
    for fmt, chart in results:
        assert chart == expected[fmt]


LEVELLED = [
    Bar("Syfte, mål och förankring", 50.0, "Delvis på plats"),
    Bar("Arbetsmiljö och hållbart arbetsliv", 12.5, "Behöver utvecklas"),
    Bar("Roller och kravprofiler för kompletterande kompetenser", 91.7, "På plats"),
    Bar("Uppföljning", None),
]


def svg_text_elements(svg: bytes) -> list[tuple[str, float, float, float]]:
    """Each text as (its text, font size, x, y), in the SVG's own units. matplotlib places a
    line of a multi-line text with `translate(x y)`, a single line with `x` and `y`."""
    found = []
    for element in ET.fromstring(svg).iter(SVG_TEXT):
        size = re.search(r"font-size: ([\d.]+)px", element.get("style", ""))
        assert size is not None, element.attrib
        moved = re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", element.get("transform", ""))
        x, y = moved.groups() if moved else (element.get("x", "0"), element.get("y", "0"))
        text = "".join(element.itertext())
        found.append((text, float(size.group(1)), float(x), float(y)))
    return found


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_both_layouts_give_the_same_bytes_for_the_same_input(
    fmt: ChartFormat, layout: ChartLayout
) -> None:
    first = area_chart(LEVELLED, BANDS, fmt, layout)
    assert area_chart(list(LEVELLED), list(BANDS), fmt, layout) == first
    assert area_chart(LEVELLED, BANDS, fmt, "narrow" if layout == "wide" else "wide") != first


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_every_bar_names_its_score_and_its_level_beside_it(layout: ChartLayout) -> None:
    """A bar ending at exactly 50 says "Delvis på plats", on the same line as its score, so it
    cannot be read as inside the band below 50."""
    texts = svg_text_elements(area_chart(LEVELLED, BANDS, layout=layout))
    for bar in LEVELLED:
        if bar.score is None:
            assert "Inget underlag" in [t for t, *_ in texts]
            continue
        [(_, _, score_x, y)] = [
            item for item in texts if item[0] == f"{bar.score:.1f}".replace(".", ",")
        ]
        # On the score's line (centred text: baselines differ by less than a point), to its
        # right, or to its left inside a long bar.
        beside = [(t, x) for t, _, x, other_y in texts if abs(other_y - y) < 1 and t == bar.level]
        assert len(beside) == 1, (bar, texts)
        assert beside[0][1] != score_x


def test_the_narrow_layout_is_for_a_phone_and_its_text_is_at_least_9_pt() -> None:
    """3.4 inches (244.8 pt) wide: a phone shows it about 326 CSS px wide, so 9 pt is about
    12 CSS px there; the browser test measures it in Chromium."""
    svg = area_chart(LEVELLED, BANDS, layout="narrow")
    root = ET.fromstring(svg)
    assert root.get("width") == "244.8pt"
    texts = svg_text_elements(svg)
    assert min(size for _, size, _, _ in texts) >= 9
    for bar in LEVELLED:  # titles may wrap, every word is kept
        assert " ".join(t for t, *_ in texts if t in bar.label) == bar.label
    first_title = min(y for t, _, _, y in texts if t and t in LEVELLED[0].label)
    above = [t for t, _, _, y in texts if y < first_title]
    # The levels are named above the first title, in order, wrapped but whole.
    assert " ".join(above) == " ".join(band.label for band in BANDS)
    # Titles sit above their bars, in file order, top to bottom (y grows downwards).
    rows = [min(y for t, _, _, y in texts if t and t in bar.label) for bar in LEVELLED]
    assert rows == sorted(rows)
    # The scale marks where each level starts, and its end.
    assert {"0", "50", "80", "100"} <= {t for t, *_ in texts}


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_chart_size_is_the_figure_at_96_px_an_inch(layout: ChartLayout) -> None:
    svg = area_chart(LEVELLED, BANDS, layout=layout)
    root = ET.fromstring(svg)
    width_pt, height_pt = (
        float((root.get(k) or "").removesuffix("pt")) for k in ("width", "height")
    )
    assert chart_size(LEVELLED, BANDS, layout) == (
        round(width_pt / 72 * 96),
        round(height_pt / 72 * 96),
    )
