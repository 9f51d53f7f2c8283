"""The accuracy benchmark reads the Pose2Sim demo's Qualisys calibration with the right conventions."""

from __future__ import annotations

import numpy as np

from benchmarks.pose_accuracy import read_qca, reproject
from tests.vision.media import POSE2SIM_CALIBRATION as CALIBRATION


def test_each_camera_sees_the_capture_volume_upright_and_in_front() -> None:
    cams = read_qca(CALIBRATION)
    assert sorted(cams) == ["cam01", "cam02", "cam03", "cam04"]
    for cam in cams.values():
        centre = -cam.rot.T @ cam.t
        assert 1.5 < centre[2] < 2.5  # about 1.9 m up, as the file's z (mm) says
        assert np.allclose(cam.rot @ cam.rot.T, np.eye(3), atol=1e-6)
        assert 0 < cam.k_mat[0, 2] < 1088
        assert 0 < cam.k_mat[1, 2] < 1920
        assert np.all(np.abs(cam.dist) < 0.01)  # stored in 1/64 units, as Pose2Sim reads them
        hip = np.array([0.0, 0.0, 0.9])  # where a standing person's hip is
        depth = (cam.rot @ hip + cam.t)[2]
        assert depth > 0  # in front of the camera
        x, y = reproject(cam.proj, hip)
        assert 0 < x < 1080
        assert 0 < y < 1920
        _, y_higher = reproject(cam.proj, hip + np.array([0.0, 0.0, 0.5]))
        assert y_higher < y  # world up is image up: the portrait videos need no turning
