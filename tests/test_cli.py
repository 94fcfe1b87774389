"""Tests of the ``milkrun`` command line (:mod:`milkrun.cli`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import milkrun
from milkrun import _core, bks
from milkrun.cli import main, write_json

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "instances" / "example_solomon_25.txt"

needs_solver = pytest.mark.skipif(not hasattr(_core, "solve"), reason="milkrun._core.solve is not built yet")

TINY = """TINY6

VEHICLE
NUMBER     CAPACITY
   4         30

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      50         50          0          0       1000          0
    1      60         50         10          0        900         10
    2      70         50         10          0        900         10
    3      40         50         10          0        900         10
    4      30         50         10          0        900         10
    5      50         60         10          0        900         10
    6      50         40         10          0        900         10
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny6.txt"
    path.write_text(TINY)
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """An instance whose customer 4 (line 14) has a non-numeric demand."""
    path = tmp_path / "bad.txt"
    path.write_text(TINY.replace("    4      30         50         10", "    4      30         50         1O"))
    return path


def _env() -> dict[str, str]:
    """Environment for a child Python: the installed milkrun (the source tree has no compiled core)."""
    return dict(os.environ)


# ----------------------------------------------------------------------------------------------------
# arguments and errors (no solving)


def test_version(capsys):
    """--version prints the program name and version and exits 0."""
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("milkrun ") and len(out.split()) == 2


def test_no_command(capsys):
    """Without a command the usage is printed to stderr and the exit code is 2."""
    assert main([]) == 2
    assert "a command is required" in capsys.readouterr().err


def test_missing_file(capsys, tmp_path):
    """A missing instance file exits 2 with a message naming the file, without a traceback."""
    path = tmp_path / "nope.txt"
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: file not found" in err and "Traceback" not in err


def test_bad_instance(capsys, bad, monkeypatch):
    """An invalid instance exits 2 with file, line and field on stderr, before any solving."""
    monkeypatch.setattr(sys.modules["milkrun.solve"], "solve", lambda *a, **k: pytest.fail("solve must not be called"))
    assert main(["solve", str(bad), "--max-iterations", "5"]) == 2
    captured = capsys.readouterr()
    assert f"{bad}: line 14: DEMAND: '1O' is not a number" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--time-limit", "0"], "positive"),
        (["--time-limit", "abc"], "not a number"),
        (["--time-limit", "inf"], "finite"),
        (["--max-iterations", "-3"], "non-negative"),
        (["--seed", "1.5"], "not an integer"),
        (["--convention", "round"], "invalid choice"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_bad_arguments(capsys, tiny, args, message):
    """Invalid option values exit 2 with argparse's message naming the option."""
    assert main(["solve", str(tiny), *args]) == 2
    err = capsys.readouterr().err
    assert args[0] in err and message in err


def test_output_directory_checked_before_solving(capsys, tiny, tmp_path, monkeypatch):
    """An --output in a missing directory, or that is a directory, exits 2 without solving."""
    monkeypatch.setattr(sys.modules["milkrun.solve"], "solve", lambda *a, **k: pytest.fail("solve must not be called"))
    assert main(["solve", str(tiny), "--output", str(tmp_path / "no" / "x.json")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["solve", str(tiny), "--output", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_default_limits(tiny, monkeypatch, capsys):
    """Without limits the solver gets a 10 s time limit; with --max-iterations alone, no time limit."""
    calls = []

    class Stop(Exception):
        pass

    def fake_solve(data, **kwargs):
        assert isinstance(kwargs.pop("control"), milkrun.SolveControl)
        calls.append(kwargs)
        raise Stop

    monkeypatch.setattr(sys.modules["milkrun.solve"], "solve", fake_solve)
    for args in ([], ["--max-iterations", "7", "--seed", "3"], ["--time-limit", "2.5", "--objective", "vehicles"]):
        with pytest.raises(Stop):
            main(["solve", str(tiny), *args])
    defaults = {"decompose": None, "executor": None, "group_size": None}  # decomposition decided by size
    assert calls == [
        {"time_limit": 10.0, "max_iterations": None, "seed": 0, "objective": "distance", **defaults},
        {"time_limit": None, "max_iterations": 7, "seed": 3, "objective": "distance", **defaults},
        {"time_limit": 2.5, "max_iterations": None, "seed": 0, "objective": "vehicles", **defaults},
    ]


def test_subprocess_bad_input(bad):
    """`python -m milkrun.cli` as a real process: invalid input gives exit code 2 and a one-line error."""
    proc = subprocess.run([sys.executable, "-m", "milkrun.cli", "solve", str(bad)], capture_output=True,
                          text=True, env=_env(), timeout=60)
    assert proc.returncode == 2
    assert f"{bad}: line 14: DEMAND" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_subprocess_version():
    """`python -m milkrun --version` runs the CLI through milkrun/__main__.py."""
    proc = subprocess.run([sys.executable, "-m", "milkrun", "--version"], capture_output=True, text=True,
                          env=_env(), timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("milkrun ")


# ----------------------------------------------------------------------------------------------------
# the JSON writer


def test_write_json_atomic(tmp_path):
    """write_json replaces the file in one step, leaves no temporary files and writes standard JSON."""
    target = tmp_path / "out.json"
    target.write_text("old")
    write_json({"cost": 1.5, "history": [[0.1, 2, float("inf")]], "nan": float("nan")}, target)
    assert json.loads(target.read_text()) == {"cost": 1.5, "history": [[0.1, 2, None]], "nan": None}
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_json_failure_keeps_old_file(tmp_path):
    """If serialising fails the old file is kept and the temporary file is removed."""
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_json({"bad": object()}, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# ----------------------------------------------------------------------------------------------------
# solving (needs the C++ solver)


def _solve_json(instance: Path, out: Path, *extra: str) -> dict:
    code = main(["solve", str(instance), "--max-iterations", "50", "--seed", "1", "--output", str(out), "--quiet",
                 *extra])
    assert code == 0
    return json.loads(out.read_text())


@needs_solver
def test_solve_writes_solution(tiny, tmp_path, capsys):
    """Solving a small instance exits 0, prints nothing with --quiet and writes the solution document:
    every client visited exactly once, integer client ids, consistent totals."""
    doc = _solve_json(tiny, tmp_path / "sol.json")
    assert capsys.readouterr().out == ""
    for key in ("instance", "feasible", "cost", "distance", "vehicles", "routes"):
        assert key in doc
    assert doc["instance"] == "TINY6" and doc["feasible"] is True
    assert doc["vehicles"] == len(doc["routes"]) >= 2  # capacity 30 for 6 x 10 units
    visits = [v for route in doc["routes"] for v in route["visits"]]
    assert sorted(visits) == [1, 2, 3, 4, 5, 6] and all(type(v) is int for v in visits)
    for route in doc["routes"]:
        assert route["period"] == 0 and route["vehicle_type"] == "vehicle"
    assert doc["cost"] == pytest.approx(sum(route["cost"] for route in doc["routes"]))
    assert doc["distance"] == pytest.approx(doc["cost"])


@needs_solver
def test_solve_is_deterministic(tiny, tmp_path):
    """With --max-iterations and a seed (no time limit), two runs give the same plan."""
    first = _solve_json(tiny, tmp_path / "a.json")
    second = _solve_json(tiny, tmp_path / "b.json")
    assert first["routes"] == second["routes"] and first["cost"] == second["cost"]


@needs_solver
def test_summary_with_gap(tiny, monkeypatch, capsys, tmp_path):
    """The summary names instance, cost, routes, feasibility, iterations, runtime, and the BKS gap
    when the instance is in a table of the chosen convention."""
    tables = tmp_path / "bench" / "homberger"
    tables.mkdir(parents=True)
    (tables / "bks_distance.csv").write_text(
        "instance,customers,vehicles,distance,proven_optimal,source\ntiny6,6,3,100.0,no,test\n")
    monkeypatch.setenv(bks.ENV_VAR, str(tmp_path / "bench"))
    assert main(["solve", str(tiny), "--max-iterations", "50"]) == 0
    out = capsys.readouterr().out
    for label in ("instance    TINY6", "cost", "routes", "feasible    yes", "iterations  ", "runtime", "gap"):
        assert label in out
    assert "to BKS 100 with 3 routes" in out
    assert main(["solve", str(tiny), "--max-iterations", "50", "--convention", "exact"]) == 0
    assert "gap" not in capsys.readouterr().out  # no exact table in that folder


@needs_solver
def test_infeasible_exit_code(tmp_path, capsys):
    """An instance that cannot be served in time (window closes before arrival) exits 1."""
    path = tmp_path / "late.txt"
    path.write_text(TINY.replace("    2      70         50         10          0        900",
                                 "    2      70         50         10          0          5"))
    assert main(["solve", str(path), "--max-iterations", "20"]) == 1
    assert "feasible    no" in capsys.readouterr().out


@needs_solver
def test_subprocess_solve_example(tmp_path):
    """The README's first command, as a real `milkrun` process: the bundled example solves feasibly."""
    out = tmp_path / "example.json"
    script = Path(sys.executable).with_name("milkrun")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "milkrun"]
    proc = subprocess.run([*command, "solve", str(EXAMPLE), "--max-iterations", "200", "--output", str(out)],
                          capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "instance    C101_25" in proc.stdout
    doc = json.loads(out.read_text())
    assert sorted(v for route in doc["routes"] for v in route["visits"]) == list(range(1, 26))


def test_package_exposes_cli():
    """`python -m milkrun` and the `milkrun` script both reach milkrun.cli.main."""
    import milkrun.__main__  # noqa: F401  (import must not run the CLI)

    assert milkrun.cli.main is main


FLEET_VRP = """NAME: fleet
TYPE: HFVRP
DIMENSION: 5
VEHICLES: 4
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 10 0
3 0 10
4 -10 0
5 0 -10
DEMAND_SECTION
1 0
2 4
3 5
4 6
5 7
CAPACITY_SECTION
1 10
2 10
3 25
4 25
VEHICLES_FIXED_COST_SECTION
1 10
2 10
3 30
4 30
VEHICLES_UNIT_DISTANCE_COST_SECTION
1 1
2 1
3 2
4 2
DEPOT_SECTION
1
-1
EOF
"""


def test_fleet_breakdown(capsys, tmp_path):
    """A VRPLIB instance with two vehicle types: the summary breaks the cost down per type and reports
    loading; the output JSON has cost_by_type summing to the cost and a loading per route."""
    path = tmp_path / "fleet.vrp"
    path.write_text(FLEET_VRP)
    out = tmp_path / "fleet.json"
    assert main(["solve", str(path), "--max-iterations", "200", "--seed", "3", "--output", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "type1" in summary and "loading     demand" in summary
    doc = json.loads(out.read_text())
    parts = doc["cost_by_type"]
    assert abs(sum(p["cost"] for p in parts.values()) - doc["cost"]) < 1e-6
    assert sum(p["routes"] for p in parts.values()) == doc["vehicles"]
    for part in parts.values():
        assert abs(part["fixed"] + part["distance"] + part["duration"] - part["cost"]) < 1e-6
    for route in doc["routes"]:
        assert len(route["loading"]) == 1 and 0 < route["loading"][0] <= 1



def test_fleet_mix_option(capsys, tmp_path):
    """--fleet-mix solves a Solomon file with the fleet size and mix table (here a small table given with
    --fleet-table): the name carries the variant and the summary lists the types used."""
    table = tmp_path / "types.csv"
    table.write_text("class,type,capacity,fixed_cost_a,fixed_cost_b,fixed_cost_c\n"
                     "C1,A,20,50,30,10\nC1,B,40,90,50,20\n")
    inst = tmp_path / "C101.txt"
    inst.write_text(TINY.replace("TINY6", "C101"))
    out = tmp_path / "c101b.json"
    assert main(["solve", str(inst), "--fleet-mix", "b", "--fleet-table", str(table), "--max-iterations", "200",
                 "--output", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "C101b" in summary
    doc = json.loads(out.read_text())
    assert set(doc["cost_by_type"]) <= {"A", "B"}
    fixed = {"A": 30, "B": 50}
    assert main(["solve", str(inst), "--fleet-mix", "a", "--fleet-table", str(tmp_path / "missing.csv")]) == 2
    assert "missing.csv" in capsys.readouterr().err
    assert abs(sum(p["fixed"] for p in doc["cost_by_type"].values())
               - sum(fixed[name] * p["routes"] for name, p in doc["cost_by_type"].items())) < 1e-6


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--fleet-table", "x.csv"], "--fleet-table needs --fleet-mix"),
        (["--fleet-mix", "a", "--format", "vrplib"], "--fleet-mix reads Solomon files"),
        (["--fleet-mix", "a", "--fleet-table", "missing.csv"], "cannot tell the Solomon class"),
    ],
)
def test_fleet_mix_errors(capsys, tiny, extra, message):
    assert main(["solve", str(tiny), "--max-iterations", "5", *extra]) == 2
    assert message in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# milk-run JSON: generate, solve (solution JSON + KPI report), plot
# --------------------------------------------------------------------------------------------------


def test_generate_solve_plot(tmp_path, capsys):
    week = tmp_path / "week.json"
    assert main(["generate", "--suppliers", "25", "--days", "5", "--seed", "3", "--output", str(week)]) == 0
    solution = tmp_path / "solution.json"
    assert main(["solve", str(week), "--max-iterations", "300", "--output", str(solution)]) == 0
    out = capsys.readouterr().out
    assert "direct" in out and "saving" in out and "distance (km)" in out
    plan = json.loads(solution.read_text())
    assert plan["feasible"] and [day["day"] for day in plan["days"]] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert plan["statistics"]["seed"] == 1  # the instance's solver.seed, as no --seed was given
    assert plan["kpis"]["saving"]["distance_km"]["absolute"] > 0
    png = tmp_path / "plan.png"
    assert main(["plot", str(solution), "--output", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plant_constraints_solve_and_plot(tmp_path, capsys):
    """--plant-constraints: the solve reports trips beside routes, the solution has reload stops, and the
    plot draws them with the day's timeline (the plant's reload stops and most trucks at once); the dock
    counts in the plot follow the solution (checked on the plot's own helpers)."""
    from milkrun.plot import _dock_intervals, _peak

    week = tmp_path / "week.json"
    assert main(["generate", "--suppliers", "40", "--days", "2", "--seed", "3", "--plant-constraints",
                 "--output", str(week)]) == 0
    solution = tmp_path / "solution.json"
    assert main(["solve", str(week), "--max-iterations", "400", "--seed", "1", "--output", str(solution)]) == 0
    out = capsys.readouterr().out
    plan = json.loads(solution.read_text())
    trips = sum(route["trips"] for day in plan["days"] for route in day["routes"])
    routes = sum(len(day["routes"]) for day in plan["days"])
    assert trips > routes and f"({trips} trips)" in out
    png = tmp_path / "plan.png"
    assert main(["plot", str(solution), "--output", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The timeline's intervals at the plant: one per reload stop and one per return.
    day = plan["days"][0]["routes"]
    reloads = sum(1 for route in day for stop in route["stops"] if "reload" in stop)
    assert len(_dock_intervals(day)) == reloads + len(day)
    assert _peak([(0, 10), (5, 15), (10, 20), (30, 40)]) == 3 and _peak([(0, 1), (2, 3)]) == 1
    # With docks, a return holds the plant from its arrival at the gate to the end of its unloading.
    route = {"plant": "P", "end": "08:30", "return_gate_wait_minutes": 10, "stops": []}
    assert _dock_intervals([route], {"P": 15}) == [(500, 525)]


def test_json_solve_is_deterministic(tmp_path):
    week = tmp_path / "week.json"
    main(["generate", "--suppliers", "15", "--seed", "1", "--output", str(week)])
    outputs = []
    for k in range(2):
        out = tmp_path / f"s{k}.json"
        main(["solve", str(week), "--max-iterations", "200", "--seed", "5", "--quiet", "--output", str(out)])
        plan = json.loads(out.read_text())
        outputs.append((plan["days"], plan["cost"]))
    assert outputs[0] == outputs[1]


def test_invalid_json_instance_solves_nothing(tmp_path, capsys):
    """A schema violation is reported with its JSON path and exit code 2; no solution file appears."""
    week = tmp_path / "week.json"
    main(["generate", "--suppliers", "10", "--seed", "1", "--output", str(week)])
    doc = json.loads(week.read_text())
    doc["suppliers"][4]["patterns"] = [["Mon", "Sun"]]
    doc["suppliers"][4]["frequency"] = 2
    week.write_text(json.dumps(doc))
    capsys.readouterr()
    solution = tmp_path / "solution.json"
    assert main(["solve", str(week), "--output", str(solution)]) == 2
    err = capsys.readouterr().err
    assert "$.suppliers[4].patterns[0][1]" in err and "'Sun' is not a day of the horizon" in err
    assert not solution.exists()


def test_plot_rejects_other_files(tmp_path, capsys):
    other = tmp_path / "x.json"
    other.write_text('{"routes": []}')
    assert main(["plot", str(other)]) == 2
    assert "not a milk-run solution JSON" in capsys.readouterr().err
    assert main(["plot", str(tmp_path / "missing.json")]) == 2


def test_generate_bad_arguments(tmp_path, capsys):
    assert main(["generate", "--suppliers", "0", "--output", str(tmp_path / "w.json")]) == 2
    assert main(["generate", "--suppliers", "5", "--days", "9", "--output", str(tmp_path / "w.json")]) == 2
    assert "days" in capsys.readouterr().err


def test_vehicles_objective_on_a_week_is_a_usage_error(capsys):
    week = REPO / "instances" / "week_40_suppliers.json"
    assert main(["solve", str(week), "--objective", "vehicles", "--max-iterations", "5"]) == 2
    assert "--objective vehicles" in capsys.readouterr().err


def test_solve_decomposed_on_threads_matches_the_python_api(tmp_path, capsys):
    """--decompose on with --workers and an iteration limit: the plan of milkrun.solve with the same settings."""
    from milkrun.generate import generate_network

    path = tmp_path / "net.json"
    path.write_text(json.dumps(generate_network(150, days=1, seed=3)))
    out = tmp_path / "plan.json"
    code = main(["solve", str(path), "--decompose", "on", "--group-size", "50", "--workers", "2",
                 "--max-iterations", "300", "--seed", "4", "-q", "-o", str(out)])
    assert code == 0
    routes = [[s["supplier"] for s in route["stops"]] for day in json.loads(out.read_text())["days"]
              for route in day["routes"]]
    data = milkrun.read(path)
    result = milkrun.solve(data, max_iterations=300, seed=4, decompose=True, group_size=50)
    first = data.num_depots
    expected = [[data.clients[v - first].name for v in r.visits] for r in result.solution.routes]
    assert sorted(routes) == sorted(expected)


def test_solve_rejects_a_group_size_below_two(capsys):
    assert main(["solve", str(EXAMPLE), "--group-size", "1"]) == 2
    assert "--group-size: must be at least 2" in capsys.readouterr().err
