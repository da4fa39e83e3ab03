"""Run claimcheck on the real-news dev set as one archive and score it against the labels.

Reads ../shared/devsets/news-dev in place (never copies it). Prints a table per
story: expected conflicts found, substantive ones, errors, right verdicts,
flagged non-conflicts, findings and findings that match no label (to be read
by hand: --show-unmatched prints them).

Usage (from the repository root):
  HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/score_news.py [--devset DIR] [--json out.json]
      [--show-unmatched] [--show-missed]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from claimcheck.evaluate import format_score, load_labels, score  # noqa: E402
from claimcheck.pipeline import Settings, run  # noqa: E402
from claimcheck.report.json_report import report_data  # noqa: E402

DEFAULT_DEVSET = Path(__file__).resolve().parents[1].parent / "shared" / "devsets" / "news-dev"


def main(argv: list[str] | None = None) -> int:
    """Run, score and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--show-unmatched", action="store_true")
    parser.add_argument("--show-missed", action="store_true")
    args = parser.parse_args(argv)
    files = sorted(args.devset.glob("*/*.md"))
    files = [f for f in files if f.name != "README.md"]
    if not files:
        print(f"{args.devset}: no article files", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache_dir or Path(tmp)
        report = run(files, settings=Settings(cache_dir=cache))
        data = report_data(report)
    if args.json:
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    result = score(data, load_labels(args.devset), args.devset)
    print(format_score(result))
    if args.show_missed:
        for name, row in sorted(result.stories.items()):
            print(f"missed {name}: {', '.join(row.missed_ids) or '-'}; alarms: {'; '.join(row.alarm_subjects) or '-'}")
    if args.show_unmatched:
        _print_unmatched(data, set(result.unmatched_findings))
    return 0


def _print_unmatched(data: dict, ids: set[str]) -> None:
    paths = {a["id"]: a["path"] for a in data["articles"]}
    for finding in data.get("findings") or data.get("conflicts") or []:
        if finding["id"] not in ids:
            continue
        print(f"\n## {finding['id']} {finding.get('verdict')} {finding.get('subject') or finding.get('attribute', '')}")
        values = finding.get("values") or [{"claims": finding.get("claims", [])}]
        for value in values:
            for claim in value["claims"]:
                where = "/".join(Path(paths.get(claim["article"], claim["article"])).parts[-2:])
                print(f"  [{where}] {claim['value']!r}: {claim['sentence'][:200]}")


if __name__ == "__main__":
    sys.exit(main())
