"""Fleet size and mix VRPTW (Liu & Shen 1999): a Solomon instance with the vehicle-type table of its class.

The customers, time windows and horizon are those of ``solomon/<name>.txt`` (its NUMBER/CAPACITY line is
ignored); the fleet comes from ``fsmvrptw/vehicle_types.csv`` (``class,type,capacity,fixed_cost_a,
fixed_cost_b,fixed_cost_c``), one row per vehicle type of a Solomon class, with an unlimited count. The
cost variant ``a``, ``b`` or ``c`` picks the fixed-cost column; a route costs its type's fixed cost plus
its distance (the "fixed cost + distance" objective of e.g. Bräysy et al.).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from .._core import ProblemData, VehicleType
from ._common import InstanceError
from .solomon import read_solomon

__all__ = ["read_fsmvrptw"]

_CLASS = re.compile(r"^(RC|C|R)([12])", re.IGNORECASE)
_VARIANTS = ("a", "b", "c")


def read_fsmvrptw(path: str | os.PathLike[str], variant: str = "a", convention: str = "dimacs",
                  table: str | os.PathLike[str] | None = None) -> ProblemData:
    """Read a Solomon file as a fleet size and mix VRPTW instance.

    Parameters
    ----------
    path : str or os.PathLike
        The Solomon instance file (e.g. ``solomon/R101.txt``); its class (C1, C2, R1, R2, RC1, RC2) is
        taken from the instance name.
    variant : {"a", "b", "c"}
        The fixed-cost structure.
    convention : {"dimacs", "exact"}
        As for :func:`~milkrun.io.read_solomon`.
    table : str or os.PathLike, optional
        The vehicle-type table; by default ``fsmvrptw/vehicle_types.csv`` in the benchmark folder
        (:func:`milkrun.bks.instances_dir`).

    Returns
    -------
    ProblemData
        Named ``<name><variant>`` (e.g. ``R101a``), with one vehicle type per table row of the class
        (named by its letter), fixed cost in the data's cost units, unit distance cost 1, one vehicle per
        client available of each type, and the depot's window as shift.

    Raises
    ------
    InstanceError
        If a file is missing or malformed, the class has no row in the table, or a row is invalid.
    ValueError
        If ``variant`` or ``convention`` is unknown.
    """
    if variant not in _VARIANTS:
        raise ValueError(f"unknown fixed-cost variant {variant!r}; choose one of {', '.join(_VARIANTS)}")
    data = read_solomon(path, convention=convention)
    match = _CLASS.match(data.name)
    if match is None:
        raise InstanceError(path, f"cannot tell the Solomon class (C1, C2, R1, R2, RC1, RC2) from the name "
                                  f"{data.name!r}")
    klass = match.group(1).upper() + match.group(2)

    if table is None:
        from ..bks import instances_dir

        folder = instances_dir()
        if folder is None:
            raise InstanceError("fsmvrptw/vehicle_types.csv", "the benchmark folder was not found; pass table=")
        table = folder / "fsmvrptw" / "vehicle_types.csv"
    table = Path(table)
    try:
        with open(table, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InstanceError(table, f"cannot read the vehicle-type table ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InstanceError(table, f"not a UTF-8 text file (undecodable byte at offset {exc.start})") from None
    except csv.Error as exc:
        raise InstanceError(table, f"not a readable CSV table ({exc})") from None

    column = f"fixed_cost_{variant}"
    shift = data.depots[0].window
    types = []
    for line, row in enumerate(rows, start=2):
        if (row.get("class") or "").strip().upper() != klass:
            continue
        try:
            capacity = int(row["capacity"])
            fixed = float(row[column])
        except (KeyError, TypeError, ValueError):
            raise InstanceError(table, f"needs whole-number capacity and numeric {column}, got {row}",
                                line=line) from None
        if capacity <= 0 or fixed < 0:
            raise InstanceError(table, f"capacity must be positive and {column} non-negative", line=line)
        try:
            types.append(VehicleType(str(row.get("type") or len(types) + 1), capacity=[capacity],
                                     num_available=data.num_clients,
                                     fixed_cost=round(fixed * data.scaling.cost), unit_distance_cost=1,
                                     unit_duration_cost=0, shift=shift))
        except ValueError as exc:
            raise InstanceError(table, str(exc), line=line) from None
    if not types:
        raise InstanceError(table, f"no vehicle types for class {klass}")
    try:
        return ProblemData(name=f"{data.name}{variant}", dimensions=data.dimensions, depots=data.depots,
                           clients=data.clients, vehicle_types=types, periods=data.periods,
                           distance=data.distance_matrix(), duration=data.duration_matrix(),
                           scaling=data.scaling)
    except ValueError as exc:
        raise InstanceError(path, f"invalid instance with the {klass} fleet: {exc}") from None
