"""The HTTP service, tested as its users meet it: a real ``milkrun serve`` process on loopback, real HTTP
requests (urllib), every endpoint, concurrent jobs, cancellation, oversized and malformed bodies, and
bearer tokens. Also: the same problem through the Python API, the command line (file and stdin) and HTTP
gives the identical plan.
"""

from __future__ import annotations

import copy
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

import milkrun as mr  # noqa: E402
from milkrun.cli import main  # noqa: E402
from milkrun.io.milkrun_json import load_schema, parse_milkrun  # noqa: E402
from milkrun.report import plan_document  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WEEK = REPO / "instances" / "week_40_suppliers.json"
TOKEN = "s3cret-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, *args: str, token: str | None = None):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MILKRUN_TOKEN": token or ""}
        self.proc = subprocess.Popen([sys.executable, "-m", "milkrun", "serve", "--port", str(self.port), *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()}")
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def request(self, method: str, path: str, body: bytes | dict | None = None, token: str | None = None,
                timeout: float = 300) -> tuple[int, dict]:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def server():
    srv = Server("--max-time-limit", "120", "--max-jobs", "2", "--max-body-mb", "1", "--max-locations", "100")
    yield srv
    srv.close()


def _week(**solver) -> dict:
    doc = json.loads(WEEK.read_text())
    doc["solver"] = solver
    return doc


def _without_statistics(plan: dict) -> dict:
    plan = copy.deepcopy(plan)
    plan.pop("statistics", None)
    return plan


def test_health_schema_and_openapi(server):
    status, health = server.request("GET", "/health")
    assert status == 200 and health["status"] == "ok" and health["version"] == mr.__version__
    status, schema = server.request("GET", "/schema")
    assert status == 200 and schema == load_schema()
    status, openapi = server.request("GET", "/openapi.json")
    assert status == 200
    assert {"/solve", "/jobs", "/jobs/{job_id}", "/schema", "/health"} <= set(openapi["paths"])
    assert set(openapi["paths"]["/jobs/{job_id}"]) == {"get", "delete"}


def test_same_plan_through_api_cli_stdin_and_http(server, tmp_path):
    doc = _week(max_iterations=300, seed=5)
    source = tmp_path / "week.json"
    source.write_text(json.dumps(doc))

    instance = parse_milkrun(source)
    api = plan_document(instance, mr.solve(instance.data, max_iterations=300, seed=5))
    out = tmp_path / "cli.json"
    assert main(["solve", str(source), "-o", str(out), "-q"]) == 0
    cli = json.loads(out.read_text())
    piped = subprocess.run([sys.executable, "-m", "milkrun", "solve", "-", "-q"], input=source.read_bytes(),
                           capture_output=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    stdin = json.loads(piped.stdout)
    status, http = server.request("POST", "/solve", doc)
    assert status == 200
    reference = _without_statistics(api)
    assert reference["days"] and any(day["routes"] for day in reference["days"])
    for other in (cli, stdin, http):
        assert _without_statistics(other) == reference


def test_job_progress_and_cancellation_keeps_the_best_plan(server):
    status, job = server.request("POST", "/jobs", _week(time_limit=600, seed=1))  # capped at 120 s
    assert status == 202 and job["status"] == "running"
    deadline = time.monotonic() + 60
    view = job
    while not view["feasible"] and time.monotonic() < deadline:
        time.sleep(0.05)
        status, view = server.request("GET", f"/jobs/{job['id']}")
        assert status == 200 and view["status"] == "running"
    assert view["feasible"] and view["best_cost"] > 0 and view["iterations"] >= 0
    status, stopped = server.request("DELETE", f"/jobs/{job['id']}")
    assert status == 200 and stopped["status"] == "stopped"
    plan = stopped["solution"]
    assert plan["feasible"] and plan["cost"]["total"] <= view["best_cost"] + 1e-6
    assert stopped["elapsed_s"] < 120
    status, again = server.request("GET", f"/jobs/{job['id']}")
    assert status == 200 and again["solution"] == plan


def test_a_job_runs_to_its_end(server):
    status, job = server.request("POST", "/jobs", _week(max_iterations=200, seed=2))
    assert status == 202
    for _ in range(600):
        status, view = server.request("GET", f"/jobs/{job['id']}")
        if view["status"] != "running":
            break
        time.sleep(0.05)
    assert view["status"] == "done" and view["iterations"] == 200 and view["solution"]["feasible"]


def test_concurrent_jobs_are_limited(server):
    ids = []
    try:
        for _ in range(2):
            status, job = server.request("POST", "/jobs", _week(time_limit=100))
            assert status == 202
            ids.append(job["id"])
        status, busy = server.request("POST", "/jobs", _week(time_limit=100))
        assert status == 429 and "busy" in busy["detail"][0]["message"]
        status, busy = server.request("POST", "/solve", _week(max_iterations=10))
        assert status == 429
        assert server.request("GET", "/health")[1]["solves_running"] == 2
    finally:
        for job_id in ids:
            assert server.request("DELETE", f"/jobs/{job_id}")[1]["status"] == "stopped"
    status, job = server.request("POST", "/jobs", _week(max_iterations=10))
    assert status == 202


@pytest.mark.parametrize(
    ("body", "status", "path", "message"),
    [
        (b'{"schema_version": "1", ', 422, "$", "not valid JSON"),
        (b"[1, 2]", 422, "$", "must be a JSON object"),
        (b'{"a": 1, "a": 2}', 422, "$", "appears twice"),
        (b"\xff\xfe", 422, "$", "not UTF-8"),
    ],
)
def test_malformed_bodies(server, body, status, path, message):
    got, answer = server.request("POST", "/solve", body)
    assert got == status
    assert answer["detail"][0]["path"] == path and message in answer["detail"][0]["message"]


def test_invalid_problems_name_the_json_path(server):
    doc = _week()
    doc["suppliers"][1]["patterns"] = [["Mon", "Sun"]]
    doc["suppliers"][1]["frequency"] = 2
    status, answer = server.request("POST", "/jobs", doc)
    assert status == 422
    assert answer["detail"][0]["path"] == "$.suppliers[1].patterns[0][1]"
    doc = _week()
    doc["vehicle_types"][0]["capacity"] = "big"
    status, answer = server.request("POST", "/solve", doc)
    assert status == 422 and answer["detail"][0]["path"].startswith("$.vehicle_types[0].capacity")


def _announce_body(server, size: int) -> tuple[int, dict]:
    """POST /solve announcing a body of ``size`` bytes without sending it: the server answers from the
    Content-Length alone (sending the body as well raced with the server closing the connection after its
    answer: a broken pipe on the client, now and then)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.putrequest("POST", "/solve")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def test_oversized_body_and_unknown_job(server):
    status, answer = _announce_body(server, 2 * 2**20)
    assert status == 413 and "limit" in answer["detail"][0]["message"]
    big = _week()
    big["suppliers"] = big["suppliers"] * 3  # 120 suppliers + 1 plant, above the server's 100
    status, answer = server.request("POST", "/jobs", big)
    assert status == 413 and "limit of 100" in answer["detail"][0]["message"]
    assert server.request("GET", "/jobs/nope")[0] == 404
    assert server.request("DELETE", "/jobs/nope")[0] == 404


def test_bearer_token():
    srv = Server("--max-jobs", "1", token=TOKEN)
    try:
        assert srv.request("GET", "/health")[0] == 200  # liveness needs no token
        for token in (None, "wrong", ""):
            status, answer = srv.request("GET", "/schema", token=token)
            assert status == 401 and "bearer token" in answer["detail"][0]["message"]
            assert srv.request("GET", "/openapi.json", token=token)[0] == 401
            assert srv.request("GET", "/docs", token=token)[0] == 401
            assert srv.request("POST", "/solve", _week(max_iterations=10), token=token)[0] == 401
        assert srv.request("GET", "/schema", token=TOKEN)[0] == 200
        status, openapi = srv.request("GET", "/openapi.json", token=TOKEN)
        assert status == 200 and "/jobs/{job_id}" in openapi["paths"] and "/openapi.json" not in openapi["paths"]
        status, plan = srv.request("POST", "/solve", _week(max_iterations=50), token=TOKEN)
        assert status == 200 and plan["feasible"]
    finally:
        srv.close()


def test_serve_without_fastapi_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", "--port", "1"]) == 2
    assert "pip install milkrun[serve]" in capsys.readouterr().err
