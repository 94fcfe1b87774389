"""The milk-run solution JSON and its KPIs, for instances read from the milk-run JSON format.

:func:`plan_document` gives, per day, every route with its truck type, its stops with arrival, service
start and departure times and the load after each stop (the actual amount of every visit, in the JSON's
units), and the cost breakdown. :func:`kpis` adds the report planners ask for: distance and driving time
(total and per day), cost by vehicle type, trucks used per day, loading rate per trip (truckload) and
dimension, a CO2
estimate, and the comparison with **direct deliveries** -- every supplier visit as its own round trip from
the plant on the cheapest vehicle type that can carry it, as suppliers deliver today.

All numbers are recomputed here from the plan and the JSON document (costs from the JSON's unit costs,
without objective weights), not taken from the search.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .io.milkrun_json import COST_UNITS, METRES_PER_KM, SECONDS_PER_MINUTE, MilkrunInstance
from .result import Result

__all__ = ["plan_document", "kpis", "format_kpis", "direct_deliveries"]


def _clock(seconds: float) -> str:
    minutes = int(round(seconds / SECONDS_PER_MINUTE))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _visit_masks(instance: MilkrunInstance, result: Result) -> dict[int, int]:
    masks: dict[int, int] = {}
    for route in result.solution.routes:
        for loc in route.visits:
            if loc >= instance.data.num_depots:  # not a reload stop
                masks[loc] = masks.get(loc, 0) | 1 << route.period
    return masks


class _Travel:
    """The distance and duration matrices of every travel profile, copied from the data once per report."""

    def __init__(self, data: Any):
        self.distance = [np.asarray(data.distance_matrix(q)) for q in range(data.num_profiles)]
        self.duration = [np.asarray(data.duration_matrix(q)) for q in range(data.num_profiles)]


def _location(instance: MilkrunInstance, kind: str, index: int) -> dict[str, float]:
    return dict(instance.document[kind][index]["location"])


def plan_document(instance: MilkrunInstance, result: Result) -> dict[str, Any]:
    """The solution JSON of a milk-run instance (see the module docstring)."""
    data, doc = instance.data, instance.document
    matrices = _Travel(data)
    durs = matrices.duration
    types = {vt["id"]: vt for vt in doc["vehicle_types"]}
    first = data.num_depots
    masks = _visit_masks(instance, result)
    days: list[dict[str, Any]] = [{"day": day, "routes": []} for day in instance.days]
    totals = {"fixed": 0.0, "distance": 0.0, "duration": 0.0}
    soft = any(client.late_cost > 0 for client in data.clients)
    if soft:
        totals["lateness"] = 0.0
    for route in sorted(result.solution.routes, key=lambda r: (r.period, r.vehicle_type, list(r.visits))):
        engine_type = data.vehicle_types[route.vehicle_type]
        base = instance.type_base[route.vehicle_type]
        vt = types[base]
        dur = durs[engine_type.profile]
        depot = engine_type.start_depot
        t = float(route.start_time)
        prev = depot
        stops = []
        driving = 0.0
        trips = _trips(route.visits, first)
        peak = [0.0] * len(instance.dimensions)
        # With docks or soft windows the engine gives each stop's start (waits at the gates included).
        starts, gate_waits = list(route.service_starts), list(route.gate_waits)
        pos = 0  # index of the stop among the route's visits
        rest = [route.break_start] if route.break_start >= 0 else []  # the driver's break, until taken

        def arrive(t: float, travel: float) -> float:
            """Arrival after a leg leaving at t, the driver's break included if it falls on the leg."""
            if rest and t <= rest[0] < t + travel:
                rest.clear()
                return t + travel + engine_type.break_duration
            return t + travel
        for k, trip in enumerate(trips):
            if k > 0:  # a reload stop at the plant route.visits names before this trip
                plant = [v for v in route.visits if v < first][k - 1]
                travel = float(dur[prev, plant])
                driving += travel
                arrival = arrive(t, travel)
                start = float(starts[pos]) if starts else max(arrival, float(data.depots[plant].window.early))
                release = max([float(data.clients[loc - first].release_time) for loc in trip] + [0.0])
                departure = max(start + data.depots[plant].service_duration, release)
                stop = {"reload": instance.plant_ids[plant], "location": _location(instance, "plants", plant),
                        "arrival": _clock(arrival), "start": _clock(start), "departure": _clock(departure),
                        "load_after": dict(zip(instance.dimensions, _rounded(_empties(instance, trip))))}
                if gate_waits and gate_waits[pos] > 0:
                    stop["gate_wait_minutes"] = round(gate_waits[pos] / SECONDS_PER_MINUTE, 2)
                stops.append(stop)
                t, prev = departure, plant
                pos += 1
            load = _empties(instance, trip)  # the trip leaves with its suppliers' empties
            peak = [max(p, a) for p, a in zip(peak, load)]
            for loc in trip:
                travel = float(dur[prev, loc])
                driving += travel
                arrival = arrive(t, travel)
                client = data.clients[loc - first]
                start = arrival
                for window in client.windows(route.period):
                    if arrival <= window.late:
                        start = max(arrival, float(window.early))
                        break
                late = 0.0
                if starts:
                    start = float(starts[pos])
                    late = max(0.0, start - float(client.windows(route.period)[0].late)) if client.late_cost > 0 else 0.0
                departure = start + client.service_duration
                amount = instance.visit_pickup(loc - first, masks[loc], route.period)
                empties = _empties(instance, [loc])
                load = [a + b - e for a, b, e in zip(load, amount, empties)]
                peak = [max(p, a) for p, a in zip(peak, load)]
                stop = {
                    "supplier": instance.supplier_ids[loc - first],
                    "location": _location(instance, "suppliers", loc - first),
                    "arrival": _clock(arrival),
                    "start": _clock(start),
                    "departure": _clock(departure),
                    "pickup": dict(zip(instance.dimensions, _rounded(amount))),
                    "load_after": dict(zip(instance.dimensions, _rounded(load))),
                }
                if any(empties):
                    stop["empties"] = dict(zip(instance.dimensions, _rounded(empties)))
                if late > 0:
                    stop["late_minutes"] = round(late / SECONDS_PER_MINUTE, 2)
                stops.append(stop)
                t, prev = departure, loc
                pos += 1
        load = peak
        travel = float(dur[prev, engine_type.end_depot])
        driving += travel
        end = float(starts[-1]) if starts else t + travel
        km = route.distance / METRES_PER_KM
        hours = route.duration / SECONDS_PER_MINUTE / 60
        costs = {"fixed": float(vt.get("fixed_cost", 0.0)), "distance": km * float(vt.get("cost_per_km", 0.0)),
                 "duration": hours * float(vt.get("cost_per_hour", 0.0))}
        if soft:
            costs["lateness"] = route.lateness_cost / data.scaling.cost
        for key, value in costs.items():
            totals[key] += value
        capacity = [float(vt["capacity"][d]) for d in instance.dimensions]
        entry = {
            "vehicle_type": base,
            "truck": route.truck + 1,
            "plant": instance.plant_ids[depot],
            "start": _clock(route.start_time),
            "end": _clock(end),
            "distance_km": round(km, 3),
            "driving_hours": round(driving / 3600, 3),
            "duration_hours": round(hours, 3),
            "trips": len(trips),
            "stops": stops,
            "load": dict(zip(instance.dimensions, _rounded(load))),
            "loading_rate": dict(zip(instance.dimensions, [round(a / c, 4) for a, c in zip(load, capacity)])),
            "cost": {**{k: round(v, 2) for k, v in costs.items()}, "total": round(sum(costs.values()), 2)},
            "co2_kg": round(km * instance.co2_per_km.get(base, 0.0), 2),
            "feasible": route.is_feasible(),
        }
        if route.lateness > 0:
            entry["late_minutes"] = round(route.lateness / SECONDS_PER_MINUTE, 2)
        if gate_waits and gate_waits[-1] > 0:
            entry["return_gate_wait_minutes"] = round(gate_waits[-1] / SECONDS_PER_MINUTE, 2)
        if route.break_start >= 0:
            entry["break_start"] = _clock(route.break_start)
            entry["break_minutes"] = round(engine_type.break_duration / SECONDS_PER_MINUTE, 2)
        if route.gate_wait > 0:
            entry["gate_wait_minutes"] = round(route.gate_wait / SECONDS_PER_MINUTE, 2)
        days[route.period]["routes"].append(entry)
    unplanned = [instance.supplier_ids[loc - first] for loc in result.solution.unassigned]
    return {
        "schema_version": "1",
        "instance": data.name,
        "feasible": result.feasible,
        "cost": {**{k: round(v, 2) for k, v in totals.items()}, "total": round(sum(totals.values()), 2)},
        "objective": result.cost,
        "unplanned_suppliers": unplanned,
        "unplanned_reasons": {str(k): v for k, v in result.unassigned_reasons.items()},
        "diagnosis": result.diagnosis,
        # Plants with docks: how many, and the minutes a returning truck holds one (as the engine has it).
        "plants": [{"id": plant["id"], "location": dict(plant["location"]),
                    **({"docks": depot.docks, "unload_time": depot.unload_duration / SECONDS_PER_MINUTE}
                       if depot.docks > 0 else {})}
                   for plant, depot in zip(doc["plants"], data.depots)],
        "days": days,
        "kpis": kpis(instance, result, matrices),
        "warnings": list(instance.warnings),
        "statistics": {"seed": result.seed, "iterations": result.iterations, "runtime_s": result.runtime},
    }


def _rounded(values: list[float]) -> list[float]:
    return [round(v, 4) for v in values]


def _trips(visits: Any, first: int) -> list[list[int]]:
    """A route's client visits, trip by trip (depot indices among the visits are reload stops)."""
    trips: list[list[int]] = [[]]
    for loc in visits:
        if loc < first:
            trips.append([])
        else:
            trips[-1].append(int(loc))
    return trips


def _empties(instance: MilkrunInstance, locs: list[int]) -> list[float]:
    """Returnable containers the visits of ``locs`` deliver, per dimension, in the JSON's units."""
    data, first = instance.data, instance.data.num_depots
    total = [0.0] * len(instance.dimensions)
    for loc in locs:
        delivery = data.clients[loc - first].delivery
        if len(delivery):
            total = [t + d / f for t, d, f in zip(total, delivery, instance.dimension_scale)]
    return total


def direct_deliveries(instance: MilkrunInstance, visits: list[tuple[int, int, list[float]]],
                      matrices: _Travel | None = None) -> dict[str, Any]:
    """Every visit (supplier index, day, amount per dimension) as its own round trip from the plant of
    the cheapest vehicle type that may serve the supplier and carries the amount."""
    data, doc = instance.data, instance.document
    matrices = matrices if matrices is not None else _Travel(data)
    dists, durs = matrices.distance, matrices.duration
    profile_of = {base: data.vehicle_types[t].profile for t, base in enumerate(instance.type_base)}
    first = data.num_depots
    plant_index = {pid: k for k, pid in enumerate(instance.plant_ids)}
    per_day_km = [0.0] * len(instance.days)
    per_day_trips = [0] * len(instance.days)
    cost = km_total = hours_total = co2 = 0.0
    loading: list[list[float]] = []
    unserved = 0
    for supplier, day, amount in visits:
        sid = instance.supplier_ids[supplier]
        loc = first + supplier
        best = None
        for vt in doc["vehicle_types"]:
            if sid in vt.get("forbidden_suppliers", []):
                continue
            capacity = [float(vt["capacity"][d]) for d in instance.dimensions]
            if any(a > c + 1e-9 for a, c in zip(amount, capacity)):
                continue
            plant = plant_index[vt.get("plant", instance.plant_ids[0])]
            dist, dur = dists[profile_of[vt["id"]]], durs[profile_of[vt["id"]]]
            km = (int(dist[plant, loc]) + int(dist[loc, plant])) / METRES_PER_KM
            driving = (int(dur[plant, loc]) + int(dur[loc, plant])) / 3600
            hours = driving + data.clients[supplier].service_duration / 3600  # paid time includes the stop
            trip = float(vt.get("fixed_cost", 0.0)) + km * float(vt.get("cost_per_km", 0.0)) + hours * float(
                vt.get("cost_per_hour", 0.0))
            if best is None or trip < best[0]:
                best = (trip, km, driving, vt, capacity)
        if best is None:
            unserved += 1
            continue
        trip, km, hours, vt, capacity = best
        cost += trip
        km_total += km
        hours_total += hours
        co2 += km * float(vt.get("co2_kg_per_km", 0.0))
        per_day_km[day] += km
        per_day_trips[day] += 1
        loading.append([a / c for a, c in zip(amount, capacity)])
    mean_loading = np.mean(loading, axis=0).tolist() if loading else [0.0] * len(instance.dimensions)
    return {
        "trips": int(sum(per_day_trips)),
        "trucks_per_day": dict(zip(instance.days, per_day_trips)),
        "distance_km": round(km_total, 2),
        "distance_km_per_day": dict(zip(instance.days, [round(v, 2) for v in per_day_km])),
        "driving_hours": round(hours_total, 2),
        "cost": round(cost, 2),
        "co2_kg": round(co2, 2),
        "mean_loading_rate": dict(zip(instance.dimensions, [round(v, 4) for v in mean_loading])),
        "visits_no_vehicle_can_carry": unserved,
    }


def kpis(instance: MilkrunInstance, result: Result, matrices: _Travel | None = None) -> dict[str, Any]:
    """The milk-run KPIs of a plan and its comparison with direct deliveries (see the module docstring)."""
    data, doc = instance.data, instance.document
    matrices = matrices if matrices is not None else _Travel(data)
    durs = matrices.duration
    first = data.num_depots
    types = {vt["id"]: vt for vt in doc["vehicle_types"]}
    masks = _visit_masks(instance, result)
    ndays = len(instance.days)
    km_day = [0.0] * ndays
    drive_day = [0.0] * ndays
    trucks_day: list[dict[str, int]] = [{} for _ in range(ndays)]
    by_type: dict[str, dict[str, float]] = {}
    loading_routes: list[list[float]] = []
    co2 = 0.0
    load_sum = np.zeros(len(instance.dimensions))
    cap_sum = np.zeros(len(instance.dimensions))
    visits = []
    num_trips = 0
    for route in result.solution.routes:
        engine_type = data.vehicle_types[route.vehicle_type]
        base = instance.type_base[route.vehicle_type]
        vt = types[base]
        km = route.distance / METRES_PER_KM
        hours = route.duration / 3600
        path = [engine_type.start_depot, *route.visits, engine_type.end_depot]
        dur = durs[engine_type.profile]
        drive = sum(float(dur[a, b]) for a, b in zip(path, path[1:])) / 3600
        km_day[route.period] += km
        drive_day[route.period] += drive
        trucks_day[route.period][base] = trucks_day[route.period].get(base, 0) + 1
        entry = by_type.setdefault(base, {"routes": 0, "fixed": 0.0, "distance": 0.0, "duration": 0.0})
        entry["routes"] += 1
        entry["fixed"] += float(vt.get("fixed_cost", 0.0))
        entry["distance"] += km * float(vt.get("cost_per_km", 0.0))
        entry["duration"] += hours * float(vt.get("cost_per_hour", 0.0))
        co2 += km * instance.co2_per_km.get(base, 0.0)
        capacity = np.array([float(vt["capacity"][d]) for d in instance.dimensions])
        for trip in _trips(route.visits, first):  # the loading rate of each trip (each truckload)
            load = np.zeros(len(instance.dimensions))
            for loc in trip:
                amount = instance.visit_pickup(loc - first, masks[loc], route.period)
                load += amount
                visits.append((loc - first, route.period, amount))
            loading_routes.append((load / capacity).tolist())
            load_sum += load
            cap_sum += capacity
            num_trips += 1
    for entry in by_type.values():
        entry["total"] = entry["fixed"] + entry["distance"] + entry["duration"]
        for key in ("fixed", "distance", "duration", "total"):
            entry[key] = round(entry[key], 2)
    total_cost = sum(e["total"] for e in by_type.values())
    trips = len(result.solution.routes)
    mean_loading = np.mean(loading_routes, axis=0).tolist() if loading_routes else [0.0] * len(instance.dimensions)
    milkrun = {
        "routes": trips,
        "trips": num_trips,
        "trucks_per_day": {day: dict(sorted(t.items())) for day, t in zip(instance.days, trucks_day)},
        "distance_km": round(sum(km_day), 2),
        "distance_km_per_day": dict(zip(instance.days, [round(v, 2) for v in km_day])),
        "driving_hours": round(sum(drive_day), 2),
        "driving_hours_per_day": dict(zip(instance.days, [round(v, 2) for v in drive_day])),
        "cost": round(total_cost, 2),
        "cost_by_type": by_type,
        "co2_kg": round(co2, 2),
        "mean_loading_rate": dict(zip(instance.dimensions, [round(v, 4) for v in mean_loading])),
        "overall_loading_rate": dict(zip(instance.dimensions,
                                         [round(float(a / c), 4) if c else 0.0 for a, c in zip(load_sum, cap_sum)])),
    }
    direct = direct_deliveries(instance, visits, matrices)

    def saved(a: float, b: float) -> dict[str, float]:
        return {"absolute": round(a - b, 2), "percent": round(100 * (a - b) / a, 2) if a else 0.0}

    return {
        "milk_run": milkrun,
        "direct_deliveries": direct,
        "saving": {
            "distance_km": saved(direct["distance_km"], milkrun["distance_km"]),
            "cost": saved(direct["cost"], milkrun["cost"]),
            "trucks": saved(direct["trips"], trips),
            "co2_kg": saved(direct["co2_kg"], milkrun["co2_kg"]),
            "loading_rate_points": {d: round(100 * (milkrun["mean_loading_rate"][d] - direct["mean_loading_rate"][d]), 2)
                                    for d in instance.dimensions},
        },
    }


def format_kpis(report: dict[str, Any]) -> str:
    """The KPI report as text for the command line."""
    m, d, s = report["milk_run"], report["direct_deliveries"], report["saving"]
    lines = [f"{'':24}{'milk run':>14}{'direct':>14}{'saving':>14}"]

    def row(label: str, a: float, b: float, key: str, unit: str = "") -> None:
        lines.append(f"{label:24}{a:>14,.1f}{b:>14,.1f}{s[key]['absolute']:>12,.1f} {s[key]['percent']:5.1f}%{unit}")

    row("distance (km)", m["distance_km"], d["distance_km"], "distance_km")
    row("cost", m["cost"], d["cost"], "cost")
    row("trucks (truck-days)", m["routes"], d["trips"], "trucks")
    row("CO2 (kg)", m["co2_kg"], d["co2_kg"], "co2_kg")
    for dim, points in s["loading_rate_points"].items():
        lines.append(f"{'loading rate ' + dim:24}{100 * m['mean_loading_rate'][dim]:>13.1f}%"
                     f"{100 * d['mean_loading_rate'][dim]:>13.1f}%{points:>+12.1f} pt")
    lines.append("")
    lines.append("per day:    " + "  ".join(f"{day}: {km:,.0f} km, {sum(m['trucks_per_day'][day].values())} trucks"
                                           for day, km in m["distance_km_per_day"].items()))
    lines.append("by type:    " + "  ".join(f"{t}: {e['routes']} routes, {e['total']:,.2f}"
                                           for t, e in sorted(m["cost_by_type"].items())))
    return "\n".join(lines)
