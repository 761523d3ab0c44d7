from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from netbrake.cli.app import main


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["netbrake", *argv])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_text_check_prints_hits_and_extracted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["text", "check", "s3ll3r age 31⏪ backup @b_2"], monkeypatch) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text_id"] == "arg"
    # The seller term is weak alone; beside the reversed minor age it is a combination.
    assert [h["entry_id"] for h in out["hits"]] == ["kw.seller", "combo.seller-minor-age"]
    assert out["hits"][0]["variant"] == "leet"
    assert out["hits"][1]["variant"] == "combination"
    kinds = {e["kind"]: e for e in out["extracted"]}
    assert kinds["age_claim"]["age"] == 13
    assert kinds["handle_mention"] == {
        "kind": "handle_mention",
        "handle": "b_2",
        "relation": "backup",
        "span": [22, 26],
    }


def test_text_scan_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bios.txt"
    path.write_text(
        "hello world\n#mnsfwvibes\n\ud800 bad\n", encoding="utf-8", errors="surrogatepass"
    )
    assert run(["text", "scan", str(path)], monkeypatch) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["text_id"] for line in lines] == ["1", "2", "3"]
    assert lines[0]["hits"] == []
    assert lines[1]["hits"][0]["entry_id"] == "tag.mnsfw"


def test_text_scan_jsonl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "posts.jsonl"
    records = [
        {"text_id": "p1", "text": "tradeportal dot example"},
        {"text_id": "p2", "text": "ok"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert run(["text", "scan", str(path)], monkeypatch) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["text_id"] for line in lines] == ["p1", "p2"]
    assert lines[0]["hits"][0]["entry_id"] == "site.tradeportal"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"text": "ok"}\n{not json\n', "row 2: invalid JSON"),
        ('{"text": "ok"}\n{"text_id": "x"}\n', "row 2, field 'text'"),
        ("[1, 2]\n", "row 1, field 'text'"),
    ],
)
def test_text_scan_bad_jsonl_line_is_one_line_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    fragment: str,
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    assert run(["text", "scan", str(path)], monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert str(path) in err
    assert fragment in err


def test_text_check_uses_the_global_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.toml"
    path.write_text(
        '[[lexicon]]\nid = "team.blockedname"\nterm = "zorbex"\nkind = "keyword"\n'
        'category = "offplatform"\nseverity = "high"\nmatch = "prefix"\n',
        encoding="utf-8",
    )
    assert run(["--policy", str(path), "text", "check", "z0rb3x2go"], monkeypatch) == 0
    out = json.loads(capsys.readouterr().out)
    assert [h["entry_id"] for h in out["hits"]] == ["team.blockedname"]
