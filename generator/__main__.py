"""Command line: `python -m generator generate|check|diff`. The only module that prints,
reads argv or chooses an exit code.

Exit codes: 0 success; 1 bad input (spec, config) with a located message; 2 drift
(check found differences); 3 internal error (a bug: please report it); 4 breaking
changes to the client's public surface (diff, or check when the drift breaks callers).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

from .check import compare
from .compare import BREAKING, report
from .compare import compare as compare_surfaces
from .config import Config, load_config
from .errors import GeneratorError, SpecWarning
from .load import Document, load, load_revision
from .pipeline import generate_files, surface_of
from .surface import parse as parse_surface
from .write import write_tree

EXIT_OK, EXIT_INPUT, EXIT_DRIFT, EXIT_BUG, EXIT_BREAKING = 0, 1, 2, 3, 4


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate the Python client and the API reference from an OpenAPI 3.0 document.",
        epilog="Settings come from [tool.generator] in pyproject.toml; flags override them. "
        "Exit codes: 0 ok, 1 bad input, 2 drift (check), 3 internal error, 4 breaking changes (diff; check when the drift breaks callers).",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="{generate,check,diff}")
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
        s.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    d = sub.add_parser("diff", help="classify the changes to the client's public surface between two specs; exit 4 if any breaks callers",
                       description="Compare the public surface of the client made from OLD with the one made from NEW and list "
                       "breaking and compatible changes. OLD and NEW are spec files or git revisions of the configured spec "
                       "(e.g. HEAD~1); NEW defaults to the spec in the working tree.")
    d.add_argument("old", help="a spec file, or a git revision of the spec (HEAD~1, a tag, a commit)")
    d.add_argument("new", nargs="?", help="a spec file, or a git revision (default: the spec in the working tree)")
    d.add_argument("--spec", help="the spec whose revisions OLD/NEW name; default from pyproject.toml")
    d.add_argument("--package-name", help="import name of the generated Python package")
    d.add_argument("--project-root", default=".", help="folder holding pyproject.toml (default: .)")
    d.add_argument("--no-cache", action="store_true", help="do not read or write the stage cache (cache_dir)")
    d.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Stages report approximations with warnings.warn(SpecWarning); collect them (and the
    # model generator's own notes) and print each once, as one located line, on success.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        code = _run(args)
    if code in (EXIT_OK, EXIT_DRIFT, EXIT_BREAKING) and not args.quiet and args.command != "diff":
        for line in dict.fromkeys(_warning_line(w.message) for w in caught):
            print(line, file=sys.stderr)
    return code


def _warning_line(message: Warning | str) -> str:
    if isinstance(message, SpecWarning):
        return f"warning: {message.problem}"
    return f"warning: {str(message).splitlines()[0] if str(message) else type(message).__name__}"


def _run(args: argparse.Namespace) -> int:
    keys = ("spec", "out", "package_name", "distribution_name", "client_class", "endpoint_env", "token_env")
    overrides: dict[str, object] = {key: getattr(args, key, None) for key in keys}
    if args.no_cache:
        overrides["cache_dir"] = ""
    started = time.perf_counter()
    try:
        config = load_config(Path(args.project_root), overrides)
        if args.command == "diff":
            return _diff(args, config)
        files = generate_files(config)
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
                return _classify_drift(config, files)
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


def _spec_at(argument: str, config: Config) -> Document:
    """A spec file if `argument` names one, else the configured spec at git revision `argument`."""
    path = Path(argument)
    if path.is_file():
        return load(path)
    return load_revision(config.spec, argument)


def _diff(args: argparse.Namespace, config: Config) -> int:
    old = surface_of(_spec_at(args.old, config), config)
    new = surface_of(_spec_at(args.new, config) if args.new else load(config.spec), config)
    changes = compare_surfaces(old, new)
    text = report(changes)
    print(text.splitlines()[-1] if args.quiet else text)
    return EXIT_BREAKING if any(c.level == BREAKING for c in changes) else EXIT_OK


def _classify_drift(config: Config, files: dict[str, str]) -> int:
    """On drift, judge what it does to the public surface (API.md on disk vs generated)."""
    manifest = f"{config.client_dir}/API.md"
    on_disk = config.out / manifest
    if manifest not in files or not on_disk.is_file():
        return EXIT_DRIFT
    old = parse_surface(on_disk.read_text(encoding="utf-8", errors="replace"), config.package_name)
    new = parse_surface(files[manifest], config.package_name)
    changes = compare_surfaces(old, new)
    if changes:
        print(report(changes), file=sys.stderr)
    return EXIT_BREAKING if any(c.level == BREAKING for c in changes) else EXIT_DRIFT


if __name__ == "__main__":
    sys.exit(main())
