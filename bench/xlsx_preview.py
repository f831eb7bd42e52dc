"""Preview: the comparison's Excel file as LibreOffice Calc prints it, page by page as PNG.

Builds a comparison of 25 schools on the shipped `rektor` questionnaire (eight areas, some
with long titles), writes the Excel file, has LibreOffice convert it to PDF (which applies the
file's print set-up: landscape, one page wide, the header row and school column repeated) and
turns each page into a PNG with pdftoppm. Everything lands in test-artifacts/xlsx-preview/;
look at the pages to judge the print. Not part of `make test`: it needs LibreOffice and
poppler (`apt-get install -y libreoffice-calc poppler-utils`) and takes a few seconds.

Run: .venv/bin/python bench/xlsx_preview.py [--schools 25] [--out test-artifacts/xlsx-preview]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.authorities.comparison import Comparison, SchoolResponse, compare
from app.authorities.exports import comparison_csv, comparison_xlsx
from app.authorities.models import SurveyRound
from app.authorities.service import LatestResponse, SchoolRef
from app.core.questionnaires import Catalog, QuestionnaireVersion
from app.core.scoring import score
from app.platform.settings import PROJECT_ROOT

NAMES = [
    "Ågårdsskolan",
    "Ängby skola",
    "Öjebyskolan",
    "Zetterbergska gymnasiet",
    "Björkskolan",
    "Hermodsdalsskolan",
    "Norrängsskolan",
    "Västra Innerstadens skolområde, Rosengårdsskolan och Sofielundsskolan",
    "Åsa skola",
    "Ekholmsskolan",
    "Vallaskolan",
    "Wallinska skolan",
    "Änggårdsskolan",
    "Östra Real",
    "Lindbladsskolan",
    "Kvinnebyskolan",
    "Gustav Adolfs skola",
    "Ryssbergets skola",
    "Tornhagsskolan",
    "Berga skola",
    "Kungsholmens grundskola",
    "Ljungsbro skola",
    "Skäggetorpsskolan",
    "Folkungaskolan",
    "Tallboda skola",
    "Ullstämma skola",
    "Mjärdevi skola",
]


def build(version: QuestionnaireVersion, schools: int) -> Comparison:
    rng = random.Random(2027)
    questionnaire = version.questionnaire
    options = [o.value for o in questionnaire.scale.options]
    survey_round = SurveyRound(
        id="a4d1e07c9b3f6612",
        authority_id="preview",
        name="VT 2027, rektor – uppföljning av avlastningsbehov & kompetensförsörjning",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        audience=questionnaire.audience,
        definition_hash=version.hash,
        created_at=datetime(2026, 12, 1, 8, 30, tzinfo=UTC),
    )
    found = []
    for index in range(schools):
        name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f" {index}")
        school = SchoolRef(f"s{index:03d}", name, f"{rng.randrange(10**8):08d}")
        response = None
        if rng.random() < 0.85:
            answers = {s.id: rng.choice(options) for s in questionnaire.statements}
            # A summer and a winter moment, to see both offsets from UTC in the file.
            moment = datetime(2026, 6, 1, 9, tzinfo=UTC) + timedelta(days=rng.randrange(200))
            response = LatestResponse(
                f"r{index}", f"i{index}", moment, score(questionnaire, answers)
            )
        found.append(SchoolResponse(school, response))
    found[0] = SchoolResponse(SchoolRef("s000", NAMES[0], "01234567"), found[0].response)
    return compare(survey_round, questionnaire, found, None)


def convert(xlsx: Path, out: Path) -> Path:
    """The PDF LibreOffice prints of the file, in a profile of its own (no running office)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        sys.exit("LibreOffice not found: apt-get install -y libreoffice-calc")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out / xlsx.with_suffix(".pdf").name


def pages(pdf: Path, out: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: apt-get install -y poppler-utils")
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=25)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "test-artifacts/xlsx-preview")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    version = Catalog.load(PROJECT_ROOT / "questionnaires").current("rektor")
    assert version is not None
    comparison = build(version, args.schools)
    xlsx = args.out / "jamforelse.xlsx"
    xlsx.write_bytes(comparison_xlsx(comparison))
    (args.out / "jamforelse.csv").write_bytes(comparison_csv(comparison))
    printed = pages(convert(xlsx, args.out), args.out)
    print(f"{xlsx}: {len(printed)} pages (the 'Om' sheet included)")
    for page in printed:
        print(f"  {page}")


if __name__ == "__main__":
    main()
