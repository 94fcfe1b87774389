"""VROOM-style JSON problems (``vehicles``, ``jobs``, ``matrices``), read into the same model.

What maps, and how:

* **jobs** become clients: ``pickup`` and ``delivery`` amounts (one capacity dimension per array entry),
  ``service`` plus ``setup`` as the service time, ``time_windows`` (one window: the search plans one per
  client), ``skills`` (a vehicle lacking one of a job's skills may not serve it: access restrictions), and
  the job ``id`` as the client name.
* **vehicles** with the same start, end, capacity, time window, skills, profile, costs and speed factor
  become one vehicle type with their count (named ``vehicle <id>`` or ``vehicles <id>, <id>, ...``). Every
  distinct start or end location is a depot.
* **costs** as VROOM computes them: ``fixed`` per vehicle used plus, per arc, ``per_hour`` times the
  travel time and ``per_km`` times the distance (defaults 3600 and 0: one cost unit per second of travel),
  or the profile's ``costs`` matrix when given. The engine minimises exactly this: each vehicle type drives
  on a travel profile whose "distance" is that arc cost, so the reported distance *is* VROOM's travel cost
  and the reported cost is VROOM's ``summary.cost``. Times are kept in hundredths of a second, as VROOM
  does: a vehicle's travel time is the profile's duration times ``round(100 / speed_factor)``, its travel
  cost per arc the duration times ``round(100 * per_hour / speed_factor)`` / 360,000.
* Travel data must come as ``matrices`` (or the legacy top-level ``matrix``) indexed by
  ``location_index``; without them VROOM would ask a routing engine, which milkrun does not do, so that is
  an error, as are the parts milkrun does not model yet (shipments, breaks, open routes, ``max_tasks``,
  ``max_travel_time``, ``max_distance``, several windows per job), each named with its JSON path.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from .._core import Client, Depot, Period, ProblemData, Scaling, TimeWindow, VehicleType, MAX_VALUE
from ._common import InstanceError, read_text
from .milkrun_json import load_document

#: Cost units per VROOM cost unit: per-arc costs (hundredths of a second times round(100 * per_hour /
#: speed) / 360,000, plus per_km * metres / 1000) are whole numbers of 1 / 3,600,000.
COST_SCALE = 3_600_000
#: Time units per second (VROOM's DURATION_FACTOR).
TIME_SCALE = 100
_UNSUPPORTED_VEHICLE = ("breaks", "max_tasks", "max_travel_time", "max_distance", "steps")


def looks_like_vroom(text: str) -> bool:
    """Whether ``text`` (the start of a file) looks like a VROOM problem: a JSON object with vehicles and jobs."""
    stripped = text.lstrip()
    head = stripped[:8192]
    return stripped.startswith("{") and '"vehicles"' in head and ('"jobs"' in head or '"shipments"' in head) \
        and '"schema_version"' not in head


def read_vroom(path: str | os.PathLike[str], convention: str = "dimacs") -> ProblemData:
    """Read a VROOM-style JSON problem file (``convention`` is ignored: the matrices are integers)."""
    where = os.fspath(path)
    return parse_vroom(load_document(read_text(path), where), where)


def _fail(where: str, path: str, message: str) -> None:
    raise InstanceError(where, message, field=path)


def _int(where: str, path: str, value: Any, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value != int(value) or not minimum <= value <= MAX_VALUE:
        _fail(where, path, f"must be a whole number between {minimum} and {MAX_VALUE}, got {value!r}")
    return int(value)


def _ints(where: str, path: str, values: Any) -> list[int]:
    if not isinstance(values, list):
        _fail(where, path, f"must be an array of whole numbers, got {values!r}")
    return [_int(where, f"{path}[{k}]", v) for k, v in enumerate(values)]


def _length(where: str, path: str, value: Any) -> int:
    """The length of an amount array (checked in full later)."""
    if not isinstance(value, list):
        _fail(where, path, f"must be an array of whole numbers, got {value!r}")
    return len(value)


def _object(where: str, path: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(where, path, f"must be an object, got {type(value).__name__}")
    return value


def _window(where: str, path: str, value: Any) -> tuple[int, int]:
    """A [start, end] window in seconds, returned in the engine's time units (1/100 s)."""
    if not isinstance(value, list) or len(value) != 2:
        _fail(where, path, f"must be [start, end], got {value!r}")
    start, end = _int(where, f"{path}[0]", value[0]), _int(where, f"{path}[1]", value[1])
    if end < start:
        _fail(where, path, f"ends ({end}) before it starts ({start})")
    if end > MAX_VALUE // (1000 * TIME_SCALE):
        _fail(where, path, f"{end} is too large (at most {MAX_VALUE // (1000 * TIME_SCALE)} seconds)")
    return start * TIME_SCALE, end * TIME_SCALE


def _matrices(where: str, doc: dict[str, Any]) -> dict[str, dict[str, np.ndarray]]:
    """Per VROOM profile: its durations, and distances / costs where given, as square int64 arrays."""
    raw = doc.get("matrices")
    if raw is None and "matrix" in doc:
        raw = {"car": {"durations": doc["matrix"]}}
        base = "$.matrix"
    else:
        base = "$.matrices"
    if raw is None:
        _fail(where, "$", "no matrices: VROOM would ask a routing engine for travel times, milkrun does not; give "
                          "\"matrices\": {\"car\": {\"durations\": [[...]]}} and location_index on jobs and vehicles")
    result: dict[str, dict[str, np.ndarray]] = {}
    for profile, entry in _object(where, base, raw).items():
        path = base if base == "$.matrix" else f"{base}.{profile}"
        entry = _object(where, path, entry)
        if "durations" not in entry:
            _fail(where, path, "needs a durations matrix")
        result[profile] = {}
        for key in ("durations", "distances", "costs"):
            if key not in entry:
                continue
            rows = entry[key]
            mpath = path if base == "$.matrix" else f"{path}.{key}"
            if not isinstance(rows, list) or not rows or any(not isinstance(r, list) or len(r) != len(rows)
                                                              for r in rows):
                _fail(where, mpath, "must be a square array of arrays")
            if any(isinstance(value, (bool, str)) for r in rows for value in r):  # numpy would take them
                _fail(where, mpath, "must hold numbers")
            try:
                arr = np.asarray(rows, dtype=np.float64)
            except (TypeError, ValueError):
                _fail(where, mpath, "must hold numbers")
            bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.floor(arr)) | (arr > MAX_VALUE)
            if bad.any():
                i, j = (int(v) for v in np.argwhere(bad)[0])
                _fail(where, f"{mpath}[{i}][{j}]", f"must be a non-negative whole number, got {rows[i][j]!r}")
            result[profile][key] = arr.astype(np.int64)
        sizes = {m.shape[0] for m in result[profile].values()}
        if len(sizes) != 1:
            _fail(where, path, f"its matrices have different sizes ({sorted(sizes)})")
    return result


def parse_vroom(doc: Any, where: str = "<vroom>") -> ProblemData:
    """Convert an already parsed VROOM problem (see the module docstring)."""
    doc = _object(where, "$", doc)
    if doc.get("shipments"):
        _fail(where, "$.shipments", "shipments (pickup-and-delivery pairs) are not supported yet; use jobs")
    vehicles, jobs = doc.get("vehicles"), doc.get("jobs")
    if not isinstance(vehicles, list) or not vehicles:
        _fail(where, "$.vehicles", "needs at least one vehicle")
    if not isinstance(jobs, list):
        _fail(where, "$.jobs", "must be an array of jobs")
    matrices = _matrices(where, doc)

    # capacity dimensions: the longest amount array (VROOM requires them all equal)
    dims = 0
    for i, v in enumerate(vehicles):
        v = _object(where, f"$.vehicles[{i}]", v)
        dims = max(dims, _length(where, f"$.vehicles[{i}].capacity", v.get("capacity", [])))
    for i, j in enumerate(jobs):
        j = _object(where, f"$.jobs[{i}]", j)
        for key in ("pickup", "delivery", "amount"):
            dims = max(dims, _length(where, f"$.jobs[{i}].{key}", j.get(key, [])))
    unbounded = dims == 0
    dims = max(dims, 1)

    # vehicles: depots by location index, types by identical attributes
    depot_index: dict[int, int] = {}
    depot_path: dict[int, str] = {}
    type_keys: dict[tuple, list[Any]] = {}
    used_profiles: set[str] = set()
    for i, v in enumerate(vehicles):
        path = f"$.vehicles[{i}]"
        for key in _UNSUPPORTED_VEHICLE:
            if v.get(key):
                _fail(where, f"{path}.{key}", "is not supported yet")
        for end in ("start", "end"):
            if f"{end}_index" not in v:
                what = "open routes (no start or no end) are not supported" if end not in v and f"{end}_index" \
                    not in v else f"needs {end}_index into the matrices"
                _fail(where, f"{path}.{end}_index", what)
        start = _int(where, f"{path}.start_index", v["start_index"])
        end = _int(where, f"{path}.end_index", v["end_index"])
        profile = v.get("profile", "car")
        if not isinstance(profile, str) or profile not in matrices:
            _fail(where, f"{path}.profile", f"no matrices for profile {profile!r} (profiles: {', '.join(matrices)})")
        size = next(iter(matrices[profile].values())).shape[0]
        for key, index in (("start_index", start), ("end_index", end)):
            if index >= size:
                _fail(where, f"{path}.{key}", f"{index} is outside the {size}x{size} matrices of profile {profile!r}")
        capacity = _ints(where, f"{path}.capacity", v["capacity"]) if "capacity" in v else None
        if capacity is None and not unbounded:
            _fail(where, f"{path}.capacity", f"missing: the jobs have amounts in {dims} dimensions")
        if capacity is not None and len(capacity) != dims:
            _fail(where, f"{path}.capacity", f"has {len(capacity)} values, the problem's amounts have {dims}")
        if capacity is not None and min(capacity) <= 0:
            _fail(where, f"{path}.capacity", f"every capacity must be positive, got {capacity}")
        costs = _object(where, f"{path}.costs", v.get("costs", {}))
        fixed = _int(where, f"{path}.costs.fixed", costs.get("fixed", 0))
        if fixed > MAX_VALUE // (1000 * COST_SCALE):
            _fail(where, f"{path}.costs.fixed", f"{fixed} is too large (at most {MAX_VALUE // (1000 * COST_SCALE)})")
        per_hour = _int(where, f"{path}.costs.per_hour", costs.get("per_hour", 3600))
        per_km = _int(where, f"{path}.costs.per_km", costs.get("per_km", 0))
        window = _window(where, f"{path}.time_window", v["time_window"]) if "time_window" in v else (0, MAX_VALUE)
        speed = v.get("speed_factor", 1.0)
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 0 < speed <= 5:
            _fail(where, f"{path}.speed_factor", f"must be a number in (0, 5], got {speed!r}")
        used_profiles.add(profile)
        skills = tuple(sorted(_ints(where, f"{path}.skills", v.get("skills", []))))
        for index, key in ((start, "start_index"), (end, "end_index")):
            depot_index.setdefault(index, len(depot_index))
            depot_path.setdefault(index, f"{path}.{key}")
        key = (start, end, tuple(capacity or ()), window, skills, profile, fixed, per_hour, per_km, float(speed))
        type_keys.setdefault(key, []).append(v.get("id", i))

    # every location is used on every profile in use: indices must fit the smallest of their matrices
    smallest_profile = min(sorted(used_profiles), key=lambda q: next(iter(matrices[q].values())).shape[0])
    smallest = next(iter(matrices[smallest_profile].values())).shape[0]
    for index, where_path in depot_path.items():
        if index >= smallest:
            _fail(where, where_path, f"{index} is outside the {smallest}x{smallest} matrices of profile "
                                     f"{smallest_profile!r} (every vehicle's places are used on every profile)")

    # jobs
    depot_locs = list(depot_index)
    clients, job_locs, job_skills = [], [], []
    seen: dict[str, int] = {}
    for i, j in enumerate(jobs):
        path = f"$.jobs[{i}]"
        if "id" not in j:
            _fail(where, f"{path}.id", "every job needs an id")
        name = str(j["id"])
        if name in seen:
            _fail(where, f"{path}.id", f"duplicate job id {j['id']!r} (also $.jobs[{seen[name]}])")
        seen[name] = i
        if "location_index" not in j:
            _fail(where, f"{path}.location_index", "needs location_index into the matrices")
        loc = _int(where, f"{path}.location_index", j["location_index"])
        if loc >= smallest:
            _fail(where, f"{path}.location_index", f"{loc} is outside the {smallest}x{smallest} matrices of "
                                                   f"profile {smallest_profile!r}")
        pickup = _ints(where, f"{path}.pickup", j.get("pickup", [0] * dims))
        # the legacy "amount" is a delivery, read only without pickup and delivery (as VROOM does)
        legacy = "amount" in j and "pickup" not in j and "delivery" not in j
        delivery = _ints(where, f"{path}.amount" if legacy else f"{path}.delivery",
                         j["amount"] if legacy else j.get("delivery", [0] * dims))
        for key, values in (("pickup", pickup), ("delivery", delivery)):
            if len(values) != dims:
                _fail(where, f"{path}.{key}", f"has {len(values)} values, the problem's amounts have {dims}")
        early, late = 0, MAX_VALUE
        if "time_windows" in j:
            windows = j["time_windows"]
            if not isinstance(windows, list) or not windows:
                _fail(where, f"{path}.time_windows", "must be a non-empty array of [start, end]")
            if len(windows) > 1:
                _fail(where, f"{path}.time_windows", f"{len(windows)} windows: the search plans one window per job")
            early, late = _window(where, f"{path}.time_windows[0]", windows[0])
        service = (_int(where, f"{path}.service", j.get("service", 0))
                   + _int(where, f"{path}.setup", j.get("setup", 0))) * TIME_SCALE
        if service > MAX_VALUE // 1000:
            _fail(where, f"{path}.service", "service and setup are too long")
        clients.append(Client(name, 0.0, float(loc), service, pickup, delivery, time_windows=[TimeWindow(early, late)]))
        job_locs.append(loc)
        job_skills.append(set(_ints(where, f"{path}.skills", j.get("skills", []))))

    # travel profiles: one per distinct (matrix profile, per_hour, per_km, speed) -- arc cost as "distance"
    locs = depot_locs + job_locs
    profiles: dict[tuple, int] = {}
    distances, durations = [], []
    types = []
    for key, ids in type_keys.items():
        start, end, capacity, window, skills, profile, fixed, per_hour, per_km, speed = key
        pkey = (profile, per_hour, per_km, speed)
        if pkey not in profiles:
            m = matrices[profile]
            raw = m["durations"][np.ix_(locs, locs)]
            time_factor = round(TIME_SCALE / speed)
            cost_factor = round(TIME_SCALE * per_hour / speed) * (COST_SCALE // (3600 * TIME_SCALE))
            limit = MAX_VALUE // 1000  # room for sums along routes
            if "costs" in m:
                raw_cost = m["costs"][np.ix_(locs, locs)]
                if int(raw_cost.max()) > limit // COST_SCALE:
                    _fail(where, f"$.matrices.{profile}.costs", "travel costs too large for the engine's range")
                arc = raw_cost * COST_SCALE
            else:
                if per_km and "distances" not in m:
                    _fail(where, f"$.matrices.{profile}", f"per_km costs need a distances matrix for profile {profile!r}")
                dist = m["distances"][np.ix_(locs, locs)] if "distances" in m else np.zeros_like(raw)
                distance_factor = per_km * (COST_SCALE // 1000)
                if int(raw.max()) * cost_factor + int(dist.max()) * distance_factor > limit:  # Python ints: no wrap
                    _fail(where, f"$.matrices.{profile}", "travel costs too large for the engine's integer range")
                arc = raw * cost_factor + dist * distance_factor
            if int(raw.max()) * time_factor > limit:
                _fail(where, f"$.matrices.{profile}.durations", "travel times too large for the engine's range")
            profiles[pkey] = len(distances)
            distances.append(arc.astype(np.int64))
            durations.append((raw * time_factor).astype(np.int64))
        forbidden = [c.name for c, need in zip(clients, job_skills) if not need <= set(skills)]
        label = f"vehicle {ids[0]}" if len(ids) == 1 else "vehicles " + ", ".join(str(x) for x in ids)
        types.append(VehicleType(
            label, list(capacity) if capacity else [MAX_VALUE] * dims, len(ids),
            fixed * COST_SCALE, 1, 0, depot_index[start], depot_index[end], TimeWindow(*window), MAX_VALUE,
            forbidden, profiles[pkey]))

    depots = [Depot(f"location {loc}", 0.0, float(loc)) for loc in depot_locs]
    name = os.path.splitext(os.path.basename(where))[0] if where != "<vroom>" else "vroom"
    try:
        return ProblemData(name, [f"amount{d + 1}" for d in range(dims)], depots, clients, types, [Period("day")],
                           distances, durations, Scaling(distance=COST_SCALE, duration=TIME_SCALE, cost=COST_SCALE))
    except ValueError as exc:
        raise InstanceError(where, f"invalid instance: {exc}") from None
