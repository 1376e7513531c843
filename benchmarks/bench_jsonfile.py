"""How long core/jsonfile.py takes to accept or refuse the worst 1 MiB files it can be given.

The routine and settings loaders must answer within a second for any file up to their 1 MiB
limit, whether the file is valid (half a million numbers) or hostile (deep nesting, long numbers,
a million quotes). The checks run before json.loads (a bracket scan and a number-length scan on
the text with its strings cut out), so this measures them together with the parse.

Run from the repository root:

    python benchmarks/bench_jsonfile.py [--repeat N]

Prints the best of N runs per case and exits 1 if any case takes a second or more.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backtimer.core.jsonfile import parse_json_text  # noqa: E402

BUDGET_SECONDS = 1.0
MIB = 1024 * 1024


def _cases() -> dict[str, str]:
    return {
        "500k integers": "[" + "1," * (MIB // 2 - 2) + "1]",
        "250k floats": "[" + "1.5," * (MIB // 4 - 2) + "1]",
        "strings full of [ and \\\"": "[" + '"a\\"[",' * (MIB // 8) + '"x"]',
        "260k nested []": "[[]," * (MIB // 4) + "]" * (MIB // 4),
        "a million quotes": '"' * MIB,
        "a 1 MiB number": "[" + "9" * (MIB - 2) + "]",
        "1 MiB of [": "[" * MIB,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    worst = 0.0
    for name, text in _cases().items():
        best = float("inf")
        outcome = "accepted"
        for _ in range(args.repeat):
            start = time.perf_counter()
            try:
                parse_json_text(text)
            except ValueError as exc:
                outcome = f"refused: {exc}"
            best = min(best, time.perf_counter() - start)
        worst = max(worst, best)
        print(f"{name:28} {len(text) / MIB:5.2f} MiB {best * 1000:7.1f} ms  {outcome[:70]}")
    print(f"slowest case: {worst * 1000:.1f} ms (budget {BUDGET_SECONDS * 1000:.0f} ms)")
    return 0 if worst < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
