"""Reader for Cordeau's periodic VRP text format (PVRP: Cordeau, Gendreau & Laporte 1997; PVRPTW:
Cordeau, Laporte & Mercier 2001), and for the ``.res`` best-solution files distributed with it.

The format::

    type m n t              type 1 = PVRP, 5 = PVRPTW; m vehicles per day, n customers, t days
    D Q                     t lines, one per day: maximum route duration (0 = none) and capacity
    i x y d q f a c1 .. ca  n + 1 lines (0 is the depot): service duration d, demand q, visit frequency f,
                            a allowed visit combinations; PVRPTW lines end with the time window e l

A visit combination is a day set written as a binary number whose leftmost of ``t`` digits is day 1: with
``t = 5``, ``20`` (``10100``) means days 1 and 3. Distances and travel times are Euclidean.

A ``.res`` file holds the cost on its first line, then one route per line:
``day vehicle duration load 0 c1 c2 ... 0``.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import numpy as np

from .._core import MAX_VALUE, Client, Depot, Period, ProblemData, Scaling, Solution, SolutionRoute, TimeWindow, VehicleType
from ._common import NUMBER as _NUMBER
from ._common import Fields, InstanceError, check_convention, integer_matrices, read_text

__all__ = ["looks_like_cordeau", "read_cordeau", "read_cordeau_solution"]

#: Integer units per unit of distance and time, by convention.
_SCALE = {"dimacs": 10, "exact": 1000}

#: Problem types of the first line this reader understands.
_TYPES = {1: "PVRP", 5: "PVRPTW"}

_INT = re.compile(r"[+-]?\d+")


def looks_like_cordeau(text: str) -> bool:
    """Whether ``text`` (the start of a file) looks like a Cordeau PVRP/PVRPTW file."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if len(lines) < 3 or len(lines[0]) not in (4, 5) or not all(_INT.fullmatch(t) for t in lines[0]):
        return False
    kind, _m, _n, days = (int(t) for t in lines[0][:4])
    if kind not in _TYPES or not 1 <= days <= 64 or len(lines) < 1 + days + 1:
        return False
    return all(len(line) == 2 and all(_NUMBER.fullmatch(t) for t in line) for line in lines[1 : 1 + days])


def read_cordeau(path: str | os.PathLike[str], convention: str = "dimacs") -> ProblemData:
    """Read a Cordeau PVRP or PVRPTW instance.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.
    convention : {"dimacs", "exact"}
        ``"exact"`` (what the published costs of both sets use: double-precision distances) stores ``round(1000 * d)``
        as distance and ``ceil(1000 * d)`` as travel time; ``"dimacs"`` stores ``floor(10 * d)`` for both.

    Returns
    -------
    ProblemData
        One depot ``"0"``, clients ``"1"`` .. ``"n"`` with their frequency and allowed visit-day patterns
        (bit ``p`` is day ``p + 1``), one capacity dimension ``"demand"``, ``t`` periods ``"day 1"`` ..
        with ``m`` vehicles each. Days sharing a (duration, capacity) pair share a vehicle type; a type is
        available only on its days.

    Raises
    ------
    InstanceError
        If the file is missing or malformed, or describes an invalid instance; the message names the
        file, line and field.
    """
    check_convention(convention)
    where = os.fspath(path)
    lines = [(number, line.split()) for number, line in enumerate(read_text(path).splitlines(), start=1)
             if line.strip()]

    fields = Fields(where)
    number, whole, bounded = fields.number, fields.whole, fields.bounded

    if not lines:
        raise InstanceError(where, "the file is empty")
    line, tokens = lines[0]
    if len(tokens) < 4:
        raise InstanceError(where, f"expected 'type m n t', got {len(tokens)} values", line=line, field="header")
    kind = whole(tokens[0], line, "type", 0)
    if kind not in _TYPES:
        raise InstanceError(where, f"problem type {kind} is not a periodic VRP (1 = PVRP, 5 = PVRPTW)", line=line,
                            field="type")
    vehicles = whole(tokens[1], line, "m (vehicles per day)", 1)
    num_customers = whole(tokens[2], line, "n (customers)", 1)
    num_days = whole(tokens[3], line, "t (days)", 1)
    if num_days > 64:
        raise InstanceError(where, f"at most 64 days are supported, got {num_days}", line=line, field="t (days)")
    with_windows = kind == 5
    if len(lines) != 1 + num_days + num_customers + 1:
        raise InstanceError(where, f"expected {1 + num_days + num_customers + 1} non-empty lines (header, {num_days} "
                                   f"days, depot, {num_customers} customers), got {len(lines)}")

    scale = _SCALE[convention]
    day_limits = []
    for p in range(num_days):
        line, tokens = lines[1 + p]
        if len(tokens) != 2:
            raise InstanceError(where, f"expected 'D Q' for day {p + 1}, got {len(tokens)} values", line=line,
                                field=f"day {p + 1}")
        max_duration = bounded(number(tokens[0], line, "D (maximum route duration)"), scale, line,
                               "D (maximum route duration)")
        if max_duration < 0:
            raise InstanceError(where, f"must not be negative, got {tokens[0]}", line=line,
                                field="D (maximum route duration)")
        day_limits.append((max_duration, whole(tokens[1], line, "Q (capacity)", 1)))

    nodes = []
    for i in range(num_customers + 1):
        line, tokens = lines[1 + num_days + i]
        what = "depot" if i == 0 else f"customer {i}"
        if len(tokens) < 7:
            raise InstanceError(where, f"expected 'i x y d q f a ...', got {len(tokens)} values", line=line,
                                field=what)
        if whole(tokens[0], line, "i", 0) != i:
            raise InstanceError(where, f"expected node number {i}, got {tokens[0]}", line=line, field=what)
        x, y = number(tokens[1], line, f"{what}: x"), number(tokens[2], line, f"{what}: y")
        service = bounded(number(tokens[3], line, f"{what}: d (service duration)"), scale, line,
                          f"{what}: d (service duration)")
        demand = whole(tokens[4], line, f"{what}: q (demand)", 0)
        frequency = whole(tokens[5], line, f"{what}: f (frequency)", 0)
        count = whole(tokens[6], line, f"{what}: a (visit combinations)", 0)
        expected = 7 + count + (2 if with_windows else 0)
        if len(tokens) != expected:
            raise InstanceError(where, f"expected {expected} values ({count} visit combinations"
                                       f"{' and a time window' if with_windows else ''}), got {len(tokens)}",
                                line=line, field=what)
        if service < 0:
            raise InstanceError(where, f"must not be negative, got {tokens[3]}", line=line,
                                field=f"{what}: d (service duration)")
        patterns = []
        for k in range(count):
            value = whole(tokens[7 + k], line, f"{what}: visit combination {k + 1}", 1, maximum=2**64)
            if value >= 1 << num_days:
                raise InstanceError(where, f"visit combination {value} names a day beyond day {num_days}", line=line,
                                    field=f"{what}: visit combination {k + 1}")
            # Leftmost of t binary digits is day 1; bit p of the pattern is day p + 1.
            patterns.append(sum(1 << p for p in range(num_days) if value >> (num_days - 1 - p) & 1))
            if bin(value).count("1") != frequency:
                raise InstanceError(where, f"visit combination {value} has {bin(value).count('1')} days, but the "
                                           f"frequency is {frequency}", line=line,
                                    field=f"{what}: visit combination {k + 1}")
        window = (0.0, math.inf)
        if with_windows:
            window = (bounded(number(tokens[-2], line, f"{what}: e (window start)"), scale, line,
                              f"{what}: e (window start)"),
                      bounded(number(tokens[-1], line, f"{what}: l (window end)"), scale, line,
                              f"{what}: l (window end)"))
            if window[1] < window[0]:
                raise InstanceError(where, f"window end {tokens[-1]} precedes its start {tokens[-2]}", line=line,
                                    field=f"{what}: time window")
        if i > 0 and (frequency < 1 or count < 1):
            raise InstanceError(where, f"frequency {frequency} with {count} visit combinations: a customer needs "
                                       "at least one visit and one combination", line=line, field=what)
        nodes.append((line, x, y, service, demand, frequency, patterns, window))

    xy = np.array([(n[1], n[2]) for n in nodes], dtype=np.float64)
    diff = xy[:, None, :] - xy[None, :, :]
    scaled = scale * np.sqrt((diff * diff).sum(axis=-1))
    if not float(scaled.max()) <= MAX_VALUE / 1e4:
        raise InstanceError(where, "coordinates lie too far apart for integer distances", field="x/y")
    distance, duration = integer_matrices(scaled, convention)

    def units(value: float) -> int:
        return MAX_VALUE if math.isinf(value) else round(value * scale)

    # One vehicle type per distinct (D, Q), available m times on its days.
    kinds = sorted(set(day_limits), key=day_limits.index)
    vehicle_types = []
    for k, (max_duration, capacity) in enumerate(kinds):
        name = "vehicle" if len(kinds) == 1 else f"vehicle {k + 1}"
        vehicle_types.append(VehicleType(name, capacity=[capacity], num_available=vehicles, fixed_cost=0,
                                         unit_distance_cost=1, unit_duration_cost=0,
                                         max_duration=math.floor(max_duration * scale) if max_duration > 0
                                         else MAX_VALUE))
    periods = [Period(f"day {p + 1}", [vehicles if kinds[k] == day_limits[p] else 0 for k in range(len(kinds))])
               for p in range(num_days)]

    clients = []
    for i, (line, x, y, service, demand, frequency, patterns, window) in enumerate(nodes):
        try:
            if i == 0:
                depot = Depot("0", x, y, TimeWindow(units(window[0]), units(window[1])))
            else:
                clients.append(Client(str(i), x, y, round(service * scale), [demand],
                                      time_windows=[TimeWindow(units(window[0]), units(window[1]))],
                                      frequency=frequency, patterns=patterns))
        except ValueError as exc:  # e.g. a negative window start
            raise InstanceError(where, str(exc), line=line, field="depot" if i == 0 else f"customer {i}") from None
    try:
        return ProblemData(name=Path(where).stem, dimensions=["demand"], depots=[depot], clients=clients,
                           vehicle_types=vehicle_types, periods=periods, distance=distance, duration=duration,
                           scaling=Scaling(distance=scale, duration=scale, cost=scale))
    except ValueError as exc:
        raise InstanceError(where, f"invalid instance: {exc}") from None


def read_cordeau_solution(path: str | os.PathLike[str], data: ProblemData) -> tuple[float, Solution]:
    """Read a ``.res`` solution of a Cordeau instance read by :func:`read_cordeau`.

    Returns
    -------
    (float, Solution)
        The cost stated on the first line, and the routes (vehicle type of their day, period of their day).

    Raises
    ------
    InstanceError
        If the file is malformed or names a day or customer the data does not have.
    """
    where = os.fspath(path)
    lines = [(number, line.split()) for number, line in enumerate(read_text(path).splitlines(), start=1)
             if line.strip()]
    if not lines:
        raise InstanceError(where, "the file is empty")
    line, tokens = lines[0]
    try:
        stated = float(tokens[0])
    except ValueError:
        raise InstanceError(where, f"{tokens[0]!r} is not a cost", line=line, field="cost") from None
    if not math.isfinite(stated):
        raise InstanceError(where, f"{tokens[0]!r} is not a finite cost", line=line, field="cost")
    routes = []
    for line, tokens in lines[1:]:
        try:
            day = int(tokens[0])
            visits = [int(t) for t in tokens[4:]]
        except (ValueError, IndexError):
            raise InstanceError(where, "expected 'day vehicle duration load 0 c1 .. 0'", line=line) from None
        if not 1 <= day <= data.num_periods:
            raise InstanceError(where, f"day {day} is not in 1..{data.num_periods}", line=line, field="day")
        clients = [v for v in visits if v != 0]
        if any(not 1 <= v <= data.num_clients for v in clients):
            raise InstanceError(where, f"a visit names a customer outside 1..{data.num_clients}", line=line)
        period = data.periods[day - 1]
        vehicle_type = next(t for t, n in enumerate(period.num_available) if n > 0)
        try:
            routes.append(SolutionRoute(data, clients, vehicle_type, day - 1))
        except ValueError as exc:
            raise InstanceError(where, str(exc), line=line) from None
    try:
        return stated, Solution(data, routes)
    except ValueError as exc:  # e.g. a customer visited twice on a day
        raise InstanceError(where, f"not a plan of {data.name}: {exc}") from None
