"""python -m spec.crosscheck [--spec PATH] [--cache DIR] [--offline] [--curation PATH] [--strict]

Prints one row per finding (kind, operation, what, spec, SDK, SDK file:line, recorded?) and a
summary line.  Exit codes: 0 done (with --strict: and every finding is recorded in
spec/CURATION.md); 1 findings not recorded (--strict) ; 2 bad input (wheel, spec).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .run import RunError, render, run

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec.crosscheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "openapi.yaml")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "crosscheck")
    parser.add_argument("--curation", type=Path, default=ROOT / "spec" / "CURATION.md")
    parser.add_argument("--offline", action="store_true", help="fail instead of downloading the wheel")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a finding is not recorded in CURATION.md")
    args = parser.parse_args(argv)
    try:
        result = run(args.spec, args.cache, args.curation, offline=args.offline)
    except RunError as e:
        print(f"crosscheck: {e}", file=sys.stderr)
        return 2
    print(render(result))
    if args.strict and result.unrecorded:
        print(f"crosscheck: {len(result.unrecorded)} finding(s) have no decision in {args.curation.name}; "
              "add one per finding key (see the 'SDK cross-check' section)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
