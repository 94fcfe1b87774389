"""The ``milkrun`` command line.

Usage::

    milkrun solve INSTANCE [--time-limit S] [--max-iterations N] [--seed N] [--decompose auto|on|off] [--workers N]
                           [--convention {dimacs,exact}] [--format {auto,solomon,vrplib,hvrp,...}]
                           [--fleet-mix {a,b,c} [--fleet-table FILE]]
                           [--output solution.json] [--quiet]
    milkrun solve - < problem.json > solution.json     (problem on stdin, solution on stdout, logs on stderr)
    milkrun generate --suppliers N [--days D] [--seed N] [--plant-constraints] --output week.json
    milkrun plot SOLUTION.json [--output plan.png]
    milkrun batch INPUT... --out DIR [--time-limit S] [--max-iterations N] [--seed N] [--workers N] [--dask A | --ray A]
    milkrun serve [--host 127.0.0.1] [--port 8080] [--max-time-limit S] [--max-jobs N] [--max-body-mb MB]
    milkrun --version

A milk-run JSON instance (see the README) is solved with the settings of its "solver" section unless the
command line gives others; its solution is the milk-run solution JSON, and the KPI report (with the
comparison against direct deliveries) is printed.

While solving, a progress line (elapsed time, iterations, best cost, feasible or not) is shown on stderr
(updated in place on a terminal, a line every 10 s otherwise); ``--quiet`` turns it and the report off.
Ctrl-C stops the search and writes the best plan found so far.

Exit codes: 0 a feasible plan was found, 1 no feasible plan was found, 2 invalid input or arguments.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from . import bks, io
from ._files import json_text, write_json, write_text  # noqa: F401 - write_json, write_text: public here too
from .solve import DEFAULT_TIME_LIMIT

EXIT_FEASIBLE = 0
EXIT_INFEASIBLE = 1
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130


class _UsageError(Exception):
    """An invalid command line argument found after parsing (reported with exit code 2)."""


def _version() -> str:
    try:
        return version("milkrun")
    except PackageNotFoundError:
        return "unknown"


def _positive_number(unit: str):
    """An argparse type: a positive, finite number of ``unit``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit}") from None
        if not (value > 0 and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"must be a positive, finite number of {unit}, got {text!r}")
        return value

    return parse


_positive_seconds = _positive_number("seconds")
_positive_mib = _positive_number("MiB")


def _whole_at_least(minimum: int, what: str):
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {what}, got {text!r}")
        return value

    return parse


_positive_int = _whole_at_least(1, "at least 1")
_non_negative_int = _whole_at_least(0, "a non-negative integer")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``milkrun`` command.

    Returns
    -------
    argparse.ArgumentParser
        Parser with the ``solve`` subcommand and ``--version``.
    """
    parser = argparse.ArgumentParser(prog="milkrun", description="Milk-run / VRPTW solver (C++ ALNS core).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    solve = commands.add_parser(
        "solve", help="solve an instance file",
        description="Solve an instance file and print a summary. Exit code 0: feasible plan found; "
                    "1: no feasible plan found; 2: invalid input.")
    solve.add_argument("instance", metavar="INSTANCE",
                       help="instance file, or - to read it from stdin (the solution JSON then goes to stdout "
                            "unless --output is given, and the report to stderr)")
    solve.add_argument("--time-limit", type=_positive_seconds, metavar="S",
                       help=f"stop after S seconds (default {DEFAULT_TIME_LIMIT:g} s when --max-iterations "
                            "is not given either)")
    solve.add_argument("--max-iterations", type=_non_negative_int, metavar="N",
                       help="stop after N iterations (with a fixed seed and no time limit the run is deterministic)")
    solve.add_argument("--seed", type=_non_negative_int, metavar="N",
                       help="random seed (default: the instance's solver.seed, else 0)")
    solve.add_argument("--objective", choices=("distance", "vehicles"), default="distance",
                       help="distance: minimise cost (default); vehicles: fewest routes first, then cost "
                            "(the classic hierarchical tables; use with --convention exact)")
    solve.add_argument("--convention", choices=io.CONVENTIONS, default="dimacs",
                       help="distance convention of Euclidean benchmarks: dimacs = truncated to one decimal "
                            "(DIMACS/CVRPLIB BKS), exact = double precision (hierarchical BKS); default dimacs")
    solve.add_argument("--format", choices=("auto", *io.formats()), default="auto",
                       help="instance file format (default: detect from the content)")
    solve.add_argument("--fleet-mix", choices=("a", "b", "c"), metavar="{a,b,c}",
                       help="solve a Solomon file as the fleet size and mix VRPTW of Liu & Shen with this fixed-cost "
                            "variant (vehicle types from fsmvrptw/vehicle_types.csv in the benchmark folder)")
    solve.add_argument("--fleet-table", type=Path, metavar="FILE",
                       help="with --fleet-mix: the vehicle-type table (class,type,capacity,fixed_cost_a,...)")
    solve.add_argument("--output", "-o", metavar="FILE",
                       help="write the solution as JSON to FILE (- : to stdout, the report then goes to stderr)")
    solve.add_argument("--sol", type=Path, metavar="FILE",
                       help="also write the plan as a VRPLIB .sol file (Route #k lines and Cost; single-period)")
    solve.add_argument("--decompose", choices=("auto", "on", "off"), default="auto",
                       help="solve a single-day instance by parts (sub-problems solved in parallel and recombined): "
                            "auto (default) from 3000 clients")
    solve.add_argument("--group-size", type=_whole_at_least(2, "at least 2 clients"), metavar="N",
                       help="clients per sub-problem when decomposing (default 400)")
    solve.add_argument("--workers", type=_positive_int, metavar="N",
                       help="sub-problems solved at once when decomposing (threads; default: one per core)")
    _add_cluster_options(solve, "when decomposing, solve the sub-problems")
    solve.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors (no progress, no report)")
    solve.add_argument("--progress-interval", type=_positive_seconds, metavar="S",
                       help="seconds between progress lines on stderr (default 0.5 on a terminal, else 10)")
    solve.set_defaults(handler=_cmd_solve)

    generate = commands.add_parser(
        "generate", help="generate a regional milk-run network (milk-run JSON)",
        description="Write a seeded, realistic regional milk-run instance: a plant, suppliers clustered around "
                    "towns with mixed frequencies and volumes, and a mixed fleet.")
    generate.add_argument("--suppliers", type=_positive_int, required=True, metavar="N", help="number of suppliers")
    generate.add_argument("--days", type=_positive_int, default=5, metavar="D", help="horizon in days, 1-7 (default 5)")
    generate.add_argument("--seed", type=_non_negative_int, default=0, metavar="N", help="random seed (default 0)")
    generate.add_argument("--towns", type=_positive_int, metavar="N", help="towns the suppliers cluster around")
    generate.add_argument("--plant-constraints", action="store_true",
                          help="multi-trip vans and 7.5 t trucks (reloads at the plant), returnable containers "
                               "(empties) and release times")
    generate.add_argument("--output", "-o", type=Path, required=True, metavar="FILE", help="the JSON file to write")
    generate.set_defaults(handler=_cmd_generate)

    plot = commands.add_parser(
        "plot", help="draw the routes of a milk-run solution, one panel per day",
        description="Draw a milk-run solution JSON (written by milkrun solve) to a PNG: one panel per day.")
    plot.add_argument("solution", metavar="SOLUTION", help="milk-run solution JSON")
    plot.add_argument("--output", "-o", type=Path, metavar="FILE", help="PNG to write (default: SOLUTION with .png)")
    plot.set_defaults(handler=_cmd_plot)

    batch = commands.add_parser(
        "batch", help="solve many instances: a solution file each, a summary table, resumable",
        description="Solve instance files (any format; directories and glob patterns expand to their files) on "
                    "a local process pool. Each solution goes to OUT/<name>.solution.json as it finishes and "
                    "OUT/summary.csv is kept up to date; instances already solved there (same file, same "
                    "seed) are skipped, so an interrupted batch resumes. A failing instance is reported in "
                    "the summary, the others go on. Exit code 0: every plan feasible; 1: some infeasible or "
                    "failed; 2: invalid arguments.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help="instance files, directories or glob patterns")
    batch.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for solutions and summary.csv")
    batch.add_argument("--time-limit", type=_positive_seconds, metavar="S",
                       help=f"seconds per instance (default {DEFAULT_TIME_LIMIT:g} when --max-iterations is not given)")
    batch.add_argument("--max-iterations", type=_non_negative_int, metavar="N", help="iterations per instance")
    batch.add_argument("--seed", type=_non_negative_int, default=0, metavar="N", help="seed of every instance (default 0)")
    batch.add_argument("--workers", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes (default: one per core)")
    _add_cluster_options(batch, "run")
    batch.add_argument("--format", choices=("auto", *io.formats()), default="auto")
    batch.add_argument("--convention", choices=io.CONVENTIONS, default="dimacs")
    batch.add_argument("--quiet", "-q", action="store_true", help="no progress lines and no table")
    batch.set_defaults(handler=_cmd_batch)

    serve = commands.add_parser(
        "serve", help="run the HTTP solver service (FastAPI + uvicorn)",
        description="Serve POST /solve, POST /jobs, GET/DELETE /jobs/{id}, GET /schema, GET /health "
                    "(see milkrun.service). Needs the serve extra: pip install milkrun[serve].")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_whole_at_least(1, "a port number"), default=8080, help="port (default 8080)")
    serve.add_argument("--max-time-limit", type=_positive_seconds, default=60.0, metavar="S",
                       help="cap on any solve's time limit (default 60 s)")
    serve.add_argument("--default-time-limit", type=_positive_seconds, default=DEFAULT_TIME_LIMIT, metavar="S",
                       help="time limit of a problem that sets none (default 10 s)")
    serve.add_argument("--max-jobs", type=_positive_int, default=2, metavar="N",
                       help="solves at once, jobs and synchronous together (default 2; more get 429)")
    serve.add_argument("--max-body-mb", type=_positive_mib, default=20.0, metavar="MB",
                       help="largest request body in MiB (default 20; larger get 413)")
    serve.add_argument("--max-locations", type=_positive_int, default=5000, metavar="N",
                       help="largest problem in plants + suppliers (default 5000; larger get 413)")
    serve.add_argument("--token-env", default="MILKRUN_TOKEN", metavar="VAR",
                       help="environment variable holding the bearer token required by every endpoint but "
                            "/health (default MILKRUN_TOKEN; unset or empty: no token)")
    serve.set_defaults(handler=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``milkrun`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit code: 0 feasible plan found, 1 no feasible plan found, 2 invalid input or usage.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_INVALID)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("milkrun: error: a command is required (e.g. milkrun solve INSTANCE)", file=sys.stderr)
        return EXIT_INVALID
    try:
        return args.handler(args)
    except (io.InstanceError, _UsageError) as exc:
        print(f"milkrun: error: {_shown(args, str(exc))}", file=sys.stderr)
        return EXIT_INVALID
    except ValueError as exc:  # data the solver does not handle (it names the client or field)
        where = _shown(args, str(args.instance)) if hasattr(args, "instance") else ""
        print(f"milkrun: error: {where}: {_shown(args, str(exc))}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("milkrun: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


_STDIN_NAME = "<stdin>"


def _shown(args: argparse.Namespace, text: str) -> str:
    """``text`` with the temporary copy of stdin named as ``<stdin>``."""
    stdin_copy = getattr(args, "stdin_copy", None)
    return text.replace(stdin_copy, _STDIN_NAME) if stdin_copy else text


@contextmanager
def _stdin_instance(args: argparse.Namespace) -> Iterator[None]:
    """With INSTANCE ``-``: stdin copied to a temporary file that the readers take as the instance."""
    if args.instance != "-":
        yield
        return
    with tempfile.TemporaryDirectory(prefix="milkrun-stdin-") as folder:
        path = Path(folder) / "stdin"
        path.write_bytes(sys.stdin.buffer.read())
        args.instance = str(path)
        args.stdin_copy = str(path)
        try:
            yield
        finally:
            args.instance = "-"


def _to_stdout(args: argparse.Namespace) -> bool:
    """Whether the solution JSON goes to stdout (and the report to stderr)."""
    return args.output == "-" or (args.output is None and getattr(args, "stdin_copy", None) is not None)


def _report_stream(args: argparse.Namespace) -> Any:
    return sys.stderr if _to_stdout(args) else sys.stdout


class _Progress:
    """The live progress line of a solve, on stderr: updated in place on a terminal, else a line every
    ``period`` seconds. Reads the search's :class:`milkrun.SolveControl` from a helper thread."""

    def __init__(self, control: Any, cost_scale: float, decimals: int, enabled: bool, period: float | None = None):
        self.control = control
        self.cost_scale = cost_scale
        self.decimals = decimals
        self.tty = sys.stderr.isatty()
        self.period = period if period is not None else (0.5 if self.tty else 10.0)
        self.enabled = enabled
        self.start = time.perf_counter()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="milkrun-progress", daemon=True)
        self.width = 0

    def line(self) -> str:
        best = self.control.best_cost
        shown = (f"best {best / self.cost_scale:,.{self.decimals}f} (feasible)" if best is not None
                 else "no feasible plan yet")
        return f"solving: {time.perf_counter() - self.start:7.1f} s  {self.control.iterations:>10,} iterations  {shown}"

    def _emit(self) -> None:
        text = self.line()
        if self.tty:
            sys.stderr.write("\r" + text.ljust(self.width))
            self.width = len(text)
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def _run(self) -> None:
        while not self.done.wait(self.period):
            self._emit()

    def __enter__(self) -> _Progress:
        if self.enabled:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        if self.enabled:
            self.thread.join()
            if self.tty and self.width:
                sys.stderr.write("\r" + " " * self.width + "\r")
                sys.stderr.flush()


def _solve_with_progress(args: argparse.Namespace, solve: Any, data: Any, decimals: int | None = None,
                         **kwargs: Any) -> Any:
    from ._core import SolveControl

    control = SolveControl()
    shown = _decimals(data) if decimals is None else decimals
    decompose = {"auto": None, "on": True, "off": False}[getattr(args, "decompose", "auto")]
    with _solve_executor(args) as executor, \
            _Progress(control, data.scaling.cost, shown, enabled=not args.quiet,
                      period=getattr(args, "progress_interval", None)):
        result = solve(data, control=control, decompose=decompose, executor=executor,
                       group_size=getattr(args, "group_size", None), **kwargs)
    if result.interrupted and not args.quiet:
        print("milkrun: interrupted: the best plan found so far follows", file=sys.stderr)
    return result


def _check_output(path: Path) -> None:
    """Fail early, before solving, if the solution file cannot be written."""
    if path.is_dir():
        raise _UsageError(f"--output {path}: is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise _UsageError(f"--output {path}: the directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise _UsageError(f"--output {path}: the directory {parent} is not writable")


def _cmd_solve(args: argparse.Namespace) -> int:
    if args.output is not None and args.output != "-":
        args.output = Path(args.output)
        _check_output(args.output)
    if getattr(args, "sol", None) is not None:
        _check_output(args.sol)
    with _stdin_instance(args):
        return _solve_instance(args)


def _solve_instance(args: argparse.Namespace) -> int:
    from .solve import solve  # imported here so that --help and input errors do not need the solver

    time_limit = args.time_limit
    if time_limit is None and args.max_iterations is None:
        time_limit = DEFAULT_TIME_LIMIT

    if args.fleet_table is not None and args.fleet_mix is None:
        raise _UsageError("--fleet-table needs --fleet-mix")
    if args.fleet_mix is not None:
        if args.format not in ("auto", "solomon"):
            raise _UsageError(f"--fleet-mix reads Solomon files, not --format {args.format}")
        data = io.read_fsmvrptw(args.instance, args.fleet_mix, convention=args.convention, table=args.fleet_table)
    elif args.format == "milkrun-json" or (args.format == "auto" and io.detect_format(args.instance) == "milkrun-json"):
        return _solve_milkrun(args, solve)
    else:
        data = io.read(args.instance, format=args.format, convention=args.convention)
    _check_objective(args, data)
    result = _solve_with_progress(args, solve, data, time_limit=time_limit, max_iterations=args.max_iterations,
                                  seed=args.seed if args.seed is not None else 0, objective=args.objective)

    _emit_solution(args, result.to_dict())
    _write_sol(args, result)
    if not args.quiet:
        print(_summary(result, data, args), file=_report_stream(args))
    return EXIT_FEASIBLE if result.feasible else EXIT_INFEASIBLE


def _write_sol(args: argparse.Namespace, result: Any) -> None:
    if getattr(args, "sol", None) is None:
        return
    from .io.vrplib import write_vrplib_solution

    try:
        write_vrplib_solution(result, args.sol)
    except ValueError as exc:
        raise _UsageError(f"--sol {args.sol}: {exc}") from None
    except OSError as exc:
        raise _UsageError(f"--sol {args.sol}: cannot write: {exc.strerror or exc}") from None


def _emit_solution(args: argparse.Namespace, document: dict[str, Any]) -> None:
    if _to_stdout(args):
        sys.stdout.write(json_text(document))
        sys.stdout.flush()
    elif args.output is not None:
        _write_output(document, args.output)


def _check_objective(args: argparse.Namespace, data: Any) -> None:
    if getattr(args, "sol", None) is not None and data.num_periods > 1:
        raise _UsageError(f"--sol: VRPLIB .sol files hold one day; {_shown(args, str(args.instance))} plans "
                          f"{data.num_periods} periods (write the solution JSON with --output)")
    if args.objective == "vehicles" and data.num_periods > 1:
        raise _UsageError(f"--objective vehicles: {args.instance} plans {data.num_periods} periods; the hierarchical "
                          "objective is for single-period data (use the default objective)")


def _write_output(document: dict[str, Any], path: Path) -> None:
    try:
        write_json(document, path)
    except OSError as exc:
        raise _UsageError(f"--output {path}: cannot write: {exc.strerror or exc}") from None


def _solve_milkrun(args: argparse.Namespace, solve: Any) -> int:
    """A milk-run JSON instance: its solver settings unless overridden, the milk-run solution JSON, KPIs."""
    from .report import format_kpis, plan_document

    instance = io.parse_milkrun(args.instance)
    _check_objective(args, instance.data)
    settings = instance.solver
    time_limit, max_iterations = args.time_limit, args.max_iterations
    if time_limit is None and max_iterations is None:
        time_limit, max_iterations = settings.get("time_limit"), settings.get("max_iterations")
        if time_limit is None and max_iterations is None:
            time_limit = DEFAULT_TIME_LIMIT
    seed = args.seed if args.seed is not None else int(settings.get("seed", 0))
    result = _solve_with_progress(args, solve, instance.data, decimals=2, time_limit=time_limit,
                                  max_iterations=max_iterations, seed=seed, objective=args.objective)
    plan = plan_document(instance, result)
    _emit_solution(args, plan)
    _write_sol(args, result)
    if not args.quiet:
        data = instance.data
        used = sum(len(day["routes"]) for day in plan["days"])
        trips = sum(route.get("trips", 1) for day in plan["days"] for route in day["routes"])
        lines = [
            f"instance    {data.name} ({data.num_clients} suppliers, {data.num_periods} days, "
            f"{len(instance.document['vehicle_types'])} vehicle types)",
            f"cost        {plan['cost']['total']:,.2f} (fixed {plan['cost']['fixed']:,.2f}, distance "
            f"{plan['cost']['distance']:,.2f}, duration {plan['cost']['duration']:,.2f}"
            + (f", lateness {plan['cost']['lateness']:,.2f}" if "lateness" in plan["cost"] else "") + ")",
            f"routes      {used}" + (f" ({trips} trips)" if trips > used else ""),
            f"feasible    {'yes' if result.feasible else 'no'}"
            + (f" ({len(plan['unplanned_suppliers'])} suppliers unplanned)" if plan["unplanned_suppliers"] else ""),
            f"iterations  {result.iterations} in {result.runtime:.2f} s (seed {seed})",
            "",
            format_kpis(plan["kpis"]),
        ]
        solution = result.solution
        if solution.lateness or solution.gate_wait:
            lines.insert(4, f"timing      {solution.lateness / 60:,.0f} min late at soft windows, "
                            f"{solution.gate_wait / 60:,.0f} min waiting for a dock")
        if not result.feasible and (solution.consistency_violations or solution.spread_excess):
            lines.insert(4, f"consistency {solution.consistency_violations} visits off their truck, arrival "
                            f"spread {solution.spread_excess / 60:,.0f} min over")
        lines += [f"note        {warning}" for warning in plan["warnings"]]
        if args.output is not None and not _to_stdout(args):
            lines.append(f"output      {args.output}")
        print("\n".join(lines), file=_report_stream(args))
    return EXIT_FEASIBLE if result.feasible else EXIT_INFEASIBLE


def _cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate_network

    _check_output(args.output)
    try:
        document = generate_network(args.suppliers, days=args.days, seed=args.seed, num_towns=args.towns,
                                    plant_constraints=args.plant_constraints)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    _write_output(document, args.output)
    print(f"wrote {args.output}: {args.suppliers} suppliers, {args.days} days, seed {args.seed}")
    return EXIT_FEASIBLE


def _cmd_plot(args: argparse.Namespace) -> int:
    from .plot import PlotError, plot_solution

    output = args.output if args.output is not None else Path(args.solution).with_suffix(".png")
    _check_output(output)
    try:
        plot_solution(args.solution, output)
    except PlotError as exc:
        raise _UsageError(str(exc)) from None
    print(f"wrote {output}")
    return EXIT_FEASIBLE


@contextmanager
def _solve_executor(args: argparse.Namespace) -> Iterator[Any]:
    """Where a decomposed solve runs its sub-problems: None (threads, one per core), a thread pool of
    --workers, or a Dask / Ray executor."""
    dask, ray, workers = getattr(args, "dask", None), getattr(args, "ray", None), getattr(args, "workers", None)
    if dask is None and ray is None:
        if workers is None:
            yield None
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            yield pool
        return
    if workers is None:
        args.workers = os.cpu_count() or 1
    with _batch_executor(args) as executor:
        yield executor


@contextmanager
def _batch_executor(args: argparse.Namespace) -> Iterator[Any]:
    """A local process pool, or the executor of a Dask cluster or of Ray (local or at an address)."""
    if args.dask is not None and args.ray is not None:
        raise _UsageError("--dask and --ray: choose one")
    if args.ray is not None:
        try:
            from .batch import RayExecutor

            executor = RayExecutor(None if args.ray == "local" else args.ray, num_cpus=args.workers)
        except ImportError:
            raise _UsageError("--ray needs Ray: pip install milkrun[ray]") from None
        except (ConnectionError, RuntimeError) as exc:
            raise _UsageError(f"--ray {args.ray}: cannot connect: {exc}") from None
        try:
            yield executor
        finally:
            executor.shutdown()
        return
    if args.dask is None:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            yield pool
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise _UsageError("--dask needs Dask distributed: pip install milkrun[dask]") from None
    if args.dask == "local":
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client.get_executor()
        return
    try:
        client = Client(args.dask, timeout="30s")
    except OSError as exc:
        raise _UsageError(f"--dask {args.dask}: cannot reach the scheduler: {exc}") from None
    with client:
        yield client.get_executor()


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import Task, expand_inputs, run_batch

    if args.out.exists() and not args.out.is_dir():
        raise _UsageError(f"--out {args.out}: is not a directory")
    files = expand_inputs(args.inputs)
    if not files:
        raise _UsageError("no instance files found in the inputs")
    tasks = [Task(f, args.seed, args.time_limit, args.max_iterations, args.format, args.convention) for f in files]

    def report(done: int, total: int, outcome: Any) -> None:
        if args.quiet:
            return
        if outcome.status == "failed":
            what = f"FAILED {outcome.error}"
        else:
            cost = "-" if outcome.cost is None else f"{outcome.cost:,.2f}"
            gap = "" if outcome.gap_percent is None else f", gap {outcome.gap_percent:+.2f} %"
            what = f"{outcome.status}, {'feasible' if outcome.feasible else 'INFEASIBLE'}, cost {cost}{gap}"
        print(f"[{done}/{total}] {outcome.instance}: {what}", file=sys.stderr, flush=True)

    try:
        with _batch_executor(args) as pool:
            outcomes = run_batch(tasks, args.out, pool, report)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    if not args.quiet:
        print(f"{'instance':<24} {'status':<7} {'feasible':<8} {'cost':>14} {'gap %':>8} {'runtime s':>9}")
        for o in outcomes:
            cost = "" if o.cost is None else f"{o.cost:,.2f}"
            gap = "" if o.gap_percent is None else f"{o.gap_percent:+.2f}"
            runtime = "" if o.runtime_s is None else f"{o.runtime_s:.2f}"
            feasible = "" if o.feasible is None else ("yes" if o.feasible else "no")
            print(f"{o.instance[:24]:<24} {o.status:<7} {feasible:<8} {cost:>14} {gap:>8} {runtime:>9}"
                  + (f"  {o.error}" if o.error else ""))
        print(f"summary     {args.out / 'summary.csv'}")
    return EXIT_FEASIBLE if all(o.feasible for o in outcomes) else EXIT_INFEASIBLE


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .service import serve
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise _UsageError(f"serve needs FastAPI and uvicorn ({exc.name} is missing): pip install milkrun[serve]") from None
    serve(args.host, args.port, max_time_limit=args.max_time_limit, default_time_limit=args.default_time_limit,
          max_jobs=args.max_jobs, max_body_bytes=int(args.max_body_mb * 2**20), max_locations=args.max_locations,
          token=os.environ.get(args.token_env) or None)
    return EXIT_FEASIBLE


def _add_cluster_options(parser: argparse.ArgumentParser, what: str) -> None:
    """--dask and --ray: where ``what`` (e.g. "run") happens instead of this machine's processes or threads."""
    parser.add_argument("--dask", metavar="ADDRESS",
                        help=f"{what} on a Dask cluster: its scheduler address (tcp://host:8786), or 'local' for a "
                             "local cluster of --workers processes (needs the dask extra: pip install milkrun[dask])")
    parser.add_argument("--ray", metavar="ADDRESS",
                        help=f"{what} on Ray: 'auto' for the running cluster, an address, or 'local' to start Ray "
                             "with --workers CPUs (needs the ray extra: pip install milkrun[ray])")


_DIAGNOSIS_LINES = 10  # problems of an infeasible plan shown in the summary


def _summary(result: Any, data: Any, args: argparse.Namespace) -> str:
    """The short report printed after solving."""
    available = sum(data.num_available(p, t) for p in range(data.num_periods) for t in range(data.num_vehicle_types))
    lines = [
        f"instance    {_shown(args, result.instance)} ({data.num_clients} clients, {args.convention} convention)",
        f"cost        {result.cost:.{_decimals(data)}f}",
        f"routes      {result.vehicles} (of {available} available)"
        + (f", {trips} trips" if (trips := sum(r.num_trips for r in result.solution.routes)) > result.vehicles else ""),
        f"feasible    {'yes' if result.feasible else 'no'}",
        f"iterations  {result.iterations}",
        f"runtime     {result.runtime:.2f} s",
    ]
    if data.num_vehicle_types > 1:
        decimals = _decimals(data)
        for name, part in result.cost_by_type.items():
            lines.append(f"  {name:<10}{int(part['routes'])} routes, cost {part['cost']:.{decimals}f} (fixed "
                         f"{part['fixed']:.{decimals}f}, distance {part['distance']:.{decimals}f}, duration "
                         f"{part['duration']:.{decimals}f})")
    routes = result.routes
    if routes and data.num_dimensions:
        means = [sum(r.loading[d] for r in routes) / len(routes) for d in range(data.num_dimensions)]
        lines.append("loading     " + ", ".join(f"{name} {100 * m:.1f} %" for name, m in zip(data.dimensions, means))
                     + " (mean peak load / capacity per route)")
    unassigned = result.unassigned
    if unassigned:
        lines.append(f"unassigned  {len(unassigned)} clients")
    if not result.feasible:
        diagnosis = result.diagnosis
        shown = diagnosis[:_DIAGNOSIS_LINES]
        more = f" ({len(diagnosis) - len(shown)} more in the solution file)" if len(diagnosis) > len(shown) else ""
        lines.append(f"why         {len(diagnosis)} problems{more}:")
        lines += [f"  {line}" for line in shown]
    best = bks.best_known(result.instance, args.convention, num_clients=data.num_clients)
    if best is not None and result.feasible:
        if data.num_periods > 1:
            kind = f"periodic, distance; {best.vehicles} vehicles a day"
        elif args.convention == "dimacs":
            kind = "DIMACS, distance only"
        elif result.vehicles > best.vehicles:
            kind = "hierarchical: this plan uses more routes, so it does not beat the BKS"
        else:
            kind = "hierarchical: routes first, then distance"
        routes = "" if data.num_periods > 1 else f" with {best.vehicles} routes"
        lines.append(f"gap         {bks.gap(result.cost, best):+.2f} % to BKS {best.cost:.10g}{routes} ({kind})")
    if args.output is not None and not _to_stdout(args):
        lines.append(f"output      {args.output}")
    return "\n".join(lines)


def _decimals(data: Any) -> int:
    """Decimals that show the cost at the resolution of its integer units (1 for scale 10)."""
    return max(0, min(6, math.ceil(math.log10(data.scaling.cost)))) if data.scaling.cost > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
