"""`claimcheck check --format`: which files are written, and the CSV table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.export import parse_formats
from conftest import ARTICLES


@pytest.mark.parametrize("value,expected", [("json,md,html", ("json", "md", "html")), ("csv", ("csv",)), (" CSV , json", ("json", "csv"))])
def test_export_parse_formats(value: str, expected: tuple) -> None:
    assert parse_formats(value) == expected


@pytest.mark.parametrize("value,message", [("xml", "unknown format 'xml'; choose from json, md, html, csv"), (",", "no format given; choose from json, md, html, csv")])
def test_export_parse_formats_refuses(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_formats(value)


def test_export_cli_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(ARTICLES), "--format", "xml", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "Invalid value for '--format': unknown format 'xml'; choose from json, md, html, csv" in result.output


@pytest.mark.model
def test_export_cli_csv_writes_only_the_table(seed_report, seed_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = CliRunner().invoke(cli, ["check", str(ARTICLES), "--format", "csv", "--out", str(out), "--cache-dir", str(seed_cache), "-q"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["report.csv"]
    with open(out / "report.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(c.claims) for c in seed_report.findings)
    assert {r["finding"] for r in rows} == {c.id for c in seed_report.findings}


@pytest.mark.model
def test_export_cli_json_alone_is_the_default_json(seed_cache: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    both = [runner.invoke(cli, ["check", str(ARTICLES), *extra, "--out", str(tmp_path / name), "--cache-dir", str(seed_cache), "-q"]) for name, extra in (("all", []), ("json", ["--format", "json"]))]
    assert [r.exit_code for r in both] == [0, 0]
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["report.html", "report.json", "report.md"]
    assert [p.name for p in (tmp_path / "json").iterdir()] == ["report.json"]
    assert json.loads((tmp_path / "json" / "report.json").read_text()) == json.loads((tmp_path / "all" / "report.json").read_text())
