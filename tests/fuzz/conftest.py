"""Shared set-up of the fuzz tests: the hypothesis profile that keeps them bounded, a per-input watchdog,
and the count of fuzz inputs tried, printed at the end of the run ("fuzz inputs tried: N").

The profile ``milkrun-fuzz`` has no per-example deadline (CI machines are noisy); the tests bound their
work with ``max_examples`` instead, multiplied by the environment variable ``MILKRUN_FUZZ_SCALE``
(default 1; e.g. ``MILKRUN_FUZZ_SCALE=20`` for a long local run). With ``CI`` set the inputs are
derandomized, so a CI run is reproducible; locally each run draws new inputs.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from tally import Tally

settings.register_profile(
    "milkrun-fuzz",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,  # no .hypothesis folder in the working tree; failures print their input instead
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

#: Seconds one fuzz input may take (reading, and the tiny solve when there is one) before it counts as a hang.
WATCHDOG_SECONDS = 30


class FuzzCounter(Tally):
    """Counts the fuzz inputs tried: call it once per input, or use ``with fuzz_inputs.watchdog():``."""

    watchdog = Tally.guard


_COUNTER = FuzzCounter("fuzz inputs", WATCHDOG_SECONDS)


@pytest.fixture(scope="session")
def fuzz_inputs() -> FuzzCounter:
    return _COUNTER


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _COUNTER.current = item.nodeid


def pytest_terminal_summary(terminalreporter):
    _COUNTER.summary(terminalreporter)
