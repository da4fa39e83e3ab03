"""The engine layer without Ray: the local engine imports no Ray, story batches change nothing, the CLI's engine options."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.engine import LocalEngine, _bundles, _same_code, engine_for
from claimcheck.errors import ClaimcheckError
from claimcheck.extract import make_claim
from claimcheck.model import Article, Sentence
from claimcheck.pipeline import Settings, compare, compare_story, iter_story_pairs

ROOT = Path(__file__).resolve().parent.parent


def _claims() -> tuple[list, dict[str, Article], dict[str, str]]:
    """Two stories of two articles each, with values the sentence rules compare."""
    texts = {
        "a1": ["The forum will be held in Phnom Penh.", "Cambodia is coordinator until 2024."],
        "a2": ["The forum will be held in Vientiane, Laos.", "Cambodia was coordinator until last month."],
        "b1": ["The summit opens in Geneva.", "The talks were confirmed by the ministry."],
        "b2": ["The summit opens in Vienna.", "The talks were not confirmed by the ministry."],
    }
    published = {"a1": dt.date(2022, 7, 28), "a2": dt.date(2024, 8, 9), "b1": dt.date(2024, 1, 1), "b2": dt.date(2024, 1, 2)}
    claims = []
    for article, sentences in texts.items():
        for n, text in enumerate(sentences):
            claims.append(make_claim(Sentence(article, n, 0, len(text), text), published[article]))
    articles = {a: Article(id=a, path=f"{a}.txt", text=" ".join(t), published=published[a]) for a, t in texts.items()}
    return claims, articles, {"a1": "s-a", "a2": "s-a", "b1": "s-b", "b2": "s-b"}


def test_engine_story_batches_give_what_one_comparison_gives() -> None:
    claims, articles, story_of = _claims()
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(claims), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[1] = vectors[3]  # the coordinator sentences nearly repeat each other
    pairs = sorted(
        (i, j)
        for i in range(len(claims))
        for j in range(i + 1, len(claims))
        if story_of[claims[i].article] == story_of[claims[j].article]
    )
    cluster_of = {1: "k-1", 3: "k-1"}

    def near(i: int, j: int) -> bool:
        return float(vectors[i] @ vectors[j]) >= 0.70

    whole = compare(claims, pairs, articles, cluster_of, near, story_of)
    batches = list(iter_story_pairs(claims, pairs, vectors, cluster_of, articles, story_of, 0.70))
    assert [b.story for b in batches] == ["s-a", "s-b"]
    split = sorted((c for b in LocalEngine().map_compare(batches) for c in b), key=lambda c: (c.severity, c.verdict, c.id))
    assert whole, "the hand-built stories must produce findings"
    assert sorted(whole, key=lambda c: (c.severity, c.verdict, c.id)) == split
    assert [compare_story(b) for b in batches] == LocalEngine().map_compare(batches)


def test_engine_bundles_small_stories_in_order() -> None:
    assert list(_bundles([5, 5, 10, 1, 30, 2], 10)) == [[0, 1], [2], [3, 4], [5]]
    assert list(_bundles([], 10)) == []


def test_engine_local_by_default() -> None:
    assert engine_for(Settings()).name == "local"


def test_engine_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(ClaimcheckError, match="unknown engine 'spark'; choose from local, ray"):
        engine_for(Settings(engine="spark"))


def test_engine_worker_with_other_code_is_refused() -> None:
    _same_code("the embedding model", "m-1", "m-1")
    with pytest.raises(ClaimcheckError, match="a Ray worker runs a different version of the embedding model"):
        _same_code("the embedding model", "m-1", "m-2")


def test_engine_local_run_imports_no_ray(tmp_path: Path) -> None:
    """A whole local run (a stand-in model, the real parser) never imports Ray."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("---\npublished: 2024-01-02\n---\nThe summit opens in Geneva on 3 March. 21 people attended.\n")
    script = textwrap.dedent(
        f"""
        import sys
        import numpy as np
        from claimcheck.embed import Embedder
        from claimcheck.pipeline import run

        class Model:
            def encode(self, texts, **kwargs):
                out = np.ones((len(texts), 384), dtype=np.float32)
                return out / np.linalg.norm(out, axis=1, keepdims=True)

        embedder = Embedder({str(tmp_path / 'cache')!r}, model_loader=Model)
        report = run([{str(folder)!r}], embedder=embedder)
        embedder.close()
        assert report.sentences == 2, report.sentences
        print("ray" in sys.modules, any(m.startswith("ray.") for m in sys.modules))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("option", [["--workers", "2"], ["--ray-address", "auto"]])
def test_engine_cli_ray_options_need_engine_ray(option: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(ROOT / "articles"), "--out", str(tmp_path / "out"), *option])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "Error: --ray-address and --workers need --engine ray"


def test_engine_cli_unknown_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(ROOT / "articles"), "--engine", "spark"])
    assert result.exit_code == 2
    assert "'spark' is not one of 'local', 'ray'" in result.output


def test_engine_cli_ray_missing_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as if not installed
    result = CliRunner().invoke(
        cli, ["check", str(ROOT / "articles"), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"), "--engine", "ray", "-q"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "Error: --engine ray needs Ray: pip install 'claimcheck[ray]'"


def test_engine_cli_help_documents_the_options() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    for option in ("--engine", "--ray-address", "--workers"):
        assert option in result.output
    assert "--engine ray --ray-address auto --workers 8" in result.output

