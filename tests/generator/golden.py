"""Golden cases: small specs under tests/golden/<case>/spec.yaml with the complete output
tree the generator must make, under tests/golden/<case>/expected/.

`python -m tests.generator.golden --rewrite` (or `make golden`) regenerates the expected
trees; review the diff like code before committing it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from generator.config import Config
from generator.pipeline import generate_files

ROOT = Path(__file__).resolve().parent.parent / "golden"


def cases() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir() if (p / "spec.yaml").is_file())


def render_case(name: str) -> dict[str, str]:
    case = ROOT / name
    config = Config(
        spec=case / "spec.yaml",
        out=case / "expected",
        package_name=f"{name}_client",
        distribution_name=f"{name}-client",
        endpoint_env="GOLDEN_ENDPOINT",
        token_env="GOLDEN_TOKEN",
    )
    return generate_files(config)


def expected_tree(name: str) -> dict[str, str]:
    base = ROOT / name / "expected"
    return {
        p.relative_to(base).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(base.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def rewrite(name: str) -> None:
    target = ROOT / name / "expected"
    shutil.rmtree(target, ignore_errors=True)
    for path, text in render_case(name).items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rewrite", action="store_true", help="regenerate every expected tree")
    args = parser.parse_args(argv)
    if not args.rewrite:
        parser.print_help()
        return 2
    for name in cases():
        rewrite(name)
        print(f"rewrote tests/golden/{name}/expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
