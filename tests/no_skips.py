"""A skipped test fails the run when ``SUPPLE_TEST_NO_SKIPS`` is set, as `make test` sets it (issue 14: a
plain clone runs the whole suite with 0 skips). A skip only says "not checked here"; in the full run that
means a missing tool or file, which should stop the run rather than pass quietly."""

from __future__ import annotations

import os

import pytest

ENV = "SUPPLE_TEST_NO_SKIPS"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not os.environ.get(ENV) or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        names = ", ".join(sorted({r.nodeid for r in skipped}))
        if reporter is not None:
            reporter.write_line(f"{ENV} is set and {len(skipped)} test(s) were skipped: {names}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
