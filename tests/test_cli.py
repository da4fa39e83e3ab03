"""The command line: exit codes, one-line errors, --fail-on, drafts and acknowledgements."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck import __version__
from claimcheck.cli import cli
from conftest import ARTICLES


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_version() -> None:
    result = _invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_cli_help_lists_examples_and_exit_codes() -> None:
    result = _invoke("check", "--help")
    assert result.exit_code == 0
    for text in ("Examples:", "--against", "--fail-on", "Exit codes:", "  3  no readable article"):
        assert text in result.output


def test_cli_missing_path(tmp_path: Path) -> None:
    result = _invoke("check", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope'}: no such file or folder\n"


def test_cli_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _invoke("check", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 3
    assert result.stderr == f"Error: {tmp_path / 'empty'}: no readable article to check\n"


def test_cli_unwritable_output(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "reports"
    result = _invoke("check", str(ARTICLES), "--out", str(out))
    assert result.exit_code == 4
    assert result.stderr == f"Error: {out}: cannot write the report there (Not a directory)\n"


def test_cli_unknown_verdict_is_a_usage_error(tmp_path: Path) -> None:
    result = _invoke("check", str(ARTICLES), "--fail-on", "wrong")
    assert result.exit_code == 2
    assert "unknown verdict 'wrong'" in result.stderr


def test_cli_against_takes_one_draft(tmp_path: Path) -> None:
    result = _invoke("check", "a.txt", "b.txt", "--against", str(ARTICLES), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == "Error: --against takes exactly one draft: claimcheck check DRAFT --against ARCHIVE\n"


def test_cli_internal_error_is_one_line_unless_verbose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(claimcheck.pipeline, "run", boom)
    result = _invoke("check", str(ARTICLES), "--out", str(tmp_path))
    assert result.exit_code == 5
    assert result.stderr == "Error: internal error: RuntimeError: boom (run with --verbose for the traceback)\n"
    verbose = _invoke("check", str(ARTICLES), "--out", str(tmp_path), "--verbose")
    assert verbose.exit_code == 5
    assert "Traceback (most recent call last)" in verbose.stderr


@pytest.mark.model
def test_cli_fail_on_and_acknowledge(seed_report, seed_cache: Path, tmp_path: Path) -> None:
    archive = tmp_path / "articles"
    shutil.copytree(ARTICLES, archive)
    (archive / "zz-binary.txt").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "reports"
    common = ("--out", str(out), "--cache-dir", str(seed_cache), "-q")

    clean = _invoke("check", str(archive), *common)
    assert clean.exit_code == 0, clean.stderr
    data = json.loads((out / "report.json").read_text())
    assert data["skipped"] == [{"path": str(archive / "zz-binary.txt"), "reason": "binary file (contains NUL bytes)"}]
    changed = [f["id"] for f in data["findings"] if f["verdict"] == "changed"]
    assert changed

    failing = _invoke("check", str(archive), *common, "--fail-on", "changed,contradiction")
    assert failing.exit_code == 1

    for finding_id in changed:
        acked = _invoke("ack", finding_id, "--note", "Both right at the time", "--by", "Desk", "--articles", str(archive))
        assert acked.exit_code == 0, acked.stderr
    passing = _invoke("check", str(archive), *common, "--fail-on", "changed")
    assert passing.exit_code == 0
    data = json.loads((out / "report.json").read_text())
    assert {f["id"] for f in data["findings"] if f["acknowledged"]} == set(changed)


def test_cli_ack_needs_an_existing_folder(tmp_path: Path) -> None:
    result = _invoke("ack", "c-1", "--note", "x", "--articles", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope'}: no such folder\n"


@pytest.mark.model
def test_cli_draft_report_goes_beside_the_archive_report(seed_report, seed_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text("---\npublished: 2024-09-02\n---\nCambodia was the ASEAN country coordinator for the dialogue with Russia until 2025.\n")
    result = _invoke("check", str(draft), "--against", str(ARTICLES), "--cache-dir", str(seed_cache), "-q", "--fail-on", "changed,contradiction")
    data = json.loads((tmp_path / "reports" / "draft" / "report.json").read_text())
    assert data["draft"] == str(draft)
    assert not (tmp_path / "reports" / "report.json").exists()
    assert data["findings"] and all("draft" in f["articles"] for f in data["findings"])
    assert result.exit_code == (1 if any(f["verdict"] in ("changed", "contradiction") for f in data["findings"]) else 0)
