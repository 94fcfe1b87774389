"""Pictures of a milk-run plan: the routes of each day, one map per day, and under it the day's timeline
(each truck's trips, its supplier stops, and its time at the plant: reload stops between trips and the
return, the waits at the gate for a free dock, the driver's break), with the most trucks at the plant at
once, the plant's docks and the minutes waited at the gate (matplotlib, PNG).

Needs matplotlib (``pip install "milkrun[plot]"``). Reads the milk-run solution JSON written by
``milkrun solve`` (plants and stop locations are in it), so no instance is needed.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

__all__ = ["PlotError", "plot_solution"]


class PlotError(ValueError):
    """The solution file cannot be drawn (not a milk-run solution JSON, or matplotlib is missing)."""


def _xy(location: dict[str, float]) -> tuple[float, float]:
    if "lon" in location:
        return float(location["lon"]), float(location["lat"])
    return float(location["x"]), float(location["y"])


def _minutes(clock: str) -> float:
    hours, minutes = str(clock).split(":")
    return 60 * int(hours) + int(minutes)


def _dock_intervals(routes: list[dict[str, Any]], unload: dict[str, float] | None = None) -> list[tuple[float, float]]:
    """Time at the plant: every reload stop (arrival to departure) and every return (from the arrival at the
    gate to the end of unloading, ``unload`` minutes per plant with docks; else a moment)."""
    intervals = []
    for route in routes:
        for stop in route["stops"]:
            if "reload" in stop:
                intervals.append((_minutes(stop["arrival"]), _minutes(stop["departure"])))
        end = _minutes(route["end"])
        intervals.append((end - route.get("return_gate_wait_minutes", 0), end + (unload or {}).get(route["plant"], 0)))
    return intervals


def _peak(intervals: list[tuple[float, float]]) -> int:
    """Most intervals overlapping at one time (closed intervals)."""
    events = sorted([(a, 0) for a, _ in intervals] + [(b, 1) for _, b in intervals])
    peak = current = 0
    for _, kind in events:
        current += 1 if kind == 0 else -1
        peak = max(peak, current)
    return peak


def plot_solution(solution: str | os.PathLike[str] | dict[str, Any], output: str | os.PathLike[str]) -> None:
    """Draw the routes of every day of a milk-run solution to a PNG file.

    Raises
    ------
    PlotError
        If the file is not a milk-run solution JSON (no ``days`` with routes and stop locations), or
        matplotlib is not installed.
    """
    where = "<document>" if isinstance(solution, dict) else os.fspath(solution)
    if isinstance(solution, dict):
        doc = solution
    else:
        try:
            doc = json.loads(Path(solution).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PlotError(f"{where}: no such file") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PlotError(f"{where}: not a readable JSON file: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("days"), list) or not doc.get("plants"):
        raise PlotError(f"{where}: not a milk-run solution JSON (written by 'milkrun solve' for a milk-run JSON "
                        "instance): 'days' and 'plants' are missing")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError('matplotlib is needed for pictures: pip install "milkrun[plot]"') from None

    try:
        plants = [(p["id"], _xy(p["location"])) for p in doc["plants"]]
        days = [(day["day"], day["routes"]) for day in doc["days"]]
        for _, routes in days:
            for route in routes:
                _minutes(route["start"])
                _minutes(route["end"])
                for stop in route["stops"]:
                    _xy(stop["location"])
                    _minutes(stop["arrival"])
                    _minutes(stop["departure"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PlotError(f"{where}: malformed milk-run solution JSON ({type(exc).__name__}: {exc})") from None

    geographic = "lon" in doc["plants"][0]["location"]
    cols = min(len(days), 3) or 1
    rows = max(1, math.ceil(len(days) / cols))
    fig, grid = plt.subplots(2 * rows, cols, figsize=(5.2 * cols, 7.4 * rows), squeeze=False,
                             gridspec_kw={"height_ratios": [5.0, 2.4] * rows})
    axes = [grid[2 * r] for r in range(rows)]
    timelines = [grid[2 * r + 1] for r in range(rows)]
    all_x = [xy[0] for _, xy in plants]
    all_y = [xy[1] for _, xy in plants]
    for _, routes in days:
        for route in routes:
            for stop in route["stops"]:
                x, y = _xy(stop["location"])
                all_x.append(x)
                all_y.append(y)
    pad_x = 0.03 * ((max(all_x) - min(all_x)) or 1.0)
    pad_y = 0.03 * ((max(all_y) - min(all_y)) or 1.0)
    type_names = sorted({route["vehicle_type"] for _, routes in days for route in routes})
    cmap = plt.get_cmap("tab10")
    colour = {name: cmap(k % 10) for k, name in enumerate(type_names)}
    plant_xy = dict(plants)
    for k, (day, routes) in enumerate(days):
        ax = axes[k // cols][k % cols]
        reloads = 0
        for route in routes:
            start = plant_xy.get(route.get("plant"), plants[0][1])
            path = [start] + [_xy(stop["location"]) for stop in route["stops"]] + [start]
            xs, ys = zip(*path)
            ax.plot(xs, ys, "-", lw=1.1, color=colour[route["vehicle_type"]], alpha=0.85)
            visits = [_xy(stop["location"]) for stop in route["stops"] if "reload" not in stop]
            if visits:
                ax.plot(*zip(*visits), "o", ms=3, color=colour[route["vehicle_type"]])
            for stop in route["stops"]:
                if "reload" in stop:  # a ring around the plant per reload stop
                    reloads += 1
                    ax.plot(*_xy(stop["location"]), "o", ms=15, mfc="none", mec=colour[route["vehicle_type"]], mew=1.2)
        for _, (x, y) in plants:
            ax.plot([x], [y], "s", ms=9, color="black")
        km = sum(route.get("distance_km", 0.0) for route in routes)
        trips = sum(route.get("trips", 1) for route in routes)
        ax.set_title(f"{day}: {len(routes)} routes, {trips} trips, {km:,.0f} km", fontsize=10)

        tl = timelines[k // cols][k % cols]
        for i, route in enumerate(routes):
            c = colour[route["vehicle_type"]]
            tl.plot([_minutes(route["start"]), _minutes(route["end"])], [i, i], "-", lw=1, color=c)
            tl.plot([_minutes(stop["arrival"]) for stop in route["stops"] if "reload" not in stop],
                    [i] * sum(1 for stop in route["stops"] if "reload" not in stop), "o", ms=2.5, color=c)
            for stop in route["stops"]:
                if "reload" in stop:
                    a, b = _minutes(stop["arrival"]), _minutes(stop["departure"])
                    tl.plot([a, max(b, a + 1)], [i, i], "-", lw=5, color="black", solid_capstyle="butt")
                    wait = stop.get("gate_wait_minutes", 0)
                    if wait > 0:  # waiting at the gate for a dock, before the reload
                        start = _minutes(stop["start"])
                        tl.plot([start - wait, start], [i, i], "-", lw=5, color="red", solid_capstyle="butt")
            wait = route.get("return_gate_wait_minutes", 0)
            if wait > 0:  # waiting at the gate to unload at the end of the route
                end = _minutes(route["end"])
                tl.plot([end - wait, end], [i, i], "-", lw=5, color="red", solid_capstyle="butt")
            if "break_start" in route:  # the driver's break
                begin = _minutes(route["break_start"])
                tl.plot([begin, begin + route.get("break_minutes", 0)], [i, i], "-", lw=5, color="silver",
                        solid_capstyle="butt")
            tl.plot([_minutes(route["end"])], [i], "|", ms=8, color="black")
        unload = {plant["id"]: float(plant.get("unload_time", 0)) for plant in doc.get("plants", []) if "docks" in plant}
        peak = _peak(_dock_intervals(routes, unload)) if routes else 0
        docks = [plant["docks"] for plant in doc.get("plants", []) if "docks" in plant]
        waited = sum(route.get("gate_wait_minutes", 0) for route in routes)
        dock_text = (f"; {'/'.join(map(str, docks))} dock{'' if docks == [1] else 's'}, {waited:,.0f} min waited "
                     "at the gate") if docks else ""
        tl.set_title(f"at the plant: {reloads} reload stop{'' if reloads == 1 else 's'}, at most {peak} "
                     f"truck{'' if peak == 1 else 's'} at once{dock_text}", fontsize=8)
        tl.set_xlabel("time (h)", fontsize=7)
        tl.set_yticks([])
        ticks = tl.get_xticks()
        tl.set_xticks(ticks)
        tl.set_xticklabels([f"{t / 60:.0f}" for t in ticks])
        tl.tick_params(labelsize=7)
        ax.set_xlim(min(all_x) - pad_x, max(all_x) + pad_x)
        ax.set_ylim(min(all_y) - pad_y, max(all_y) + pad_y)
        if geographic:
            ax.set_aspect(1 / math.cos(math.radians(sum(all_y) / len(all_y))))
        else:
            ax.set_aspect("equal")
        ax.tick_params(labelsize=7)
    for k in range(len(days), rows * cols):
        axes[k // cols][k % cols].axis("off")
        timelines[k // cols][k % cols].axis("off")
    handles = [plt.Line2D([], [], color=colour[name], lw=2, label=name) for name in type_names]
    handles.append(plt.Line2D([], [], color="black", marker="s", lw=0, label="plant"))
    handles.append(plt.Line2D([], [], color="grey", marker="o", ms=10, mfc="none", lw=0, label="reload stop"))
    handles.append(plt.Line2D([], [], color="black", lw=5, label="at the plant (timeline)"))
    if any("break_start" in route for day in doc.get("days", []) for route in day["routes"]):
        handles.append(plt.Line2D([], [], color="silver", lw=5, label="driver's break"))
    if any("docks" in plant for plant in doc.get("plants", [])):
        handles.append(plt.Line2D([], [], color="red", lw=5, label="waiting for a dock"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=9, frameon=False)
    cost = doc.get("cost", {}).get("total")
    fig.suptitle(f"{doc.get('instance', '')}" + (f"  -  cost {cost:,.2f}" if isinstance(cost, (int, float)) else ""))
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    fig.savefig(output, dpi=110)
    plt.close(fig)
