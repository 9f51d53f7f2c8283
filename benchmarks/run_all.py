"""Run every benchmark and print the figures quoted in the README."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

import cli_cold_start
import figures
import plan_generation
import pose_accuracy
import pose_speed
import records

if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    sys.argv = [sys.argv[0]]
    cli_cold_start.main()
    plan_generation.main()
    figures.main()
    records.main()
    pose_accuracy.main()  # needs ../shared/data/pose; a few minutes on 2 cores
    pose_speed.main()
