"""Solving as a backend: JSON on stdin/stdout, a live progress line, stopping a solve from another thread,
Ctrl-C (SIGINT) on the command line and KeyboardInterrupt in Python, each returning the best plan so far.

Every subprocess test runs a real ``milkrun`` process; the interruption tests wait for the search to have a
feasible plan (read from the progress) before interrupting, so they do not depend on the machine's speed.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import milkrun as mr
from milkrun.cli import _Progress, main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "instances" / "example_solomon_25.txt"
WEEK = REPO / "instances" / "week_40_suppliers.json"


def _milkrun() -> list[str]:
    script = Path(sys.executable).with_name("milkrun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "milkrun"]


def test_stdin_to_stdout_equals_file_to_file(tmp_path):
    """`milkrun solve -`: problem on stdin, solution JSON on stdout, report on stderr; the same plan as
    from the file with the same seed and iterations."""
    proc = subprocess.run([*_milkrun(), "solve", "-", "--max-iterations", "300", "--seed", "4"],
                          input=WEEK.read_bytes(), capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    from_stdin = json.loads(proc.stdout)
    assert "instance    region-40-5d-s1" in proc.stderr.decode()
    out = tmp_path / "plan.json"
    assert main(["solve", str(WEEK), "--max-iterations", "300", "--seed", "4", "-o", str(out), "-q"]) == 0
    from_file = json.loads(out.read_text())
    from_stdin.pop("statistics")
    from_file.pop("statistics")
    assert from_stdin == from_file


def test_stdin_any_format_and_output_dash(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    assert main(["solve", "-", "--max-iterations", "100"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert sorted(v for route in doc["routes"] for v in route["visits"]) == list(range(1, 26))
    assert "instance    <stdin>" not in captured.out and "cost" in captured.err
    assert main(["solve", str(EXAMPLE), "--max-iterations", "100", "-o", "-", "-q"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["instance"] == "C101_25" and captured.err == ""


def test_invalid_stdin_is_named_and_exit_2(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"schema_version": "1"')))
    assert main(["solve", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "milkrun: error: <stdin>: line 1" in captured.err and "milkrun-stdin-" not in captured.err


def test_progress_line_reads_the_control(capsys):
    control = mr.SolveControl()
    progress = _Progress(control, cost_scale=10, decimals=1, enabled=True, period=0.02)
    assert "no feasible plan yet" in progress.line() and "0 iterations" in progress.line()
    data = mr.read(EXAMPLE)
    with progress:
        result = mr.solve(data, max_iterations=3000, seed=1, control=control)
    err = capsys.readouterr().err
    assert control.iterations == result.iterations == 3000
    assert control.best_cost == round(result.cost * 10)
    assert f"best {result.cost:,.1f} (feasible)" in progress.line()
    assert "iterations" in err or result.runtime < 0.02  # at least one line unless the solve was instant


def test_request_stop_from_another_thread_returns_the_best_plan():
    data = mr.read(EXAMPLE)
    control = mr.SolveControl()
    results = []
    worker = threading.Thread(target=lambda: results.append(mr.solve(data, time_limit=600, seed=2, control=control)))
    worker.start()
    deadline = time.monotonic() + 120
    while control.best_cost is None and time.monotonic() < deadline:
        time.sleep(0.01)
    control.request_stop()
    worker.join(120)
    assert not worker.is_alive()
    (result,) = results
    assert result.interrupted and result.feasible and result.runtime < 600
    assert control.stop_requested and control.iterations == result.iterations


def test_a_stopped_control_stops_at_once():
    control = mr.SolveControl()
    control.request_stop()
    result = mr.solve(mr.read(EXAMPLE), time_limit=600, control=control)
    assert result.interrupted and result.iterations == 0 and result.solution.is_complete()


def _default_sigint() -> None:
    """In the child: SIGINT as in a terminal. A process started in the background by a non-interactive
    shell (`.ci/run &`) ignores SIGINT, and its children inherit that: Ctrl-C could not reach them."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_sigint_writes_the_best_plan(tmp_path):
    """Ctrl-C on the command line: the search stops, the best plan is written (atomically) and reported."""
    out = tmp_path / "plan.json"
    proc = subprocess.Popen([*_milkrun(), "solve", str(WEEK), "--time-limit", "600", "-o", str(out),
                             "--progress-interval", "0.05"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
                            preexec_fn=_default_sigint)
    try:
        first = proc.stderr.readline()  # the first progress line: the search is running
        assert first.startswith("solving:"), first
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert "interrupted: the best plan found so far follows" in stderr
    doc = json.loads(out.read_text())
    assert proc.returncode == (0 if doc["feasible"] else 1)
    assert doc["statistics"]["runtime_s"] < 600 and "cost" in stdout
    assert not list(tmp_path.glob(".plan.json.*"))  # no temporary file left


def test_keyboard_interrupt_in_python_returns_the_best_plan():
    script = textwrap.dedent(f"""
        import os, signal, threading, milkrun as mr
        data = mr.read({str(EXAMPLE)!r})
        control = mr.SolveControl()
        def interrupt():
            while control.best_cost is None:
                threading.Event().wait(0.01)
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
        result = mr.solve(data, time_limit=600, seed=1, control=control)
        print(result.interrupted, result.feasible, result.runtime < 600)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          preexec_fn=_default_sigint)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True", "True"]


@pytest.mark.parametrize("objective", ["distance", "vehicles"])
def test_two_threads_solve_like_one(objective):
    """The GIL is released: two solves on two threads give the plans they give alone (the timing side is
    benchmarks/macro/bench_threads.py)."""
    data = mr.read(EXAMPLE)
    alone = [mr.solve(data, max_iterations=400, seed=s, objective=objective).solution for s in (1, 2)]
    together: dict[int, object] = {}
    threads = [threading.Thread(target=lambda s=s: together.__setitem__(
        s, mr.solve(data, max_iterations=400, seed=s, objective=objective).solution)) for s in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for seed, solution in zip((1, 2), alone):
        assert [list(r.visits) for r in together[seed].routes] == [list(r.visits) for r in solution.routes]


def test_data_params_and_results_pickle(tmp_path):
    """Problem data (every field, several profiles and periods), parameters and results survive pickling and
    give the same plan when solved again in another process."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    week = mr.io.parse_milkrun(WEEK).data
    for data in (week, mr.read(EXAMPLE)):
        copy = pickle.loads(pickle.dumps(data))
        assert copy.name == data.name and copy.num_profiles == data.num_profiles
        for q in range(data.num_profiles):
            assert (copy.distance_matrix(q) == data.distance_matrix(q)).all()
            assert (copy.duration_matrix(q) == data.duration_matrix(q)).all()
        for a, b in zip(copy.clients, data.clients):
            assert (a.name, list(a.patterns), list(a.pickup), a.frequency, [(w.early, w.late) for w in a.time_windows],
                    [list(map(list, p)) for p in a.pattern_pickups]) == (
                b.name, list(b.patterns), list(b.pickup), b.frequency, [(w.early, w.late) for w in b.time_windows],
                [list(map(list, p)) for p in b.pattern_pickups])  # fmt: skip
        for a, b in zip(copy.vehicle_types, data.vehicle_types):
            assert (a.name, list(a.capacity), a.fixed_cost, a.shift.late, a.profile, list(a.forbidden_clients)) == (
                b.name, list(b.capacity), b.fixed_cost, b.shift.late, b.profile, list(b.forbidden_clients))
    params = mr.AlnsParams()
    params.cross_day_rate = 0.25
    params.destroy_operators = [("random", 2.0), ("string", 1.0)]
    again = pickle.loads(pickle.dumps(params))
    assert again.cross_day_rate == 0.25 and again.destroy_operators == [("random", 2.0), ("string", 1.0)]

    result = mr.solve(week, max_iterations=200, seed=3, params=params)
    restored = pickle.loads(pickle.dumps(result))
    assert restored.cost == result.cost and restored.feasible == result.feasible
    assert [list(r.visits) for r in restored.solution.routes] == [list(r.visits) for r in result.solution.routes]
    with pytest.raises(TypeError, match="pickle the Result"):
        pickle.dumps(result.solution)
    with ProcessPoolExecutor(1) as pool:
        remote = pool.submit(_solve_in_worker, week, params).result(timeout=300)
    assert [list(r.visits) for r in remote.solution.routes] == [list(r.visits) for r in result.solution.routes]


def _solve_in_worker(data, params):
    return mr.solve(data, max_iterations=200, seed=3, params=params)
