"""Command line: `python -m generator generate|check`. The only module that prints,
reads argv or chooses an exit code.

Exit codes: 0 success; 1 bad input (spec, config) with a located message; 2 drift
(check found differences); 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

from .check import compare
from .config import load_config
from .errors import GeneratorError, SpecWarning
from .pipeline import generate_files
from .write import write_tree

EXIT_OK, EXIT_INPUT, EXIT_DRIFT, EXIT_BUG = 0, 1, 2, 3


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate the Python client and the API reference from an OpenAPI 3.0 document.",
        epilog="Settings come from [tool.generator] in pyproject.toml; flags override them. "
        "Exit codes: 0 ok, 1 bad input, 2 drift (check), 3 internal error.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="{generate,check}")
    for name, help_text in (
        ("generate", "regenerate the output folder (atomically; a second run changes nothing)"),
        ("check", "compare the output folder with what would be generated; print diffs; exit 2 on drift"),
    ):
        s = sub.add_parser(name, help=help_text, description=help_text)
        s.add_argument("--spec", help="OpenAPI document (YAML or JSON); default from pyproject.toml")
        s.add_argument("--out", help="output folder; default from pyproject.toml")
        s.add_argument("--package-name", help="import name of the generated Python package")
        s.add_argument("--distribution-name", help="pip name of the generated package")
        s.add_argument("--client-class", help="name of the generated client class")
        s.add_argument("--endpoint-env", help="environment variable holding the endpoint")
        s.add_argument("--token-env", help="environment variable holding the API token")
        s.add_argument("--project-root", default=".", help="folder holding pyproject.toml (default: .)")
        s.add_argument("--no-cache", action="store_true", help="do not read or write the stage cache (cache_dir)")
        s.add_argument("--strict", action="store_true", default=None,
                       help="treat every warning as an error (exit 1, nothing written); default from pyproject.toml `strict`")
        s.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Stages report conformance problems and approximations with warnings.warn(SpecWarning);
    # collect them (and the model generator's own notes) and print each once, as one located
    # line, on success. In strict mode any of them is an error, and nothing is written.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        code = _run(args, caught)
    if code in (EXIT_OK, EXIT_DRIFT) and not args.quiet:
        for line in dict.fromkeys(f"warning: {_warning_text(w.message)}" for w in caught):
            print(line, file=sys.stderr)
    return code


def _warning_text(message: Warning | str) -> str:
    if isinstance(message, SpecWarning):
        return str(message.problem)
    return str(message).splitlines()[0] if str(message) else type(message).__name__


def _run(args: argparse.Namespace, caught: list[warnings.WarningMessage]) -> int:
    overrides: dict[str, object] = {
        "spec": args.spec, "out": args.out, "package_name": args.package_name,
        "distribution_name": args.distribution_name, "client_class": args.client_class,
        "endpoint_env": args.endpoint_env, "token_env": args.token_env, "strict": args.strict,
    }
    if args.no_cache:
        overrides["cache_dir"] = ""
    started = time.perf_counter()
    try:
        config = load_config(Path(args.project_root), overrides)
        files = generate_files(config)
        if config.strict and caught:
            lines = list(dict.fromkeys(_warning_text(w.message) for w in caught))
            print("\n".join(f"error: {line}" for line in lines), file=sys.stderr)
            print(f"strict mode: {len(lines)} warning(s) are errors; the output folder was left as it was "
                  "(fix the document, or run without --strict / `strict = true` to generate anyway)", file=sys.stderr)
            return EXIT_INPUT
        if args.command == "check":
            drift = compare(config.out, files)
            if drift:
                for path, diff in drift.changed.items():
                    sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
                for path in drift.missing:
                    print(f"missing: {path} (generated, but not on disk)")
                for path in drift.extra:
                    print(f"extra: {path} (on disk, but not generated)")
                print(
                    f"drift: {len(drift.changed)} changed, {len(drift.missing)} missing, {len(drift.extra)} extra "
                    f"in {config.out}; run `make generate` and commit the result",
                    file=sys.stderr,
                )
                return EXIT_DRIFT
            if not args.quiet:
                print(f"{config.out}: up to date ({len(files)} files, {time.perf_counter() - started:.2f} s)")
            return EXIT_OK
        result = write_tree(config.out, files)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, without a traceback wall
        print(f"internal error: {type(exc).__name__}: {exc}\nthis is a generator bug; the output folder was left as it was. "
              "Re-run with PYTHONDEVMODE=1 GENERATOR_TRACEBACK=1 for details.", file=sys.stderr)
        if os.environ.get("GENERATOR_TRACEBACK"):
            raise
        return EXIT_BUG
    if not args.quiet:
        if result.unchanged:
            print(f"{config.out}: unchanged ({len(files)} files, {time.perf_counter() - started:.2f} s)")
        else:
            print(f"{config.out}: wrote {result.written} files, removed {len(result.removed)} ({time.perf_counter() - started:.2f} s)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
