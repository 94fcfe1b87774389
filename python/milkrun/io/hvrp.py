"""Reader for the heterogeneous-fleet VRP text format of Golden et al. (1984) / Taillard (1999), as
distributed by Lacomme et al. (the ``hvrp_golden_taillard`` benchmark set).

The format::

     //Lines 1:5      : these comments
     //Line  6        : customers (N), vehicle types (T), range, service time, LB, BKS
     //Lines 7:T+6    : per type: number, capacity, fixed cost, cost per distance unit
     //Line  T+7      : depot coordinates X and Y
     //Lines T+8:T+N+7: per customer: coordinates X and Y and demand
     50 6 999999.0 0.0 1517.84 1518.05
     4 20  0 1.0
     ...

Comment lines start with ``//``. A range of 999999 or more means no route length limit. Fixed costs and
costs per distance unit may have up to ``_COST_DECIMALS`` decimals.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from .._core import MAX_VALUE, Client, Depot, Period, ProblemData, Scaling, TimeWindow, VehicleType
from ._common import Fields, InstanceError, check_convention, integer_matrices, read_text

__all__ = ["looks_like_hvrp", "read_hvrp"]

#: Integer units per unit of distance and time, by convention.
_SCALE = {"dimacs": 10, "exact": 1000}

#: Decimals of the cost fields kept exactly (unit costs such as 1.1 become 11 with a cost scale x10).
_COST_DECIMALS = 2

#: A range at or above this value means "no limit".
_NO_RANGE = 999999.0



def looks_like_hvrp(text: str) -> bool:
    """Whether ``text`` (the start of a file) looks like a Golden/Taillard HVRP file."""
    head = [line.strip().lower() for line in text.splitlines()[:6]]
    return bool(head) and head[0].startswith("//") and any("vehicle types" in line for line in head)


def read_hvrp(path: str | os.PathLike[str], convention: str = "dimacs") -> ProblemData:
    """Read a Golden/Taillard heterogeneous-fleet VRP instance.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.
    convention : {"dimacs", "exact"}
        ``"exact"`` (what the BKS of this set use: double-precision distances) stores ``round(1000 * d)``
        as distance and ``ceil(1000 * d)`` as travel time; ``"dimacs"`` stores ``floor(10 * d)`` for both.

    Returns
    -------
    ProblemData
        One depot ``"0"``, clients ``"1"`` .. ``"N"``, one capacity dimension ``"demand"``, one vehicle type
        per type line (``type1`` ...) with its count, capacity, fixed cost and cost per distance unit, the
        range as maximum route duration, one period. Costs are reported in the file's units.

    Raises
    ------
    InstanceError
        If the file is missing or malformed, or describes an invalid instance; the message names the
        file, line and field.
    """
    check_convention(convention)
    where = os.fspath(path)
    lines = [(number, line.split()) for number, line in enumerate(read_text(path).splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("//")]

    fields = Fields(where)
    number, whole, bounded = fields.number, fields.whole, fields.bounded

    def row(index: int, fields: tuple[str, ...], what: str) -> tuple[int, list[str]]:
        if index >= len(lines):
            raise InstanceError(where, f"the file ends before the {what}")
        line, tokens = lines[index]
        if len(tokens) < len(fields):
            raise InstanceError(where, f"expected {len(fields)} values ({', '.join(fields)}), got {len(tokens)}",
                                line=line, field=what)
        return line, tokens

    head = ("customers", "vehicle types", "range", "service time", "LB", "BKS")
    line, tokens = row(0, head[:4], "header")
    num_customers = whole(tokens[0], line, "customers", 1)
    num_types = whole(tokens[1], line, "vehicle types", 1)
    max_range = number(tokens[2], line, "range")
    service = bounded(number(tokens[3], line, "service time"), _SCALE[convention], line, "service time")
    if max_range <= 0 or service < 0:
        raise InstanceError(where, "range must be positive and service time non-negative", line=line,
                            field="range/service time")

    scale = _SCALE[convention]
    cost_scale = 10**_COST_DECIMALS

    def cost(token: str, line: int, field: str) -> int:
        value = bounded(number(token, line, field), cost_scale * scale, line, field)
        scaled = round(value * cost_scale)
        if value < 0 or abs(value * cost_scale - scaled) > 1e-6 * max(1.0, abs(scaled)):
            raise InstanceError(where, f"must be non-negative with at most {_COST_DECIMALS} decimals, got {token}",
                                line=line, field=field)
        return scaled

    types = []
    for k in range(num_types):
        line, tokens = row(1 + k, ("number", "capacity", "fixed cost", "cost per distance"), f"vehicle type {k + 1}")
        types.append((line, whole(tokens[0], line, "number", 1), whole(tokens[1], line, "capacity", 1),
                      cost(tokens[2], line, "fixed cost"), cost(tokens[3], line, "cost per distance")))

    line, tokens = row(1 + num_types, ("X", "Y"), "depot")
    coords = [(number(tokens[0], line, "X"), number(tokens[1], line, "Y"))]
    demands = [0]
    for c in range(num_customers):
        line, tokens = row(2 + num_types + c, ("X", "Y", "demand"), f"customer {c + 1}")
        coords.append((number(tokens[0], line, "X"), number(tokens[1], line, "Y")))
        demands.append(whole(tokens[2], line, "demand", 0))
    if len(lines) > 2 + num_types + num_customers:
        extra = lines[2 + num_types + num_customers][0]
        raise InstanceError(where, f"more rows than the {num_customers} customers of the header", line=extra)

    xy = np.array(coords, dtype=np.float64)
    diff = xy[:, None, :] - xy[None, :, :]
    scaled = scale * np.sqrt((diff * diff).sum(axis=-1))
    if not float(scaled.max()) <= MAX_VALUE / cost_scale / 100:
        raise InstanceError(where, "coordinates lie too far apart for integer distances", field="X/Y")
    distance, duration = integer_matrices(scaled, convention)

    service_units = round(service * scale)
    max_duration = MAX_VALUE if max_range >= _NO_RANGE else math.floor(max_range * scale)
    vehicle_types = []
    for k, (line, count, capacity, fixed, unit) in enumerate(types):
        try:
            vehicle_types.append(VehicleType(f"type{k + 1}", capacity=[capacity], num_available=count,
                                             fixed_cost=fixed * scale, unit_distance_cost=unit, unit_duration_cost=0,
                                             max_duration=max_duration))
        except ValueError as exc:  # e.g. a cost per distance beyond the engine's range
            raise InstanceError(where, str(exc), line=line, field=f"vehicle type {k + 1}") from None
    clients = [Client(str(c), coords[c][0], coords[c][1], service_units, [demands[c]]) for c in range(1, len(coords))]
    depot = Depot("0", coords[0][0], coords[0][1], TimeWindow(0, MAX_VALUE))
    try:
        return ProblemData(name=Path(where).stem, dimensions=["demand"], depots=[depot], clients=clients,
                           vehicle_types=vehicle_types, periods=[Period("day 1")], distance=distance,
                           duration=duration,
                           scaling=Scaling(distance=scale, duration=scale, cost=scale * cost_scale))
    except ValueError as exc:
        raise InstanceError(where, f"invalid instance: {exc}") from None
