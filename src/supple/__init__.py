"""Supple: find and ease stiffness in the mid back, ankles and hips, for adults with long-lasting low back pain."""
