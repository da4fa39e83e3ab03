"""Shared fixtures: the real model loaded once per session, offline, with a private cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"


@pytest.fixture(scope="session")
def model():
    """The real all-MiniLM-L6-v2, loaded once for the whole session."""
    from claimcheck.embed import load_model

    return load_model()


@pytest.fixture
def embedder(model, tmp_path):
    """An Embedder with a fresh cache that reuses the session's model."""
    from claimcheck.embed import Embedder

    made = Embedder(tmp_path / "cache", model_loader=lambda: model)
    yield made
    made.close()


@pytest.fixture(scope="session")
def seed_cache(model, tmp_path_factory) -> Path:
    """An embedding cache that holds every sentence of articles/."""
    return tmp_path_factory.mktemp("seed-cache")


@pytest.fixture(scope="session")
def seed_report(model, seed_cache):
    """The real pipeline over articles/, run once for the session."""
    from claimcheck.embed import Embedder
    from claimcheck.pipeline import run

    made = Embedder(seed_cache, model_loader=lambda: model)
    try:
        return run([ARTICLES], embedder=made)
    finally:
        made.close()


# How many report.json documents the session's tests wrote and the schema checked.
_VALIDATED: list[int] = [0]


@pytest.fixture(scope="session", autouse=True)
def _every_written_report_is_valid():
    """Check every report.json a test writes (through `write_reports`) against the shipped JSON Schema.

    The JSON renderer that `write_reports` calls is wrapped for the session, so a
    report that breaks the schema fails the test that wrote it, before it is written.
    """
    import json

    import claimcheck.report as report_pkg
    from report_checks import assert_valid_report

    def checked(render):
        def render_checked(report, *data) -> str:
            text = render(report, *data)
            assert_valid_report(json.loads(text))
            _VALIDATED[0] += 1
            return text

        return render_checked

    files = tuple((name, checked(render) if name == "report.json" else render) for name, render in report_pkg.REPORT_FILES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_pkg, "REPORT_FILES", files)
        yield


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _VALIDATED[0]:
        terminalreporter.write_line(f"report.json documents written and checked against the schema: {_VALIDATED[0]}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/*/findings.txt from the current output, for review in git diff.",
    )
