"""The command line: thin wrappers over `claimcheck.pipeline.run` and the acknowledgements."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimcheck import __version__
from claimcheck.errors import (
    EXIT_CODES,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    ClaimcheckError,
)
from claimcheck.model import VERDICTS

if TYPE_CHECKING:
    import datetime as dt

    from claimcheck.pipeline import Settings

# Imports stay lazy (numpy, the models, even logging): `--version` and `--help` start in
# well under 0.3 s. A test checks these names against `claimcheck.embed.BACKENDS`.
_BACKENDS = ("onnx", "onnx-int8", "torch")

_EXIT_HELP = "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


def _verdicts(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in VERDICTS]
    if unknown:
        raise click.BadParameter(f"unknown verdict {unknown[0]!r}; choose from {', '.join(VERDICTS)}")
    return chosen


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    from claimcheck.export import parse_formats

    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _check_writable(out: Path) -> None:
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".claimcheck-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ClaimcheckError(f"{out}: cannot write the report there ({exc.strerror or exc})", EXIT_OUTPUT) from None


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(f"claimcheck: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def cli() -> None:
    """Cross-check claims across a newsroom's articles and flag where they disagree."""


@cli.command(
    epilog=f"""\b
Examples:
  claimcheck check                          # articles/ -> reports/
  claimcheck check archive/ --out out/
  claimcheck check draft.txt --against articles/ --fail-on contradiction,changed
  claimcheck check draft.txt --against articles/ --server http://127.0.0.1:8765
  claimcheck check archive/ --format csv     # reports/report.csv, a row per finding side
  claimcheck check archive/ --engine ray --ray-address auto --workers 8

\b
Exit codes:
{_EXIT_HELP}"""
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Folder for report.json, report.md and report.html [default: reports/, or reports/draft/ with --against].")
@click.option("--against", type=click.Path(path_type=Path), default=None, help="Archive folder: PATHS is then one draft, and only findings involving it are reported.")
@click.option("--fail-on", "fail_on", callback=_verdicts, default="", help=f"Comma-separated verdicts ({', '.join(VERDICTS)}) that make the exit code 1 while unacknowledged.")
@click.option("--format", "formats", callback=_formats, default="json,md,html", show_default=True, help="Comma-separated files to write: json, md, html (report.*), csv (report.csv: one row per side of each finding).")
@click.option("--server", metavar="URL", default=None, help="With --against: check the draft through a running `claimcheck serve ARCHIVE` at URL (model and archive already loaded).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None, help="Embedding cache folder [default: $CLAIMCHECK_CACHE or ~/.cache/claimcheck]. Safe to delete.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the embedding cache.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Cosine similarity that makes two claims near-duplicates (clusters).")
@click.option("--pair-threshold", type=click.FloatRange(0, 1), default=None, help="Cosine similarity above which neighbouring claims are compared.")
@click.option("--assume-published", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Publication date (YYYY-MM-DD) for articles with none in their metadata or text.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Where the work runs: this process, or Ray (pip install 'claimcheck[ray]'); the report is the same.")
@click.option("--ray-address", default=None, help="With --engine ray: the cluster to join (auto, HOST:PORT, ray://HOST:10001) [default: $RAY_ADDRESS, else a local Ray instance].")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="With --engine ray: actors per stage [default: the cluster's CPUs].")
@click.option("--backend", type=click.Choice(_BACKENDS), default=None, help="How sentences are embedded: ONNX Runtime in fp32 or int8 (exported from the model's package into the cache folder on first use), or PyTorch; each has its own embedding cache [default: $CLAIMCHECK_BACKEND or onnx].")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.option("-v", "--verbose", is_flag=True, help="Log details, and show the traceback of an internal error.")
def check(
    paths: tuple[Path, ...],
    out: Path | None,
    against: Path | None,
    fail_on: tuple[str, ...],
    formats: tuple[str, ...],
    server: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    threshold: float | None,
    pair_threshold: float | None,
    assume_published: dt.datetime | None,
    engine: str,
    ray_address: str | None,
    workers: int | None,
    backend: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Check articles for claims that disagree and write the reports.

    PATHS are article files or folders (default: articles/). With --against,
    PATHS is a single draft checked against that archive.
    """
    import logging

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="claimcheck: %(message)s")
    try:
        from claimcheck.pipeline import Settings

        if engine != "ray" and (ray_address or workers):
            raise ClaimcheckError("--ray-address and --workers need --engine ray", EXIT_USAGE)
        defaults = Settings()
        settings = Settings(
            cluster_threshold=defaults.cluster_threshold if threshold is None else threshold,
            pair_threshold=defaults.pair_threshold if pair_threshold is None else pair_threshold,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            progress=not quiet and sys.stderr.isatty(),
            assume_published=assume_published.date() if assume_published else None,
            engine=engine,
            ray_address=ray_address,
            workers=workers,
            backend=backend or defaults.backend,
        )
        # A draft's report never overwrites the archive's.
        out = out or (Path("reports") / "draft" if against is not None else Path("reports"))
        if server is not None and (cache_dir or no_cache or threshold is not None or pair_threshold is not None or assume_published):
            raise ClaimcheckError("--server uses the service's own settings: drop --cache-dir, --no-cache, the thresholds and --assume-published", EXIT_USAGE)
        code = _check(paths, out, against, fail_on, settings, quiet, formats, server)
    except ClaimcheckError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the previous report was left as it was", err=True)
        sys.exit(EXIT_INTERNAL)
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message
        if verbose:
            import traceback

            traceback.print_exc()
        click.echo(f"Error: internal error: {exc.__class__.__name__}: {exc} (run with --verbose for the traceback)", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code)


def _check(
    paths: tuple[Path, ...],
    out: Path,
    against: Path | None,
    fail_on: tuple[str, ...],
    settings: "Settings",
    quiet: bool,
    formats: tuple[str, ...] = ("json", "md", "html"),
    server: str | None = None,
) -> int:
    from claimcheck.export import write_formats
    from claimcheck.pipeline import run

    draft = None
    if against is not None:
        if len(paths) != 1:
            raise ClaimcheckError("--against takes exactly one draft: claimcheck check DRAFT --against ARCHIVE", EXIT_USAGE)
        draft, archive = paths[0], [against]
    else:
        archive = list(paths) or [Path("articles")]
    if server is not None:
        if draft is None:
            raise ClaimcheckError("--server checks one draft: claimcheck check DRAFT --against ARCHIVE --server URL", EXIT_USAGE)
        return _check_remote(draft, against, out, fail_on, quiet, formats, server)
    _check_writable(out)
    # Stage-by-stage progress only where a person watches (a terminal) or asked (--verbose).
    import logging

    chatty = not quiet and (sys.stderr.isatty() or logging.getLogger().isEnabledFor(logging.INFO))
    report = run(archive, draft=draft, settings=settings, on_stage=lambda s: _say(not chatty, s))
    try:
        written = write_formats(report, out, formats)
    except OSError as exc:
        raise ClaimcheckError(f"{out}: cannot write the report ({exc.strerror or exc})", EXIT_OUTPUT) from None
    for skipped in report.skipped:
        _say(quiet, f"warning: {skipped.path}: {skipped.reason}; skipped")
    for warning in report.warnings:
        _say(quiet, f"warning: {warning}")
    open_conflicts = [c for c in report.conflicts if c.id not in report.acknowledged]
    _say(
        quiet,
        f"{len(report.articles)} articles, {report.sentences} sentences, {len(report.clusters)} clusters, "
        f"{len(open_conflicts)} open findings ({len(report.acknowledged)} acknowledged) -> "
        + ", ".join(str(p) for p in written),
    )
    failing = [c for c in open_conflicts if c.verdict in fail_on]
    if failing:
        _say(quiet, f"{len(failing)} open finding(s) with verdict {', '.join(fail_on)}: failing")
        return EXIT_FINDINGS
    return EXIT_OK


@cli.command(
    epilog="""\b
Example:
  claimcheck ack c-3f2a9b1c0d4e --note "Term was extended; both are right" --by "J. Editor"
"""
)
@click.argument("finding_id")
@click.option("--note", required=True, help="Why the finding needs no change.")
@click.option("--by", default=None, help="Who reviewed it.")
@click.option("--articles", "folder", type=click.Path(path_type=Path), default=Path("articles"), show_default=True, help="Archive folder whose acknowledged.yaml records it.")
def ack(finding_id: str, note: str, by: str | None, folder: Path) -> None:
    """Mark a finding as reviewed, by its id, with a note.

    Acknowledged findings are listed apart in the report and never trip --fail-on.
    """
    from claimcheck.ack import ack_path, add_ack

    if not folder.is_dir():
        click.echo(f"Error: {folder}: no such folder", err=True)
        sys.exit(EXIT_USAGE)
    try:
        path = ack_path(folder)
        add_ack(path, finding_id, note, by)
    except ClaimcheckError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"claimcheck: {finding_id} acknowledged in {path}", err=True)


def _check_remote(
    draft: Path, against: Path, out: Path, fail_on: tuple[str, ...], quiet: bool, formats: tuple[str, ...], server: str
) -> int:
    """`check DRAFT --against ARCHIVE --server URL`: the service checks, this process writes the files."""
    import json

    from claimcheck import client
    from claimcheck.export import FILES
    from claimcheck.report import write_documents

    if not draft.is_file():
        raise ClaimcheckError(f"{draft}: no such file", EXIT_USAGE)
    served = client.health(server).get("archive", [])
    if not client.same_archive(served, against):
        raise ClaimcheckError(f"the service at {server} serves {', '.join(served) or 'no archive'}, not {against}", EXIT_USAGE)
    _check_writable(out)
    report = client.check_file(server, draft, "json")
    documents = [(FILES["json"], report)] if "json" in formats else []
    documents += [(FILES[f], client.check_file(server, draft, f)) for f in formats if f != "json"]
    written = write_documents(out, documents)
    data = json.loads(report)
    for warning in data.get("warnings", []):
        _say(quiet, f"warning: {warning}")
    # Schema 2 lists "findings", schema 1 "conflicts".
    conflicts = data["findings"] if isinstance(data.get("findings"), list) else data.get("conflicts", [])
    open_conflicts = [c for c in conflicts if not c.get("acknowledged")]
    _say(
        quiet,
        f"checked by {server}: {len(open_conflicts)} open findings ({len(conflicts) - len(open_conflicts)} acknowledged) -> "
        + ", ".join(str(p) for p in written),
    )
    failing = [c for c in open_conflicts if c.get("verdict") in fail_on]
    if failing:
        _say(quiet, f"{len(failing)} open finding(s) with verdict {', '.join(fail_on)}: failing")
        return EXIT_FINDINGS
    return EXIT_OK


@cli.command(
    epilog=f"""\b
Examples:
  claimcheck serve articles/                       # http://127.0.0.1:8765, docs at /docs
  curl -s localhost:8765/check -H 'Content-Type: application/json' \\
       -d '{{"text": "The toll rose to 97 on Tuesday.", "published": "2024-08-09"}}'
  claimcheck check draft.txt --against articles/ --server http://127.0.0.1:8765

\b
Exit codes:
{_EXIT_HELP}"""
)
@click.argument("archive", type=click.Path(path_type=Path), default=Path("articles"))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Anything but loopback lets whoever reaches the port read the archive's quotes and run checks, with no authentication (see README).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--rescan-interval", type=click.FloatRange(min=0), default=2.0, show_default=True, help="Seconds between looks at the archive's files for added, changed or removed articles (0: only on POST /rescan).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None, help="Embedding cache folder [default: $CLAIMCHECK_CACHE or ~/.cache/claimcheck].")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Cosine similarity that makes two claims near-duplicates (clusters).")
@click.option("--pair-threshold", type=click.FloatRange(0, 1), default=None, help="Cosine similarity above which neighbouring claims are compared.")
@click.option("--assume-published", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Publication date (YYYY-MM-DD) for articles (and drafts) with none in their metadata or text.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.option("-v", "--verbose", is_flag=True, help="Log details, and show the traceback of an internal error.")
def serve(
    archive: Path,
    host: str,
    port: int,
    rescan_interval: float,
    cache_dir: Path | None,
    threshold: float | None,
    pair_threshold: float | None,
    assume_published: "dt.datetime | None",
    quiet: bool,
    verbose: bool,
) -> None:
    """Serve ARCHIVE over HTTP: POST a draft to /check and get its findings back in well under a second.

    Loads the model and ARCHIVE (default: articles/) once, keeps them current
    as articles are added, changed or removed, and answers on
    http://HOST:PORT: POST /check, GET /findings, /stories, /health, and the
    API documentation at /docs. Drafts are never written anywhere.
    """
    import logging

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="claimcheck: %(message)s")
    if not archive.exists():
        click.echo(f"Error: {archive}: no such file or folder", err=True)
        sys.exit(EXIT_USAGE)
    try:
        from claimcheck.pipeline import Settings
        from claimcheck.serve import is_loopback, serve as run_service

        defaults = Settings()
        settings = Settings(
            cluster_threshold=defaults.cluster_threshold if threshold is None else threshold,
            pair_threshold=defaults.pair_threshold if pair_threshold is None else pair_threshold,
            cache_dir=cache_dir,
            assume_published=assume_published.date() if assume_published else None,
        )
        if not is_loopback(host):
            _say(False, f"warning: listening on {host}: anyone who can reach port {port} can read the archive's quotes and run checks; there is no authentication")
        run_service(archive, settings, host=host, port=port, rescan_interval=rescan_interval, say=lambda m: _say(quiet, m))
    except ClaimcheckError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message
        if verbose:
            import traceback

            traceback.print_exc()
        click.echo(f"Error: internal error: {exc.__class__.__name__}: {exc} (run with --verbose for the traceback)", err=True)
        sys.exit(EXIT_INTERNAL)


def main() -> None:
    """Entry point of the `claimcheck` console script."""
    cli()
