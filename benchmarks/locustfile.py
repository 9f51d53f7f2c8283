"""Locust users for benchmarks/load.py. TARGET selects what they hit."""

from __future__ import annotations

import os

from locust import HttpUser, constant, task

TARGET = os.environ.get("SUPPLE_LOAD_TARGET", "supple")


class Reader(HttpUser):
    wait_time = constant(0)

    if TARGET == "bare":

        @task
        def bare(self) -> None:
            self.client.get("/hello", name="bare endpoint")

    else:

        @task
        def routine_page(self) -> None:
            self.client.get("/p/Ann/routine", name="routine page")

        @task
        def api_read(self) -> None:
            self.client.get("/api/v1/profiles/Ann/routine", name="API routine read")
