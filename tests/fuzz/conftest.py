"""Shared set-up of the fuzz tests: the hypothesis profile that keeps them bounded, a per-input watchdog,
and the count of fuzz inputs tried, printed at the end of the run ("fuzz inputs tried: N").

The profile ``milkrun-fuzz`` has no per-example deadline (CI machines are noisy); the tests bound their
work with ``max_examples`` instead, multiplied by the environment variable ``MILKRUN_FUZZ_SCALE``
(default 1; e.g. ``MILKRUN_FUZZ_SCALE=20`` for a long local run). With ``CI`` set the inputs are
derandomized, so a CI run is reproducible; locally each run draws new inputs.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, settings

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


class Hang(BaseException):
    """Raised by the watchdog. A BaseException, so that no ``except Exception`` in the code under test
    turns a hang into an ordinary error."""


class FuzzCounter:
    """Counts the fuzz inputs tried, per test (the test running when :meth:`__call__` is called)."""

    def __init__(self) -> None:
        self.per_test: Counter[str] = Counter()
        self.current = "?"

    def __call__(self) -> None:
        self.per_test[self.current] += 1

    @contextmanager
    def watchdog(self, seconds: int = WATCHDOG_SECONDS):
        """Count one input and fail it with :class:`Hang` if it runs longer than ``seconds``."""
        self()

        def expired(signum, frame):
            raise Hang(f"a fuzz input took more than {seconds} s")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


_COUNTER = FuzzCounter()


@pytest.fixture(scope="session")
def fuzz_inputs() -> FuzzCounter:
    """The session's fuzz input counter: call it, or use ``with fuzz_inputs.watchdog():``, once per input."""
    return _COUNTER


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _COUNTER.current = item.nodeid


def pytest_terminal_summary(terminalreporter):
    if not _COUNTER.per_test:
        return
    terminalreporter.section("fuzz inputs")
    for name, count in sorted(_COUNTER.per_test.items()):
        terminalreporter.write_line(f"{count:6d}  {name}")
    terminalreporter.write_line(f"fuzz inputs tried: {sum(_COUNTER.per_test.values())}")
