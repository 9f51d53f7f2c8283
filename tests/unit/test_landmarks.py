from supple.domain.landmarks import LANDMARK_INDEX, LANDMARK_NAMES, mirrored


def test_blazepose_order_and_count() -> None:
    assert len(LANDMARK_NAMES) == 33
    assert LANDMARK_INDEX["nose"] == 0
    assert LANDMARK_INDEX["left_hip"] == 23
    assert LANDMARK_INDEX["right_knee"] == 26
    assert LANDMARK_INDEX["right_foot_index"] == 32


def test_mirroring_pairs_every_sided_point() -> None:
    for name in LANDMARK_NAMES:
        assert mirrored(mirrored(name)) == name
        assert mirrored(name) in LANDMARK_INDEX
    assert mirrored("left_ankle") == "right_ankle"
    assert mirrored("mouth_left") == "mouth_right"
    assert mirrored("nose") == "nose"
