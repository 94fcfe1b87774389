"""Shared test configuration.

In CI (the CI environment variable is set) the benchmark folder ../shared/instances must be present, so
the tests that read it cannot be skipped silently there.
"""

import os

import pytest

from milkrun import bks


def pytest_sessionstart(session):
    if os.environ.get("CI") and bks.instances_dir() is None:
        pytest.exit("CI is set but the benchmark folder ../shared/instances was not found", returncode=3)
