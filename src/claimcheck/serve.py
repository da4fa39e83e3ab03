"""The service: claimcheck over HTTP, with the model and the archive kept loaded.

    claimcheck serve articles/ --port 8765

`create_app` builds the FastAPI application over a `claimcheck.archive.Archive`.
Endpoints (the generated OpenAPI page is at /docs, the schema at /openapi.json):

- `POST /check` a draft (JSON: `text`, optional `title`, `published`, `outlet`,
  `url`, `language`): the findings that involve it, as a claimcheck report
  (`?format=json`, the default, is the report.json document; `md`, `html`
  and `csv` give the other renderings). The draft is read in memory and never
  written anywhere; the report lists the draft, the archive articles its
  findings quote and the draft's story (the archive's own lists are at /findings).
- `GET /findings` the archive's own report (computed on first request, then kept).
- `GET /stories` the archive's stories. `GET /health` what is loaded, and the memory used.
- `POST /rescan` look at the archive's files now and reload what changed (the
  service also looks every `rescan_interval` seconds by itself).

Every error is one line of JSON, `{"error": "..."}`, with a 4xx status for a
bad request (see `BadRequest` below and the README). Checks run on
`CHECK_WORKERS` threads, each in two stages (`claimcheck.archive.Archive.check`):
one draft is parsed while another is embedded and a third compared with the
archive; a reload runs beside them and is swapped in whole when it is ready,
so a check always sees one consistent archive. A request whose client
goes away mid-way changes nothing: the body is read whole and validated before
anything is computed, and a check only reads the archive.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.export import MEDIA_TYPES

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
# The largest request body accepted: a long article is 50 KB, a book chapter 500 KB.
MAX_BODY_BYTES = 1_000_000
# A body over the limit but under this is read and dropped before the 413 (see `read_body`).
DRAIN_BYTES = 8_000_000
RESCAN_INTERVAL = 2.0
# Drafts' parsed sentences kept (claimcheck.analyze.keep_docs): an edited draft re-parses only what changed.
KEPT_DOCS = 2000
# Answers kept for a draft sent again unchanged (same archive, same acknowledgements, same bytes).
KEPT_ANSWERS = 64
# Checks in progress at once: enough to keep the parser, the embedding model (ONNX Runtime,
# outside the GIL) and the comparison with the archive each busy; more only queue on their locks.
CHECK_WORKERS = 4
FIELDS = ("text", "title", "published", "outlet", "url", "language", "id")


class CheckRequest(BaseModel):
    """A draft to check: its text (front matter allowed) and, optionally, its metadata."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str
    title: str | None = None
    # YYYY-MM-DD, YYYY-MM or YYYY; "" says the date is unknown; absent: inferred from the text.
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    # ISO 639-1 code; absent: detected from the text.
    language: str | None = None
    # The draft's id in the report (finding ids depend on it); absent: "draft".
    id: str | None = None


class BadRequest(Exception):
    """A request the service refuses: its status and the one-line message sent back."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


_TYPE_NAMES = {"string_type": "a string", "str_type": "a string"}


def validation_message(exc: ValidationError) -> str:
    """The first problem of a request body, as one line naming the field."""
    problem = exc.errors()[0]
    where = ".".join(str(p) for p in problem.get("loc", ())) or "body"
    kind = problem.get("type", "")
    if kind == "missing":
        return f"{where}: required"
    if kind == "extra_forbidden":
        return f"unknown field {where!r} (allowed: {', '.join(FIELDS)})"
    if kind in _TYPE_NAMES:
        return f"{where}: must be {_TYPE_NAMES[kind]}" + (", or null" if where != "text" else "")
    if kind == "model_type" or kind == "dict_type":
        return "request body must be a JSON object"
    return f"{where}: {problem.get('msg', 'invalid')}"


def parse_check(body: bytes) -> CheckRequest:
    """A request body as a `CheckRequest`, or `BadRequest` saying exactly what is wrong with it."""
    from claimcheck.load import published_date

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, f"request body is not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(400, f"request body is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise BadRequest(422, "request body must be a JSON object")
    try:
        request = CheckRequest.model_validate(data)
    except ValidationError as exc:
        raise BadRequest(422, validation_message(exc)) from None
    if not request.text.strip():
        raise BadRequest(422, "text: empty (nothing to check)")
    if request.published and published_date(request.published.strip())[0] is None:
        raise BadRequest(422, f"published: {request.published!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return request


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, or 413 once it passes `limit`.

    A body somewhat over the limit is read to its end (and dropped) before the
    answer, so a client that sends all of it before reading, as most do, sees
    the 413 instead of a broken pipe; past `DRAIN_BYTES` the connection is cut.
    """
    too_big = BadRequest(413, f"request body is larger than the {_size(limit)} limit")
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            length = int(declared)
        except ValueError:
            raise BadRequest(400, "Content-Length is not a number") from None
        if length > DRAIN_BYTES:
            raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > DRAIN_BYTES:
            raise too_big
        if size <= limit:
            chunks.append(chunk)
    if size > limit:
        raise too_big
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n % 1_000_000 == 0 else f"{n:,} bytes"


def memory_mb() -> float:
    """This process's resident memory now, in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Service:
    """The archive being served, the worker that checks drafts, and the watcher that keeps it current."""

    def __init__(self, open_archive: Callable[[], Any], rescan_interval: float = RESCAN_INTERVAL) -> None:
        self._open = open_archive
        self.archive: Any = None
        self.generation = 0
        self.rescan_interval = rescan_interval
        self.started = time.time()
        self.last_error: str | None = None
        self.rebuilding = False
        self._worker = ThreadPoolExecutor(max_workers=CHECK_WORKERS, thread_name_prefix="claimcheck-check")
        from claimcheck.archive import _LRU

        self._answers = _LRU(KEPT_ANSWERS)
        self._rescan_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        """Load the archive, warm the parser and the model on a small draft, start watching."""
        from claimcheck.analyze import keep_docs

        keep_docs(KEPT_DOCS)
        _one_blas_thread()
        self.archive = self._open()
        self.generation = 1
        self._worker.submit(self._warm).result()
        if self.rescan_interval > 0:
            self._watcher = threading.Thread(target=self._watch, name="claimcheck-watch", daemon=True)
            self._watcher.start()

    def stop(self) -> None:
        """Stop watching and let the worker finish."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _warm(self) -> None:
        # Loads spaCy, the extractors' tables, the gazetteer and the model now, not on the
        # first editor's request: an archive article, checked as a draft, meets its story.
        archive = self.archive
        sample = archive.corpus.compared[0].text[:4000] if archive.corpus.compared else ""
        try:
            for text in (sample, "Warm-up: on 2 March 2024 the council said 12 people were hurt in Paris."):
                if text.strip():
                    _render(archive.check_text(text, {"id": "claimcheck-warm-up"}, trim=True), "json")
        except ClaimcheckError:
            pass
        archive.drafts.analyses.clear()
        archive.drafts.vectors.clear()

    def _watch(self) -> None:
        while not self._stop.wait(self.rescan_interval):
            try:
                self.rescan()
            except Exception as exc:  # noqa: BLE001 - a failed reload keeps the archive that works
                self.last_error = f"reload failed: {exc.__class__.__name__}: {exc}"
                log.warning(self.last_error)

    def rescan(self) -> bool:
        """Reload the archive if its files changed; whether it did. A reload that fails keeps the current one."""
        with self._rescan_lock:
            current = self.archive
            if not current.changed():
                return False
            self.rebuilding = True
            try:
                fresh = current.refreshed()
            except ClaimcheckError as exc:
                self.last_error = f"reload failed: {exc.message}"
                log.warning(self.last_error)
                return False
            finally:
                self.rebuilding = False
            self.archive = fresh
            self.generation += 1
            self.last_error = None
            return True

    def answer(self, body: bytes, text: str, metadata: dict, fmt: str) -> Response:
        """The rendered report on a draft; the same request again, on the same archive, is answered from memory."""
        import hashlib

        archive = self.archive
        acks = archive._acks_file()
        try:
            stamp = (acks.stat().st_mtime_ns, acks.stat().st_size) if acks is not None else None
        except OSError:
            stamp = None
        key = (id(archive), self.generation, stamp, hashlib.sha1(body).digest(), fmt)
        found = self._answers.take(key)
        if found is None:
            found = _render(archive.check_text(text, metadata, trim=True), fmt)
            self._answers.keep(key, found)
        return found  # type: ignore[return-value]

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn` on a worker thread; a cancelled caller leaves it to finish, its result unused."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)

    def health(self) -> dict[str, Any]:
        """What is loaded and how the service is doing."""
        archive = self.archive
        corpus = archive.corpus
        return {
            "status": "ok",
            "version": __version__,
            "archive": [str(r.resolve()) for r in archive.roots],
            "generation": self.generation,
            "articles": len(corpus.loaded.articles),
            "sentences": len(corpus.claims),
            "facts": len(corpus.facts),
            "stories": len(archive.stories),
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(archive.built)),
            "rebuilding": self.rebuilding,
            "last_error": self.last_error,
            "draft_cache": {"analyses": len(archive.drafts.analyses), "sentences": len(archive.drafts.vectors)},
            "memory_mb": round(memory_mb(), 1),
            "uptime_s": round(time.time() - self.started, 1),
        }


def _one_blas_thread() -> None:
    """Run numpy's BLAS on one thread: a check's products are small, and waking a second
    thread on a busy machine costs more than the product (20 ms against 0.06 ms measured
    for a draft's 31 sentences against 131, under load; 35 ms against 45 for 44,000)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with sentence-transformers (scikit-learn)
        return
    threadpool_limits(1, user_api="blas")


def _render(report: Any, fmt: str) -> Response:
    from claimcheck.export import render

    return Response(content=render(report, fmt).encode("utf-8"), media_type=MEDIA_TYPES[fmt])


def _format(request: Request) -> str:
    fmt = request.query_params.get("format", "json")
    if fmt not in MEDIA_TYPES:
        raise BadRequest(400, f"format: must be one of {', '.join(MEDIA_TYPES)}")
    return fmt


_CHECK_BODY = {
    "required": True,
    "content": {"application/json": {"schema": CheckRequest.model_json_schema()}},
    "description": f"The draft, as a JSON object of at most {_size(MAX_BODY_BYTES)}; unknown fields are refused.",
}
_ERROR = {"content": {"application/json": {"example": {"error": "text: required"}}}}


def create_app(service: Service, *, start: bool = True) -> FastAPI:
    """The FastAPI application over a `Service`: loaded on start-up unless `start` is false (already started), stopped on shut-down."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if start:
            await asyncio.get_running_loop().run_in_executor(None, service.start)
        try:
            yield
        finally:
            await asyncio.get_running_loop().run_in_executor(None, service.stop)

    app = FastAPI(
        title="claimcheck",
        version=__version__,
        description="Check a draft against a newsroom's archive: the findings where its claims disagree with the archive's.",
        lifespan=lifespan,
    )
    app.state.service = service

    @app.exception_handler(BadRequest)
    async def _bad_request(_request: Request, exc: BadRequest) -> JSONResponse:
        return _error(exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problem = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("query", "body"))
        return _error(422, f"{where or 'request'}: {problem.get('msg', 'invalid')}")

    @app.exception_handler(ClaimcheckError)
    async def _claimcheck_error(_request: Request, exc: ClaimcheckError) -> JSONResponse:
        return _error(422, exc.message)

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return _error(500, f"internal error: {exc.__class__.__name__}: {exc}")

    @app.post(
        "/check",
        summary="Check a draft against the archive",
        openapi_extra={"requestBody": _CHECK_BODY},
        responses={
            200: {"description": "The report on the draft (claimcheck.report schema, or ?format=md|html|csv)."},
            400: {"description": "Not UTF-8, not JSON, or an unknown format.", **_ERROR},
            413: {"description": f"Body over {_size(MAX_BODY_BYTES)}.", **_ERROR},
            422: {"description": "A missing, empty, mistyped or unknown field, or a draft that cannot be read.", **_ERROR},
        },
    )
    async def check(request: Request) -> Response:
        """The findings that involve the draft, in the report schema. Nothing is written anywhere."""
        fmt = _format(request)
        try:
            body = await read_body(request)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening; nothing was done
        draft = parse_check(body)
        metadata = {k: v for k, v in draft.model_dump(exclude_unset=True).items() if k != "text"}
        if "published" in metadata and metadata["published"] is not None:
            metadata["published"] = metadata["published"].strip()
        metadata = {k: v for k, v in metadata.items() if v is not None}

        return await service.run(service.answer, body, draft.text, metadata, fmt)

    @app.get("/findings", summary="The archive's own report")
    async def findings(request: Request) -> Response:
        """Every finding of the archive itself, as `claimcheck check ARCHIVE` reports it (computed once per reload)."""
        fmt = _format(request)
        archive = service.archive
        report = await asyncio.get_running_loop().run_in_executor(None, archive.report)
        return await asyncio.get_running_loop().run_in_executor(None, _render, report, fmt)

    @app.get("/stories", summary="The archive's stories")
    async def stories() -> dict[str, Any]:
        """The archive's articles grouped by the event they report, largest story first."""
        archive = service.archive
        return {
            "generation": service.generation,
            "stories": [{"id": s.id, "label": s.label, "articles": list(s.articles)} for s in archive.stories],
        }

    @app.get("/health", summary="What is loaded")
    async def health() -> dict[str, Any]:
        """The archive loaded (articles, sentences, facts, stories), its generation, the memory used."""
        return service.health()

    @app.post("/rescan", summary="Reload the archive now if its files changed")
    async def rescan() -> dict[str, Any]:
        """Look at the archive's files now and reload what changed; the service also looks by itself every few seconds."""
        changed = await asyncio.get_running_loop().run_in_executor(None, service.rescan)
        return {"reloaded": changed, **service.health()}

    return app


def is_loopback(host: str) -> bool:
    """Whether a host name or address only listens on this machine."""
    import ipaddress

    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    archive: Path,
    settings: Any,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    rescan_interval: float = RESCAN_INTERVAL,
    say: Callable[[str], None] = print,
) -> None:
    """Load the archive and serve it until interrupted."""
    import uvicorn

    from claimcheck.archive import Archive

    _check_port(host, port)
    service = Service(lambda: Archive.open(archive, settings, on_stage=say), rescan_interval)
    # Loaded here, before the server starts: Ctrl-C during a long first load stops at once.
    service.start()
    app = create_app(service, start=False)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        if server.started:
            say(f"serving {archive} on http://{host}:{port} (API docs: http://{host}:{port}/docs); Ctrl-C stops")

    server.startup = startup  # type: ignore[method-assign]
    server.run()


def _check_port(host: str, port: int) -> None:
    """Fail before loading the archive if the address cannot be listened on."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ClaimcheckError(f"--host {host}: not a known host ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ClaimcheckError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
