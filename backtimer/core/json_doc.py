"""Strict reading of the JSON files a person may hand backtimer, and one-line errors about them.

A library or routine file is written by hand (a physiotherapist, a text editor), so every mistake
must come back as one line that names the file, the item and the field, and says what is wrong and,
where it can, what was meant ("unknown exercise 'glute_brige' (did you mean 'glute_bridge'?)").
Nothing here raises anything but `LoadError` for bad input, whatever the input is: the CLI turns it
into exit code 2 and the UI shows it, and neither wants a traceback.

Unknown keys are errors, not ignored, so a typo ("hodl": 10) cannot silently fall back to a
default. Duplicate keys inside one JSON object are errors for the same reason (the json module
would keep the last one without a word). Text that would display as something else (a
right-to-left override, an invisible character, a line separator) is refused; see
docs/file-limits.md.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from backtimer.core import jsonfile

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024  # a routine file is a few kilobytes, the library well under 200 KiB

ID_PATTERN = re.compile(r"[a-z0-9_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Categories of characters that change how the text around them displays while being invisible
# themselves: format characters (bidi overrides U+202A-202E and U+2066-2069, zero-width U+200B-200D,
# U+2060, U+FEFF, soft hyphen) and the line and paragraph separators U+2028 / U+2029.
_DECEPTIVE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


class LoadError(Exception):
    """A library or routine file that cannot be used; `str()` is one line: path: where: message."""

    def __init__(self, path: str, where: str, message: str) -> None:
        super().__init__(path, where, message)
        self.path = path
        self.where = where
        self.message = message

    def __str__(self) -> str:
        text = ": ".join(part for part in (self.path, self.where, self.message) if part)
        # Paths and keys come from outside; the line must stay one line whatever they contain,
        # and must not be turned around by a right-to-left override hidden in a file name.
        text = text.replace("\r", "\\r").replace("\n", "\\n")
        return "".join(_escape(char) if _deceptive(char) else char for char in text)


def _deceptive(char: str) -> bool:
    return unicodedata.category(char) in _DECEPTIVE_CATEGORIES or char == "\x85"


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}"


def first_deceptive(text: str) -> str | None:
    """The first character of `text` that would make it display as something else, if any."""
    return next((char for char in text if _deceptive(char)), None)


def note_unique(doc: Doc, seen: dict[str, str], kind: str, ident: str, where: str) -> None:
    """Fail on an id already used in the same list, naming where it first stood; else note it."""
    if ident in seen:
        doc.fail(field(where, "id"), f"duplicate {kind} id {show(ident)} (also {seen[ident]})")
    seen[ident] = where

# --- reading ----------------------------------------------------------------------------------


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers which keys it saw more than once."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject()
    duplicates: list[str] = []
    for key, value in pairs:
        if key in obj and key not in duplicates:
            duplicates.append(key)
        obj[key] = value
    if duplicates:
        obj.duplicates = tuple(duplicates)
    return obj


def read_json(path: Path) -> object:
    """Read one JSON document with the shared safe reader (`backtimer.core.jsonfile`).

    That reader opens regular files only, without blocking, bounded in size, depth and number
    length; here its one-line reason becomes a LoadError naming the file.
    """
    try:
        return jsonfile.read_json(path, max_bytes=MAX_FILE_BYTES, object_pairs_hook=_object_pairs)
    except jsonfile.JsonFileError as exc:
        raise LoadError(str(path), exc.where, exc.reason) from None


# --- checking ---------------------------------------------------------------------------------


def field(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def label(where: str, value: object) -> str:
    """`routines[2]` -> `routines[2] (gentle_start)` when the id is usable in a message."""
    if isinstance(value, str) and len(value) <= 60 and ID_PATTERN.fullmatch(value):
        return f"{where} ({value})"
    return where


def show(value: object) -> str:
    """A short, one-line rendering of a JSON value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else "an absurdly large number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = json.dumps(value[:40], ensure_ascii=True)[1:-1]
        return f"'{text}...'" if len(value) > 40 else f"'{text}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def suggest(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


class Doc:
    """Checks on one document; every failure raises LoadError naming `source`."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> NoReturn:
        raise LoadError(self.source, where, message)

    def document(self, data: object, known_version: int) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail("", f"the top level must be a JSON object {{...}}, not {show(data)}")
        self.no_duplicates(data, "")
        if "schema_version" not in data:
            self.fail("schema_version", f'is missing (add "schema_version": {known_version})')
        version = data["schema_version"]
        if isinstance(version, bool) or not isinstance(version, int):
            self.fail("schema_version", f"must be a whole number, not {show(version)}")
        if version > known_version:
            self.fail(
                "schema_version",
                f"is {version}: the file was made by a newer backtimer "
                f"(this one reads version {known_version}); update backtimer",
            )
        if version < 1:
            self.fail("schema_version", f"must be {known_version}, not {version}")
        return data

    def no_duplicates(self, obj: dict[Any, Any], where: str) -> None:
        duplicates = getattr(obj, "duplicates", ())
        if duplicates:
            self.fail(field(where, str(duplicates[0])), "key appears twice in the same object")

    def keys(
        self, obj: dict[Any, Any], where: str, *, required: Sequence[str], optional: Sequence[str]
    ) -> None:
        allowed = (*required, *optional)
        for key in obj:
            if key not in allowed:
                hint = suggest(key, allowed) if isinstance(key, str) else ""
                if not hint:
                    hint = f" (expected {', '.join(allowed)})"
                self.fail(where, f"unknown key {show(key)}{hint}")
        for key in required:
            if key not in obj:
                self.fail(field(where, key), "is missing (required)")

    def obj(
        self, value: object, where: str, *, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"must be an object {{...}}, not {show(value)}")
        self.no_duplicates(value, where)
        self.keys(value, where, required=required, optional=optional)
        return value

    def items_of(
        self, value: object, where: str, what: str, *, allow_empty: bool = True
    ) -> list[tuple[str, object]]:
        """The entries of a list, each with its `where`, labelled with its id when it has one."""
        if not isinstance(value, list):
            self.fail(where, f"must be a list [...], not {show(value)}")
        if not value and not allow_empty:
            self.fail(where, f"is empty: at least one {what} is needed")
        entries: list[tuple[str, object]] = []
        for index, entry in enumerate(value):
            at = f"{where}[{index}]"
            ident = entry.get("id") if isinstance(entry, dict) else None
            entries.append((label(at, ident), entry))
        return entries

    def text(self, value: object, where: str, *, single_line: bool = True) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {show(value)}")
        if not value.strip():
            self.fail(where, "must not be empty")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(where, "contains an invalid \\u escape (a lone surrogate)")
        if single_line and _CONTROL.search(value):
            self.fail(where, "must not contain line breaks or other control characters")
        hidden = first_deceptive(value)
        if hidden is not None:
            self.fail(
                where,
                f"contains an invisible or direction-changing character (U+{ord(hidden):04X} "
                f"{unicodedata.name(hidden, 'unnamed').lower()}); remove it",
            )
        return value

    def paragraph(self, value: object, where: str) -> str:
        """Optional free text (a routine's goal): may be empty or run over several lines."""
        if isinstance(value, str) and not value.strip():
            return ""
        return self.text(value, where, single_line=False)

    def ident(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if not ID_PATTERN.fullmatch(text):
            self.fail(where, f"must be snake_case (a-z, 0-9 and _ only), not {show(text)}")
        return text

    def boolean(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"must be true or false, not {show(value)}")
        return value

    def integer(self, value: object, where: str, low: int, high: int, unit: str = "") -> int:
        # bool is a subclass of int in Python, but `true` is not a number of seconds.
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"must be a whole number, not {show(value)}")
        if not low <= value <= high:
            self.fail(where, f"must be between {low} and {high}{unit}, not {show(value)}")
        return value

    def choice(self, value: object, where: str, choices: Sequence[str]) -> str:
        text = self.text(value, where)
        if text not in choices:
            hint = suggest(text, choices) or f" (one of {', '.join(choices)})"
            self.fail(where, f"unknown value {show(text)}{hint}")
        return text

    def text_list(self, value: object, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(where, f"must be a list of text [...], not {show(value)}")
        if not value and not allow_empty:
            self.fail(where, "is empty: at least one entry is needed")
        return tuple(
            self.text(entry, f"{where}[{index}]", single_line=False)
            for index, entry in enumerate(value)
        )
