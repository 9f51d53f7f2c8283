"""The PDF report as a background job at home (the in-process runner behind the job interface): the
records page asks for it, a page shows its progress, then the download; the same in the API."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from supple.web.app import create_app
from tests.factories import SAME_ORIGIN
from tests.integration.lived_in import LivedInStore, lived_in_store_fixture  # noqa: F401 (fixture)


@pytest.fixture
def ann(lived_in_store: LivedInStore, tmp_path: Path) -> Iterator[TestClient]:
    app, _ = lived_in_store.copy(tmp_path)
    with TestClient(create_app(app), headers=SAME_ORIGIN) as c:
        c.app.state.data_dir = app.settings.data_dir  # type: ignore[attr-defined]
        yield c
    app.engine.dispose()


def _finished(client: TestClient, status_url: str) -> dict[str, object]:
    """Poll the job's status until the runner's thread has finished it."""
    for _ in range(1200):
        job: dict[str, object] = client.get(status_url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the report job did not finish")


def test_the_records_page_makes_the_pdf_as_a_job_shows_progress_then_the_download(ann: TestClient) -> None:
    records = ann.get("/p/Ann/records").text
    assert 'action="/p/Ann/report/pdf"' in records
    sent = ann.post("/p/Ann/report/pdf", follow_redirects=False)
    assert sent.status_code == 303
    page_url = sent.headers["location"]
    assert page_url.startswith("/p/Ann/report/pdf/")
    key = page_url.rsplit("/", 1)[1]
    job = _finished(ann, f"/api/v1/profiles/Ann/report-jobs/{key}")
    assert job["status"] == "done", job
    page = ann.get(page_url).text
    link = re.search(r'data-testid="report-download" href="([^"]+)"', page)
    assert link is not None
    pdf = ann.get(link[1])
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="supple-ann-report.pdf"' in pdf.headers["content-disposition"]
    data_dir: Path = ann.app.state.data_dir  # type: ignore[attr-defined]
    assert [p.stem for p in (data_dir / "reports").glob("*.pdf")] == [key]  # the file waits in the media folder


def test_the_api_makes_a_report_job_and_refuses_other_peoples_jobs(ann: TestClient) -> None:
    sent = ann.post("/api/v1/profiles/Ann/report-jobs")
    assert sent.status_code == 202
    out = sent.json()
    assert out["status"] in ("queued", "running", "done")
    job = _finished(ann, str(out["status_url"]))
    assert job["progress"] == 1.0
    assert ann.get(str(job["file_url"])).content.startswith(b"%PDF")
    ann.post("/api/v1/profiles", json={"name": "Bo", "birth_year": 1980, "sex": "male"})
    other = ann.get(f"/api/v1/profiles/Bo/report-jobs/{out['id']}")
    assert other.status_code == 404
    assert other.headers["content-type"] == "application/problem+json"
    assert ann.get(f"/p/Bo/report/pdf/{out['id']}").status_code == 404
    assert ann.get("/p/Ann/report/pdf/not-a-job").status_code == 404
    missing = ann.post("/api/v1/profiles/Nobody/report-jobs")
    assert missing.status_code == 404
