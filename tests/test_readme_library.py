"""The README's "Library / notebooks" example runs as written, and `import claimcheck` stays light."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT


def _library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library / notebooks", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's library section has no python example"
    return match.group(1)


@pytest.mark.model
def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE", str(tmp_path / "cache"))
    scope: dict = {}
    exec(compile(_library_example(), "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    report, draft = scope["report"], scope["draft"]
    assert report.findings and len(scope["frame"]) == sum(len(f.claims) for f in report.findings)
    assert len(scope["facts"]) == report.facts
    assert (tmp_path / "findings.csv").read_text(encoding="utf-8").startswith("finding,verdict")
    assert draft.findings and all("draft" in {s.article for s in f.claims} for f in draft.findings)
    assert "finding" in capsys.readouterr().out


def test_readme_import_claimcheck_loads_no_model() -> None:
    code = "import sys, claimcheck; print(sorted(m for m in ('torch', 'spacy', 'numpy', 'pandas', 'fastapi', 'sentence_transformers') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
