"""Results of a solve: routes, cost breakdown, feasibility and search statistics, in instance units."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ._core import ProblemData, Solution


def client_id(name: str) -> int | str:
    """The id of a client as written in its input file: an integer where the file numbers clients."""
    # Only canonical numbers ("7", not "007"), so that distinct names stay distinct ids.
    return int(name) if name.isascii() and name.isdigit() and str(int(name)) == name else name


@dataclass(frozen=True)
class RouteResult:
    """One route of the plan, in instance units."""

    period: int
    vehicle_type: str
    visits: list[int | str]
    distance: float
    duration: float
    cost: float
    load: list[int]
    feasible: bool
    loading: list[float] = field(default_factory=list)  #: peak load / capacity, per dimension
    #: the visits trip by trip: a multi-trip route stops to reload between two trips
    trips: list[list[int | str]] = field(default_factory=list)
    #: the depot (plant) of each reload stop, between trips k and k + 1
    reload_depots: list[str] = field(default_factory=list)
    #: lateness at soft windows (time units of the data), and waiting for a free dock at plants with docks
    lateness: float = 0.0
    gate_wait: float = 0.0
    truck: int = 0  #: which truck of its type on its period (0, 1, ...); the same number on other days: the same truck

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "vehicle_type": self.vehicle_type,
            "visits": self.visits,
            "distance": self.distance,
            "duration": self.duration,
            "cost": self.cost,
            "load": self.load,
            "loading": self.loading,
            "feasible": self.feasible,
            "trips": self.trips,
            "reload_depots": self.reload_depots,
            "lateness": self.lateness,
            "gate_wait": self.gate_wait,
            "truck": self.truck,
        }


@dataclass(frozen=True)
class Result:
    """Outcome of :func:`milkrun.solve`.

    Costs, distances and durations are converted back from the integer units of the problem data to the
    units of the source data by the data's :class:`~milkrun.Scaling`.
    """

    instance: str
    data: ProblemData = field(repr=False)
    solution: Solution = field(repr=False)
    seed: int
    iterations: int
    runtime: float
    history: list[tuple[float, int, float]] = field(repr=False)
    operator_stats: list[dict[str, Any]] = field(repr=False)
    #: stopped early by a KeyboardInterrupt (Ctrl-C) or a SolveControl stop request: the best plan found
    #: until then
    interrupted: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles with the plan as (visits, vehicle type, period) per route, rebuilt on the data."""
        routes = [(list(r.visits), r.vehicle_type, r.period) for r in self.solution.routes]
        return _result_from, (self.instance, self.data, routes, self.seed, self.iterations, self.runtime,
                              self.history, self.operator_stats, self.interrupted)

    @property
    def feasible(self) -> bool:
        return self.solution.is_feasible()

    @property
    def cost(self) -> float:
        return self.solution.cost / self.data.scaling.cost

    @property
    def distance(self) -> float:
        return self.solution.distance / self.data.scaling.distance

    @property
    def duration(self) -> float:
        return self.solution.duration / self.data.scaling.duration

    @property
    def vehicles(self) -> int:
        return self.solution.num_routes

    @property
    def cost_breakdown(self) -> dict[str, float]:
        scale = self.data.scaling.cost
        return {
            "fixed": self.solution.fixed_cost / scale,
            "distance": self.solution.distance_cost / scale,
            "duration": self.solution.duration_cost / scale,
            "lateness": self.solution.lateness_cost / scale,
        }

    @property
    def cost_by_type(self) -> dict[str, dict[str, float]]:
        """Per vehicle type used: number of routes, fixed, distance and duration cost, and their total."""
        data, scale = self.data, self.data.scaling.cost
        result: dict[str, dict[str, float]] = {}
        for route in self.solution.routes:
            vt = data.vehicle_types[route.vehicle_type]
            entry = result.setdefault(vt.name, {"routes": 0, "fixed": 0.0, "distance": 0.0, "duration": 0.0,
                                                "cost": 0.0})
            entry["routes"] += 1
            entry["fixed"] += vt.fixed_cost / scale
            entry["distance"] += vt.unit_distance_cost * route.distance / scale
            entry["duration"] += vt.unit_duration_cost * route.duration / scale
            entry["cost"] += route.cost / scale
        return result

    @property
    def unassigned(self) -> list[int | str]:
        first = self.data.num_depots
        return [client_id(self.data.clients[loc - first].name) for loc in self.solution.unassigned]

    @property
    def unassigned_reasons(self) -> dict[int | str, str]:
        """Why each unassigned client is not in the plan: the reason no route can serve it (see
        :func:`milkrun.diagnose.unservable_clients`), or else that the search found no room for it."""
        return {cid: self._unservable.get(cid, "the search found no room for it in the vehicles of its days")
                for cid in self.unassigned}

    @property
    def diagnosis(self) -> list[str]:
        """Why the plan is not feasible (empty when it is): each client that no plan can serve, with the
        reason, then each constraint the plan violates, as the independent evaluator finds them."""
        if self.feasible:
            return []
        from .eval import evaluate

        lines = [f"client {cid}: {why}" for cid, why in self._unservable.items()]
        return lines + evaluate(self.data, self.solution).problems

    @cached_property
    def _unservable(self) -> dict[int | str, str]:
        """The clients no plan can serve, with why (computed once: the reasons and the diagnosis use it)."""
        from .diagnose import unservable_clients

        return unservable_clients(self.data)

    @property
    def routes(self) -> list[RouteResult]:
        data, scaling, first = self.data, self.data.scaling, self.data.num_depots
        results = []
        for route in self.solution.routes:
            trips: list[list[int | str]] = [[]]
            reloads = []
            for loc in route.visits:
                if loc < first:  # a reload stop ends a trip
                    reloads.append(data.depots[loc].name)
                    trips.append([])
                else:
                    trips[-1].append(client_id(data.clients[loc - first].name))
            results.append(RouteResult(
                period=route.period,
                vehicle_type=data.vehicle_types[route.vehicle_type].name,
                visits=[cid for trip in trips for cid in trip],
                distance=route.distance / scaling.distance,
                duration=route.duration / scaling.duration,
                cost=route.cost / scaling.cost,
                load=list(route.max_load),
                feasible=route.is_feasible(),
                loading=[load / cap for load, cap in zip(route.max_load, data.vehicle_types[route.vehicle_type].capacity)],
                trips=trips,
                reload_depots=reloads,
                lateness=route.lateness / scaling.duration,
                gate_wait=route.gate_wait / scaling.duration,
                truck=route.truck,
            ))  # fmt: skip
        return results

    def to_dict(self) -> dict[str, Any]:
        """The solution document: instance, feasibility, cost, distance, vehicles, routes, statistics."""
        return {
            "instance": self.instance,
            "feasible": self.feasible,
            "cost": self.cost,
            "distance": self.distance,
            "duration": self.duration,
            "vehicles": self.vehicles,
            "lateness": self.solution.lateness / self.data.scaling.duration,
            "gate_wait": self.solution.gate_wait / self.data.scaling.duration,
            "cost_breakdown": self.cost_breakdown,
            "cost_by_type": self.cost_by_type,
            "unassigned": self.unassigned,
            "unassigned_reasons": {str(k): v for k, v in self.unassigned_reasons.items()},
            "diagnosis": self.diagnosis,
            "routes": [route.to_dict() for route in self.routes],
            "statistics": {
                "seed": self.seed,
                "iterations": self.iterations,
                "runtime": self.runtime,
                "history": [list(point) for point in self.history],
                "operators": self.operator_stats,
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)


def _result_from(instance: str, data: ProblemData, routes: list[tuple[list[int], int, int]], *rest: Any) -> Result:
    from ._core import SolutionRoute

    solution = Solution(data, [SolutionRoute(data, visits, vehicle_type, period) for visits, vehicle_type, period in routes])
    return Result(instance, data, solution, *rest)
