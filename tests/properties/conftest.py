"""Set-up shared by the property tests: a count of the generated instances tried (printed at the end of
the run as "property-test instances tried: N", with the count per test) and a wall-clock guard that turns
a hanging solve into a test failure.

A test calls ``with property_instances.guard():`` once per instance it builds (or
``property_instances.add()`` when there is nothing to guard).
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from contextlib import contextmanager

import pytest

#: Seconds one instance (build, solve, checks) may take before it counts as a hang. A solve here takes well
#: under a second; the margin is for slow CI machines.
SECONDS_PER_INSTANCE = 60


class TookTooLong(BaseException):
    """Raised by the guard. A BaseException, so that no ``except Exception`` in the code under test hides it."""


class InstanceTally:
    """Instances tried, per test."""

    def __init__(self) -> None:
        self.by_test: Counter[str] = Counter()
        self.test = "?"

    def add(self) -> None:
        self.by_test[self.test] += 1

    @contextmanager
    def guard(self, seconds: int = SECONDS_PER_INSTANCE):
        """Count one instance; fail with :class:`TookTooLong` if the block runs longer than ``seconds``."""
        self.add()
        if threading.current_thread() is not threading.main_thread():  # signals only reach the main thread
            yield
            return

        def alarm(signum, frame):
            raise TookTooLong(f"one instance took more than {seconds} s: a hang?")

        before = signal.signal(signal.SIGALRM, alarm)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, before)


_TALLY = InstanceTally()


@pytest.fixture(scope="session")
def property_instances() -> InstanceTally:
    return _TALLY


def pytest_runtest_setup(item):  # a conftest hook: called for the tests of this folder only
    _TALLY.test = item.name


def pytest_terminal_summary(terminalreporter):
    if not _TALLY.by_test:
        return
    terminalreporter.section("property-test instances")
    for name, count in sorted(_TALLY.by_test.items()):
        terminalreporter.write_line(f"{count:6d}  {name}")
    terminalreporter.write_line(f"property-test instances tried: {sum(_TALLY.by_test.values())}")
