"""The milk-run JSON instance format (``schema_version`` "1"), validated by the JSON Schema shipped in
``milkrun/schema/instance-1.schema.json`` and then by the cross-references the schema cannot express.

Every error is an :class:`~milkrun.io.InstanceError` whose field is the JSON path of the offending value
(``$.suppliers[3].patterns[1][0]``); nothing is built from half-valid input.

Units: distances in km, times in minutes (numbers) or ``"HH:MM"`` clock times, costs in one currency. The
problem data stores metres, seconds and 1e-7 currency units (:class:`~milkrun.Scaling` converts back).

How the format maps onto the engine's model:

* plants become depots; a vehicle type's routes start and end at its plant;
* a plant's per-day opening hours become the shift of per-day copies of the vehicle types based there
  (a route leaves and returns within them); copies are named ``"van [Sat]"`` and reported under ``van``;
* ``pickup`` is the amount of every visit; ``pickup_by_pattern`` gives one amount per allowed pattern;
  with ``daily_production`` a visit collects what accumulated since the previous visit (the horizon
  repeats). Amounts that differ between visits become the engine's pattern pickups (a supplier without
  listed patterns gets every day set of its frequency listed), so the search and the evaluator load each
  visit with its actual amount;
* multi-trip: a vehicle type with ``reload_plants`` may return to one of them during its shift, unload
  (the plant's ``reload_time``) and leave on another trip; a supplier's ``release_time`` is the earliest
  time the trip serving it may leave its plant;
* returnable containers: a supplier's ``empties`` are loaded at the plant at the start of the trip and
  delivered on the visit (the load along the trip counts them, trip by trip);
* dock capacity: a plant's ``docks`` is how many trucks unload at once; trucks arriving (for a reload,
  ``reload_time``, or at the end of their route, ``unload_time``) wait at the gate, first come, first
  served, and the wait delays the rest of their route;
* soft windows: a supplier with ``late_cost_per_hour`` may be served after its window's end (up to
  ``max_lateness`` minutes) at that cost; the result reports the lateness;
* driver breaks: a vehicle type's ``break`` (``duration`` minutes starting within ``window``) is taken by
  each of its routes on the road when the window opens, where the truck is (or while it waits at a
  supplier); the plan shows when;
* consistency: a supplier with ``same_truck`` is served by the same truck (type and number) on all its
  visit days, and with ``arrival_spread`` its service starts on those days lie within that many minutes;
* travel is a matrix per profile, or computed from coordinates: planar Euclidean (``x``/``y`` in km) or
  great-circle (``lat``/``lon``), times a detour factor, at an average speed (default 50 km/h).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .._core import MAX_VALUE, Client, Depot, Period, ProblemData, Scaling, TimeWindow, VehicleType
from ._common import InstanceError

__all__ = ["MilkrunInstance", "load_schema", "looks_like_milkrun_json", "read_milkrun_json", "parse_milkrun"]

#: Integer units per km, per minute and per currency unit.
METRES_PER_KM = 1000
SECONDS_PER_MINUTE = 60
COST_UNITS = 10**7
#: Default average speed when travel times come from coordinates.
DEFAULT_SPEED_KMH = 50.0
EARTH_RADIUS_KM = 6371.0088
#: The longest horizon day, in minutes: clock times may run into the next day.
_DAY_END_MIN = 48 * 60


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The JSON Schema of the instance format (a dict)."""
    text = resources.files("milkrun").joinpath("schema/instance-1.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def looks_like_milkrun_json(text: str) -> bool:
    """Whether ``text`` (the start of a file) looks like a milk-run JSON instance."""
    stripped = text.lstrip()
    return stripped.startswith("{") and '"schema_version"' in stripped[:4096]


@dataclass
class MilkrunInstance:
    """A milk-run JSON instance: the engine's problem data plus what maps results back to the JSON ids."""

    data: ProblemData
    document: dict[str, Any] = field(repr=False)
    days: list[str]
    plant_ids: list[str]
    supplier_ids: list[str]
    dimensions: list[str]
    type_base: list[str]  #: per engine vehicle type: the JSON vehicle type id it copies
    dimension_scale: list[int]  #: per dimension: engine load units per JSON unit (10^decimals used)
    co2_per_km: dict[str, float]  #: per JSON vehicle type id
    solver: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def visit_pickup(self, supplier: int, days_mask: int, day: int) -> list[float]:
        """Amount per dimension (JSON units) picked up at ``supplier`` (0-based) on ``day`` when it is
        visited on the days of ``days_mask``: what the engine loads (its pattern pickup, or its pickup
        when the days are not an allowed pattern), converted back by the dimension scales."""
        amounts = self.data.clients[supplier].pickup_for(days_mask, day)
        return [a / f for a, f in zip(amounts, self.dimension_scale)]


def _visit_amounts(rate: tuple[str, list[float]], mask: int, horizon: int) -> dict[int, list[float]]:
    kind, amounts = rate
    days = [p for p in range(horizon) if mask >> p & 1]
    result = {}
    for k, day in enumerate(days):
        if kind == "pickup":
            result[day] = list(amounts)
        elif kind == "by_pattern":
            result[day] = list(amounts[mask])
        else:
            previous = days[k - 1]
            gap = (day - previous) % horizon or horizon
            result[day] = [a * gap for a in amounts]
    return result


def read_milkrun_json(path: str | os.PathLike[str], convention: str = "dimacs") -> ProblemData:
    """Read a milk-run JSON instance into problem data (``convention`` is ignored: the format has its own
    units). :func:`parse_milkrun` returns the id mapping as well."""
    return parse_milkrun(path).data


def parse_milkrun(source: str | os.PathLike[str] | dict[str, Any], where: str | None = None) -> MilkrunInstance:
    """Validate and convert a milk-run JSON instance (a file path or an already parsed document).

    Raises
    ------
    InstanceError
        With the JSON path of the offending value as its field, for a file that is not JSON, a schema
        violation, or a broken cross-reference (unknown id, a pattern naming a day outside the horizon, a
        frequency no allowed pattern matches, inconsistent matrix sizes, a load no vehicle type can carry).
    """
    if isinstance(source, dict):
        document, where = source, where or "<document>"
    else:
        where = os.fspath(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InstanceError(where, "no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InstanceError(where, f"cannot read the file: {exc}") from None
        document = load_document(text, where)
    _validate_schema(document, where)
    return _build(document, where)


def load_document(text: str, where: str) -> Any:
    """Parse JSON text strictly (no NaN or Infinity, no duplicate keys), errors naming ``where`` and the line."""
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InstanceError(where, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    except ValueError as exc:
        raise InstanceError(where, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise InstanceError(where, "not valid JSON here: arrays and objects nested too deeply") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"the key {key!r} appears twice in one object")
        seen[key] = value
    return seen


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _check_finite(value: Any, path: str, where: str) -> None:
    """NaN and infinities (which Python's json accepts, and a dict may hold) are not numbers here; and a document
    given as a dict holds JSON values only (numbers may be numpy's; no bytes, complex numbers, sets, tuples, keys
    that are not strings)."""
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        raise InstanceError(where, f"{value} is not a finite number", field=path)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InstanceError(where, f"the key {key!r} is not a string", field=path)
            _check_finite(item, f"{path}.{key}", where)
    elif isinstance(value, list):
        for k, item in enumerate(value):
            _check_finite(item, f"{path}[{k}]", where)
    elif value is not None and not isinstance(value, (str, int, float, np.integer, np.floating)):  # bool is an int
        raise InstanceError(where, f"{value!r} is not a JSON value (a {type(value).__name__})", field=path)


def _validate_schema(document: Any, where: str) -> None:
    import jsonschema

    try:
        _check_finite(document, "$", where)
        validator = jsonschema.Draft202012Validator(load_schema())
        errors = sorted(validator.iter_errors(document),
                        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    except RecursionError:
        raise InstanceError(where, "arrays and objects nested too deeply") from None
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    # oneOf failures: report the most specific sub-error
    while error.context:
        error = sorted(error.context, key=lambda e: -len(e.absolute_path))[0]
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    raise InstanceError(where, f"{error.message}{more}", field=error.json_path)


def _minutes(value: Any) -> float:
    if isinstance(value, str):
        hours, minutes = value.split(":")
        return int(hours) * 60 + int(minutes)
    return float(value)


class _Builder:
    def __init__(self, doc: dict[str, Any], where: str) -> None:
        self.doc, self.where = doc, where

    def fail(self, path: str, message: str) -> None:
        raise InstanceError(self.where, message, field=path)

    def window(self, value: list[Any], path: str) -> tuple[int, int]:
        early, late = _minutes(value[0]), _minutes(value[1])
        if late < early:
            self.fail(path, f"the window closes ({value[1]}) before it opens ({value[0]})")
        if late > _DAY_END_MIN:
            self.fail(path, f"{value[1]} is beyond the {_DAY_END_MIN // 60} hours a day's plan may span")
        return round(early * SECONDS_PER_MINUTE), round(late * SECONDS_PER_MINUTE)

    def bounded(self, value: float, path: str, scale: float = 1.0, limit: float = MAX_VALUE / 1000) -> float:
        """``value`` if ``value * scale`` (its engine units) stays far enough below the engine's limit."""
        if not value * scale < limit:
            self.fail(path, f"{value!r} is too large (at most {limit / scale:.4g})")
        return value

    def amounts(self, value: dict[str, float], path: str, dims: list[str], complete: bool = False) -> list[float]:
        for name in value:
            if name not in dims:
                self.fail(f"{path}.{name}", f"unknown dimension {name!r} (dimensions: {', '.join(dims)})")
        if complete:
            for name in dims:
                if name not in value:
                    self.fail(path, f"missing dimension {name!r}: a capacity is needed in every dimension")
        return [float(value.get(name, 0)) for name in dims]


def _build(doc: dict[str, Any], where: str) -> MilkrunInstance:
    b = _Builder(doc, where)
    dims: list[str] = doc["dimensions"]
    days: list[str] = doc["horizon"]
    horizon = len(days)
    day_index = {d: p for p, d in enumerate(days)}

    # ids: unique over plants and suppliers (the matrix rows mix them)
    seen: dict[str, str] = {}
    for kind in ("plants", "suppliers"):
        for i, item in enumerate(doc[kind]):
            path = f"$.{kind}[{i}].id"
            if item["id"] in seen:
                b.fail(path, f"duplicate id {item['id']!r} (also {seen[item['id']]})")
            seen[item["id"]] = path
    type_seen: dict[str, str] = {}
    for i, vt in enumerate(doc["vehicle_types"]):
        if vt["id"] in type_seen:
            b.fail(f"$.vehicle_types[{i}].id", f"duplicate id {vt['id']!r} (also {type_seen[vt['id']]})")
        type_seen[vt["id"]] = f"$.vehicle_types[{i}].id"
    plant_ids = [p["id"] for p in doc["plants"]]
    supplier_ids = [s["id"] for s in doc["suppliers"]]
    plant_index = {pid: k for k, pid in enumerate(plant_ids)}
    supplier_index = {sid: k for k, sid in enumerate(supplier_ids)}

    # locations: all planar or all geographic
    locations = [(f"$.plants[{i}].location", p["location"]) for i, p in enumerate(doc["plants"])]
    locations += [(f"$.suppliers[{i}].location", s["location"]) for i, s in enumerate(doc["suppliers"])]
    geographic = "lat" in locations[0][1]
    for path, loc in locations:
        if ("lat" in loc) != geographic:
            b.fail(path, "mixes x/y and lat/lon locations: use one kind for every plant and supplier")
    xy = [(loc["lon"], loc["lat"]) if geographic else (loc["x"], loc["y"]) for _, loc in locations]

    # travel: one distance and one duration matrix per travel profile in use
    travel = doc["travel"]
    type_profile: list[int] = []  # per JSON vehicle type: index of its profile among those in use
    if travel["kind"] == "matrix":
        profile_names = list(travel["profiles"])
        used_profiles: list[str] = []
        for i, vt in enumerate(doc["vehicle_types"]):
            if "speed_kmh" in vt:
                b.fail(f"$.vehicle_types[{i}].speed_kmh", "a speed applies to travel computed from coordinates; "
                                                          "with matrices, name the type's profile")
            if "profile" in vt:
                name = vt["profile"]
                if name not in profile_names:
                    b.fail(f"$.vehicle_types[{i}].profile",
                           f"unknown travel profile {name!r} (profiles: {', '.join(profile_names)})")
            elif len(profile_names) > 1:
                b.fail(f"$.vehicle_types[{i}]", f"the travel data has {len(profile_names)} profiles "
                                                f"({', '.join(profile_names)}): name this type's profile")
            else:
                name = profile_names[0]
            if name not in used_profiles:
                used_profiles.append(name)
            type_profile.append(used_profiles.index(name))
        distances, durations = [], []
        for name in used_profiles:
            distance_km, duration_min = _matrices(b, travel, plant_ids + supplier_ids, name)
            _check_travel(b, distance_km, duration_min)
            distances.append(np.rint(distance_km * METRES_PER_KM).astype(np.int64))
            durations.append(np.ceil(duration_min * SECONDS_PER_MINUTE - 1e-9).astype(np.int64))
    else:
        if travel["kind"] == "haversine" and not geographic:
            b.fail("$.travel.kind", "haversine needs lat/lon locations, the plants and suppliers have x/y")
        if travel["kind"] == "euclidean" and geographic:
            b.fail("$.travel.kind", "euclidean needs x/y locations (km), the plants and suppliers have lat/lon; "
                                    "use haversine")
        detour = float(travel.get("detour_factor", 1.0))
        default_speed = float(travel.get("speed_kmh", DEFAULT_SPEED_KMH))
        speeds: list[float] = []  # one profile per distinct speed: same roads, another travel time
        for i, vt in enumerate(doc["vehicle_types"]):
            if "profile" in vt:
                b.fail(f"$.vehicle_types[{i}].profile", f"unknown travel profile {vt['profile']!r} (profiles: none: "
                                                        "travel is computed from coordinates; give speed_kmh instead)")
            speed = float(vt.get("speed_kmh", default_speed))
            if speed not in speeds:
                speeds.append(speed)
            type_profile.append(speeds.index(speed))
        distances, durations = _coordinate_matrices(b, xy, geographic, detour, speeds)

    # plants
    depots, plant_hours = [], []
    for i, plant in enumerate(doc["plants"]):
        hours = plant.get("opening_hours", [0, _DAY_END_MIN])
        path = f"$.plants[{i}].opening_hours"
        if isinstance(hours, list):
            per_day = [b.window(hours, path)] * horizon
        else:
            for key in hours:
                if key != "default" and key not in day_index:
                    b.fail(f"{path}.{key}", f"{key!r} is not a day of the horizon ({', '.join(days)}) nor 'default'")
            default = b.window(hours["default"], f"{path}.default") if "default" in hours else (
                0, _DAY_END_MIN * SECONDS_PER_MINUTE)
            per_day = [b.window(hours[d], f"{path}.{d}") if d in hours else default for d in days]
        plant_hours.append(per_day)
        early = min(w[0] for w in per_day)
        late = max(w[1] for w in per_day)
        reload_time = round(b.bounded(float(plant.get("reload_time", 0)), f"$.plants[{i}].reload_time",
                                      SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE)
        unload_time = round(b.bounded(float(plant.get("unload_time", plant.get("reload_time", 0))),
                                      f"$.plants[{i}].unload_time", SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE)
        docks = int(b.bounded(float(plant.get("docks", 0)), f"$.plants[{i}].docks", limit=(1 << 20) + 1))
        depots.append(Depot(plant["id"], xy[i][0], xy[i][1], TimeWindow(early, late), reload_time, docks, unload_time))

    # suppliers
    clients, pickups, empties = [], [], []
    sources: list[tuple[str, list[float]]] = []  # every amount as written (decimals are checked on these)
    for i, s in enumerate(doc["suppliers"]):
        path = f"$.suppliers[{i}]"
        frequency = int(s.get("frequency", 1))
        if frequency > horizon:
            b.fail(f"{path}.frequency", f"{frequency} visits, but the horizon has {horizon} days")
        masks = []
        for k, pattern in enumerate(s.get("patterns", [])):
            mask = 0
            for j, day in enumerate(pattern):
                if day not in day_index:
                    b.fail(f"{path}.patterns[{k}][{j}]", f"{day!r} is not a day of the horizon ({', '.join(days)})")
                mask |= 1 << day_index[day]
            if len(pattern) != frequency:
                b.fail(f"{path}.patterns[{k}]", f"has {len(pattern)} days, but the frequency is {frequency}: no "
                                                "allowed pattern may differ from the frequency")
            if mask in masks:
                b.fail(f"{path}.patterns[{k}]", f"the same days as patterns[{masks.index(mask)}]")
            masks.append(mask)
        given = [key for key in ("pickup", "daily_production", "pickup_by_pattern") if key in s]
        if len(given) > 1:
            b.fail(f"{path}.{given[1]}", f"give one of pickup, daily_production and pickup_by_pattern, not {given}")
        if "daily_production" in s:
            rate = ("daily", b.amounts(s["daily_production"], f"{path}.daily_production", dims))
            sources.append((f"{path}.daily_production", rate[1]))
        elif "pickup_by_pattern" in s:
            entries = s["pickup_by_pattern"]
            if len(entries) != len(masks):
                b.fail(f"{path}.pickup_by_pattern", f"has {len(entries)} entries, but the supplier lists {len(masks)} "
                                                    "patterns (one amount per pattern, in the order of patterns)")
            rate = ("by_pattern", {m: b.amounts(e, f"{path}.pickup_by_pattern[{k}]", dims)
                                   for k, (m, e) in enumerate(zip(masks, entries))})
            sources += [(f"{path}.pickup_by_pattern[{k}]", rate[1][m]) for k, m in enumerate(masks)]
        else:
            rate = ("pickup", b.amounts(s.get("pickup", {}), f"{path}.pickup", dims))
            sources.append((f"{path}.pickup", rate[1]))
        all_masks = masks or _all_masks(horizon, frequency)
        if not all_masks and rate[0] != "pickup":
            b.fail(f"{path}.patterns", "amounts that differ between visits need the allowed patterns listed (too many "
                                       "day sets to enumerate)")
        per_mask = {m: _visit_amounts(rate, m, horizon) for m in all_masks}
        if per_mask:
            largest = [max(v[d] for m in per_mask.values() for v in m.values()) for d in range(len(dims))]
        else:  # a constant amount and too many day sets to list: the engine reports the patterns
            largest = list(rate[1])
        source = given[0] if given else "pickup"
        pickups.append((f"{path}.{source}", largest))
        varies = len({tuple(v) for m in per_mask.values() for v in m.values()}) > 1
        windows = [TimeWindow(*b.window(w, f"{path}.time_windows[{k}]"))
                   for k, w in enumerate(s.get("time_windows", [[0, _DAY_END_MIN]]))]
        if len(windows) > 1:
            b.fail(f"{path}.time_windows", f"{len(windows)} windows a day: the search plans one window per supplier "
                                           "and day so far (use time_windows_by_day for windows that differ by day)")
        for k in range(1, len(windows)):
            if windows[k].early <= windows[k - 1].late:
                b.fail(f"{path}.time_windows[{k}]", "windows must be sorted and disjoint")
        by_day = s.get("time_windows_by_day", {})
        for key in by_day:
            if key not in day_index:
                b.fail(f"{path}.time_windows_by_day.{key}", f"{key!r} is not a day of the horizon ({', '.join(days)})")
        period_windows = []
        if by_day:
            for day in days:
                day_windows = [TimeWindow(*b.window(w, f"{path}.time_windows_by_day.{day}[{k}]"))
                               for k, w in enumerate(by_day.get(day, []))]
                if len(day_windows) > 1:
                    b.fail(f"{path}.time_windows_by_day.{day}", f"{len(day_windows)} windows a day: the search plans "
                                                                "one window per supplier and day so far")
                period_windows.append(day_windows)
        service = round(b.bounded(float(s.get("service_time", 0)), f"{path}.service_time", SECONDS_PER_MINUTE)
                        * SECONDS_PER_MINUTE)
        release = b.window([s["release_time"], s["release_time"]], f"{path}.release_time")[0] if "release_time" in s else 0
        if "max_lateness" in s and "late_cost_per_hour" not in s:
            b.fail(f"{path}.max_lateness", "a maximum lateness needs late_cost_per_hour (the window is hard otherwise)")
        late_cost = round(b.bounded(float(s.get("late_cost_per_hour", 0)), f"{path}.late_cost_per_hour",
                                    COST_UNITS / 3600) * COST_UNITS / 3600)
        if "late_cost_per_hour" in s and late_cost == 0:
            b.fail(f"{path}.late_cost_per_hour", f"{s['late_cost_per_hour']!r} per hour is below the smallest cost "
                                                 "unit per second (use at least 0.00036)")
        max_lateness = (round(b.bounded(float(s["max_lateness"]), f"{path}.max_lateness", SECONDS_PER_MINUTE)
                              * SECONDS_PER_MINUTE) if "max_lateness" in s else MAX_VALUE)
        same_truck = bool(s.get("same_truck", False))
        spread = (round(b.bounded(float(s["arrival_spread"]), f"{path}.arrival_spread", SECONDS_PER_MINUTE)
                        * SECONDS_PER_MINUTE) if "arrival_spread" in s else MAX_VALUE)
        empties.append(b.amounts(s.get("empties", {}), f"{path}.empties", dims))
        if "empties" in s:
            sources.append((f"{path}.empties", empties[-1]))
        clients.append((s["id"], xy[len(plant_ids) + i], service, windows, frequency,
                        all_masks if varies else masks, period_windows, per_mask if varies else None, release,
                        late_cost, max_lateness, same_truck, spread))

    # per-dimension decimal scale: loads are integers in the engine
    capacities = [(f"$.vehicle_types[{i}].capacity", b.amounts(vt["capacity"], f"$.vehicle_types[{i}].capacity", dims,
                                                                complete=True))
                  for i, vt in enumerate(doc["vehicle_types"])]
    scale = []
    for d, dim in enumerate(dims):
        k_needed = 0
        for path, values in sources + capacities:
            value, k = b.bounded(values[d], f"{path}.{dim}", 1000.0), 0
            while k <= 3 and abs(value * 10**k - round(value * 10**k)) > 1e-9 * max(1.0, value * 10**k):
                k += 1
            if k > 3:
                b.fail(f"{path}.{dim}", f"{value!r} has more than 3 decimals")
            k_needed = max(k_needed, k)
        scale.append(10**k_needed)
    def table(per_mask: dict[int, dict[int, list[float]]] | None, masks: list[int]) -> list[list[list[int]]]:
        if per_mask is None:
            return []
        return [[[round(a * f) for a, f in zip(per_mask[m][p], scale)] if p in per_mask[m] else []
                 for p in range(horizon)] for m in masks]

    clients = [Client(name, x_y[0], x_y[1], service, [round(a * f) for a, f in zip(pickups[i][1], scale)],
                      delivery=[round(a * f) for a, f in zip(empties[i], scale)] if any(empties[i]) else [],
                      time_windows=windows, release_time=release, frequency=frequency, patterns=masks,
                      period_time_windows=by_day, pattern_pickups=table(per_mask, masks), late_cost=late_cost,
                      max_lateness=max_lateness, same_truck=same_truck, arrival_spread=spread)
               for i, (name, x_y, service, windows, frequency, masks, by_day, per_mask, release, late_cost,
                       max_lateness, same_truck, spread) in enumerate(clients)]

    # objective weights
    weights = doc.get("objective", {})
    w_fixed = float(weights.get("fixed_cost_weight", 1.0))
    w_dist = float(weights.get("distance_cost_weight", 1.0))
    w_dur = float(weights.get("duration_cost_weight", 1.0))

    # vehicle types, one copy per distinct (plant hours) day group
    types, type_base, counts_by_day, co2 = [], [], [], {}
    for i, vt in enumerate(doc["vehicle_types"]):
        path = f"$.vehicle_types[{i}]"
        capacity = [round(b.bounded(c, f"{path}.capacity.{d}", f) * f)
                    for c, f, d in zip(capacities[i][1], scale, dims)]
        for d, value in zip(dims, capacity):
            if value <= 0:
                b.fail(f"{path}.capacity.{d}", f"must be positive, got {vt['capacity'][d]!r}")
        plant = vt.get("plant", plant_ids[0])
        if plant not in plant_index:
            b.fail(f"{path}.plant", f"unknown plant {plant!r} (plants: {', '.join(plant_ids)})")
        for k, sid in enumerate(vt.get("forbidden_suppliers", [])):
            if sid not in supplier_index:
                b.fail(f"{path}.forbidden_suppliers[{k}]", f"unknown supplier {sid!r}")
        for k, pid in enumerate(vt.get("reload_plants", [])):
            if pid not in plant_index:
                b.fail(f"{path}.reload_plants[{k}]", f"unknown plant {pid!r} (plants: {', '.join(plant_ids)})")
            elif plant_index[pid] >= 64:
                b.fail(f"{path}.reload_plants[{k}]", f"plant {pid!r}: reloads are possible at the first 64 plants only")
        reload_plants = [plant_index[pid] for pid in vt.get("reload_plants", [])]
        home = plant_index[plant]
        for k, q in enumerate(reload_plants):
            hours = plant_hours[q]
            if q != home and any(w != hours[0] for w in hours):
                # The engine keeps one window per plant; per-day hours reach it only through the shifts
                # of the types based at that plant.
                b.fail(f"{path}.reload_plants[{k}]", f"plant {plant_ids[q]!r} opens at different hours on "
                                                     "different days: reloads at a plant other than the truck's "
                                                     "own need the same opening hours every day")
        break_duration, break_window = 0, (0, MAX_VALUE)
        if "break" in vt:
            break_duration = round(b.bounded(float(vt["break"]["duration"]), f"{path}.break.duration",
                                             SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE)
            break_window = b.window(vt["break"]["window"], f"{path}.break.window")
        max_reloads = vt.get("max_reloads")
        if max_reloads is not None:
            b.bounded(max_reloads, f"{path}.max_reloads", limit=10**6)
            if not reload_plants:
                b.fail(f"{path}.max_reloads", "is given, but the type has no reload_plants (it makes one trip a day)")
        per_day_count = vt.get("count_per_day", {})
        for key in per_day_count:
            if key not in day_index:
                b.fail(f"{path}.count_per_day.{key}", f"{key!r} is not a day of the horizon ({', '.join(days)})")
        base_count = vt.get("count")
        unlimited = max(len(clients), 1)
        if base_count is not None:
            b.bounded(base_count, f"{path}.count", limit=10**6)
        for key, value in per_day_count.items():
            b.bounded(value, f"{path}.count_per_day.{key}", limit=10**6)
        counts = [int(per_day_count.get(d, base_count if base_count is not None else unlimited)) for d in days]
        shift = b.window(vt["shift"], f"{path}.shift") if "shift" in vt else (0, _DAY_END_MIN * SECONDS_PER_MINUTE)
        max_duration = (round(b.bounded(float(vt["max_duration"]), f"{path}.max_duration", SECONDS_PER_MINUTE)
                              * SECONDS_PER_MINUTE) if "max_duration" in vt else MAX_VALUE)
        for key, unit, weight in (("fixed_cost", COST_UNITS, w_fixed),
                                  ("cost_per_km", COST_UNITS / METRES_PER_KM * 1e5, w_dist),
                                  ("cost_per_hour", COST_UNITS / 3600 * 1e5, w_dur)):
            # a route of 100,000 km or hours stays in range, the objective weight included
            b.bounded(float(vt.get(key, 0)), f"{path}.{key}", unit * weight)
        hours = plant_hours[plant_index[plant]]
        groups: dict[tuple[int, int], list[int]] = {}
        for p in range(horizon):
            window = (max(shift[0], hours[p][0]), min(shift[1], hours[p][1]))
            groups.setdefault(window, []).append(p)
        co2[vt["id"]] = float(vt.get("co2_kg_per_km", 0.0))
        for window, group in groups.items():
            name = vt["id"] if len(groups) == 1 else f"{vt['id']} [{', '.join(days[p] for p in group)}]"
            if window[1] < window[0]:
                if all(counts[p] == 0 for p in group):
                    window = (window[0], window[0])  # no vehicle on these days: an empty shift is harmless
                else:
                    b.fail(f"{path}.shift" if "shift" in vt else f"$.plants[{plant_index[plant]}].opening_hours",
                           f"vehicle type {vt['id']!r}: its shift does not overlap the opening hours of plant "
                           f"{plant!r} on {', '.join(days[p] for p in group)}")
            try:
                types.append(VehicleType(
                    name, capacity=capacity, num_available=max(counts), fixed_cost=round(
                        float(vt.get("fixed_cost", 0)) * w_fixed * COST_UNITS),
                    unit_distance_cost=round(float(vt.get("cost_per_km", 0)) * w_dist * COST_UNITS / METRES_PER_KM),
                    unit_duration_cost=round(float(vt.get("cost_per_hour", 0)) * w_dur * COST_UNITS / 3600),
                    start_depot=plant_index[plant], end_depot=plant_index[plant], shift=TimeWindow(*window),
                    max_duration=max_duration, forbidden_clients=list(vt.get("forbidden_suppliers", [])),
                    profile=type_profile[i], reload_depots=reload_plants,
                    max_reloads=None if max_reloads is None else int(max_reloads), break_duration=break_duration,
                    break_window=TimeWindow(*break_window)))
            except ValueError as exc:  # e.g. a cost per km or hour beyond the engine's range (in its units)
                b.fail(path, str(exc))
            type_base.append(vt["id"])
            counts_by_day.append([counts[p] if p in group else 0 for p in range(horizon)])

    # The same truck on every visit day: a type split into per-day copies (per-day plant hours) would be
    # a different type on some days.
    split = sorted({base for base in type_base if type_base.count(base) > 1})
    if split:
        for i, s in enumerate(doc["suppliers"]):
            if s.get("same_truck"):
                b.fail(f"$.suppliers[{i}].same_truck", f"vehicle types {split} run under per-day plant hours, which "
                                                       "makes their trucks different types on different days: "
                                                       "same_truck needs the same hours every day")

    # a supplier's largest visit must fit some type it may use
    for i, client in enumerate(clients):
        allowed = [vt for vt in types if client.name not in vt.forbidden_clients]

        def carried(amounts: list[int]) -> bool:
            return any(all(a <= c for a, c in zip(amounts, vt.capacity)) for vt in allowed)

        if len(client.pattern_pickups) > 0:  # some pattern must have every visit carried
            ok = any(all(carried(list(v)) for v in per_period if len(v)) for per_period in client.pattern_pickups)
        else:
            ok = carried(list(client.pickup))
        if not ok:
            b.fail(pickups[i][0], f"a visit of {[v / f for v, f in zip(client.pickup, scale)]} fits no vehicle type "
                                  "it may use")
        if len(client.delivery) and not carried(list(client.delivery)):
            b.fail(f"$.suppliers[{i}].empties", f"empties of {[v / f for v, f in zip(client.delivery, scale)]} fit no "
                                               "vehicle type it may use")

    periods = [Period(day, [counts_by_day[t][p] for t in range(len(types))]) for p, day in enumerate(days)]
    try:
        data = ProblemData(name=doc.get("name", Path(where).stem), dimensions=dims, depots=depots, clients=clients,
                           vehicle_types=types, periods=periods, distance=distances, duration=durations,
                           scaling=Scaling(distance=METRES_PER_KM, duration=SECONDS_PER_MINUTE, cost=COST_UNITS))
    except ValueError as exc:
        raise InstanceError(where, f"invalid instance: {exc}") from None

    warnings: list[str] = []
    instance = MilkrunInstance(data=data, document=doc, days=days, plant_ids=plant_ids, supplier_ids=supplier_ids,
                               dimensions=dims, type_base=type_base, dimension_scale=scale, co2_per_km=co2,
                               solver=dict(doc.get("solver", {})), warnings=warnings)
    return instance


def _all_masks(horizon: int, frequency: int) -> list[int]:
    from itertools import combinations

    count = math.comb(horizon, frequency)
    if count > 4096:
        return []  # the engine reports it (too many implicit patterns)
    return [sum(1 << p for p in days) for days in combinations(range(horizon), frequency)]


def _matrices(b: _Builder, travel: dict[str, Any], ids: list[str], name: str) -> tuple[np.ndarray, np.ndarray]:
    order = travel["ids"]
    known = set(ids)
    for k, node in enumerate(order):
        if node not in known:
            b.fail(f"$.travel.ids[{k}]", f"unknown id {node!r}: not a plant or supplier")
    missing = [node for node in ids if node not in set(order)]
    if missing:
        b.fail("$.travel.ids", f"missing {len(missing)} ids, e.g. {missing[0]!r}: every plant and supplier needs a row")
    position = {node: k for k, node in enumerate(order)}
    index = [position[node] for node in ids]
    profile = travel["profiles"][name]
    result = []
    for key in ("distance_km", "duration_min"):
        path = f"$.travel.profiles.{name}.{key}"
        rows = profile[key]
        if len(rows) != len(order):
            b.fail(path, f"has {len(rows)} rows, but travel.ids has {len(order)}")
        for r, row in enumerate(rows):
            if len(row) != len(order):
                b.fail(f"{path}[{r}]", f"has {len(row)} columns, but travel.ids has {len(order)}")
        matrix = np.asarray(rows, dtype=np.float64)
        result.append(matrix[np.ix_(index, index)])
    return result[0], result[1]


_TRAVEL_LIMIT = MAX_VALUE / 1000  # largest distance (m) or travel time (s) between two places: room for sums


def _check_travel(b: _Builder, distance_km: np.ndarray, duration_min: np.ndarray) -> None:
    if not (np.all(np.isfinite(distance_km)) and np.all(np.isfinite(duration_min))
            and float(distance_km.max(initial=0.0)) * METRES_PER_KM < _TRAVEL_LIMIT
            and float(duration_min.max(initial=0.0)) * SECONDS_PER_MINUTE < _TRAVEL_LIMIT):
        b.fail("$.travel", f"distances or travel times too large (at most {_TRAVEL_LIMIT / METRES_PER_KM:.3g} km and "
                           f"{_TRAVEL_LIMIT / SECONDS_PER_MINUTE:.3g} minutes between two places)")


def _coordinate_matrices(b: _Builder, xy: list[tuple[float, float]], geographic: bool, detour: float,
                         speeds: list[float]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Distance (m) and travel-time (s, one per speed) matrices from coordinates, computed a block of rows
    at a time into 32-bit integers (64-bit when some entry does not fit), so that a network of thousands of
    places needs no n x n floating-point temporaries: 10,000 places take 400 MB per matrix."""
    pts = np.asarray(xy, dtype=np.float64)
    n = len(pts)
    rows = max(1, (1 << 21) // max(n, 1))  # ~16 MB of float64 per temporary
    for dtype in (np.int32, np.int64):
        top = np.iinfo(dtype).max
        distances = [np.empty((n, n), dtype=dtype)]
        durations = [np.empty((n, n), dtype=dtype) for _ in speeds]
        fits = True
        for lo in range(0, n, rows):
            hi = min(n, lo + rows)
            distance_km = (_haversine(pts[lo:hi], pts) if geographic else _euclidean(pts[lo:hi], pts)) * detour
            minutes = [distance_km / speed * 60.0 for speed in speeds]
            for duration_min in minutes:
                _check_travel(b, distance_km, duration_min)
            metres = np.rint(distance_km * METRES_PER_KM)
            seconds = [np.ceil(duration_min * SECONDS_PER_MINUTE - 1e-9) for duration_min in minutes]
            if max([float(metres.max(initial=0.0))] + [float(s.max(initial=0.0)) for s in seconds]) > top:
                fits = False
                break
            distances[0][lo:hi] = metres
            for matrix, block in zip(durations, seconds):
                matrix[lo:hi] = block
        if fits:
            return distances * len(speeds), durations
    raise AssertionError("unreachable: 64-bit integers hold every travel value within the limit")


def _euclidean(rows: np.ndarray, pts: np.ndarray) -> np.ndarray:
    diff = rows[:, None, :] - pts[None, :, :]
    return np.sqrt((diff * diff).sum(-1))


def _haversine(rows: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) from the points ``rows`` to ``pts``, both (lon, lat) in degrees."""
    rows, pts = np.radians(rows), np.radians(pts)
    lat_r, lat_p = rows[:, 1], pts[:, 1]
    dlat = lat_r[:, None] - lat_p[None, :]
    dlon = rows[:, 0][:, None] - pts[:, 0][None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat_r)[:, None] * np.cos(lat_p)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
