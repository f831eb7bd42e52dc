"""Small questionnaires written inline, so each test shows the exact YAML it feeds in."""

from __future__ import annotations

import textwrap

from app.core.questionnaires import Questionnaire, parse_questionnaire

MINIMAL_YAML = """\
id: prov
version: 1
audience: principal
title: Provenkät
scale:
  options:
    - {value: 1, label: Stämmer inte}
    - {value: 2, label: Stämmer delvis}
    - {value: 3, label: Stämmer}
  dont_know: Vet inte
levels:
  - {id: low, label: Behöver utvecklas, min: 0, weak: true}
  - {id: mid, label: Delvis på plats, min: 50}
  - {id: high, label: På plats, min: 80}
areas:
  - id: plan
    title: Plan
    statements:
      - {id: p1, text: Vi har en plan.}
      - {id: p2, text: Planen är känd., weight: 3}
  - id: samverkan
    title: Samverkan
    statements:
      - {id: s1, text: Vi samverkar.}
      - {id: s2, text: Det är oklart vem som ansvarar., reverse: true}
materials:
  - id: guide
    title: Vägledning
    url: https://example.org/guide
    areas: [plan, samverkan]
    levels: [low, mid]
  - id: exempel
    title: Exempel
    url: https://example.org/exempel
    areas: [samverkan]
    levels: [low]
"""


def minimal_questionnaire(yaml: str = MINIMAL_YAML) -> Questionnaire:
    return parse_questionnaire(textwrap.dedent(yaml), "prov.yaml")
