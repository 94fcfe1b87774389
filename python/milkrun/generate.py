"""Seeded generator of regional milk-run networks in the milk-run JSON format.

A plant sits in a region of towns; suppliers cluster around the towns (a few large industrial towns, many
small ones), with volumes drawn from a heavy-tailed distribution in three dimensions (kg, m3, pallets,
correlated through a per-supplier density). A supplier's frequency follows its volume: the largest are
visited every day, then three, two and one times a week, on the usual day patterns (Mon-Wed-Fri,
Tue-Thu-Sat, Mon-Thu, Tue-Fri, ...); a visit collects the daily production accumulated since the previous
one. The fleet mixes vans, 7.5 t trucks and semi-trailers with realistic capacities, costs and CO2
factors; counts per day are sized from the volume to be collected, with slack. Locations are latitude and
longitude; travel is great-circle distance times a detour factor at an average speed.

The same arguments and seed give the same document, on every machine (NumPy's PCG64 generator).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["generate_network", "WEEKDAYS"]

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

#: (id, kg, m3, pallets, fixed cost per day, cost per km, cost per hour, kg CO2 per km)
FLEET = [
    ("van", 1200, 12, 6, 90.0, 0.32, 28.0, 0.24),
    ("truck7t5", 3000, 35, 15, 150.0, 0.48, 32.0, 0.52),
    ("semi", 24000, 90, 33, 240.0, 0.95, 38.0, 0.85),
]


def _patterns(days: list[str], frequency: int) -> list[list[str]]:
    """Evenly spread visit-day sets of `frequency` days over the horizon (every rotation)."""
    n = len(days)
    if frequency >= n:
        return [list(days)]
    step = n / frequency
    result = []
    for offset in range(n):
        chosen = sorted({(offset + round(k * step)) % n for k in range(frequency)})
        if len(chosen) == frequency and chosen not in result:
            result.append(chosen)
    return [[days[p] for p in chosen] for chosen in result]


def _longest_gap(pattern: list[str], horizon: list[str]) -> int:
    """Days of production a visit collects at most on `pattern` (the horizon repeats)."""
    days = sorted(horizon.index(day) for day in pattern)
    n = len(horizon)
    return max((day - days[k - 1]) % n or n for k, day in enumerate(days))


def generate_network(num_suppliers: int, days: int = 5, seed: int = 0, *, num_towns: int | None = None,
                     radius_km: float = 90.0, centre: tuple[float, float] = (48.78, 9.18),
                     name: str | None = None, plant_constraints: bool = False) -> dict[str, Any]:
    """A milk-run JSON document (a dict) for a region with `num_suppliers` suppliers over `days` days.

    Parameters
    ----------
    num_suppliers : int
        20 to 5000 is the intended range (any positive number works).
    days : int
        Horizon length, 1 to 7 (Mon..Sun).
    seed : int
        Random seed.
    num_towns : int, optional
        Towns the suppliers cluster around (default: about one per 15 suppliers, 3 to 60).
    radius_km : float
        Radius of the region around the plant.
    centre : (lat, lon)
        The plant's location.
    plant_constraints : bool
        Also the plant's constraints: vans and 7.5 t trucks may reload at the plant (20 minutes) and do
        several trips a day, with fewer of them; suppliers get returnable containers (empties, about 40 %
        of a visit's volume and pallets) and some a release time (their empties are ready at 06:00 to
        09:00); the plant has few docks (2, and one more per 200 suppliers; 15 minutes to unload a
        returning truck), about a third of the suppliers a soft window (late by up to an hour at 60
        per hour late), a quarter of those visited more than once the same driver on every visit (not with a
        Saturday, whose shorter plant hours make its trucks a type of their own) and a
        quarter their visits within two hours of the same time of day; drivers take a 45-minute break
        starting between 11:30 and 14:00.

    Raises
    ------
    ValueError
        For a non-positive supplier count, days outside 1..7 or a non-positive radius.
    """
    if num_suppliers < 1:
        raise ValueError(f"num_suppliers: must be at least 1, got {num_suppliers}")
    if not 1 <= days <= 7:
        raise ValueError(f"days: must be 1 to 7, got {days}")
    if not radius_km > 0:
        raise ValueError(f"radius_km: must be positive, got {radius_km}")
    rng = np.random.default_rng(seed)
    horizon = WEEKDAYS[:days]
    towns = num_towns if num_towns is not None else int(min(60, max(3, round(num_suppliers / 15))))
    lat0, lon0 = centre
    km_per_deg_lat = 111.2
    km_per_deg_lon = 111.2 * math.cos(math.radians(lat0))

    # towns: distance from the plant ~ uniform over the disc; size (share of suppliers) heavy-tailed
    town_r = radius_km * np.sqrt(rng.uniform(0.02, 1.0, towns))
    town_a = rng.uniform(0, 2 * math.pi, towns)
    town_xy = np.stack([town_r * np.cos(town_a), town_r * np.sin(town_a)], axis=1)
    town_weight = rng.pareto(1.2, towns) + 1.0
    town_spread = rng.uniform(2.0, 7.0, towns)

    suppliers = []
    soft = np.random.default_rng([seed, 6])  # the soft windows, apart from the stream the rest is drawn from
    town_of = rng.choice(towns, size=num_suppliers, p=town_weight / town_weight.sum())
    # daily kg: log-normal (median ~ 180 kg/day, a few tonnes for the largest)
    daily_kg = np.exp(rng.normal(math.log(180.0), 1.0, num_suppliers))
    density = rng.uniform(60.0, 250.0, num_suppliers)  # kg per m3
    kg_per_pallet = rng.uniform(120.0, 400.0, num_suppliers)
    for i in range(num_suppliers):
        t = town_of[i]
        x, y = town_xy[t] + rng.normal(0.0, town_spread[t], 2)
        kg = float(daily_kg[i])
        if kg > 1500 and days >= 5:
            frequency = days
        elif kg > 500:
            frequency = min(3, days)
        elif kg > 150:
            frequency = min(2, days)
        else:
            frequency = 1
        # The longest gap between two visits on the supplier's patterns: what one visit can collect must
        # fit a semi-trailer with some room, in every dimension.
        gap = max(_longest_gap(pattern, horizon) for pattern in _patterns(horizon, frequency))
        _, semi_kg, semi_m3, semi_pallets = FLEET[-1][:4]
        limit = 0.85 * min(semi_kg, semi_m3 * density[i], semi_pallets * kg_per_pallet[i])
        kg = min(kg, limit / gap)
        opens = int(rng.choice([360, 420, 480]))
        closes = int(rng.choice([840, 930, 1020]))
        supplier: dict[str, Any] = {
            "id": f"S{i + 1:04d}",
            "location": {"lat": round(lat0 + y / km_per_deg_lat, 5), "lon": round(lon0 + x / km_per_deg_lon, 5)},
            "service_time": int(rng.choice([10, 15, 20, 25])),
            "time_windows": [[f"{opens // 60:02d}:{opens % 60:02d}", f"{closes // 60:02d}:{closes % 60:02d}"]],
            "frequency": frequency,
            "daily_production": {
                "kg": round(kg, 1),
                "m3": round(kg / density[i], 2),
                "pallets": round(kg / kg_per_pallet[i], 2),
            },
        }
        if frequency > 1 or rng.random() < 0.5:
            supplier["patterns"] = _patterns(horizon, frequency)
        if plant_constraints:
            share = float(rng.uniform(0.2, 0.6))
            visit_kg = kg * _longest_gap(_patterns(horizon, frequency)[0], horizon) * 0.5
            supplier["empties"] = {"kg": round(0.1 * share * visit_kg, 1),
                                   "m3": round(share * visit_kg / density[i], 2),
                                   "pallets": round(share * visit_kg / kg_per_pallet[i], 2)}
            if rng.random() < 0.3:
                ready = int(rng.choice([360, 420, 480, 540]))
                supplier["release_time"] = f"{ready // 60:02d}:{ready % 60:02d}"
            if soft.random() < 0.33:
                supplier["late_cost_per_hour"] = 60
                supplier["max_lateness"] = 60
            # A supplier that wants to see the same driver (not with Saturday hours: those make each
            # day's trucks a vehicle type of their own, and the reader refuses same_truck then).
            if frequency > 1 and soft.random() < 0.25 and "Sat" not in horizon:
                supplier["same_truck"] = True
            if frequency > 1 and soft.random() < 0.25:  # and one that wants the truck at about the same time
                supplier["arrival_spread"] = 120
        suppliers.append(supplier)

    # fleet sized from the daily volume: enough capacity with slack, mixed
    total_kg = float(daily_kg.sum()) * 1.0
    vehicle_types = []
    shares = {"van": 0.25, "truck7t5": 0.45, "semi": 0.30}
    for vid, kg_cap, m3, pallets, fixed, per_km, per_hour, co2 in FLEET:
        count = max(2, math.ceil(2.0 * shares[vid] * total_kg / kg_cap))
        vehicle_types.append({
            "id": vid,
            "capacity": {"kg": kg_cap, "m3": m3, "pallets": pallets},
            "count": count,
            "fixed_cost": fixed,
            "cost_per_km": per_km,
            "cost_per_hour": per_hour,
            "co2_kg_per_km": co2,
            "shift": ["05:00", "21:00"],
            "max_duration": 600,
        })
        if plant_constraints:  # the driver's 45-minute break around noon
            vehicle_types[-1]["break"] = {"duration": 45, "window": ["11:30", "14:00"]}
        if plant_constraints and vid != "semi":  # the smaller trucks do several trips a day, fewer of them
            vehicle_types[-1]["reload_plants"] = ["PLANT"]
            vehicle_types[-1]["count"] = max(2, math.ceil(count / 2))
    docks = {"docks": 2 + num_suppliers // 200, "unload_time": 15} if plant_constraints else {}
    opening: dict[str, Any] = {"default": ["05:00", "22:00"]}
    if "Sat" in horizon:
        opening["Sat"] = ["05:00", "14:00"]
    return {
        "schema_version": "1",
        "name": name or f"region-{num_suppliers}-{days}d-s{seed}",
        "description": f"Generated by milkrun.generate (seed {seed}): {num_suppliers} suppliers around {towns} towns, "
                       f"{days} days.",
        "dimensions": ["kg", "m3", "pallets"],
        "horizon": horizon,
        "plants": [{"id": "PLANT", "name": "Plant", "location": {"lat": lat0, "lon": lon0},
                    "opening_hours": opening, **({"reload_time": 20} if plant_constraints else {}), **docks}],
        "suppliers": suppliers,
        "vehicle_types": vehicle_types,
        "travel": {"kind": "haversine", "speed_kmh": 55.0, "detour_factor": 1.3},
        "solver": {"time_limit": 60, "seed": 1},
    }
