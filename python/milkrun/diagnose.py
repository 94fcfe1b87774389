"""Why a client cannot be served feasibly by any plan: checks of each client on its own against the fleet.

A plan the search returns infeasible (or with clients unassigned) has one of two causes: a client that no
route could serve within its constraints even alone, or a fleet too small or too slow for all clients
together. :func:`unservable_clients` finds the first kind, with a reason in the instance's units; what is
left is the second (reported by the evaluator's list of violated constraints per route).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from .result import client_id

_MAX_PATTERNS = 4096  # as the problem data: more "any f days" patterns than this are not enumerated


def unservable_clients(data: Any) -> dict[int | str, str]:
    """Clients that no feasible plan can serve, by id, with the reason (for the first day that fails).

    A client is servable on a day when some vehicle type available that day, allowed to serve it, carries
    its amount there and can reach one of its time windows from its plant within the plant's hours and its
    shift (leaving no earlier than the client's release time) and return in time and within its maximum
    duration. A client is unservable when no allowed visit-day pattern has every day servable.
    """
    out: dict[int | str, str] = {}
    first = data.num_depots
    periods = data.num_periods
    durations = [data.duration_matrix(k) for k in range(data.num_profiles)]
    for index, client in enumerate(data.clients):
        loc = first + index
        day_reason: dict[tuple[int, int], str | None] = {}

        def reason_on(day: int, days: int) -> str | None:
            key = (day, days)
            if key not in day_reason:
                day_reason[key] = _reason_on_day(data, durations, client, loc, day, days)
            return day_reason[key]

        reasons = []
        for days in _patterns(client, periods):
            failed = next((r for d in range(periods) if days >> d & 1 and (r := reason_on(d, days))), None)
            if failed is None:
                break
            reasons.append(failed)
        else:
            if reasons:
                out[client_id(client.name)] = reasons[0]
            else:
                out[client_id(client.name)] = "it has no visit-day pattern within the horizon"
    return out


def _patterns(client: Any, periods: int) -> list[int]:
    if periods == 1:
        return [1]
    if len(client.patterns) > 0:
        return [p for p in client.patterns if p < (1 << periods)]
    found = []
    for days in combinations(range(periods), client.frequency):
        found.append(sum(1 << d for d in days))
        if len(found) >= _MAX_PATTERNS:
            break
    return found


def _reason_on_day(data: Any, durations: list, client: Any, loc: int, day: int, days: int) -> str | None:
    """None when some vehicle can serve the client alone on ``day``; else why not (the closest miss)."""
    scaling = data.scaling
    prefix = f"on {data.periods[day].name}" if data.num_periods > 1 else "even alone"
    amount = list(client.pickup_for(days, day)) if data.num_periods > 1 else list(client.pickup)
    delivery = list(client.delivery)
    windows = list(client.period_time_windows[day]) if day < len(client.period_time_windows) \
        and len(client.period_time_windows[day]) > 0 else list(client.time_windows)
    allowed = [t for t, vt in enumerate(data.vehicle_types)
               if data.num_available(day, t) > 0 and data.may_serve(t, loc)]
    if not allowed:
        return f"{prefix}: no vehicle type that may serve it is available"
    fitting = [t for t in allowed
               if all(max(p, q) <= c for p, q, c in zip(amount, delivery + [0] * len(amount), data.vehicle_types[t].capacity))]
    if not fitting:
        dims = ", ".join(f"{name} {value}" for name, value in zip(data.dimensions, amount))
        return f"{prefix}: its load ({dims}) exceeds the capacity of every vehicle type that may serve it"
    best_miss: tuple[float, str] | None = None
    for t in fitting:
        vt = data.vehicle_types[t]
        duration = durations[vt.profile]
        start, end = vt.start_depot, vt.end_depot
        leave = max(vt.shift.early, data.depots[start].window.early, client.release_time)
        close = min(vt.shift.late, data.depots[end].window.late)
        to_client, back = int(duration[start, loc]), int(duration[loc, end])
        for window in windows:
            arrive = max(leave + to_client, window.early)
            ret = arrive + client.service_duration + back
            if arrive > window.late:
                miss, what = arrive - window.late, (f"the earliest arrival ({vt.name}) is "
                                                     f"{arrive / scaling.duration:g}, after its window closes at "
                                                     f"{window.late / scaling.duration:g}")
            elif ret > close:
                miss, what = ret - close, (f"the earliest return to the plant ({vt.name}) is "
                                           f"{ret / scaling.duration:g}, after it closes at {close / scaling.duration:g}")
            elif to_client + client.service_duration + back > vt.max_duration:
                miss = to_client + client.service_duration + back - vt.max_duration
                what = (f"the shortest route to it ({vt.name}) takes "
                        f"{(to_client + client.service_duration + back) / scaling.duration:g}, more than the "
                        f"maximum duration {vt.max_duration / scaling.duration:g}")
            else:
                return None
            if best_miss is None or miss < best_miss[0]:
                best_miss = (miss, what)
    assert best_miss is not None  # every fitting type has at least one window (the default is unbounded)
    return f"{prefix}: {best_miss[1]}"
