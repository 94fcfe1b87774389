"""Set-up shared by the property tests: a count of the generated instances tried (printed at the end of
the run as "property-test instances tried: N", with the count per test) and a wall-clock guard that turns
a hanging solve into a test failure.

A test calls ``with property_instances.guard():`` once per instance it builds (or
``property_instances.add()`` when there is nothing to guard).
"""

from __future__ import annotations

import pytest
from tally import Tally

#: Seconds one instance (build, solve, checks) may take before it counts as a hang. A solve here takes well
#: under a second; the margin is for slow CI machines.
SECONDS_PER_INSTANCE = 60

_TALLY = Tally("property-test instances", SECONDS_PER_INSTANCE)


@pytest.fixture(scope="session")
def property_instances() -> Tally:
    return _TALLY


def pytest_runtest_setup(item):  # a conftest hook: called for the tests of this folder only
    _TALLY.current = item.name


def pytest_terminal_summary(terminalreporter):
    _TALLY.summary(terminalreporter)
