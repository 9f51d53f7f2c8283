"""The CLI and the web app start without loading numpy, OpenCV or MediaPipe (they load on first use)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "cv2", "mediapipe", "PIL")


def test_starting_the_cli_or_building_the_web_app_loads_no_vision_library() -> None:
    code = (
        "import sys, supple.cli.main, supple.web.app, supple.vision, supple.services.measure; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
