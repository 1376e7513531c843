"""`python -m backtimer` and the `backtimer` entry point (both go through `main`)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from backtimer import cli

logger = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
