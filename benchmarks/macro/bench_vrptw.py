#!/usr/bin/env python3
"""Gap-to-BKS benchmark on the Solomon and Gehring & Homberger VRPTW sets: milkrun and PyVRP side by side.

Each solver runs in its own worker process pinned to one CPU core (milkrun on the first allowed core,
PyVRP on the second). Both workers take the instances in the same order and start each instance
together (a barrier), so the two solvers run at the same time, one core each, under the same machine
load. Reading the instance and checking the solution happen outside the timed solve.

Every milkrun solution is re-checked by the independent evaluator (:func:`milkrun.eval.evaluate`);
PyVRP's routes are checked by the same evaluator on milkrun's reading of the instance, which also
confirms that both solvers see the same distances.

Usage (see benchmarks/README.md)::

    python benchmarks/macro/bench_vrptw.py                           # 56 Solomon, DIMACS, 5 s, both solvers
    python benchmarks/macro/bench_vrptw.py --instances C101 R1_2_1 --time-limit 1
    python benchmarks/macro/bench_vrptw.py --set homberger1000 --time-limit 60 --csv h1000.csv

Only the standard library is imported at module level: the workers are spawned processes that set
their thread limits and CPU affinity before numpy, numba, milkrun or PyVRP are imported.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.metadata
import importlib.util
import math
import multiprocessing as mp
import os
import platform
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

#: Instance sets: name -> folder below the benchmark folder.
SETS: dict[str, str] = {"solomon": "solomon", "homberger200": "homberger/200", "homberger1000": "homberger/1000"}

#: All solvers this script knows, in the order of their default core assignment (index = core slot).
SOLVERS: tuple[str, ...] = ("milkrun", "pyvrp")

#: A solution within this many percent of the BKS counts as "at BKS".
AT_BKS_PCT = 0.005

#: Environment variables that cap library thread pools; set to 1 in the workers.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")

#: PyVRP's rounding function and its integer units per unit of the source data, per convention.
PYVRP_ROUNDING: dict[str, tuple[str, int]] = {"dimacs": ("dimacs", 10), "exact": ("exact", 1000)}

#: BKS table files per convention (for the header only; the lookup is milkrun.bks).
BKS_TABLES = {"dimacs": "solomon/bks_distance.csv, homberger/bks_distance.csv",
              "exact": "solomon/bks.csv, homberger/bks.csv (hierarchical)"}

REPO_ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------------------------------------
# helpers shared by the main process and the workers


def natural_key(text: str) -> list[Any]:
    """Sort key that orders C1_2_2 before C1_2_10 and C101 before R101 before RC101."""
    return [int(tok) if tok.isdigit() else tok for tok in re.split(r"(\d+)", text.upper())]


def instance_class(name: str) -> str:
    """Solomon class of an instance name: C101 -> C1, RC2_10_3 -> RC2."""
    match = re.match(r"([A-Z]+)(\d)", name.upper())
    return match.group(0) if match else "?"


def best_cost_at(history: list[tuple[float, float]] | None, mark: float) -> float | None:
    """Best cost at or before ``mark`` seconds, from ``(seconds, best cost)`` points; None if none yet."""
    if not history:
        return None
    best = None
    for seconds, cost in history:
        if seconds <= mark + 1e-9:
            best = cost if best is None else min(best, cost)
    return best


def gap_pct(cost: float | None, bks: float | None) -> float | None:
    if cost is None or bks is None or not bks > 0 or not math.isfinite(cost):
        return None
    return 100.0 * (cost - bks) / bks


def version_of(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


# ----------------------------------------------------------------------------------------------------
# workers (run in spawned processes)


class MilkrunRunner:
    name = "milkrun"

    def __init__(self, cfg: dict[str, Any]) -> None:
        import inspect

        from milkrun.eval import evaluate
        from milkrun.io import read
        from milkrun.solve import solve

        self.cfg, self._read, self._solve, self._evaluate = cfg, read, solve, evaluate
        # solve() re-checks its plan with the evaluator and raises on a disagreement; here the check
        # runs outside the timed call and a disagreement is reported in the table instead.
        self._solve_kwargs = {"verify": False} if "verify" in inspect.signature(solve).parameters else {}

    def prepare(self, path: str) -> Any:
        return self._read(path, convention=self.cfg["convention"])

    def run(self, data: Any) -> dict[str, Any]:
        cfg = self.cfg
        start = time.perf_counter()
        res = self._solve(data, time_limit=cfg["time_limit"], seed=cfg["seed"], objective=cfg["objective"],
                          **self._solve_kwargs)
        wall = time.perf_counter() - start

        sol, scale = res.solution, data.scaling
        rec: dict[str, Any] = {
            "customers": data.num_clients,
            "cost": res.cost,
            "objective": res.cost,
            "vehicles": res.vehicles,
            "feasible": bool(res.feasible),
            "iterations": res.iterations,
            "runtime": res.runtime,
            "wall": wall,
            "history": [(float(t), float(c)) for t, _, c in res.history],
        }
        # Independent re-check: the evaluator must accept the plan and reproduce distance and cost.
        ev = self._evaluate(res)
        rec["eval_distance"] = ev.distance / scale.distance
        notes = []
        if res.feasible and not ev.feasible:
            notes.append("evaluator REJECTS a plan the solver calls feasible: " + "; ".join(ev.problems[:3]))
        elif ev.feasible != bool(res.feasible):
            notes.append(f"feasibility differs: solver {res.feasible}, evaluator {ev.feasible}")
        if ev.distance != sol.distance:
            notes.append(f"distance differs: solver {sol.distance / scale.distance}, evaluator "
                         f"{ev.distance / scale.distance}")
        if ev.cost != sol.cost:
            notes.append(f"cost differs: solver {sol.cost / scale.cost}, evaluator {ev.cost / scale.cost}")
        rec["check"] = "ok" if not notes else ("REJ" if res.feasible and not ev.feasible else "DIFF")
        rec["check_note"] = " | ".join(notes)
        return rec


class PyvrpRunner:
    name = "pyvrp"

    def __init__(self, cfg: dict[str, Any]) -> None:
        import numpy as np
        import pyvrp
        import pyvrp.stop
        import vrplib

        from milkrun.eval import evaluate
        from milkrun.io import read

        self.cfg, self.np, self.pyvrp, self.vrplib = cfg, np, pyvrp, vrplib
        self._read_milkrun, self._evaluate = read, evaluate
        self.round_func, self.scale = PYVRP_ROUNDING[cfg["convention"]]
        self._tmp = tempfile.TemporaryDirectory(prefix="bench_vrptw_")

    def prepare(self, path: str) -> tuple[Any, Any]:
        # pyvrp.read takes VRPLIB only (no Solomon option in 0.14), so the Solomon file is converted
        # with vrplib (PyVRP's own dependency) into a VRPLIB VRPTW file with EUC_2D coordinates; PyVRP
        # then computes the distances and applies the rounding function ("dimacs": floor(10 * x) for
        # every value, times and demands included).
        inst = self.vrplib.read_instance(path, instance_format="solomon")
        vrp = {
            "NAME": inst["name"],
            "TYPE": "VRPTW",
            "DIMENSION": len(inst["node_coord"]),
            "VEHICLES": inst["vehicles"],
            "CAPACITY": inst["capacity"],
            "EDGE_WEIGHT_TYPE": "EUC_2D",
            "NODE_COORD_SECTION": inst["node_coord"],
            "DEMAND_SECTION": inst["demand"],
            "TIME_WINDOW_SECTION": inst["time_window"],
            "SERVICE_TIME_SECTION": inst["service_time"],
            "DEPOT_SECTION": self.np.array([1]),
        }
        file = Path(self._tmp.name) / (Path(path).stem + ".vrp")
        self.vrplib.write_instance(file, vrp)
        data = self.pyvrp.read(file, round_func=self.round_func)
        # milkrun's reading of the same file, for the cross-check of PyVRP's routes.
        return data, self._read_milkrun(path, convention=self.cfg["convention"])

    @staticmethod
    def _visits(route: Any, num_depots: int) -> list[int]:
        """Client location indices of a PyVRP route (depots first, then clients, as in milkrun)."""
        if hasattr(route, "visits"):  # PyVRP < 0.14
            return [int(v) for v in route.visits()]
        return [int(act.idx) + num_depots for act in route if act.is_client()]

    def run(self, prepared: tuple[Any, Any]) -> dict[str, Any]:
        data, mdata = prepared
        cfg, pyvrp = self.cfg, self.pyvrp
        start = time.perf_counter()
        res = pyvrp.solve(data, stop=pyvrp.stop.MaxRuntime(cfg["time_limit"]), seed=cfg["seed"], display=False)
        wall = time.perf_counter() - start

        best = res.best
        feasible = bool(res.is_feasible())
        objective = (res.cost() if feasible else best.distance()) / self.scale

        # History from PyVRP's per-iteration statistics: cumulative runtime, best feasible cost.
        history: list[tuple[float, float]] | None = None
        stats = getattr(res, "stats", None)
        if stats is not None and getattr(stats, "data", None):
            history, elapsed, last = [], 0.0, math.inf
            for seconds, datum in zip(stats.runtimes, stats.data):
                elapsed += seconds
                if datum.best_feas and datum.best_cost < last:
                    last = datum.best_cost
                    history.append((elapsed, last / self.scale))

        rec: dict[str, Any] = {
            "customers": data.num_clients,
            "objective": objective,
            "vehicles": best.num_routes(),
            "feasible": feasible,
            "iterations": res.num_iterations,
            "runtime": res.runtime,
            "wall": wall,
            "history": history,
        }

        # Cross-check on milkrun's data (same file, same convention) with the independent evaluator.
        routes = [(self._visits(r, data.num_depots), 0, 0) for r in best.routes()]
        ev = self._evaluate(mdata, routes)
        mscale = mdata.scaling.distance
        rec["eval_distance"] = ev.distance / mscale
        notes = []
        if feasible and not ev.feasible:
            notes.append("evaluator rejects PyVRP's plan: " + "; ".join(ev.problems[:3]))
        if cfg["convention"] == "dimacs":
            rec["cost"] = objective
            if abs(ev.distance / mscale - best.distance() / self.scale) > 1e-9:
                notes.append(f"distance differs: PyVRP {best.distance() / self.scale}, evaluator {ev.distance / mscale}")
        else:
            # PyVRP's "exact" rounds to 1e-3; report the plan's distance in milkrun's exact units (1e-4,
            # the precision of the hierarchical BKS) so both solvers' gaps use the same distances.
            rec["cost"] = ev.distance / mscale
        rec["check"] = "ok" if not notes else ("REJ" if feasible and not ev.feasible else "DIFF")
        rec["check_note"] = " | ".join(notes)
        return rec


RUNNERS = {"milkrun": MilkrunRunner, "pyvrp": PyvrpRunner}


def _sync(barrier: Any, timeout: float) -> bool:
    """Wait for the other worker(s) to reach the same instance; False if the barrier is broken."""
    if barrier is None:
        return True
    try:
        barrier.wait(timeout)
        return True
    except threading.BrokenBarrierError:
        return False


def worker(solver: str, jobs: list[tuple[str, str]], cfg: dict[str, Any], core: int | None,
           barrier: Any, out: Any) -> None:
    """Solve every job with one solver, pinned to one core, and report each result on ``out``."""
    for var in THREAD_VARS:
        os.environ[var] = "1"
    pinned = None
    if core is not None:
        try:
            os.sched_setaffinity(0, {core})
            pinned = sorted(os.sched_getaffinity(0))
        except (AttributeError, OSError) as exc:
            out.put(("warning", solver, f"could not pin to core {core}: {exc}"))
    try:
        runner = RUNNERS[solver](cfg)
    except Exception:  # noqa: BLE001 - reported to the main process
        out.put(("fatal", solver, traceback.format_exc()))
        if barrier is not None:
            barrier.abort()
        return
    out.put(("ready", solver, pinned))

    timeout = 120.0 + 5.0 * cfg["time_limit"]
    synced = True
    for index, (_name, path) in enumerate(jobs):
        rec: dict[str, Any]
        try:
            prepared = runner.prepare(path)
        except Exception as exc:  # noqa: BLE001
            prepared, rec = None, {"error": f"reading failed: {type(exc).__name__}: {exc}"}
        synced = _sync(barrier, timeout) and synced
        if prepared is not None:
            try:
                rec = runner.run(prepared)
            except Exception as exc:  # noqa: BLE001
                rec = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        rec["synchronised"] = synced
        out.put(("result", solver, index, rec))
    out.put(("done", solver, None))


# ----------------------------------------------------------------------------------------------------
# main process


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_revision() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def resolve_instances(folder: Path, set_name: str, names: list[str] | None) -> list[tuple[str, str]]:
    """(name, path) of the instances to run, in natural order for a whole set, else as given."""
    if not names:
        directory = folder / SETS[set_name]
        files = sorted(directory.glob("*.txt"), key=lambda p: natural_key(p.stem))
        if not files:
            raise SystemExit(f"error: no instance files (*.txt) in {directory}")
        return [(p.stem.upper(), str(p)) for p in files]
    index: dict[str, Path] = {}
    for sub in SETS.values():
        for p in (folder / sub).glob("*.txt"):
            index.setdefault(p.stem.upper(), p)
    jobs, missing = [], []
    for name in names:
        path = Path(name)
        if path.suffix and path.is_file():
            jobs.append((path.stem.upper(), str(path)))
        elif name.upper() in index:
            jobs.append((name.upper(), str(index[name.upper()])))
        else:
            missing.append(name)
    if missing:
        raise SystemExit(f"error: instance(s) not found under {folder}: {', '.join(missing)}")
    return jobs


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--set", choices=list(SETS), default="solomon",
                   help="instance set, all its files in natural order (default solomon; ignored with --instances)")
    p.add_argument("--instances", nargs="+", metavar="NAME", help="instance names (e.g. C101 R1_2_1) or files")
    p.add_argument("--time-limit", type=float, default=5.0, help="seconds per instance and solver (default 5)")
    p.add_argument("--seed", type=int, default=1, help="seed of both solvers (default 1)")
    p.add_argument("--solvers", default="milkrun,pyvrp",
                   help="comma-separated subset of: " + ", ".join(SOLVERS) + " (default: both)")
    p.add_argument("--convention", choices=("dimacs", "exact"), default="dimacs",
                   help="distance convention and BKS table, see shared/instances/README.md (default dimacs)")
    p.add_argument("--objective", choices=("distance", "vehicles"), default="distance",
                   help="milkrun's objective: distance (default) or vehicles first (hierarchical; pair with "
                        "--convention exact). pyvrp always minimises distance.")
    p.add_argument("--instances-dir", type=Path, help="benchmark folder (default: $MILKRUN_INSTANCES or "
                                                      "../shared/instances)")
    p.add_argument("--csv", type=Path, help="also write one row per instance and solver to this file")
    p.add_argument("--marks", default="1,2,5",
                   help="time marks in seconds for the gap-over-time summary (default 1,2,5; marks beyond the "
                        "time limit are dropped)")
    p.add_argument("--cores", help="comma-separated cores for the solvers in the order milkrun,pyvrp "
                                   "(default: the first two cores this process may use)")
    args = p.parse_args(argv)
    if not (args.time_limit > 0 and math.isfinite(args.time_limit)):
        p.error("--time-limit must be a positive number of seconds")
    if args.seed < 0:
        p.error("--seed must be non-negative")
    args.solvers = [s.strip().lower() for s in args.solvers.split(",") if s.strip()]
    unknown = [s for s in args.solvers if s not in SOLVERS]
    if unknown or not args.solvers:
        p.error(f"--solvers: unknown {unknown}; choose from {', '.join(SOLVERS)}")
    args.solvers = list(dict.fromkeys(args.solvers))
    try:
        args.marks = sorted({float(m) for m in args.marks.split(",") if m.strip()})
    except ValueError:
        p.error("--marks must be comma-separated numbers of seconds")
    try:
        args.cores = [int(c) for c in args.cores.split(",")] if args.cores else None
    except ValueError:
        p.error("--cores must be comma-separated core numbers")
    return args


class Table:
    """Prints the per-instance table, row by row as results arrive."""

    def __init__(self, solvers: list[str], convention: str) -> None:
        self.solvers, self.exact = solvers, convention == "exact"
        veh = "veh/BKS" if self.exact else "veh"
        self.cell = f"{{:>10}} {{:>{9 if self.exact else 4}}} {{:>8}} {{:>4}} {{:>5}}"
        self.cell_header = self.cell.format("cost", veh, "gap%", "feas", "check")
        self.width = len(self.cell_header)

    def header(self) -> str:
        top = f"{'':<12} {'':>10} {'':>4}" + "".join(f" | {s:^{self.width}}" for s in self.solvers)
        sub = f"{'instance':<12} {'BKS':>10} {'veh':>4}" + "".join(f" | {self.cell_header}" for _ in self.solvers)
        return top + "\n" + sub + "\n" + "-" * len(sub)

    def row(self, name: str, bks: Any, recs: dict[str, dict[str, Any]]) -> str:
        line = f"{name:<12} {bks.cost if bks else '-':>10} {bks.vehicles if bks else '-':>4}"
        for solver in self.solvers:
            rec = recs[solver]
            if "error" in rec:
                line += " | " + self.cell.format("error", "-", "-", "-", "ERR")
                continue
            veh = str(rec["vehicles"])
            if self.exact and bks:
                veh = f"{rec['vehicles']}/{bks.vehicles}"
            gap = rec.get("gap")
            line += " | " + self.cell.format(
                f"{rec['cost']:.4f}" if self.exact else f"{rec['cost']:.1f}",
                veh,
                f"{gap:.3f}" if gap is not None else "-",
                "yes" if rec["feasible"] else "NO",
                rec.get("check", "-"),
            )
        return line


def fmt_gap(values: list[float]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "-"


def summarise(solvers: list[str], jobs: list[tuple[str, str]], bks: list[Any], results: dict[str, list[Any]],
              marks: list[float], exact: bool) -> list[str]:
    n = len(jobs)
    out = ["", "Summary (gap % over instances with a feasible solution and a BKS; at BKS = gap < "
               f"{AT_BKS_PCT}%)"]
    # Instances where every solver has a feasible solution with a gap: the fair comparison of mean gaps.
    common = [i for i in range(n) if all(results[s][i] and results[s][i].get("feasible")
                                         and results[s][i].get("gap") is not None for s in solvers)]
    head = f"{'solver':<8} {'feasible':>9} {'check ok':>9} {'mean gap%':>10} {'common':>8} {'max gap%':>9} " \
           f"{'at BKS':>7} {'routes':>7} {'iter/s':>9}" + ("  veh<=BKS" if exact else "")
    out += [head, "-" * len(head)]
    for solver in solvers:
        recs = results[solver]
        ok = [r for r in recs if r and "error" not in r]
        feas = [r for r in ok if r["feasible"]]
        gaps = [r["gap"] for r in feas if r.get("gap") is not None]
        checked = sum(1 for r in ok if r.get("check") == "ok")
        routes = [r["vehicles"] for r in feas]
        rate = [r["iterations"] / r["runtime"] for r in ok if r.get("runtime")]
        line = (f"{solver:<8} {len(feas):>4}/{n:<4} {checked:>4}/{n:<4} {fmt_gap(gaps):>10} "
                f"{fmt_gap([recs[i]['gap'] for i in common]):>8} "
                f"{(f'{max(gaps):.3f}' if gaps else '-'):>9} {sum(g < AT_BKS_PCT for g in gaps):>3}/{len(gaps):<3} "
                f"{(f'{sum(routes) / len(routes):.2f}' if routes else '-'):>7} "
                f"{(f'{sum(rate) / len(rate):.0f}' if rate else '-'):>9}")
        if exact:
            fewer = sum(1 for r, b in zip(recs, bks) if r and r.get("feasible") and b and r["vehicles"] <= b.vehicles)
            line += f"  {fewer:>3}/{n}"
        out.append(line)
    out.append(f"(common = mean gap over the {len(common)} instance(s) where every solver is feasible; "
               "routes = mean route count of the feasible solutions)")

    # Mean gap per instance class.
    classes = sorted({instance_class(name) for name, _ in jobs}, key=natural_key)
    if len(classes) > 1:
        out += ["", "Mean gap % per class: " + "  ".join(f"{c:>7}" for c in classes)]
        for solver in solvers:
            cells = []
            for c in classes:
                g = [r["gap"] for (name, _), r in zip(jobs, results[solver])
                     if instance_class(name) == c and r and r.get("feasible") and r.get("gap") is not None]
                cells.append(f"{fmt_gap(g):>7}")
            out.append(f"  {solver:<19} " + "  ".join(cells))

    # Gap over time.
    if marks:
        out += ["", "Mean gap % at time marks (best feasible cost found at or before the mark; "
                    "[k] = instances with a feasible solution by then):"]
        for solver in solvers:
            cells = []
            for m in marks:
                g = [r[f"gap@{m:g}"] for r in results[solver] if r and r.get(f"gap@{m:g}") is not None]
                have = [r for r in results[solver] if r and "error" not in r and r.get("history") is not None]
                if not have:
                    cells.append(f"@{m:g}s: n/a")
                else:
                    cells.append(f"@{m:g}s: {fmt_gap(g)} [{len(g)}/{n}]")
            out.append(f"  {solver:<8} " + "   ".join(cells))
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    if args.instances_dir is not None:
        os.environ["MILKRUN_INSTANCES"] = str(args.instances_dir.resolve())
    from milkrun import bks as bks_mod

    folder = args.instances_dir or bks_mod.instances_dir()
    if folder is None or not Path(folder).is_dir():
        print("error: benchmark folder not found; give --instances-dir or set MILKRUN_INSTANCES", file=sys.stderr)
        return 2
    folder = Path(folder).resolve()
    jobs = resolve_instances(folder, args.set, args.instances)

    notes: list[str] = []
    solvers = list(args.solvers)
    if "pyvrp" in solvers and (importlib.util.find_spec("pyvrp") is None or importlib.util.find_spec("vrplib") is None):
        solvers.remove("pyvrp")
        notes.append("NOTE: pyvrp is not installed (pip install -e '.[bench]'): running milkrun only.")
        if not solvers:
            print(notes[0], file=sys.stderr)
            return 2

    marks = [m for m in args.marks if m <= args.time_limit + 1e-9]
    if len(marks) < len(args.marks):
        notes.append(f"NOTE: time marks beyond the time limit dropped: "
                     f"{', '.join(f'{m:g}' for m in args.marks if m not in marks)}")

    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores: dict[str, int | None] = {}
    for solver in solvers:
        slot = SOLVERS.index(solver)
        if args.cores:
            cores[solver] = args.cores[slot % len(args.cores)]
        else:
            cores[solver] = allowed[slot % len(allowed)] if allowed else None
    if len(set(cores.values())) < len(solvers):
        notes.append("WARNING: fewer cores than solvers: the solvers share a core and their results are not "
                     "comparable to a one-core-each run.")

    bks_list = [bks_mod.best_known(name, args.convention, directory=folder) for name, _ in jobs]
    set_label = f"{args.set} ({folder / SETS[args.set]})" if not args.instances else "selected instances"
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]

    print("# milkrun VRPTW benchmark: gap to best-known solutions")
    print(f"# instances: {len(jobs)} from {set_label}")
    print(f"# convention: {args.convention}; milkrun objective: {args.objective}; BKS: {BKS_TABLES[args.convention]}; "
          "gap % = 100 * (cost - BKS) / BKS")
    print(f"# time limit: {args.time_limit:g} s per instance and solver; seed {args.seed}; "
          f"marks: {', '.join(f'{m:g} s' for m in marks) or '-'}")
    print(f"# CPU: {cpu_model()}; {os.cpu_count()} logical CPUs, allowed {allowed}; load average at start "
          f"{' '.join(load)}")
    print("# cores: " + ", ".join(f"{s} on core {cores[s]}" for s in solvers)
          + " (one core each, side by side, each instance started together)")
    versions = [f"python {platform.python_version()}", f"milkrun {version_of('milkrun')} (git {git_revision()})",
                f"numpy {version_of('numpy')}", f"numba {version_of('numba')}"]
    if "pyvrp" in solvers:
        versions += [f"pyvrp {version_of('pyvrp')}", f"vrplib {version_of('vrplib')}"]
    print("# versions: " + ", ".join(versions))
    print(f"# date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    for note in notes:
        print("# " + note)
    print()

    cfg = {"convention": args.convention, "time_limit": args.time_limit, "seed": args.seed,
           "objective": args.objective}
    for var in THREAD_VARS:  # inherited by the spawned workers
        os.environ[var] = "1"
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    barrier = ctx.Barrier(len(solvers)) if len(solvers) > 1 else None
    procs = {s: ctx.Process(target=worker, args=(s, jobs, cfg, cores[s], barrier, out), name=f"bench-{s}",
                            daemon=True) for s in solvers}
    for proc in procs.values():
        proc.start()

    table = Table(solvers, args.convention)
    results: dict[str, list[Any]] = {s: [None] * len(jobs) for s in solvers}
    done: set[str] = set()
    problems: list[str] = []
    printed = 0
    print(table.header(), flush=True)

    def finish_rows() -> None:
        nonlocal printed
        while printed < len(jobs) and all(results[s][printed] is not None for s in solvers):
            name = jobs[printed][0]
            bks = bks_list[printed]
            sizes = {results[s][printed].get("customers") for s in solvers} - {None}
            if bks is not None and bks.customers is not None and sizes and sizes != {bks.customers}:
                bks = None  # an instance file that reuses a BKS name but has another size
            for s in solvers:
                results[s][printed]["bks"] = bks
            for s in solvers:
                rec = results[s][printed]
                if "error" in rec:
                    problems.append(f"{name} [{s}]: {rec['error']}")
                    continue
                rec["gap"] = gap_pct(rec["cost"], bks.cost if bks else None) if rec["feasible"] else None
                for m in marks:
                    rec[f"gap@{m:g}"] = gap_pct(best_cost_at(rec.get("history"), m), bks.cost if bks else None)
                if rec.get("check_note"):
                    problems.append(f"{name} [{s}] check {rec['check']}: {rec['check_note']}")
                if not rec.get("synchronised", True):
                    problems.append(f"{name} [{s}]: ran unsynchronised (the other worker stopped answering)")
            print(table.row(name, bks, {s: results[s][printed] for s in solvers}), flush=True)
            printed += 1

    try:
        while len(done) < len(solvers):
            try:
                kind, solver, *payload = out.get(timeout=1.0)
            except queue.Empty:
                for s, proc in procs.items():
                    if s not in done and not proc.is_alive():
                        done.add(s)
                        problems.append(f"[{s}] worker exited unexpectedly (exit code {proc.exitcode})")
                        results[s] = [r if r is not None else {"error": "worker died"} for r in results[s]]
                        if barrier is not None:
                            barrier.abort()
                finish_rows()
                continue
            if kind == "result":
                index, rec = payload
                results[solver][index] = rec
                finish_rows()
            elif kind == "done":
                done.add(solver)
            elif kind == "warning":
                problems.append(f"[{solver}] {payload[0]}")
            elif kind == "fatal":
                done.add(solver)
                problems.append(f"[{solver}] worker failed to start:\n{payload[0]}")
                results[solver] = [{"error": "worker failed to start"} for _ in jobs]
                finish_rows()
            elif kind == "ready" and payload[0] is not None and cores[solver] is not None \
                    and payload[0] != [cores[solver]]:
                problems.append(f"[{solver}] pinned to {payload[0]} instead of core {cores[solver]}")
    except KeyboardInterrupt:
        for proc in procs.values():
            proc.terminate()
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        for proc in procs.values():
            proc.join(timeout=10)
    finish_rows()

    if problems:
        print("\nChecks and errors:")
        for problem in problems:
            print("  " + problem)
    for line in summarise(solvers, jobs, bks_list, results, marks, args.convention == "exact"):
        print(line)

    if args.csv:
        write_csv(args.csv, args, jobs, bks_list, results, solvers, cores, marks)
        print(f"\nwrote {args.csv}")
    return 0


def write_csv(path: Path, args: argparse.Namespace, jobs: list[tuple[str, str]], bks_list: list[Any],
              results: dict[str, list[Any]], solvers: list[str], cores: dict[str, int | None],
              marks: list[float]) -> None:
    fields = ["instance", "class", "customers", "convention", "time_limit", "seed", "solver", "core", "bks",
              "bks_vehicles", "cost", "vehicles", "gap_pct", "feasible", "check", "check_note", "eval_distance",
              "objective", "iterations", "runtime", "wall", "synchronised", "error"]
    fields += [f"gap_pct_at_{m:g}s" for m in marks]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for i, (name, _) in enumerate(jobs):
            for solver in solvers:
                rec = results[solver][i] or {"error": "missing"}
                bks = rec.get("bks", bks_list[i])
                row = {
                    "instance": name, "class": instance_class(name), "customers": rec.get("customers"),
                    "convention": args.convention, "time_limit": args.time_limit, "seed": args.seed,
                    "solver": solver, "core": cores[solver],
                    "bks": bks.cost if bks else None, "bks_vehicles": bks.vehicles if bks else None,
                    "gap_pct": None if rec.get("gap") is None else round(rec["gap"], 6),
                }
                for key in ("cost", "vehicles", "feasible", "check", "check_note", "eval_distance", "objective",
                            "iterations", "runtime", "wall", "synchronised", "error"):
                    row[key] = rec.get(key)
                for m in marks:
                    g = rec.get(f"gap@{m:g}")
                    row[f"gap_pct_at_{m:g}s"] = None if g is None else round(g, 6)
                writer.writerow(row)


if __name__ == "__main__":
    sys.exit(main())
