"""read_json refuses every odd file at once, in one line: FIFOs, devices, folders, huge, deep.

Each odd case runs in a worker thread joined with a generous bound, so a regression to a blocking
open() fails the test instead of hanging the suite (the bound is a safety net, not a measurement).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from backtimer.core.jsonfile import (
    JsonFileError,
    JsonProblem,
    parse_json_text,
    read_json,
)
from tests.helpers.no_hang import without_hanging

LIMIT = 64 * 1024

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and /dev")


def _refused(path: Path, **kwargs: Any) -> JsonFileError:
    kwargs.setdefault("max_bytes", LIMIT)
    with pytest.raises(JsonFileError) as caught:
        without_hanging(lambda: read_json(path, **kwargs))
    error = caught.value
    assert "\n" not in str(error)
    assert str(path) in str(error)
    return error


def test_reads_a_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"a": [1, 2.5, "x"], "b": null}', encoding="utf-8")
    assert read_json(path, max_bytes=LIMIT) == {"a": [1, 2.5, "x"], "b": None}


def test_skips_a_leading_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf[1]")
    assert read_json(path, max_bytes=LIMIT) == [1]


def test_missing_file_is_its_own_kind(tmp_path: Path) -> None:
    assert _refused(tmp_path / "nothing.json").kind is JsonProblem.MISSING


@needs_posix
def test_fifo_without_a_writer_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    os.mkfifo(path)
    error = _refused(path)
    assert error.kind is JsonProblem.NOT_REGULAR
    assert "named pipe" in error.reason
    assert not error.may_set_aside


@needs_posix
def test_link_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.symlink_to("/dev/zero")
    error = _refused(path)
    assert error.kind is JsonProblem.NOT_REGULAR
    assert "character device" in error.reason


def test_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.mkdir()
    error = _refused(path)
    assert error.kind is JsonProblem.NOT_REGULAR
    assert "folder" in error.reason


def test_dangling_link_is_not_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.symlink_to(tmp_path / "gone.json")
    assert _refused(path).kind is JsonProblem.NOT_REGULAR


def test_link_to_a_regular_file_is_followed_unless_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("[1]", encoding="utf-8")
    path = tmp_path / "a.json"
    path.symlink_to(target)
    assert read_json(path, max_bytes=LIMIT) == [1]
    assert _refused(path, follow_symlinks=False).kind is JsonProblem.NOT_REGULAR


def test_too_large_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[" + "1," * LIMIT + "1]", encoding="utf-8")
    error = _refused(path)
    assert error.kind is JsonProblem.BAD_CONTENT
    assert "absurdly large" in error.reason
    assert error.may_set_aside


def test_five_thousand_digit_number_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"a": ' + "9" * 5000 + "}", encoding="utf-8")
    error = _refused(path)
    assert error.kind is JsonProblem.BAD_CONTENT
    assert "number is absurdly long" in error.reason


def test_huge_exponent_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[1e999]", encoding="utf-8")
    assert "too large" in _refused(path).reason


def test_nan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[NaN]", encoding="utf-8")
    assert "NaN" in _refused(path).reason


def test_hundred_thousand_nested_brackets_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    error = _refused(path, max_bytes=1024 * 1024, max_depth=32)
    assert error.kind is JsonProblem.BAD_CONTENT
    assert "nested too deeply" in error.reason


def test_brackets_inside_strings_do_not_count_as_depth(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    text = json.dumps({"note": "[" * 500 + '\\" {{{', "x": [[1]]})
    path.write_text(text, encoding="utf-8")
    assert read_json(path, max_bytes=LIMIT, max_depth=3)["x"] == [[1]]


def test_depth_at_the_limit_is_accepted_and_one_more_refused() -> None:
    assert parse_json_text("[[[1]]]", max_depth=3) == [[[1]]]
    with pytest.raises(ValueError, match="nested too deeply"):
        parse_json_text("[[[[1]]]]", max_depth=3)


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b'{"a": "\xff"}')
    error = _refused(path)
    assert error.kind is JsonProblem.BAD_CONTENT
    assert "0xff" in error.reason
    assert error.where == "byte offset 7"


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "a": ,\n}', encoding="utf-8")
    error = _refused(path)
    assert error.reason.startswith("malformed JSON")
    assert error.where == "line 2, column 8"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("  \n", encoding="utf-8")
    assert _refused(path).reason == "file is empty"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_regular_file_may_be_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[1]", encoding="utf-8")
    path.chmod(0)
    error = _refused(path)
    assert error.kind is JsonProblem.UNREADABLE
    assert error.may_set_aside


def test_object_pairs_hook_is_passed_through(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    assert read_json(path, max_bytes=LIMIT, object_pairs_hook=list) == [("a", 1), ("a", 2)]
