"""The HTTP service: milkrun as the solver backend of a planning system (``milkrun serve``).

Endpoints (JSON in, JSON out; the input is the milk-run JSON of the README, the output its solution JSON):

* ``POST /solve`` -- solve synchronously; the time limit is the document's ``solver.time_limit`` (default
  ``default_time_limit``), capped by the server's ``max_time_limit``; ``solver.max_iterations`` and
  ``solver.seed`` are honoured, so the same document gives the same plan as the command line and the
  Python API.
* ``POST /jobs`` -- start a solve in the background: ``202`` with the job id.
* ``GET /jobs/{id}`` -- its status (``running``, ``done``, ``stopped``, ``failed``), progress (elapsed
  seconds, iterations, best cost so far, whether it has a feasible plan) and, once finished, the solution.
* ``DELETE /jobs/{id}`` -- stop it early: the search returns its best plan so far, which the response
  carries (status ``stopped``).
* ``GET /schema`` -- the input JSON Schema; ``GET /health`` -- liveness, version, solves running.
* The OpenAPI document is generated (``/openapi.json``, ``/docs``).

Limits: request bodies above ``max_body_bytes`` get ``413``, problems with more than ``max_locations``
plants and suppliers too (their matrices would not fit); more than ``max_jobs`` solves at once (jobs and
synchronous solves together, parsing included) get ``429``. With a ``token``, every endpoint but
``/health`` needs the header ``Authorization: Bearer <token>`` (else ``401``), the OpenAPI document and
``/docs`` included. Invalid input gets ``422`` with the JSON path of
the offending value: ``{"detail": [{"path": "$.suppliers[4].patterns[0][1]", "message": "..."}]}``.

FastAPI and uvicorn are optional: ``pip install milkrun[serve]``.
"""


import hmac
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from . import _core
from .io import InstanceError
from .io.milkrun_json import load_document, load_schema, parse_milkrun
from .solve import DEFAULT_TIME_LIMIT

#: Finished jobs kept for GET (the oldest are dropped beyond this).
MAX_FINISHED_JOBS = 100


class _Invalid(Exception):
    def __init__(self, path: str, message: str, status: int = 422):
        super().__init__(message)
        self.path, self.message, self.status = path, message, status


@dataclass
class _Job:
    id: str
    control: _core.SolveControl
    cost_scale: float
    started: float = field(default_factory=time.perf_counter)
    finished_at: float | None = None
    status: str = "running"
    plan: dict[str, Any] | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def view(self, with_solution: bool = True) -> dict[str, Any]:
        end = self.finished_at if self.finished_at is not None else time.perf_counter()
        best = self.control.best_cost
        out: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "elapsed_s": round(end - self.started, 3),
            "iterations": self.control.iterations,
            "best_cost": None if best is None else round(best / self.cost_scale, 4),
            "feasible": best is not None,
        }
        if self.error is not None:
            out["error"] = self.error
        if with_solution and self.plan is not None:
            out["solution"] = self.plan
        return out


class _Solver:
    """Parses, bounds and runs solves; counts the solves running for the concurrency limit."""

    def __init__(self, max_time_limit: float, default_time_limit: float, max_jobs: int, max_locations: int):
        self.max_time_limit = max_time_limit
        self.max_locations = max_locations
        self.default_time_limit = min(default_time_limit, max_time_limit)
        self.max_jobs = max_jobs
        self.lock = threading.Lock()
        self.running = 0
        self.jobs: dict[str, _Job] = {}

    def parse(self, body: bytes) -> Any:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Invalid("$", "the body is not UTF-8 text") from None
        try:
            document = load_document(text, "<request>")
        except InstanceError as exc:
            raise _Invalid("$", exc.reason + (f" (line {exc.line})" if exc.line else "")) from None
        if not isinstance(document, dict):
            raise _Invalid("$", f"must be a JSON object (the milk-run problem), got {type(document).__name__}")
        count = sum(len(document[key]) for key in ("plants", "suppliers") if isinstance(document.get(key), list))
        if count > self.max_locations:
            raise _Invalid("$.suppliers", f"{count} plants and suppliers, more than this server's limit of "
                                          f"{self.max_locations}", status=413)
        try:
            return parse_milkrun(document, where="<request>")
        except InstanceError as exc:
            raise _Invalid(exc.field or "$", exc.reason) from None

    def limits(self, instance: Any) -> dict[str, Any]:
        settings = instance.solver
        time_limit = settings.get("time_limit")
        max_iterations = settings.get("max_iterations")
        if time_limit is None:
            time_limit = self.max_time_limit if max_iterations is not None else self.default_time_limit
        return {
            "time_limit": min(float(time_limit), self.max_time_limit),
            "max_iterations": max_iterations,
            "seed": int(settings.get("seed", 0)),
        }

    def acquire(self) -> None:
        with self.lock:
            if self.running >= self.max_jobs:
                raise _Invalid("$", f"the server is busy: {self.running} solves running (at most {self.max_jobs}); "
                                    "retry later", status=429)
            self.running += 1

    def release(self) -> None:
        with self.lock:
            self.running -= 1

    def run(self, instance: Any, control: _core.SolveControl) -> tuple[dict[str, Any], bool]:
        from .report import plan_document
        from .solve import solve

        result = solve(instance.data, control=control, **self.limits(instance))
        return plan_document(instance, result), result.interrupted

    def start_job(self, instance: Any) -> _Job:
        self.acquire()
        job = _Job(uuid.uuid4().hex, _core.SolveControl(), instance.data.scaling.cost)

        def work() -> None:
            try:
                job.plan, interrupted = self.run(instance, job.control)
                job.status = "stopped" if interrupted else "done"
            except Exception as exc:  # noqa: BLE001 - reported on the job, never lost
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                job.finished_at = time.perf_counter()
                self.release()
                job.done.set()

        with self.lock:
            self.jobs[job.id] = job
            finished = [j for j in self.jobs.values() if j.done.is_set()]
            for old in sorted(finished, key=lambda j: j.started)[: max(0, len(finished) - MAX_FINISHED_JOBS)]:
                del self.jobs[old.id]
        threading.Thread(target=work, name=f"milkrun-job-{job.id[:8]}", daemon=True).start()
        return job

    def job(self, job_id: str) -> _Job:
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None:
            raise _Invalid("$", f"no job {job_id!r}", status=404)
        return job


def create_app(*, max_time_limit: float = 60.0, default_time_limit: float = DEFAULT_TIME_LIMIT, max_jobs: int = 2,
               max_body_bytes: int = 20 * 2**20, max_locations: int = 5000, token: str | None = None) -> Any:
    """The FastAPI application (see the module docstring for endpoints and limits)."""
    from fastapi import Depends, FastAPI, Request
    from fastapi.responses import JSONResponse
    from starlette.concurrency import run_in_threadpool

    from . import __version__

    if not (max_time_limit > 0) or max_jobs < 1 or max_body_bytes < 1 or max_locations < 1:
        raise ValueError("create_app: max_time_limit, max_jobs, max_body_bytes and max_locations must be positive")
    solver = _Solver(max_time_limit, default_time_limit, max_jobs, max_locations)
    # With a token the OpenAPI document and the docs are served by guarded routes below.
    hidden = {"openapi_url": None, "docs_url": None, "redoc_url": None} if token is not None else {}
    app = FastAPI(title="milkrun", version=__version__,
                  description="Milk-run planning solver: POST a milk-run JSON problem, get its plan.", **hidden)

    @app.exception_handler(_Invalid)
    async def invalid(_: Request, exc: _Invalid) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"detail": [{"path": exc.path, "message": exc.message}]}, status_code=exc.status,
                            headers=headers)

    def authorised(request: Request) -> None:
        if token is None:
            return
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise _Invalid("$", "missing or wrong bearer token", status=401)

    async def body_of(request: Request) -> bytes:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_body_bytes:
            raise _Invalid("$", f"the body has {int(length)} bytes, more than the limit of {max_body_bytes}", 413)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body_bytes:
                raise _Invalid("$", f"the body exceeds the limit of {max_body_bytes} bytes", status=413)
            chunks.append(chunk)
        return b"".join(chunks)

    guarded = [Depends(authorised)]
    problem_body = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "description": "A milk-run JSON problem; its JSON Schema is served at GET /schema."}}}}}

    @app.get("/health", summary="Liveness, version and solves running")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "solves_running": solver.running, "max_solves": max_jobs}

    @app.get("/schema", dependencies=guarded, summary="The input JSON Schema (milk-run JSON)")
    def get_schema() -> dict[str, Any]:
        return load_schema()

    @app.post("/solve", dependencies=guarded, openapi_extra=problem_body,
              summary="Solve a milk-run problem and return its plan (time limit capped by the server)")
    async def post_solve(request: Request) -> JSONResponse:
        body = await body_of(request)
        solver.acquire()  # parsing builds the matrices: it counts as a solve, and runs off the event loop
        try:
            instance = await run_in_threadpool(solver.parse, body)
            plan, _ = await run_in_threadpool(solver.run, instance, _core.SolveControl())
        finally:
            solver.release()
        return JSONResponse(plan)

    @app.post("/jobs", dependencies=guarded, status_code=202, openapi_extra=problem_body,
              summary="Start solving in the background; poll GET /jobs/{id}")
    async def post_job(request: Request) -> JSONResponse:
        body = await body_of(request)
        solver.acquire()
        try:
            instance = await run_in_threadpool(solver.parse, body)
        finally:
            solver.release()
        job = solver.start_job(instance)
        return JSONResponse(job.view(), status_code=202, headers={"Location": f"/jobs/{job.id}"})

    @app.get("/jobs/{job_id}", dependencies=guarded, summary="Status, progress and (when finished) the plan")
    def get_job(job_id: str) -> dict[str, Any]:
        return solver.job(job_id).view()

    @app.delete("/jobs/{job_id}", dependencies=guarded, summary="Stop a job early and return its best plan")
    async def delete_job(job_id: str) -> dict[str, Any]:
        job = solver.job(job_id)
        job.control.request_stop()
        await run_in_threadpool(job.done.wait)
        return job.view()

    if token is not None:
        from fastapi.openapi.docs import get_swagger_ui_html

        @app.get("/openapi.json", dependencies=guarded, include_in_schema=False)
        def openapi() -> dict[str, Any]:
            return app.openapi()

        @app.get("/docs", dependencies=guarded, include_in_schema=False)
        def docs() -> Any:
            return get_swagger_ui_html(openapi_url="/openapi.json", title="milkrun")

    return app


def serve(host: str = "127.0.0.1", port: int = 8080, **options: Any) -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(**options), host=host, port=port, log_level="info")
