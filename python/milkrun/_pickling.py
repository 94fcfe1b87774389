"""Pickle support for the C++ data classes, so that problem data, parameters and results travel to worker
processes (``concurrent.futures``, multiprocessing, Dask, Ray).

Each class is rebuilt through its public constructor from its public fields, so an unpickled object is
validated like any new one and equal in every field to the original. A :class:`~milkrun.Solution` holds
no reference to its problem data and is pickled as part of a :class:`~milkrun.Result` (which has both);
on its own it raises a ``TypeError`` that says so.
"""

from __future__ import annotations

import copyreg
from typing import Any

from . import _core


def _window(w: Any) -> _core.TimeWindow:
    return _core.TimeWindow(w.early, w.late)


def _reduce_depot(d: _core.Depot) -> tuple[Any, ...]:
    return _core.Depot, (d.name, d.x, d.y, _window(d.window), d.service_duration, d.docks, d.unload_duration)


def _reduce_client(c: _core.Client) -> tuple[Any, ...]:
    return _core.Client, (
        c.name, c.x, c.y, c.service_duration, list(c.pickup), list(c.delivery), [_window(w) for w in c.time_windows],
        c.release_time, c.frequency, list(c.patterns), [[_window(w) for w in ws] for ws in c.period_time_windows],
        [[list(v) for v in per_period] for per_period in c.pattern_pickups], c.late_cost, c.max_lateness,
        c.same_truck, c.arrival_spread,
    )  # fmt: skip


def vehicle_type_fields(t: _core.VehicleType) -> dict[str, Any]:
    """The constructor arguments of a vehicle type, by name in constructor order: ``VehicleType(**fields)``
    rebuilds it (with some replaced: another count, another profile)."""
    return {
        "name": t.name, "capacity": list(t.capacity), "num_available": t.num_available, "fixed_cost": t.fixed_cost,
        "unit_distance_cost": t.unit_distance_cost, "unit_duration_cost": t.unit_duration_cost,
        "start_depot": t.start_depot, "end_depot": t.end_depot, "shift": _window(t.shift),
        "max_duration": t.max_duration, "forbidden_clients": list(t.forbidden_clients), "profile": t.profile,
        "reload_depots": list(t.reload_depots), "max_reloads": t.max_reloads, "break_duration": t.break_duration,
        "break_window": _window(t.break_window),
    }  # fmt: skip


def _reduce_vehicle_type(t: _core.VehicleType) -> tuple[Any, ...]:
    return _core.VehicleType, tuple(vehicle_type_fields(t).values())


def _reduce_period(p: _core.Period) -> tuple[Any, ...]:
    return _core.Period, (p.name, list(p.num_available))


def _reduce_scaling(s: _core.Scaling) -> tuple[Any, ...]:
    return _core.Scaling, (s.distance, s.duration, s.cost)


def _reduce_problem_data(d: _core.ProblemData) -> tuple[Any, ...]:
    return _core.ProblemData, (
        d.name, list(d.dimensions), list(d.depots), list(d.clients), list(d.vehicle_types), list(d.periods),
        [d.distance_matrix(q) for q in range(d.num_profiles)], [d.duration_matrix(q) for q in range(d.num_profiles)],
        d.scaling,
    )  # fmt: skip


_PARAM_FIELDS = [name for name in dir(_core.AlnsParams()) if not name.startswith("_") and name != "validate"]


def _params_from(fields: dict[str, Any]) -> _core.AlnsParams:
    params = _core.AlnsParams()
    for name, value in fields.items():
        setattr(params, name, value)
    return params


def _reduce_params(p: _core.AlnsParams) -> tuple[Any, ...]:
    return _params_from, ({name: getattr(p, name) for name in _PARAM_FIELDS},)


def _refuse_solution(_: _core.Solution) -> tuple[Any, ...]:
    raise TypeError("a milkrun Solution does not pickle on its own (it refers to its problem data): pickle the "
                    "Result, or the ProblemData and the routes' (visits, vehicle_type, period)")


def register() -> None:
    copyreg.pickle(_core.Depot, _reduce_depot)
    copyreg.pickle(_core.Client, _reduce_client)
    copyreg.pickle(_core.VehicleType, _reduce_vehicle_type)
    copyreg.pickle(_core.Period, _reduce_period)
    copyreg.pickle(_core.Scaling, _reduce_scaling)
    copyreg.pickle(_core.ProblemData, _reduce_problem_data)
    copyreg.pickle(_core.AlnsParams, _reduce_params)
    copyreg.pickle(_core.Solution, _refuse_solution)
    copyreg.pickle(_core.SolutionRoute, _refuse_solution)
