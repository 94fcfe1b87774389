"""Batch solving: one solution per instance, a summary, failures reported without stopping the rest,
resumption after an interrupted run, and plans that do not depend on the executor."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from milkrun.batch import Task, expand_inputs, run_batch, solve_many
from milkrun.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "instances" / "example_solomon_25.txt"
WEEK = REPO / "instances" / "week_40_suppliers.json"


def _inputs(tmp_path: Path, copies: int = 1) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(copies):
        shutil.copy(EXAMPLE, folder / f"example{k}.txt")
    shutil.copy(WEEK, folder / "week.json")
    (folder / "broken.txt").write_text("not an instance\n")
    return folder


def _summary(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "summary.csv", newline="") as handle:
        return {row["path"]: row for row in csv.DictReader(handle)}


def test_batch_solves_reports_failures_and_resumes(tmp_path, capsys):
    folder = _inputs(tmp_path)
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--max-iterations", "200", "--workers", "2"]) == 1
    rows = _summary(out)
    assert len(rows) == 3
    broken = rows[str(folder / "broken.txt")]
    assert broken["status"] == "failed" and "unrecognised instance format" in broken["error"]
    for name in ("example0.txt", "week.json"):
        row = rows[str(folder / name)]
        assert row["status"] == "solved" and row["feasible"] == "True" and row["iterations"] == "200"
    plan = json.loads((out / "example0.solution.json").read_text())
    assert plan["feasible"] and plan["batch"]["seed"] == 0
    week = json.loads((out / "week.solution.json").read_text())
    assert "kpis" in week  # a milk-run instance gets the milk-run solution JSON
    err = capsys.readouterr().err
    assert "[3/3]" in err and "FAILED" in err

    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.solution.json")}
    assert main(["batch", str(folder), "--out", str(out), "--max-iterations", "200", "-q"]) == 1
    rows = _summary(out)
    assert rows[str(folder / "example0.txt")]["status"] == "done"
    assert rows[str(folder / "week.json")]["status"] == "done"
    assert rows[str(folder / "broken.txt")]["status"] == "failed"  # tried again
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.solution.json")} == before


def test_another_seed_solves_again(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.txt")
    out = tmp_path / "out"
    run_batch([Task(str(folder / "a.txt"), seed=1, max_iterations=50)], out, ThreadPoolExecutor(1))
    outcomes = run_batch([Task(str(folder / "a.txt"), seed=2, max_iterations=50)], out, ThreadPoolExecutor(1))
    assert outcomes[0].status == "solved" and outcomes[0].seed == 2


def test_plans_do_not_depend_on_the_executor():
    tasks = [Task(str(EXAMPLE), seed=s, max_iterations=150) for s in (1, 2, 3)] + [Task(str(WEEK), seed=4,
                                                                                       max_iterations=100)]
    with ProcessPoolExecutor(2) as pool:
        by_process = solve_many(tasks, pool)
    with ThreadPoolExecutor(3) as pool:
        by_thread = solve_many(tasks, pool)
    assert [o.status for o in by_process] == ["solved"] * 4
    for a, b in zip(by_process, by_thread):
        assert ({k: v for k, v in a.document.items() if k != "statistics"}
                == {k: v for k, v in b.document.items() if k != "statistics"})
        assert (a.cost, a.iterations, a.seed) == (b.cost, b.iterations, b.seed)


def test_killed_batch_finishes_the_rest_without_redoing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(4):
        shutil.copy(EXAMPLE, folder / f"example{k}.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "milkrun", "batch", str(folder), "--out", str(out), "--time-limit", "1.5",
               "--workers", "1", "-q"]
    proc = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("*.solution.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its worker, mid-way
    proc.wait(30)
    first = {p.name: p.read_text() for p in out.glob("*.solution.json")}
    assert 1 <= len(first) < 4
    for text in first.values():  # nothing half written: a kill mid-write leaves at most a stray temporary file
        assert json.loads(text)["feasible"] is not None
    if (out / "summary.csv").exists():
        assert _summary(out)
    assert subprocess.run(command, timeout=300).returncode == 0
    assert not list(out.glob(".*.tmp"))  # the resumed batch removed the killed run's temporary files
    rows = _summary(out)
    assert len(rows) == 4 and {r["status"] for r in rows.values()} <= {"done", "solved"}
    assert sum(r["status"] == "done" for r in rows.values()) >= len(first)
    for name, text in first.items():
        assert (out / name).read_text() == text


def test_expand_inputs_and_name_collisions(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "a" / "x.txt")
    shutil.copy(EXAMPLE, tmp_path / "b" / "x.txt")
    files = expand_inputs([str(tmp_path / "a"), str(tmp_path / "*" / "x.txt"), str(tmp_path / "a" / "x.txt")])
    assert files == [str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")]
    assert main(["batch", *files, "--out", str(tmp_path / "out"), "--max-iterations", "5"]) == 2


def _fifty_tasks() -> list[Task]:
    """50 Solomon files from the shared folder (or the bundled examples), a seed each, 30 iterations."""
    shared = Path(os.environ.get("MILKRUN_INSTANCES", REPO.parent / "shared" / "instances")) / "solomon"
    files = sorted(str(p) for p in shared.glob("*.txt"))[:50] if shared.is_dir() else [str(EXAMPLE), str(WEEK)]
    return [Task(f, seed=k, max_iterations=30) for k, f in enumerate(files)]


def _assert_same_plans(tasks: list[Task], outcomes: list) -> None:
    with ProcessPoolExecutor(2) as pool:
        reference = solve_many(tasks, pool)
    assert len(outcomes) == len(tasks)
    assert all(o.status == "solved" for o in outcomes), [o.error for o in outcomes if o.error][:3]
    for a, b in zip(reference, outcomes):
        assert (a.instance, a.cost, a.iterations, a.seed) == (b.instance, b.cost, b.iterations, b.seed)
        key = "routes" if "routes" in a.document else "days"
        assert a.document[key] == b.document[key]


def test_dask_local_cluster_gives_the_process_pool_results(tmp_path):
    """The same tasks through a local Dask cluster (started here) and the process pool: identical plans.
    With the shared benchmark folder, 50 Solomon files; else copies of the bundled examples."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    tasks = _fifty_tasks()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        on_dask = solve_many(tasks, client.get_executor())
    _assert_same_plans(tasks, on_dask)


def test_ray_gives_the_process_pool_results():
    """The same 50 tasks (or the bundled examples) on a local Ray started here: identical plans."""
    pytest.importorskip("ray")
    from milkrun.batch import RayExecutor

    tasks = _fifty_tasks()
    executor = RayExecutor(num_cpus=2)
    try:
        on_ray = solve_many(tasks, executor)
    finally:
        executor.shutdown()
    _assert_same_plans(tasks, on_ray)


def test_dask_and_ray_together_is_a_usage_error(tmp_path, capsys):
    assert main(["batch", str(EXAMPLE), "--out", str(tmp_path / "o"), "--dask", "local", "--ray", "local"]) == 2
    assert "choose one" in capsys.readouterr().err


@pytest.mark.parametrize(("option", "module"), [("--dask", "distributed"), ("--ray", "ray")])
def test_cli_batch_on_a_local_cluster(tmp_path, option, module):
    pytest.importorskip(module)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.txt")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--max-iterations", "50", option, "local",
                 "--workers", "1", "-q"]) == 0
    assert _summary(out)[str(folder / "a.txt")]["status"] == "solved"


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".summary.csv.abc123.tmp", out / ".a.solution.json.xyz.tmp"]
    for path in stale:
        path.write_text("half")
    keep = out / ".notes.tmp"  # not one of the batch's files: left alone
    keep.write_text("mine")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.txt")
    run_batch([Task(str(folder / "a.txt"), max_iterations=20)], out, ThreadPoolExecutor(1))
    assert not any(path.exists() for path in stale) and keep.read_text() == "mine"
