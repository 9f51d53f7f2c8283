"""The progress report: the PDF is rendered to page images with pdftoppm and its text (pdftotext)
holds the figures it must show; WeasyPrint fetches nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from supple.bootstrap import App
from supple.report.document import local_only_fetcher, render_html, render_pdf
from supple.services.inputs import ProfileIn, parse
from tests.integration.lived_in import LivedInStore, lived_in_store_fixture  # noqa: F401 (fixture)

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")


@pytest.fixture(scope="module")
def report_pdf(lived_in_store: LivedInStore, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Ann's report as a PDF file and its text, made once for the module (WeasyPrint takes seconds)."""
    if not POPPLER:
        pytest.skip("poppler-utils (pdftoppm, pdftotext) is not installed")
    folder = tmp_path_factory.mktemp("report")
    app, _ = lived_in_store.copy(folder)
    pdf = folder / "report.pdf"
    pdf.write_bytes(render_pdf(app, "Ann"))
    app.engine.dispose()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pdf, " ".join(text.split())


def test_the_pdf_renders_to_page_images(report_pdf: tuple[Path, str]) -> None:
    pdf, _ = report_pdf
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("report-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(SHOTS / "report-page")], check=True)
    pages = sorted(SHOTS.glob("report-page-*.png"))
    assert 2 <= len(pages) <= 6
    assert all(p.stat().st_size > 10_000 for p in pages)  # drawn pages, not blank ones
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info  # headings and tables for screen readers
    assert "Page size:       595.276 x 841.89 pts (A4)" in info


def test_the_pdf_shows_baseline_and_latest_with_the_band_and_the_verdict(report_pdf: tuple[Path, str]) -> None:
    _, text = report_pdf
    assert "Supple progress report: Ann" in text
    # right knee-to-wall: 6.2 cm restricted at baseline, 10.2 cm borderline four weeks later (read as whole
    # centimetres from 10 cm up, supple.numbers.plain; the exact value is in the details)
    assert re.search(r"6\.2 cm \(restricted\) on 4 Mar 2026", text)
    assert re.search(r"10 cm \(borderline\) on 1 Apr 2026", text)
    assert "restricted below 9 cm; borderline 9 cm to 11 cm; adequate 11 cm or more" in text
    assert "Real change: better" in text
    assert "Within measurement error" in text
    assert "Real change needs" in text
    assert "more than 2 cm" in text
    assert "Not compared yet" in text  # tests not re-done say so


def test_the_pdf_shows_pain_function_adherence_routine_safety_and_methods(report_pdf: tuple[Path, str]) -> None:
    _, text = report_pdf
    assert "scores from 5 to 7 are within measurement error" in text  # the MCID band around 6
    assert re.search(r"4 Mar 2026 5 6 8", text)
    assert re.search(r"1 Apr 2026 2 3 5", text)
    assert "Putting on socks: Real change: better" in text
    assert "RMDQ total 3" in text
    assert "3 sessions on 3 days" in text
    # After the re-test the hips lead the routine; the ankle drill is left out below its dose floor (issue 12 §3).
    assert "Half-kneeling hip flexor stretch" in text
    assert "Stopped by the safety questions" in text
    assert "Cleared by a clinician (Dr Jo Park, seen on 4 Mar 2026)" in text
    assert "Method: Tape" in text
    assert "Phone angle app (phone)" in text
    assert "page 1 of" in text
    assert "not a diagnosis" in text


def test_the_report_shows_the_latest_walk_and_says_impact_is_not_a_treatment_target(
    report_pdf: tuple[Path, str],
) -> None:
    _, text = report_pdf
    assert "Walking (phone recordings)" in text
    assert "2 recording(s)" in text
    assert re.search(r"Latest: \d+ steps, \d+ steps/min, phone pocket", text)
    assert "not a treatment target" in text


def test_the_html_report_loads_nothing_from_outside(lived_in_store: LivedInStore, tmp_path: Path) -> None:
    app, _ = lived_in_store.copy(tmp_path)
    html = render_html(app, "Ann", "inline")
    assert "<style>" in html
    assert "Supple progress report: Ann" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", html)
    linked = render_html(app, "Ann", "link")
    assert 'href="/static/report.css"' in linked
    assert "<style>" not in linked


@pytest.mark.parametrize(
    "url", ["https://fonts.example.com/font.woff2", "http://127.0.0.1/x.png", "file:///etc/passwd"]
)
def test_weasyprint_may_not_fetch_any_address(url: str) -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        local_only_fetcher()(url)
    assert local_only_fetcher()("data:text/plain;base64,aGk=").read() == b"hi"


def test_a_profile_with_nothing_yet_still_gets_a_report(app: App) -> None:
    from supple.services import profiles

    profiles.create(app, parse(ProfileIn, {"name": "Bo"}))
    html = render_html(app, "Bo")
    assert "No home tests recorded yet." in html
    assert "No pain scores recorded yet." in html
    assert "No routine yet" in html


def test_the_routine_in_the_report_shows_each_exercise_figure(lived_in_store: LivedInStore, tmp_path: Path) -> None:
    app, _ = lived_in_store.copy(tmp_path)
    html = render_html(app, "Ann")
    app.engine.dispose()
    slots = re.findall(r'data-testid="figure-slot" data-exercise="([^"]+)">\s*(<img[^>]*>)?', html)
    assert slots, "the report lists the routine"
    assert all(img.startswith('<img src="data:image/svg+xml;base64,') for _, img in slots), slots


def test_values_held_to_measure_again_are_not_called_tracked_in_the_report(app: App) -> None:
    from supple.services import assessments, profiles, screening
    from tests import factories as f

    profiles.create(app, parse(ProfileIn, {"name": "Bea"}))
    screening.record_full_screen(app, "Bea", f.screen_answers())
    flexion = {"method": "phone", "left": {"hip_flexion_deg": [30]}, "right": {"hip_flexion_deg": [130]}}
    assessments.record(app, "Bea", {"tests": {"supine-hip-flexion": flexion}})
    html = render_html(app, "Bea")
    assert "30° (not scored: measure again)" in html  # unusual: held back, not a tracked-only test
    assert "130° (adequate)" in html
