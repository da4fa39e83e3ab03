"""The service: the real uvicorn server on a free loopback port, every bad request, reloads, load, the CLI client.

The server runs in a thread of the test process over a copy of the seed
archive (so files can be added to it); one test starts `claimcheck serve` as a
real subprocess and stops it with Ctrl-C.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from claimcheck.archive import Archive
from claimcheck.pipeline import Settings
from claimcheck.serve import MAX_BODY_BYTES, Service, create_app, is_loopback
from conftest import ARTICLES, ROOT

pytestmark = pytest.mark.model

DRAFT = (
    "Russian Foreign Minister Sergey Lavrov thanked Cambodia for its work as the ASEAN country coordinator "
    "for the ASEAN-Russia dialogue relations. "
    "Cambodia served as the ASEAN country coordinator for the dialogue with Russia until 2025."
)


class Running:
    """A service started in a thread; `url` is where it listens."""

    def __init__(self, service: Service) -> None:
        import uvicorn

        self.service = service
        config = uvicorn.Config(create_app(service), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the service did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.host, self.port = "127.0.0.1", port
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def call(url: str, body: bytes | None = None, method: str | None = None, headers: dict | None = None) -> tuple[int, bytes, str]:
    """(status, body, content type) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=body, method=method or ("POST" if body is not None else "GET"))
    for key, value in (headers or {"Content-Type": "application/json"}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers.get("content-type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("content-type", "")


def findings(data: dict) -> list[dict]:
    """A report document's findings, each with the ids of the articles it quotes (schema 1 or 2)."""
    found = data["findings"] if isinstance(data.get("findings"), list) else data["conflicts"]
    for f in found:
        f.setdefault("articles", sorted({side["article"] for side in f.get("claims", ())}))
    return found


def values(finding: dict) -> set[str]:
    """The values a finding's claims state, as written."""
    if "values" in finding:
        return {c["value"] for v in finding["values"] for c in v["claims"]}
    return {side["value"] for side in finding["claims"]}


def post_json(url: str, payload: object) -> tuple[int, dict]:
    status, body, _ = call(url, json.dumps(payload).encode("utf-8"))
    return status, json.loads(body)


@pytest.fixture(scope="module")
def archive_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("served") / "articles"
    shutil.copytree(ARTICLES, folder)
    return folder


@pytest.fixture(scope="module")
def running(model, archive_folder: Path, tmp_path_factory):
    cache = tmp_path_factory.mktemp("serve-cache")
    settings = Settings(cache_dir=cache)
    service = Service(lambda: Archive.open(archive_folder, settings, model=lambda: model), rescan_interval=0)
    started = Running(service)
    yield started
    started.stop()


def test_serve_health_says_what_is_loaded(running: Running, archive_folder: Path) -> None:
    status, body, kind = call(running.url + "/health")
    data = json.loads(body)
    assert status == 200 and kind == "application/json"
    assert data["archive"] == [str(archive_folder.resolve())]
    assert data["status"] == "ok" and data["articles"] == 5 and data["generation"] >= 1
    assert data["memory_mb"] > 0


def test_serve_check_returns_the_drafts_findings_in_the_report_schema(running: Running) -> None:
    from claimcheck.report import SCHEMA

    status, data = post_json(running.url + "/check", {"text": DRAFT, "published": "2024-09-02", "title": "Draft", "outlet": "Desk"})
    assert status == 200
    assert data["schema"] == SCHEMA and data["draft"] == "draft"
    assert findings(data)
    assert all("draft" in f["articles"] for f in findings(data))
    draft = next(a for a in data["articles"] if a["id"] == "draft")
    assert draft["title"] == "Draft" and draft["outlet"] == "Desk" and draft["published"] == "2024-09-02"


def test_serve_check_is_the_libraries(running: Running) -> None:
    from claimcheck.export import render

    archive = running.service.archive
    expected = render(archive.check_text(DRAFT, {"published": "2024-09-02"}, trim=True), "json")
    status, body, _ = call(running.url + "/check", json.dumps({"text": DRAFT, "published": "2024-09-02"}).encode())
    assert status == 200 and body.decode("utf-8") == expected


@pytest.mark.parametrize("fmt,kind,start", [("md", "text/markdown", "#"), ("html", "text/html", "<!doctype html"), ("csv", "text/csv", "finding,verdict")])
def test_serve_check_renders_other_formats(running: Running, fmt: str, kind: str, start: str) -> None:
    status, body, content_type = call(running.url + f"/check?format={fmt}", json.dumps({"text": DRAFT, "published": "2024-09-02"}).encode())
    assert status == 200 and content_type.startswith(kind)
    assert body.decode("utf-8").lower().startswith(start.lower())


BAD = [
    (b"{bad", 400, "request body is not valid JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
    (b"", 400, "request body is not valid JSON (Expecting value at line 1, column 1)"),
    (b"[1, 2]", 422, "request body must be a JSON object"),
    (b"{}", 422, "text: required"),
    (b'{"title": "No text"}', 422, "text: required"),
    (b'{"text": ""}', 422, "text: empty (nothing to check)"),
    (b'{"text": "  \\n "}', 422, "text: empty (nothing to check)"),
    (b'{"text": 42}', 422, "text: must be a string"),
    (b'{"text": ["a"]}', 422, "text: must be a string"),
    (b'{"text": "x", "title": 3}', 422, "title: must be a string, or null"),
    (b'{"text": "x", "published": 2024}', 422, "published: must be a string, or null"),
    (b'{"text": "x", "published": "2024-13-45"}', 422, "published: '2024-13-45' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    (b'{"text": "x", "author": "me"}', 422, "unknown field 'author' (allowed: text, title, published, outlet, url, language, id)"),
    ('{"text": "caf\u00e9"}'.encode("latin-1"), 400, "request body is not UTF-8 (byte 13)"),
    (b'{"text": "---\\ntitle: x\\nno end"}', 422, "draft: front matter has no closing '---' line"),
]


@pytest.mark.parametrize("body,status,message", BAD, ids=[m for _, _, m in BAD])
def test_serve_bad_request_is_one_line_of_json(running: Running, body: bytes, status: int, message: str) -> None:
    before = running.service.health()
    got, raw, kind = call(running.url + "/check", body)
    assert (got, json.loads(raw)) == (status, {"error": message})
    assert kind == "application/json" and raw.count(b"\n") == 0
    after = running.service.health()
    assert (after["generation"], after["articles"]) == (before["generation"], before["articles"])


def test_serve_body_over_the_limit_is_413(running: Running) -> None:
    body = json.dumps({"text": "a" * MAX_BODY_BYTES}).encode()
    status, raw, _ = call(running.url + "/check", body)
    assert (status, json.loads(raw)) == (413, {"error": "request body is larger than the 1 MB limit"})


def test_serve_huge_declared_body_is_refused_before_it_is_sent(running: Running) -> None:
    with socket.create_connection((running.host, running.port), timeout=30) as conn:
        conn.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900000000\r\n\r\n{")
        answer = _read_answer(conn)
    assert answer.startswith("HTTP/1.1 413")
    assert answer.endswith('{"error":"request body is larger than the 1 MB limit"}')


def _read_answer(conn: socket.socket) -> str:
    """An HTTP answer whose body is one JSON object, read whole."""
    answer = b""
    while not answer.endswith(b"}"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        answer += chunk
    return answer.decode("latin-1")


def test_serve_body_over_the_limit_without_a_length_is_413(running: Running) -> None:
    # Chunked: the limit is enforced while reading, not only from Content-Length.
    chunk = b"a" * 65536
    with socket.create_connection((running.host, running.port), timeout=30) as conn:
        conn.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer and close before the rest is sent
        answer = _read_answer(conn)
    assert answer.startswith("HTTP/1.1 413")
    assert answer.rstrip().endswith('{"error":"request body is larger than the 1 MB limit"}')


def test_serve_unknown_path_method_and_format(running: Running) -> None:
    assert call(running.url + "/nope")[:2] == (404, b'{"error":"Not Found"}')
    assert call(running.url + "/check")[:2] == (405, b'{"error":"Method Not Allowed"}')
    status, raw, _ = call(running.url + "/check?format=xml", b'{"text": "x"}')
    assert (status, json.loads(raw)) == (400, {"error": "format: must be one of json, md, html, csv"})


def test_serve_cancelled_request_leaves_the_service_as_it_was(running: Running) -> None:
    before = call(running.url + "/findings")[1]
    generation = running.service.generation
    # Half a body, then the client goes away.
    with socket.create_connection((running.host, running.port), timeout=10) as conn:
        conn.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
        conn.sendall(b'{"text": "Cambodia served as coordinator until 20')
    # A whole request whose client leaves before the answer.
    with socket.create_connection((running.host, running.port), timeout=10) as conn:
        body = json.dumps({"text": DRAFT + " It ended in 2031."}).encode()
        conn.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    time.sleep(0.5)
    status, data = post_json(running.url + "/check", {"text": DRAFT, "published": "2024-09-02"})
    assert status == 200 and data["draft"] == "draft"
    assert call(running.url + "/findings")[1] == before
    assert running.service.generation == generation


def test_serve_findings_and_stories_are_the_archives(running: Running) -> None:
    from claimcheck.report import render_json

    status, body, _ = call(running.url + "/findings")
    assert status == 200 and body.decode("utf-8") == render_json(running.service.archive.report())
    status, body, _ = call(running.url + "/stories")
    stories = json.loads(body)["stories"]
    assert status == 200 and [s["id"] for s in stories] == [s.id for s in running.service.archive.stories]


def test_serve_openapi_page_documents_check(running: Running) -> None:
    status, body, _ = call(running.url + "/openapi.json")
    schema = json.loads(body)
    assert status == 200 and {"/check", "/findings", "/stories", "/health", "/rescan"} <= set(schema["paths"])
    fields = schema["paths"]["/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert fields["additionalProperties"] is False and fields["required"] == ["text"]
    assert call(running.url + "/docs")[0] == 200


def test_serve_keeps_current_when_articles_are_added_changed_removed(running: Running, archive_folder: Path) -> None:
    draft = {"text": "Laos said the summit drew 412 delegates to Vientiane on 7 May 2031.", "published": "2031-05-08"}
    new = archive_folder / "zz_summit.txt"
    try:
        new.write_text("---\ntitle: Summit\npublished: 2031-05-07\n---\nLaos said the summit drew 380 delegates to Vientiane on 7 May 2031.\n", encoding="utf-8")
        status, data = post_json(running.url + "/rescan", {})
        assert status == 200 and data["reloaded"] and data["articles"] == 6
        _, report = post_json(running.url + "/check", draft)
        stated = {v for f in findings(report) for v in values(f)}
        assert "380" in stated and "412" in stated
        new.write_text("---\ntitle: Summit\npublished: 2031-05-07\n---\nLaos said the summit drew 412 delegates to Vientiane on 7 May 2031.\n", encoding="utf-8")
        assert post_json(running.url + "/rescan", {})[1]["reloaded"]
        _, report = post_json(running.url + "/check", draft)
        assert not any("zz_summit" in f["articles"] and f["verdict"] == "contradiction" for f in findings(report))
    finally:
        new.unlink(missing_ok=True)
    status, data = post_json(running.url + "/rescan", {})
    assert data["reloaded"] and data["articles"] == 5
    assert not post_json(running.url + "/rescan", {})[1]["reloaded"]


def test_serve_watcher_reloads_by_itself(model, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    settings = Settings(cache_dir=tmp_path / "cache")
    service = Service(lambda: Archive.open(folder, settings, model=lambda: model), rescan_interval=0.2)
    started = Running(service)
    try:
        (folder / "zz.txt").write_text("---\npublished: 2024-01-01\n---\nA new article with 3 figures.\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while json.loads(call(started.url + "/health")[1])["articles"] != 6:
            assert time.monotonic() < deadline, "the watcher never reloaded"
            time.sleep(0.2)
    finally:
        started.stop()


def test_serve_load_many_clients_no_error_and_flat_memory(running: Running) -> None:
    """A light version of benchmarks/serve_latency.py: 4 clients x 30 requests."""
    drafts = [{"text": f"{DRAFT} The delegation numbered {n} people.", "published": "2024-09-02"} for n in range(5)]
    errors: list[str] = []
    memory: list[float] = []

    def client(k: int, count: int) -> None:
        for n in range(count):
            status, body, _ = call(running.url + "/check", json.dumps(drafts[(k + n) % len(drafts)]).encode())
            if status != 200:
                errors.append(body.decode("utf-8", "replace"))

    for _ in range(2):
        threads = [threading.Thread(target=client, args=(k, 30)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        memory.append(json.loads(call(running.url + "/health")[1])["memory_mb"])
    assert not errors
    assert memory[1] <= memory[0] * 1.05 + 5, memory


def test_serve_cli_check_through_the_service(running: Running, archive_folder: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import cli

    draft = tmp_path / "draft.txt"
    draft.write_text(f"---\ntitle: Draft\npublished: 2024-09-02\n---\n{DRAFT}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["check", str(draft), "--against", str(archive_folder), "--server", running.url, "--out", str(out), "--format", "json,csv", "--fail-on", "changed", "-q"]
    )
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.json"]
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["draft"] == "draft.txt" or data["draft"] == "draft"
    assert (out / "report.csv").read_text(encoding="utf-8").startswith("finding,verdict")


def test_serve_cli_refuses_a_service_of_another_archive(running: Running, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import cli

    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    result = CliRunner().invoke(cli, ["check", str(draft), "--against", str(other), "--server", running.url])
    assert result.exit_code == 2
    assert f"serves {running.service.archive.roots[0].resolve()}, not {other}" in result.output


def test_serve_cli_says_when_no_service_listens(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import cli

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(draft), "--against", str(tmp_path), "--server", f"http://127.0.0.1:{port}"])
    assert result.exit_code == 6
    assert result.output.startswith(f"Error: cannot reach the service at http://127.0.0.1:{port} (")


def test_serve_listens_on_loopback_unless_told() -> None:
    from claimcheck.cli import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1" and is_loopback(host.default)
    assert is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_serve_command_starts_answers_and_stops(tmp_path: Path) -> None:
    """`claimcheck serve` as a real process: ready, answering, and stopped by Ctrl-C."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CLAIMCHECK_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "serve", str(ARTICLES), "--port", str(port), "--rescan-interval", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                status, body, _ = call(f"http://127.0.0.1:{port}/health")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.5)
        assert status == 200 and json.loads(body)["articles"] == 5
        status, data = post_json(f"http://127.0.0.1:{port}/check", {"text": DRAFT, "published": "2024-09-02"})
        assert status == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"serving {ARTICLES} on http://127.0.0.1:{port}" in err
    assert "Traceback" not in err


def test_serve_draft_in_a_language_not_read_is_listed_not_compared(running: Running) -> None:
    text = "Il sindaco ha detto che il ponte sarà riaperto entro la fine di settembre, dopo tre mesi di lavori."
    status, data = post_json(running.url + "/check", {"text": text, "language": "it"})
    assert status == 200 and findings(data) == []
    assert [entry["article"] for entry in data["not_compared"]] == ["draft"]
