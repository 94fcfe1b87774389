"""A count of the inputs a generated-input suite tries, per test, with a wall-clock guard per input; the
fuzz and property-test folders each keep one and print it at the end of the run."""

from __future__ import annotations

import signal
import threading
from collections import Counter
from contextlib import contextmanager


class Hang(BaseException):
    """Raised by the guard. A BaseException, so that no ``except Exception`` in the code under test turns a
    hang into an ordinary error."""


class Tally:
    """Inputs tried, per test (the test running when one is counted)."""

    def __init__(self, what: str, seconds: int) -> None:
        self.what = what  #: e.g. "fuzz inputs", for the messages and the summary
        self.seconds = seconds  #: how long one input may take before it counts as a hang
        self.per_test: Counter[str] = Counter()
        self.current = "?"

    def add(self) -> None:
        self.per_test[self.current] += 1

    __call__ = add

    @contextmanager
    def guard(self, seconds: int | None = None):
        """Count one input; fail it with :class:`Hang` if the block runs longer than ``seconds`` (default:
        the tally's)."""
        seconds = self.seconds if seconds is None else seconds
        self.add()
        if threading.current_thread() is not threading.main_thread():  # signals only reach the main thread
            yield
            return

        def expired(signum, frame):
            raise Hang(f"one of the {self.what} took more than {seconds} s: a hang?")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    def summary(self, terminalreporter) -> None:
        """The counts per test and the total ("<what> tried: N") at the end of the run."""
        if not self.per_test:
            return
        terminalreporter.section(self.what)
        for name, count in sorted(self.per_test.items()):
            terminalreporter.write_line(f"{count:6d}  {name}")
        terminalreporter.write_line(f"{self.what} tried: {sum(self.per_test.values())}")
