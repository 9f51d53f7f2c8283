"""/docs (Swagger UI) works under its Content-Security-Policy: no inline script, no framing."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.support import Server


def test_the_api_docs_render_with_a_strict_policy(page: Page, server: Server, page_errors: list[str]) -> None:
    response = page.goto("/docs")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-store"
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert page_errors == []
