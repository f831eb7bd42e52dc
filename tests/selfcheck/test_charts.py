"""Result charts: the same input gives the same bytes, in SVG and PNG, from any thread."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.selfcheck.chart import Band, Bar, ChartFormat, area_chart

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
