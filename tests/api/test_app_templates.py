"""Each web app has its own templates: the Jinja globals (the CSRF field, the upload box, the phone panel,
the figure captions, the walking lines) are put in by the app factory, so two apps in one process never
share or overwrite each other's (issue 14: nothing loaded in a module global)."""

from __future__ import annotations

from pathlib import Path

from supple.bootstrap import App
from supple.figures.library import FigureLibrary
from supple.web.app import create_app
from tests.conftest import _app
from tests.factories import Clock

GLOBALS = ("csrf_input", "camera_box", "phone_measure", "figure_caption", "walk_progress", "walking_target")


def test_two_apps_in_one_process_keep_their_own_templates(app: App, tmp_path: Path) -> None:
    other = _app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path, Clock())
    try:
        first, second = create_app(app), create_app(other)
        one, two = first.state.templates.env, second.state.templates.env
        assert one is not two
        for name in GLOBALS:
            assert name in one.globals
            assert name in two.globals
        # the captions come from each app's own figure library
        assert one.globals["figure_caption"].__self__ is app.figures
        assert two.globals["figure_caption"].__self__ is other.figures
        assert isinstance(other.figures, FigureLibrary)
        assert other.figures is not app.figures
    finally:
        other.engine.dispose()
