"""Build a milk-run problem in code, solve it, read the plan as objects, a dict or the solution JSON.

::

    m = milkrun.Model(dimensions=["kg", "pallets"], days=["Mon", "Tue", "Wed", "Thu", "Fri"])
    m.add_plant("PLANT", x=0, y=0, opening_hours=("06:00", "22:00"))
    m.add_supplier("S1", x=12, y=3, pickup={"kg": 400, "pallets": 2}, frequency=2,
                   patterns=[["Mon", "Thu"], ["Tue", "Fri"]], time_windows=[("07:00", "12:00")])
    m.add_vehicle_type("truck", capacity={"kg": 7500, "pallets": 18}, count=4, fixed_cost=120,
                       cost_per_km=0.6, cost_per_hour=35)
    plan = m.solve(time_limit=10, seed=1)
    for route in plan.routes:
        print(route.day, route.vehicle_type, [stop.supplier for stop in route.stops])
    plan.to_dict()      # the solution JSON as a dict; plan.to_json() as text

The model is the milk-run JSON format (see the README) written through methods: units are the format's
(km, minutes or "HH:MM", money), travel is planar coordinates by default, or great-circle with lat/lon,
or matrices per travel profile. :meth:`Model.instance` validates it exactly like a JSON file, so errors
carry the JSON path of the offending value (``$.suppliers[3].pickup.kg``), and the plan is the one the
command line and the HTTP service give for the same problem, seed and iteration limit. Models, their
problem data and solved plans pickle.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _core
from .io.milkrun_json import MilkrunInstance, parse_milkrun
from .result import Result

Clock = float | str
Window = tuple[Clock, Clock]


def _location(x: float | None, y: float | None, lat: float | None, lon: float | None, what: str) -> dict[str, float]:
    planar = x is not None or y is not None
    geographic = lat is not None or lon is not None
    if planar == geographic or (planar and (x is None or y is None)) or (geographic and (lat is None or lon is None)):
        raise ValueError(f"{what}: give x and y, or lat and lon")
    if planar:
        return {"x": _number(x, f"{what}: x"), "y": _number(y, f"{what}: y")}
    return {"lat": _number(lat, f"{what}: lat"), "lon": _number(lon, f"{what}: lon")}


def _number(value: Any, what: str) -> float:
    """``float(value)``, or a ValueError naming ``what`` (NaN and infinities are left to the validation)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: {value!r} is not a number") from None


def _sequence(value: Any, what: str) -> Sequence[Any]:
    """``value`` if it is a sequence (a list, tuple or array; a string is not taken as its characters)."""
    if isinstance(value, str) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{what}: give a list, got {value!r}")
    return value


def _names(value: Any, what: str) -> list[str]:
    """A list of names from a sequence."""
    return [str(v) for v in _sequence(value, what)]


def _plain(value: Any) -> Any:
    """JSON-ready copies of numpy values, tuples and mappings."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Model:
    """A milk-run problem under construction (see the module docstring)."""

    def __init__(self, dimensions: Sequence[str] = ("load",), days: Sequence[str] = ("day",), name: str = "model"):
        self.name = name
        self.dimensions = _names(dimensions, "dimensions")
        self.days = _names(days, "days")
        self._plants: list[dict[str, Any]] = []
        self._suppliers: list[dict[str, Any]] = []
        self._types: list[dict[str, Any]] = []
        self._travel: dict[str, Any] = {"kind": "euclidean"}
        self._objective: dict[str, float] = {}

    # -- amounts -------------------------------------------------------------------------------------
    def _amounts(self, value: Any, what: str) -> Any:
        """A per-dimension amount: a mapping, a sequence in dimension order, or a number (one dimension)."""
        if value is None or isinstance(value, Mapping):
            return _plain(value)
        if isinstance(value, (int, float, np.number)):
            if len(self.dimensions) != 1:
                raise ValueError(f"{what}: a single number is an amount of one dimension; this model has "
                                 f"{len(self.dimensions)} ({', '.join(self.dimensions)}): give a mapping")
            return {self.dimensions[0]: _plain(value)}
        values = _plain(list(_sequence(value, what)))
        if len(values) != len(self.dimensions):
            raise ValueError(f"{what}: {values!r} has {len(values)} values but the model has {len(self.dimensions)} "
                             f"dimensions ({', '.join(self.dimensions)})")
        return dict(zip(self.dimensions, values))

    # -- parts ---------------------------------------------------------------------------------------
    def add_plant(self, id: str, *, x: float | None = None, y: float | None = None, lat: float | None = None,
                  lon: float | None = None, opening_hours: Window | Mapping[str, Window] | None = None,
                  reload_time: float | None = None, docks: int | None = None, unload_time: float | None = None,
                  name: str | None = None) -> str:
        """A plant (or cross-dock); ``opening_hours`` a window, or per day (``{"default": ..., "Sat": ...}``);
        ``reload_time`` the minutes of a reload stop there between two trips; ``docks`` how many trucks
        unload at once (default: no limit) and ``unload_time`` the minutes a returning truck holds one."""
        plant: dict[str, Any] = {"id": id, "location": _location(x, y, lat, lon, f"plant {id!r}")}
        if opening_hours is not None:
            plant["opening_hours"] = _plain(opening_hours)
        if reload_time is not None:
            plant["reload_time"] = _plain(reload_time)
        if docks is not None:
            plant["docks"] = _plain(docks)
        if unload_time is not None:
            plant["unload_time"] = _plain(unload_time)
        if name is not None:
            plant["name"] = name
        self._plants.append(plant)
        return id

    def add_supplier(self, id: str, *, x: float | None = None, y: float | None = None, lat: float | None = None,
                     lon: float | None = None, pickup: Any = None, service_time: float | None = None,
                     time_windows: Sequence[Window] | None = None,
                     time_windows_by_day: Mapping[str, Sequence[Window]] | None = None, frequency: int = 1,
                     patterns: Sequence[Sequence[str]] | None = None,
                     pickup_by_pattern: Sequence[Any] | None = None, daily_production: Any = None,
                     empties: Any = None, release_time: str | float | None = None,
                     late_cost_per_hour: float | None = None, max_lateness: float | None = None,
                     same_truck: bool | None = None, arrival_spread: float | None = None,
                     name: str | None = None) -> str:
        """A supplier: its pickup (per visit; or per pattern, or a daily production that accumulates),
        service time (minutes), windows, frequency over the days and allowed day patterns; the returnable
        containers brought to it on each visit (``empties``, per dimension) and the earliest time the trip
        serving it may leave the plant (``release_time``); a soft window with ``late_cost_per_hour`` (service
        may start after the window's end, at most ``max_lateness`` minutes, at that cost); consistency over
        its visit days: the same truck (``same_truck``), service starts within ``arrival_spread`` minutes."""
        supplier: dict[str, Any] = {"id": id, "location": _location(x, y, lat, lon, f"supplier {id!r}"),
                                    "frequency": _plain(frequency)}
        optional = {
            "pickup": self._amounts(pickup, f"supplier {id!r}: pickup"),
            "service_time": _plain(service_time),
            "time_windows": _plain(time_windows),
            "time_windows_by_day": _plain(time_windows_by_day),
            "patterns": _plain(patterns),
            "pickup_by_pattern": None if pickup_by_pattern is None else [
                self._amounts(a, f"supplier {id!r}: pickup_by_pattern[{k}]")
                for k, a in enumerate(_sequence(pickup_by_pattern, f"supplier {id!r}: pickup_by_pattern"))],
            "daily_production": self._amounts(daily_production, f"supplier {id!r}: daily_production"),
            "empties": self._amounts(empties, f"supplier {id!r}: empties"),
            "release_time": _plain(release_time),
            "late_cost_per_hour": _plain(late_cost_per_hour),
            "max_lateness": _plain(max_lateness),
            "same_truck": _plain(same_truck),
            "arrival_spread": _plain(arrival_spread),
            "name": name,
        }
        supplier.update({key: value for key, value in optional.items() if value is not None})
        self._suppliers.append(supplier)
        return id

    def add_vehicle_type(self, id: str, *, capacity: Any, count: int | None = None,
                         count_per_day: Mapping[str, int] | None = None, fixed_cost: float = 0.0,
                         cost_per_km: float = 0.0, cost_per_hour: float = 0.0, co2_kg_per_km: float | None = None,
                         plant: str | None = None, shift: Window | None = None, max_duration: float | None = None,
                         forbidden_suppliers: Sequence[str] | None = None, profile: str | None = None,
                         speed_kmh: float | None = None, reload_plants: Sequence[str] | None = None,
                         max_reloads: int | None = None, break_minutes: float | None = None,
                         break_window: Window | None = None, name: str | None = None) -> str:
        """A truck type: capacity per dimension, count per day (None: unlimited), costs, plant, shift,
        longest route (minutes), suppliers it may not serve, travel profile or own speed; the plants where
        it may reload and leave on another trip (multi-trip), and at most how many reload stops a day; a
        driver break of ``break_minutes`` starting within ``break_window``."""
        if (break_minutes is None) != (break_window is None):
            raise ValueError(f"vehicle type {id!r}: give break_minutes and break_window together")
        vt: dict[str, Any] = {"id": id, "capacity": self._amounts(capacity, f"vehicle type {id!r}: capacity"),
                              "count": _plain(count),
                              "fixed_cost": _plain(fixed_cost), "cost_per_km": _plain(cost_per_km),
                              "cost_per_hour": _plain(cost_per_hour)}
        optional = {"count_per_day": _plain(count_per_day), "co2_kg_per_km": _plain(co2_kg_per_km), "plant": plant,
                    "shift": _plain(shift), "max_duration": _plain(max_duration),
                    "forbidden_suppliers": _plain(forbidden_suppliers), "profile": profile,
                    "speed_kmh": _plain(speed_kmh), "reload_plants": _plain(reload_plants),
                    "max_reloads": _plain(max_reloads), "name": name,
                    "break": None if break_minutes is None else {"duration": _plain(break_minutes),
                                                                 "window": _plain(break_window)}}
        vt.update({key: value for key, value in optional.items() if value is not None})
        self._types.append(vt)
        return id

    def use_coordinates(self, kind: str = "euclidean", *, speed_kmh: float | None = None,
                        detour_factor: float | None = None) -> None:
        """Travel from the locations: ``euclidean`` (x/y in km) or ``haversine`` (lat/lon, great circle)."""
        travel: dict[str, Any] = {"kind": kind}
        if speed_kmh is not None:
            travel["speed_kmh"] = _plain(speed_kmh)
        if detour_factor is not None:
            travel["detour_factor"] = _plain(detour_factor)
        self._travel = travel

    def add_travel_profile(self, name: str, distance_km: Any, duration_min: Any,
                           ids: Sequence[str] | None = None) -> None:
        """Travel matrices of one profile; rows and columns in the order of ``ids`` (default: the plants,
        then the suppliers, as added). Vehicle types name the profile they drive on."""
        if not isinstance(name, str):
            raise TypeError(f"travel profile: the name must be a string, got {name!r}")
        order = (_names(ids, f"travel profile {name!r}: ids") if ids is not None
                 else [p["id"] for p in self._plants] + [s["id"] for s in self._suppliers])
        matrices = {}
        for key, value in (("distance_km", distance_km), ("duration_min", duration_min)):
            try:
                matrices[key] = _plain(np.asarray(value, dtype=float))
            except (TypeError, ValueError):
                raise ValueError(f"travel profile {name!r}: {key} must be a square matrix of numbers") from None
        if self._travel.get("kind") != "matrix":
            self._travel = {"kind": "matrix", "ids": order, "profiles": {}}
        elif self._travel["ids"] != order:
            raise ValueError(f"travel profile {name!r}: its ids differ from those of the profiles added before")
        self._travel["profiles"][name] = matrices

    def set_objective(self, *, fixed_cost_weight: float | None = None, distance_cost_weight: float | None = None,
                      duration_cost_weight: float | None = None) -> None:
        """Weights of the cost parts in the objective (reported costs stay unweighted)."""
        for key, value in (("fixed_cost_weight", fixed_cost_weight), ("distance_cost_weight", distance_cost_weight),
                           ("duration_cost_weight", duration_cost_weight)):
            if value is not None:
                self._objective[key] = _number(value, key)

    # -- outputs -------------------------------------------------------------------------------------
    def to_document(self) -> dict[str, Any]:
        """The model as a milk-run JSON document (a fresh copy)."""
        doc: dict[str, Any] = {
            "schema_version": "1",
            "name": self.name,
            "dimensions": list(self.dimensions),
            "horizon": list(self.days),
            "plants": self._plants,
            "suppliers": self._suppliers,
            "vehicle_types": self._types,
            "travel": self._travel,
        }
        if self._objective:
            doc["objective"] = self._objective
        return copy.deepcopy(doc)

    def instance(self) -> MilkrunInstance:
        """The validated instance; :class:`milkrun.InstanceError` with the JSON path of a bad value."""
        return parse_milkrun(self.to_document(), where=f"model {self.name!r}")

    def data(self) -> _core.ProblemData:
        """The validated problem data the engine solves."""
        return self.instance().data

    def solve(self, *, time_limit: float | None = None, max_iterations: int | None = None, seed: int = 0,
              params: _core.AlnsParams | None = None, control: _core.SolveControl | None = None) -> Plan:
        """Solve (as :func:`milkrun.solve`; default time limit 10 s) and return the :class:`Plan`."""
        from .report import plan_document
        from .solve import DEFAULT_TIME_LIMIT, solve

        instance = self.instance()
        if time_limit is None and max_iterations is None:
            time_limit = DEFAULT_TIME_LIMIT
        result = solve(instance.data, time_limit=time_limit, max_iterations=max_iterations, seed=seed,
                       params=params, control=control)
        return Plan(instance=instance, result=result, document=plan_document(instance, result))


@dataclass(frozen=True)
class Stop:
    """A stop of a route: a supplier visit, or a reload stop at a plant (``reload`` names the plant, and
    ``supplier`` is None; the pickup is empty and ``load_after`` is the next trip's empties)."""

    supplier: str | None
    arrival: str
    start: str
    departure: str
    pickup: dict[str, float]
    load_after: dict[str, float]
    empties: dict[str, float] = field(default_factory=dict)
    reload: str | None = None
    late_minutes: float = 0.0  #: service started this long after a soft window's end
    gate_wait_minutes: float = 0.0  #: waited this long at the plant's gate for a free dock


@dataclass(frozen=True)
class PlannedRoute:
    day: str
    vehicle_type: str
    plant: str
    start: str
    end: str
    stops: list[Stop]
    distance_km: float
    duration_hours: float
    load: dict[str, float]
    loading_rate: dict[str, float]
    cost: dict[str, float]
    feasible: bool
    trips: int = 1
    late_minutes: float = 0.0
    gate_wait_minutes: float = 0.0
    truck: int = 1  #: which truck (driver) of its type, 1, 2, ...: the same number on several days is the same truck
    break_start: str | None = None  #: when the driver's break starts


@dataclass(frozen=True)
class Plan:
    """A solved model: the plan as objects (:attr:`routes`), as the solution JSON (:meth:`to_dict`,
    :meth:`to_json`), and the engine's :class:`~milkrun.Result` (:attr:`result`)."""

    instance: MilkrunInstance
    result: Result
    document: dict[str, Any]

    @property
    def feasible(self) -> bool:
        return bool(self.document["feasible"])

    @property
    def cost(self) -> float:
        return float(self.document["cost"]["total"])

    @property
    def unplanned_suppliers(self) -> list[str]:
        return [entry["id"] if isinstance(entry, dict) else entry for entry in self.document["unplanned_suppliers"]]

    @property
    def kpis(self) -> dict[str, Any]:
        return self.document["kpis"]

    @property
    def routes(self) -> list[PlannedRoute]:
        out = []
        for day in self.document["days"]:
            for r in day["routes"]:
                stops = [Stop(s.get("supplier"), s["arrival"], s["start"], s["departure"], dict(s.get("pickup", {})),
                              dict(s["load_after"]), dict(s.get("empties", {})), s.get("reload"),
                              s.get("late_minutes", 0.0), s.get("gate_wait_minutes", 0.0)) for s in r["stops"]]
                out.append(PlannedRoute(day["day"], r["vehicle_type"], r["plant"], r["start"], r["end"], stops,
                                        r["distance_km"], r["duration_hours"], dict(r["load"]),
                                        dict(r["loading_rate"]), dict(r["cost"]), r["feasible"], r.get("trips", 1),
                                        r.get("late_minutes", 0.0), r.get("gate_wait_minutes", 0.0),
                                        r.get("truck", 1), r.get("break_start")))
        return out

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.document)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.document, indent=indent)
