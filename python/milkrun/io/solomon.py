"""Reader for the Solomon VRPTW text format (Solomon 1987; also Gehring & Homberger 1999).

The format::

    C101

    VEHICLE
    NUMBER     CAPACITY
      25         200

    CUSTOMER
    CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

        0      40         50          0          0       1236          0
        1      45         68         10        912        967         90
    ...

Line 1 is the instance name. The line after ``VEHICLE`` and its header gives the fleet size bound
and the vehicle capacity. The rows after ``CUSTOMER`` and its header are the depot (row 0) and the
customers, numbered 0, 1, 2, ... The file is parsed by whitespace tokens, so column spacing and the
header text may vary.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._core import MAX_VALUE, Client, Depot, Period, ProblemData, Scaling, TimeWindow, VehicleType
from ._common import InstanceError, check_convention, integer_matrices, read_text

__all__ = ["looks_like_solomon", "read_solomon"]

#: The customer columns, named as in the file header.
COLUMNS: tuple[str, ...] = ("CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE TIME")

#: Integer units per unit of the source data (distance, time), by convention.
_SCALE = {"dimacs": 10, "exact": 10_000}

# A decimal number: what may appear in a field. (``float`` alone would also take "1_0", "nan", "inf".)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class _Row:
    """One customer (or depot) row, as read from the file."""

    line: int
    number: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float


@dataclass(frozen=True)
class _SolomonFile:
    """The parsed content of a Solomon file, before conversion to problem data."""

    name: str
    fleet_line: int
    num_vehicles: int
    capacity: int
    rows: list[_Row]


def looks_like_solomon(text: str) -> bool:
    """Whether ``text`` (the head of a file) looks like a Solomon instance.

    Parameters
    ----------
    text : str
        The file's text, or its first few kilobytes.

    Returns
    -------
    bool
        True if a line consists of the section keyword ``VEHICLE`` or ``CUSTOMER`` alone (any case).
        One of them is enough, so that a file with a damaged section still reaches the reader, which
        then reports the exact problem.
    """
    return any(line.strip().upper() in ("VEHICLE", "CUSTOMER") for line in text.splitlines())


def read_solomon(path: str | os.PathLike[str], convention: str = "dimacs") -> ProblemData:
    """Read a Solomon or Gehring & Homberger VRPTW instance.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.
    convention : {"dimacs", "exact"}
        How Euclidean distances become integers (see the benchmark README):

        - ``"dimacs"`` (DIMACS 2021 / CVRPLIB / PyVRP): every arc's distance and travel time is
          ``floor(10 * euclid)``; ready times, due dates and service times are multiplied by 10;
          ``Scaling(10, 10, 10)``. Costs in the result are then in original units with one decimal.
        - ``"exact"`` (for the hierarchical tables): distance ``round(10000 * euclid)``, travel time
          ``ceil(10000 * euclid)`` (never shorter than the true time, so plans stay feasible), times
          multiplied by 10000; ``Scaling(10000, 10000, 10000)``.

        Scaled times that are not integers are rounded to the nearest unit.

    Returns
    -------
    ProblemData
        One depot (named ``"0"``), one client per customer row (named by its customer number), one
        capacity dimension ``"demand"``, one vehicle type ``"vehicle"`` with the file's capacity, at
        most ``NUMBER`` vehicles, unit distance cost 1 and the depot's window as shift, and one period.

    Raises
    ------
    InstanceError
        If the file is missing or malformed, or describes an invalid instance. The message names the
        file and, where it applies, the line and field.
    ValueError
        If ``convention`` is unknown.
    """
    check_convention(convention)
    parsed = _parse(read_text(path), os.fspath(path))
    return _build(parsed, convention, os.fspath(path))


# ----------------------------------------------------------------------------------------------------
# parsing


def _is_numeric(token: str) -> bool:
    """Whether a token is meant as a number (including ``nan``/``inf``, which are rejected later)."""
    try:
        float(token)
    except ValueError:
        return False
    return True


def _number(token: str, path: str, line: int, field: str) -> float:
    if _NUMBER.fullmatch(token) is None:
        if _is_numeric(token):
            raise InstanceError(path, f"{token!r} is not a finite number", line=line, field=field)
        raise InstanceError(path, f"{token!r} is not a number", line=line, field=field)
    value = float(token)
    if not math.isfinite(value):
        raise InstanceError(path, f"{token!r} is not a finite number", line=line, field=field)
    return value


def _integer(token: str, path: str, line: int, field: str) -> int:
    value = _number(token, path, line, field)
    if not value.is_integer():
        raise InstanceError(path, f"{token!r} is not an integer", line=line, field=field)
    return int(value)


def _section_line(lines: list[list[str]], keyword: str, start: int) -> int | None:
    """Index of the first line from ``start`` that consists of ``keyword`` only (any case)."""
    for idx in range(start, len(lines)):
        if len(lines[idx]) == 1 and lines[idx][0].upper() == keyword:
            return idx
    return None


def _data_lines(lines: list[list[str]], start: int, stop: int) -> list[int]:
    """Indices of the data lines in ``lines[start:stop]``.

    Blank lines are skipped, and so are header lines (lines without any numeric token) before the
    first data line. After the first data line every non-blank line is data.
    """
    found: list[int] = []
    for idx in range(start, stop):
        tokens = lines[idx]
        if not tokens:
            continue
        if found or any(_is_numeric(tok) for tok in tokens):
            found.append(idx)
    return found


def _parse(text: str, path: str) -> _SolomonFile:
    raw = text.splitlines()
    lines = [line.split() for line in raw]
    if not any(lines):
        raise InstanceError(path, "the file is empty")
    last = len(lines)  # 1-based number of the last line

    vehicle = _section_line(lines, "VEHICLE", 0)
    if vehicle is None:
        raise InstanceError(path, "no VEHICLE section found before the end of the file", line=last, field="VEHICLE")
    customer = _section_line(lines, "CUSTOMER", vehicle + 1)
    if customer is None:
        misplaced = _section_line(lines, "CUSTOMER", 0)
        if misplaced is not None:
            raise InstanceError(path, "the CUSTOMER section must come after the VEHICLE section",
                                line=misplaced + 1, field="CUSTOMER")
        raise InstanceError(path, "no CUSTOMER section found before the end of the file", line=last,
                            field="CUSTOMER")

    first = raw[0].strip()
    name = first if first and first.upper() not in ("VEHICLE", "CUSTOMER") else Path(path).stem

    # VEHICLE section: exactly one line "NUMBER CAPACITY".
    fleet = _data_lines(lines, vehicle + 1, customer)
    if not fleet:
        raise InstanceError(path, "missing the NUMBER CAPACITY line after VEHICLE", line=customer + 1,
                            field="NUMBER/CAPACITY")
    if len(fleet) > 1:
        raise InstanceError(path, "unexpected extra line in the VEHICLE section", line=fleet[1] + 1,
                            field="VEHICLE")
    fleet_line = fleet[0] + 1
    tokens = lines[fleet[0]]
    if len(tokens) != 2:
        raise InstanceError(path, f"expected 2 columns (NUMBER CAPACITY), found {len(tokens)}", line=fleet_line,
                            field="NUMBER/CAPACITY")
    num_vehicles = _integer(tokens[0], path, fleet_line, "NUMBER")
    capacity = _integer(tokens[1], path, fleet_line, "CAPACITY")
    if not 1 <= num_vehicles <= MAX_VALUE:
        raise InstanceError(path, f"the number of vehicles must be at least 1 (and at most {MAX_VALUE}), got "
                                  f"{num_vehicles}", line=fleet_line, field="NUMBER")
    if not 0 < capacity <= MAX_VALUE:
        raise InstanceError(path, f"the capacity must be positive (and at most {MAX_VALUE}), got {capacity}",
                            line=fleet_line, field="CAPACITY")

    # CUSTOMER section: rows 0 (depot), 1, 2, ...
    row_indices = _data_lines(lines, customer + 1, len(lines))
    if not row_indices:
        raise InstanceError(path, "no rows after the CUSTOMER header (the depot row 0 is needed)", line=last,
                            field="CUSTOMER")
    rows: list[_Row] = []
    seen: dict[int, int] = {}
    for idx in row_indices:
        row = _parse_row(lines[idx], path, idx + 1, capacity)
        expected = len(rows)
        if row.number in seen:
            raise InstanceError(path, f"duplicate customer number {row.number} (first on line {seen[row.number]})",
                                line=row.line, field="CUST NO.")
        if row.number != expected:
            what = "the first row must be the depot, number 0" if expected == 0 else (
                f"customer numbers must be contiguous 0, 1, 2, ...: expected {expected}")
            raise InstanceError(path, f"{what}, found {row.number}", line=row.line, field="CUST NO.")
        seen[row.number] = row.line
        rows.append(row)

    depot = rows[0]
    if depot.demand != 0:
        raise InstanceError(path, f"the depot (row 0) must have demand 0, got {depot.demand}", line=depot.line,
                            field="DEMAND")
    if depot.service != 0:
        raise InstanceError(path, f"the depot (row 0) must have service time 0, got {depot.service:g}",
                            line=depot.line, field="SERVICE TIME")
    return _SolomonFile(name=name, fleet_line=fleet_line, num_vehicles=num_vehicles, capacity=capacity, rows=rows)


def _parse_row(tokens: list[str], path: str, line: int, capacity: int) -> _Row:
    if len(tokens) != len(COLUMNS):
        raise InstanceError(path, f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)}), found {len(tokens)}",
                            line=line, field="columns")
    number = _integer(tokens[0], path, line, COLUMNS[0])
    x = _number(tokens[1], path, line, COLUMNS[1])
    y = _number(tokens[2], path, line, COLUMNS[2])
    demand = _integer(tokens[3], path, line, COLUMNS[3])
    ready = _number(tokens[4], path, line, COLUMNS[4])
    due = _number(tokens[5], path, line, COLUMNS[5])
    service = _number(tokens[6], path, line, COLUMNS[6])

    if number < 0:
        raise InstanceError(path, f"negative customer number {number}", line=line, field=COLUMNS[0])
    if demand < 0:
        raise InstanceError(path, f"negative demand {demand}", line=line, field=COLUMNS[3])
    if demand > capacity:
        raise InstanceError(path, f"demand {demand} exceeds the vehicle capacity {capacity}", line=line,
                            field=COLUMNS[3])
    for value, field in ((ready, COLUMNS[4]), (due, COLUMNS[5]), (service, COLUMNS[6])):
        if value < 0:
            raise InstanceError(path, f"negative time {value:g}", line=line, field=field)
    if ready > due:
        raise InstanceError(path, f"ready time {ready:g} is after the due date {due:g}", line=line,
                            field=COLUMNS[4])
    return _Row(line=line, number=number, x=x, y=y, demand=demand, ready=ready, due=due, service=service)


# ----------------------------------------------------------------------------------------------------
# conversion to problem data


def _scaled_time(value: float, scale: int, path: str, row: _Row, field: str) -> int:
    if not value * scale <= MAX_VALUE:
        raise InstanceError(path, f"{value:g} is too large (at most {MAX_VALUE / scale:g})", line=row.line,
                            field=field)
    return round(value * scale)


def _matrices(rows: list[_Row], convention: str, path: str) -> tuple[np.ndarray, np.ndarray]:
    """The integer distance and duration matrices under ``convention``."""
    xs = np.array([row.x for row in rows], dtype=np.float64)
    ys = np.array([row.y for row in rows], dtype=np.float64)
    dx = xs[:, None] - xs[None, :]
    dy = ys[:, None] - ys[None, :]
    scale = _SCALE[convention]
    scaled = scale * np.sqrt(dx * dx + dy * dy)

    largest = float(scaled.max())
    if not largest <= MAX_VALUE:
        far = max(rows, key=lambda row: max(abs(row.x), abs(row.y)))
        raise InstanceError(path, "coordinates lie too far apart for integer distances", line=far.line,
                            field="XCOORD./YCOORD.")

    return integer_matrices(scaled, convention)


def _build(parsed: _SolomonFile, convention: str, path: str) -> ProblemData:
    scale = _SCALE[convention]
    depot_row, client_rows = parsed.rows[0], parsed.rows[1:]

    def window(row: _Row) -> TimeWindow:
        return TimeWindow(_scaled_time(row.ready, scale, path, row, COLUMNS[4]),
                          _scaled_time(row.due, scale, path, row, COLUMNS[5]))

    try:
        depot_window = window(depot_row)
        depot = Depot("0", depot_row.x, depot_row.y, depot_window)
    except ValueError as exc:
        raise InstanceError(path, str(exc), line=depot_row.line) from None

    clients = []
    for row in client_rows:
        try:
            clients.append(Client(
                str(row.number), row.x, row.y,
                service_duration=_scaled_time(row.service, scale, path, row, COLUMNS[6]),
                pickup=[row.demand],
                time_windows=[window(row)],
            ))
        except InstanceError:
            raise
        except ValueError as exc:
            raise InstanceError(path, str(exc), line=row.line) from None

    try:
        vehicle = VehicleType("vehicle", capacity=[parsed.capacity], num_available=parsed.num_vehicles,
                              fixed_cost=0, unit_distance_cost=1, unit_duration_cost=0, shift=depot_window)
    except ValueError as exc:
        raise InstanceError(path, str(exc), line=parsed.fleet_line) from None

    distance, duration = _matrices(parsed.rows, convention, path)
    try:
        return ProblemData(
            name=parsed.name,
            dimensions=["demand"],
            depots=[depot],
            clients=clients,
            vehicle_types=[vehicle],
            periods=[Period("day 1")],
            distance=distance,
            duration=duration,
            scaling=Scaling(distance=scale, duration=scale, cost=scale),
        )
    except ValueError as exc:
        raise InstanceError(path, f"invalid instance: {exc}") from None
