"""``netbrake hash``, ``match`` and ``bank`` from the outside, and the no-media-bytes rule."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from tests.cli_process import run_netbrake
from typer.testing import CliRunner, Result

from netbrake.cli.app import app

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def cli(home: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env={"NETBRAKE_HOME": str(home)})


def lines(result: Result) -> list[Any]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith(("{", "["))]


def test_hash_prints_one_json_line_per_file(
    tmp_path: Path, image_file: Callable[..., Path]
) -> None:
    good = image_file(1)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    result = cli(tmp_path, "hash", str(good), str(empty))
    assert result.exit_code == 2
    out = lines(result)
    assert [r["path"] for r in out] == [str(good), str(empty)]
    assert len(out[0]["pdq"]) == 64
    assert out[0]["quality"] >= 50
    assert out[1]["error"] == "empty file (0 bytes)"


def test_bank_import_match_and_export(tmp_path: Path, image_file: Callable[..., Path]) -> None:
    banks = tmp_path / "banks"
    image = image_file(2)
    hashed = lines(cli(tmp_path, "hash", str(image)))[0]
    source = tmp_path / "list.txt"
    source.write_text(f"pdq {hashed['pdq']}\npdq nothex\nvideo_md5 {MD5}\n")
    imported = cli(tmp_path, "bank", "import", str(source), "--bank", "ncmec", "--exchange", "ncmec",
                   "--banks", str(banks), "--quarantine", str(tmp_path / "q.jsonl"))  # fmt: skip
    assert imported.exit_code == 0, imported.output
    assert lines(imported)[0] == {
        "bank": "ncmec",
        "added": 2,
        "duplicates": 0,
        "quarantined": 1,
        "entries": 2,
    }
    assert json.loads((tmp_path / "q.jsonl").read_text())["row"] == 2

    matched = cli(tmp_path, "match", str(image), MD5, "ab" * 16, "--banks", str(banks))
    assert matched.exit_code == 0, matched.output
    got = [(m["query"], m["kind"], m["bank"], m["distance"]) for m in lines(matched)]
    assert (str(image), "pdq", "ncmec", 0) in got
    assert (MD5, "md5", "ncmec", 0) in got
    assert len(got) == 2

    piped = cli(
        tmp_path, "match", "--input", "-", "--banks", str(banks), stdin=json.dumps(hashed) + "\n"
    )
    assert [m["provenance"]["exchange"] for m in lines(piped)] == ["ncmec"]

    listed = lines(cli(tmp_path, "bank", "list", "--banks", str(banks)))[0]
    assert listed == [
        {
            "bank": "ncmec",
            "threshold": 31,
            "rollout": 1.0,
            "entries": 2,
            "enabled": 2,
            "problems": 0,
        }
    ]

    out = tmp_path / "export.csv"
    exported = cli(
        tmp_path,
        "bank",
        "export",
        "ncmec",
        "--out",
        str(out),
        "--format",
        "te-csv",
        "--banks",
        str(banks),
    )
    assert exported.exit_code == 0
    assert out.read_text().splitlines()[0] == "signal_type,signal_str,collab,category,tags"


def test_review_addition_and_disable(tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    added = cli(tmp_path, "bank", "add", "local", PDQ, "--case", "case-9", "--banks", str(banks))
    entry = lines(added)[0]
    assert entry["provenance"]["exchange"] == "local-review"
    assert entry["provenance"]["source_id"] == "case-9"
    assert lines(cli(tmp_path, "match", PDQ, "--banks", str(banks)))[0]["bank"] == "local"
    cli(tmp_path, "bank", "disable", "local", "1", "--banks", str(banks))
    assert lines(cli(tmp_path, "match", PDQ, "--banks", str(banks))) == []


def test_low_quality_hash_is_reported_as_skipped(tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    cli(tmp_path, "bank", "add", "local", PDQ, "--case", "c", "--banks", str(banks))
    record = json.dumps({"path": "x.png", "md5": None, "pdq": PDQ, "quality": 12})
    out = lines(cli(tmp_path, "match", "-i", "-", "--banks", str(banks), stdin=record + "\n"))
    assert out == [
        {"query": "x.png", "kind": "pdq", "skipped": "low_quality", "detail": "PDQ quality 12 < 50"}
    ]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_netbrake(*args, home=home, secret=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("match", "--banks", "{banks}", "--bank", "nope", PDQ), "no bank named 'nope'"),
        (("match", "--banks", "{banks}"), "nothing to match"),
        (
            ("bank", "import", "{home}/missing.csv", "--bank", "x", "--banks", "{banks}"),
            "no such file",
        ),
        (("bank", "export", "nope", "--out", "{home}/o", "--banks", "{banks}"), "no bank named"),
    ],
)
def test_user_errors_are_one_line_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    filled = [a.format(home=tmp_path, banks=tmp_path / "banks") for a in args]
    proc = run(tmp_path, *filled)
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbrake: error: ")
    assert proc.stderr.count("\n") == 1
    assert message in proc.stderr


def test_only_hashes_reach_disk(tmp_path: Path) -> None:
    """Hash, bank and match a noise image: no file written and no output holds its bytes."""
    rng = np.random.default_rng(99)
    media = tmp_path / "media"
    media.mkdir()
    image = media / "noise.bmp"  # uncompressed: its pixel bytes would show up verbatim if copied
    Image.fromarray(rng.integers(0, 256, (96, 96, 3), dtype=np.uint8), "RGB").save(image)
    data = image.read_bytes()
    home, banks = tmp_path / "home", tmp_path / "banks"
    hashed = cli(home, "hash", str(image), "--dihedral")
    pdq = lines(hashed)[0]["pdq"]
    cli(home, "bank", "add", "local", pdq, "--case", "c1", "--banks", str(banks))
    matched = cli(home, "match", str(image), "--banks", str(banks))
    assert lines(matched)[0]["entry_hash"] == pdq

    windows = [data[i : i + 24] for i in range(60, len(data) - 24, len(data) // 64)]
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != media]
    assert written, "the bank file at least must exist"
    assert not any(p.suffix in {".sqlite", ".db"} for p in written)
    for blob in [p.read_bytes() for p in written] + [hashed.stdout_bytes, matched.stdout_bytes]:
        assert not any(w in blob for w in windows)
    assert sorted(p.name for p in media.iterdir()) == ["noise.bmp"]


def test_video_without_the_video_extra_names_it(
    tmp_path: Path, image_file: Callable[..., Path]
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    image = image_file(1)
    proc = run_netbrake("hash", str(video), str(image), home=tmp_path, without=["vpdq"])
    assert proc.returncode == 2
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first["error"] == (
        "video hashing (vPDQ): needs the 'video' extra: pip install 'netbrake[video]'"
    )
    assert second["pdq"], "the image is still hashed"
    assert proc.stderr.count("\n") == 1
    assert "needs the 'video' extra: pip install 'netbrake[video]'" in proc.stderr
