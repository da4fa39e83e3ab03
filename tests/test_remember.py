"""Answers remembered in a cache folder: asked once, read back, re-asked when damaged or invalid."""

from __future__ import annotations

import json
from pathlib import Path

from claimcheck.remember import Remembered, adopt, answers, recall, remembered_folder, remembering_in


def test_remember_recall_asks_once_per_folder(tmp_path: Path) -> None:
    asked: list[str] = []

    def answer(q: str) -> int:
        asked.append(q)
        return len(q)

    for _ in range(2):
        with remembering_in(tmp_path):
            assert [recall("t-x1-v1.json", q, lambda q=q: answer(q), lambda v: isinstance(v, int)) for q in ("ab", "abc", "ab")] == [2, 3, 2]
    assert asked == ["ab", "abc"]
    # Outside a folder every call is asked.
    assert recall("t-x1-v1.json", "ab", lambda: answer("ab"), lambda v: True) == 2
    assert asked == ["ab", "abc", "ab"]


def test_remember_invalid_or_damaged_answers_are_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    first = Remembered(path)
    assert first.get("q", lambda: [1, 2], lambda v: True) == [1, 2]
    first.save()
    assert len(json.loads(path.read_text())) == 1
    # An answer the caller cannot use is asked again and replaced.
    again = Remembered(path)
    assert again.get("q", lambda: "fresh", lambda v: isinstance(v, str)) == "fresh"
    again.save()
    assert list(json.loads(path.read_text()).values()) == ["fresh"]
    path.write_bytes(b"\xff not json")
    assert Remembered(path).get("q", lambda: 7, lambda v: True) == 7


def test_remember_file_keeps_the_last_runs_answers_first(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    old = Remembered(path, limit=3)
    for q in "abc":
        old.get(q, lambda q=q: q, lambda v: True)
    old.save()
    new = Remembered(path, limit=3)
    for q in "de":
        new.get(q, lambda q=q: q, lambda v: True)
    new.save()
    assert sorted(json.loads(path.read_text()).values()) in (["a", "d", "e"], ["b", "d", "e"], ["c", "d", "e"])


def test_remember_a_helpers_answers_are_adopted_and_written_by_the_run(tmp_path: Path) -> None:
    # The helper reads the folder without writing and hands back what it used; the run writes it.
    with remembering_in(tmp_path, write=False):
        assert remembered_folder() == tmp_path
        recall("t-x1-v1.json", "miles", lambda: 1.609, lambda v: True)
        handed = answers()
    assert list(tmp_path.iterdir()) == []
    with remembering_in(tmp_path):
        recall("t-x1-v1.json", "feet", lambda: 0.3048, lambda v: True)
        adopt(handed)
    kept = json.loads((tmp_path / "t-x1-v1.json").read_text())
    assert sorted(kept.values()) == [0.3048, 1.609]
    # Read back, neither is asked again.
    with remembering_in(tmp_path):
        assert recall("t-x1-v1.json", "miles", lambda: -1, lambda v: True) == 1.609
    assert answers() == {} and remembered_folder() is None
