from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.web.app import create_app
from tests.factories import SAME_ORIGIN


@pytest.fixture
def client(app: App) -> Iterator[TestClient]:
    with TestClient(create_app(app), headers=SAME_ORIGIN) as c:
        yield c
