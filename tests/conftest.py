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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/*/findings.txt from the current output, for review in git diff.",
    )
