"""Reader for VRPLIB files (CVRPLIB / TSPLIB style, including PyVRP's heterogeneous-fleet dialect).

Parsing is done by the ``vrplib`` package; this module turns its sections into a
:class:`~milkrun.ProblemData` and checks them. Understood specifications and sections:

- ``DIMENSION``, ``EDGE_WEIGHT_TYPE`` (``EUC_2D``, or ``EXPLICIT`` with an ``EDGE_WEIGHT_SECTION``),
  ``NODE_COORD_SECTION``, ``DEPOT_SECTION`` (one or more depots; the other nodes are clients);
- ``DEMAND_SECTION`` with one or more columns (one capacity dimension per column), ``CAPACITY`` (one
  value for every vehicle) or ``CAPACITY_SECTION`` (one row per vehicle);
- ``VEHICLES`` (the fleet size; unlimited when absent), ``VEHICLES_FIXED_COST_SECTION``,
  ``VEHICLES_UNIT_DISTANCE_COST_SECTION``, ``VEHICLES_DEPOT_SECTION`` and
  ``VEHICLES_ALLOWED_CLIENTS_SECTION`` (the client nodes a vehicle may visit, as in PyVRP's dialect: the
  others become the type's ``forbidden_clients``) (one row per vehicle);
- ``SERVICE_TIME`` or ``SERVICE_TIME_SECTION``, ``TIME_WINDOW_SECTION``;
- multi-trip (PyVRP's MTVRPTWR dialect): ``RELEASE_TIME_SECTION`` (per node, the earliest time the trip
  serving it may leave the depot) and ``VEHICLES_RELOAD_DEPOT_SECTION`` (per vehicle, the depot nodes
  where it may reload and start another trip).

Vehicles with the same capacity, costs, depot and allowed clients form one vehicle type (named ``type1``, ``type2``, ...
in order of first appearance), whose count is how many vehicles share them.
"""

from __future__ import annotations

import math
import os
from collections import Counter
import re
from pathlib import Path
from typing import Any

import numpy as np

from .._core import MAX_VALUE, Client, Depot, Period, ProblemData, Scaling, TimeWindow, VehicleType
from ._common import InstanceError, check_convention, integer_matrices, read_text

__all__ = ["looks_like_vrplib", "read_vrplib"]

#: Integer units per unit of the source data (distance, time), by convention.
_SCALE = {"dimacs": 10, "exact": 1000}

#: Sections with one row per vehicle (besides CAPACITY_SECTION).
_PER_VEHICLE = ("vehicles_fixed_cost", "vehicles_unit_distance_cost", "vehicles_depot", "vehicles_allowed_clients",
                "vehicles_reload_depot")

_SPEC = re.compile(r"^\s*DIMENSION\s*:", re.IGNORECASE | re.MULTILINE)


def looks_like_vrplib(text: str) -> bool:
    """Whether ``text`` (the start of a file) looks like a VRPLIB instance."""
    upper = text.upper()
    return bool(_SPEC.search(text)) and ("NODE_COORD_SECTION" in upper or "EDGE_WEIGHT_SECTION" in upper)


def read_vrplib(path: str | os.PathLike[str], convention: str = "dimacs") -> ProblemData:
    """Read a VRPLIB instance.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.
    convention : {"dimacs", "exact"}
        How Euclidean (or explicit, fractional) distances become integers: ``"dimacs"`` truncates
        ``10 * d`` (one decimal, ``Scaling(10, 10, 10)``); ``"exact"`` rounds ``1000 * d`` for the
        distance and takes the ceiling for the travel time (``Scaling(1000, 1000, 1000)``). Times,
        fixed costs and service times are multiplied by the same scale, so costs in the result are in
        the file's cost units.

    Returns
    -------
    ProblemData
        Depots named by their node numbers, clients named by their node numbers, one capacity
        dimension per demand column (``demand`` or ``demand1``, ``demand2``, ...), one vehicle type per
        distinct vehicle, and one period.

    Raises
    ------
    InstanceError
        If the file is missing, unreadable, or describes an invalid instance; the message names the
        file and the section.
    ValueError
        If ``convention`` is unknown.
    """
    check_convention(convention)
    where = os.fspath(path)
    text = read_text(path)  # raises InstanceError for a missing or undecodable file
    try:
        from vrplib.parse import parse_vrplib
    except ImportError:  # pragma: no cover - vrplib is a dependency
        raise InstanceError(where, "reading VRPLIB files needs the 'vrplib' package") from None
    try:
        raw = parse_vrplib(text, compute_edge_weights=False)
    except Exception as exc:  # vrplib raises many kinds of errors on malformed input
        raise InstanceError(where, f"not a readable VRPLIB file ({type(exc).__name__}: {exc})") from None
    return _build(raw, convention, where, Path(where).stem)


# ----------------------------------------------------------------------------------------------------


def _array(raw: dict[str, Any], key: str, where: str, *, ndim: tuple[int, ...], rows: int | None) -> np.ndarray:
    """Section ``key`` as a float array with ``rows`` rows (when given) and finite values."""
    field = key.upper() + "_SECTION"
    try:
        value = np.asarray(raw[key], dtype=np.float64)
    except (TypeError, ValueError):
        raise InstanceError(where, "values must be numbers", field=field) from None
    if value.ndim not in ndim:
        raise InstanceError(where, f"expected {' or '.join(map(str, ndim))}-dimensional data, got shape "
                                   f"{value.shape}", field=field)
    if rows is not None and value.shape[0] != rows:
        raise InstanceError(where, f"expected {rows} rows, got {value.shape[0]}", field=field)
    if not np.all(np.isfinite(value)):
        raise InstanceError(where, "values must be finite numbers", field=field)
    return value


def _rows(value: Any) -> int:
    """Number of rows of a section as vrplib parses it (a scalar, from a specification line, is one row)."""
    if isinstance(value, list) or (isinstance(value, np.ndarray) and value.ndim > 0):
        return len(value)
    return 1


def _integers(value: np.ndarray, where: str, field: str, *, minimum: float = 0) -> np.ndarray:
    if np.any(value != np.round(value)):
        raise InstanceError(where, "values must be whole numbers", field=field)
    if np.any(value < minimum):
        bad = value[value < minimum].flat[0]
        raise InstanceError(where, f"values must be at least {minimum:g}, got {bad:g}", field=field)
    if np.any(np.abs(value) > MAX_VALUE):
        raise InstanceError(where, "values are too large", field=field)
    return value.astype(np.int64)


def _vehicle_rows(raw: dict[str, Any], key: str, per_vehicle: int, where: str) -> list[list[Any]]:
    """A section of one row of values per vehicle, rows of any length (vrplib strips the vehicle number)."""
    rows = [np.atleast_1d(np.asarray(row)).reshape(-1).tolist() for row in raw[key]]
    if len(rows) != per_vehicle:
        raise InstanceError(where, f"expected one row per vehicle ({per_vehicle}), got {len(rows)}",
                            field=key.upper() + "_SECTION")
    return rows


def _scalar(raw: dict[str, Any], key: str, where: str) -> float:
    value = raw[key]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InstanceError(where, f"must be a number, got {value!r}", field=key.upper()) from None
    if not math.isfinite(number):
        raise InstanceError(where, f"must be a finite number, got {value!r}", field=key.upper())
    return number


def _build(raw: dict[str, Any], convention: str, where: str, stem: str) -> ProblemData:
    scale = _SCALE[convention]
    name = str(raw.get("name", stem))
    if "dimension" not in raw:
        raise InstanceError(where, "missing (number of nodes)", field="DIMENSION")
    size = _scalar(raw, "dimension", where)
    if size != int(size) or size < 2:
        raise InstanceError(where, f"must be a whole number of at least 2, got {raw['dimension']!r}",
                            field="DIMENSION")
    size = int(size)
    node_rows = max((_rows(raw[key]) for key in ("node_coord", "edge_weight", "demand") if key in raw), default=0)
    if size > node_rows:  # checked first: the node lists below are as long as DIMENSION says
        raise InstanceError(where, f"{size} nodes, but the node sections (NODE_COORD_SECTION, EDGE_WEIGHT_SECTION, "
                                   f"DEMAND_SECTION) have at most {node_rows} rows", field="DIMENSION")

    # Nodes: depots first (in DEPOT_SECTION order), then the clients in file order. vrplib gives the
    # depots 0-based; node 1 is the depot when the section is absent.
    try:
        depots_raw = np.atleast_1d(np.asarray(raw.get("depot", [0]), dtype=np.float64)).reshape(-1)
    except (TypeError, ValueError):
        raise InstanceError(where, "depot numbers must be whole numbers", field="DEPOT_SECTION") from None
    if depots_raw.size == 0 or not np.all(np.isfinite(depots_raw)) or np.any(depots_raw != np.round(depots_raw)):
        raise InstanceError(where, "needs at least one depot number, whole numbers", field="DEPOT_SECTION")
    depot_idx = [int(d) for d in depots_raw]
    if len(set(depot_idx)) != len(depot_idx) or any(not 0 <= d < size for d in depot_idx):
        raise InstanceError(where, f"depot numbers must be distinct and lie in 1..{size}", field="DEPOT_SECTION")
    client_idx = [i for i in range(size) if i not in set(depot_idx)]
    if not client_idx:
        raise InstanceError(where, "every node is a depot: no clients", field="DEPOT_SECTION")
    order = np.array(depot_idx + client_idx)

    # Distances.
    coords = None
    if "node_coord" in raw:
        coords = _array(raw, "node_coord", where, ndim=(2,), rows=size)
        if coords.shape[1] < 2:
            raise InstanceError(where, "needs x and y per node", field="NODE_COORD_SECTION")
        coords = coords[:, :2]
    weight_type = str(raw.get("edge_weight_type", "EUC_2D" if coords is not None else "EXPLICIT")).upper()
    if weight_type == "EXPLICIT":
        if "edge_weight" not in raw:
            raise InstanceError(where, "EXPLICIT edge weights need an EDGE_WEIGHT_SECTION",
                                field="EDGE_WEIGHT_SECTION")
        try:  # vrplib has already turned the section into a full matrix
            exact = np.asarray(raw["edge_weight"], dtype=np.float64)
        except (TypeError, ValueError):
            raise InstanceError(where, "values must be numbers", field="EDGE_WEIGHT_SECTION") from None
        if exact.shape != (size, size) or not np.all(np.isfinite(exact)) or np.any(exact < 0):
            raise InstanceError(where, f"need a {size}x{size} matrix of finite non-negative values",
                                field="EDGE_WEIGHT_SECTION")
    elif weight_type == "EUC_2D":
        if coords is None:
            raise InstanceError(where, "EUC_2D needs a NODE_COORD_SECTION", field="NODE_COORD_SECTION")
        diff = coords[:, None, :] - coords[None, :, :]
        exact = np.sqrt((diff * diff).sum(axis=-1))
    else:
        raise InstanceError(where, f"unsupported type {weight_type!r} (EUC_2D or EXPLICIT)",
                            field="EDGE_WEIGHT_TYPE")
    exact = exact[np.ix_(order, order)]
    scaled = scale * exact
    if not float(scaled.max(initial=0.0)) <= MAX_VALUE:
        raise InstanceError(where, "distances are too large for integers", field="NODE_COORD_SECTION")
    distance, duration = integer_matrices(scaled, convention)

    # Demands: one column per capacity dimension.
    if "demand" in raw:
        demand = _array(raw, "demand", where, ndim=(1, 2), rows=size)
    else:
        demand = np.zeros(size)
    demand = demand.reshape(size, -1)
    demand = _integers(demand, where, "DEMAND_SECTION")[order]
    dims = demand.shape[1]
    dimensions = ["demand"] if dims == 1 else [f"demand{k + 1}" for k in range(dims)]
    if np.any(demand[: len(depot_idx)] != 0):
        raise InstanceError(where, "depots must have zero demand", field="DEMAND_SECTION")

    # Fleet: per-vehicle data, grouped into types.
    num_vehicles = None
    if "vehicles" in raw:
        count = _scalar(raw, "vehicles", where)
        if count != int(count) or not 1 <= count <= MAX_VALUE:
            raise InstanceError(where, f"must be a positive whole number (at most {MAX_VALUE}), got "
                                       f"{raw['vehicles']!r}", field="VEHICLES")
        num_vehicles = int(count)
    if "capacity" not in raw:
        raise InstanceError(where, "missing (vehicle capacity)", field="CAPACITY")
    try:
        capacity = np.atleast_1d(np.asarray(raw["capacity"], dtype=np.float64))
    except (TypeError, ValueError):
        raise InstanceError(where, "values must be numbers", field="CAPACITY_SECTION") from None
    if capacity.size == 0:
        raise InstanceError(where, "no capacity given", field="CAPACITY_SECTION")
    # Vehicles differ only through CAPACITY_SECTION and the VEHICLES_* sections. Without them one row stands for
    # the whole fleet; with them each section has one row per vehicle (checked first: the fleet is built row by row).
    one_capacity = capacity.ndim == 1 and capacity.size == 1
    sections = [key for key in _PER_VEHICLE if key in raw]
    for key in sections:
        if num_vehicles is not None and _rows(raw[key]) != num_vehicles:
            raise InstanceError(where, f"expected one row per vehicle ({num_vehicles}), got {_rows(raw[key])}",
                                field=key.upper() + "_SECTION")
    alike = one_capacity and not sections
    per_vehicle = num_vehicles if num_vehicles is not None and not alike else 1
    if one_capacity:  # one CAPACITY for every vehicle
        capacity = np.repeat(capacity.reshape(1, 1), per_vehicle, axis=0)
    capacity = capacity.reshape(capacity.shape[0], -1)
    if num_vehicles is not None and capacity.shape[0] != per_vehicle:
        raise InstanceError(where, f"expected one row per vehicle ({num_vehicles}), got {capacity.shape[0]}",
                            field="CAPACITY_SECTION")
    per_vehicle = capacity.shape[0]
    if capacity.shape[1] == 1 and dims > 1:
        capacity = np.repeat(capacity, dims, axis=1)
    if capacity.shape[1] != dims:
        raise InstanceError(where, f"{capacity.shape[1]} capacity columns for {dims} demand columns",
                            field="CAPACITY_SECTION")
    capacity = _integers(capacity, where, "CAPACITY_SECTION", minimum=1)

    def per_vehicle_column(key: str, field: str, default: float) -> np.ndarray:
        if key not in raw:
            return np.full(per_vehicle, default)
        value = _array(raw, key, where, ndim=(1, 2), rows=per_vehicle).reshape(per_vehicle, -1)
        if value.shape[1] != 1:
            raise InstanceError(where, "expected one value per vehicle", field=field)
        return value[:, 0]

    fixed = _integers(per_vehicle_column("vehicles_fixed_cost", "VEHICLES_FIXED_COST_SECTION", 0), where,
                      "VEHICLES_FIXED_COST_SECTION")
    unit = _integers(per_vehicle_column("vehicles_unit_distance_cost", "VEHICLES_UNIT_DISTANCE_COST_SECTION", 1),
                     where, "VEHICLES_UNIT_DISTANCE_COST_SECTION")
    vdepot = per_vehicle_column("vehicles_depot", "VEHICLES_DEPOT_SECTION", depot_idx[0] + 1)
    position = {node: k for k, node in enumerate(depot_idx)}
    vehicle_depots = []
    for value in vdepot:
        node = int(value) - 1
        if value != int(value) or node not in position:
            raise InstanceError(where, f"{value:g} is not a depot", field="VEHICLES_DEPOT_SECTION")
        vehicle_depots.append(position[node])

    # Times.
    windows = None
    if "time_window" in raw:
        windows = _array(raw, "time_window", where, ndim=(2,), rows=size)[order]
        if windows.shape[1] != 2 or np.any(windows[:, 0] > windows[:, 1]):
            raise InstanceError(where, "each row needs an earliest and a latest time, earliest first",
                                field="TIME_WINDOW_SECTION")
    if "service_time" in raw:
        try:
            service = np.asarray(raw["service_time"], dtype=np.float64)
        except (TypeError, ValueError):
            raise InstanceError(where, "values must be numbers", field="SERVICE_TIME_SECTION") from None
        service = np.full(size, float(service)) if service.ndim == 0 else service.reshape(-1)
        if service.shape[0] != size or not np.all(np.isfinite(service)) or np.any(service < 0):
            raise InstanceError(where, f"need {size} finite non-negative values", field="SERVICE_TIME_SECTION")
        service = service[order]
    else:
        service = np.zeros(size)

    release = np.zeros(size)
    if "release_time" in raw:
        release = _array(raw, "release_time", where, ndim=(1,), rows=size)[order]
        if not np.all(np.isfinite(release)) or np.any(release < 0):
            raise InstanceError(where, f"need {size} finite non-negative values", field="RELEASE_TIME_SECTION")

    # Multi-trip: per vehicle, the depots where it may reload.
    reloads: list[tuple[int, ...]] = [()] * per_vehicle
    if "vehicles_reload_depot" in raw:
        for v, row in enumerate(_vehicle_rows(raw, "vehicles_reload_depot", per_vehicle, where)):
            depots_of_v = []
            for value in row:
                node = int(value) - 1 if isinstance(value, (int, float)) and math.isfinite(value) else -1
                if node + 1 != value or node not in position:
                    raise InstanceError(where, f"vehicle {v + 1}: {value!r} is not a depot",
                                        field="VEHICLES_RELOAD_DEPOT_SECTION")
                depots_of_v.append(position[node])
            reloads[v] = tuple(sorted(set(depots_of_v)))

    def scaled_time(value: float, field: str) -> int:
        if not abs(value * scale) <= MAX_VALUE:
            raise InstanceError(where, f"time {value:g} is too large", field=field)
        return round(value * scale)

    def window(k: int) -> TimeWindow | None:
        if windows is None:
            return None
        return TimeWindow(scaled_time(windows[k, 0], "TIME_WINDOW_SECTION"),
                          scaled_time(windows[k, 1], "TIME_WINDOW_SECTION"))

    depots = []
    for k, node in enumerate(depot_idx):
        x, y = (coords[node] if coords is not None else (0.0, 0.0))
        w = window(k)
        try:
            depots.append(Depot(str(node + 1), float(x), float(y), w) if w is not None
                          else Depot(str(node + 1), float(x), float(y)))
        except ValueError as exc:  # e.g. a negative time window
            raise InstanceError(where, f"node {node + 1}: {exc}") from None
    clients = []
    for k, node in enumerate(client_idx, start=len(depot_idx)):
        x, y = (coords[node] if coords is not None else (0.0, 0.0))
        w = window(k)
        extra = {"time_windows": [w]} if w is not None else {}
        try:
            clients.append(Client(str(node + 1), float(x), float(y),
                                  service_duration=scaled_time(service[k], "SERVICE_TIME_SECTION"),
                                  pickup=[int(q) for q in demand[k]],
                                  release_time=scaled_time(release[k], "RELEASE_TIME_SECTION"), **extra))
        except ValueError as exc:
            raise InstanceError(where, f"node {node + 1}: {exc}") from None

    # Access restrictions (PyVRP's dialect): per vehicle, the client nodes it may visit.
    allowed: list[frozenset[int] | None] = [None] * per_vehicle
    if "vehicles_allowed_clients" in raw:
        client_nodes = {int(node) + 1 for node in client_idx}
        for v, row in enumerate(_vehicle_rows(raw, "vehicles_allowed_clients", per_vehicle, where)):
            for value in row:
                if (not isinstance(value, (int, float)) or not math.isfinite(value) or value != int(value)
                        or int(value) not in client_nodes):
                    raise InstanceError(where, f"vehicle {v + 1}: {value!r} is not a client node",
                                        field="VEHICLES_ALLOWED_CLIENTS_SECTION")
            allowed[v] = frozenset(int(value) for value in row)

    types = Counter((tuple(int(c) for c in capacity[v]), int(fixed[v]), int(unit[v]), vehicle_depots[v], allowed[v],
                     reloads[v]) for v in range(per_vehicle))  # in order of first appearance
    vehicle_types = []
    for number, ((cap, fixed_cost, unit_cost, depot, may_visit, reload), count) in enumerate(types.items(), start=1):
        forbidden = [] if may_visit is None else [c.name for c in clients if int(c.name) not in may_visit]
        available = (num_vehicles if alike else count) if num_vehicles is not None else len(clients)
        shift = depots[depot].window
        try:
            vehicle_types.append(VehicleType(
                f"type{number}", capacity=list(cap), num_available=available,
                fixed_cost=fixed_cost * scale, unit_distance_cost=unit_cost, unit_duration_cost=0,
                start_depot=depot, end_depot=depot, shift=shift, forbidden_clients=forbidden,
                reload_depots=list(reload)))
        except ValueError as exc:
            raise InstanceError(where, f"vehicle type {number}: {exc}", field="CAPACITY_SECTION") from None

    try:
        return ProblemData(name=name, dimensions=dimensions, depots=depots, clients=clients,
                           vehicle_types=vehicle_types, periods=[Period("day 1")], distance=distance,
                           duration=duration, scaling=Scaling(distance=scale, duration=scale, cost=scale))
    except ValueError as exc:
        raise InstanceError(where, f"invalid instance: {exc}") from None


def write_vrplib_solution(result: Any, path: str | os.PathLike[str]) -> None:
    """Write a solve's plan as a VRPLIB ``.sol`` file (``Route #k: ...`` lines, then ``Cost c``).

    Clients are numbered by their location index (depots first), which for single-depot instances is the
    CVRPLIB convention: customers 1..n in file order, the depot 0 implied. A reload stop of a multi-trip
    route is written as its depot's index (0 for the single depot), as in the MTVRPTWR solution files. Routes are written in the plan's
    order; the cost is the plan's cost in the units of the source data. The file is written atomically.

    Raises
    ------
    ValueError
        For a multi-period plan (VRPLIB solutions have no days).
    """
    from .._files import write_text

    data = result.data
    if data.num_periods > 1:
        raise ValueError(f"VRPLIB .sol files hold one day; {data.name} plans {data.num_periods} periods "
                         "(write the solution JSON instead)")
    lines = [f"Route #{k}: " + " ".join(str(v) for v in route.visits)
             for k, route in enumerate((r for r in result.solution.routes if len(r.visits)), start=1)]
    cost = float(result.cost)
    lines.append(f"Cost {int(cost)}" if cost.is_integer() else f"Cost {cost:.10g}")
    write_text("\n".join(lines) + "\n", path)
