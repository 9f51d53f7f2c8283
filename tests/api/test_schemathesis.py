"""Property-based fuzzing of every API operation from the OpenAPI document: no 5xx, ever, and every
status answered is one the document declares for that operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from supple.bootstrap import App
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.web.app import create_app
from tests.factories import Clock, shared_catalogue


def _make() -> object:
    folder = Path(__import__("tempfile").mkdtemp(prefix="supple-fuzz-"))
    engine = make_engine(f"sqlite:///{folder / 's.db'}")
    migrate(engine)
    app = App(Settings(data_dir=folder), engine, session_factory(engine), shared_catalogue(), Clock())
    return create_app(app)


schema = schemathesis.openapi.from_asgi("/openapi.json", _make())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error_or_an_undocumented_status(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance])
