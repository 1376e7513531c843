"""Where the files shipped with the program live.

In a source checkout `resources/` and `assets/` sit beside the package; an installed copy carries
them inside it (`backtimer/resources`, `backtimer/assets`, see pyproject.toml). Both layouts are
looked up here so the rest of the code never cares which one it runs from.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"backtimer is installed without its {name}/ folder")


def resource_path(*parts: str) -> Path:
    """A file under resources/ (the exercise library)."""
    return _bundled_dir("resources").joinpath(*parts)


def asset_path(*parts: str) -> Path:
    """A file under assets/ (figures, sounds, icons)."""
    return _bundled_dir("assets").joinpath(*parts)
