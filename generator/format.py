"""Format generated Python with black, in process, with a pinned mode.

Formatting is pure (text in, text out) and cached by content, so an unchanged module is
not formatted twice; misses run in parallel worker processes. Non-Python files pass through.
"""

from __future__ import annotations

import ast
import gc
import itertools
import multiprocessing
import os
import re
import sys
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor

from .cache import NO_CACHE, Cache
from .errors import Location, Problem, UnsupportedError

LINE_LENGTH = 100  # black mode: target py310, this line length (see _mode)
_cache: dict[str, str] = {}


# Workers start with what they inherited frozen (gc.freeze): their collections then walk only
# black's own objects, not the parent's document and IR (2.6x faster black on a 3 MB module).
PARALLEL_MIN_FILES = 4  # below this, starting worker processes costs more than it saves


def format_files(files: dict[str, str], first_party: str, cache: Cache = NO_CACHE, skip: Collection[str] = (), parallel: bool = True) -> dict[str, str]:
    """Format every .py file but those in `skip` (their producer wrote them as tidy_imports
    and black would: see generator/layout.py); cache misses are formatted in parallel worker
    processes (black is CPU-bound and most of a cold run), hits come from the cache. A large
    module (the models) is cut between top-level classes and its pieces formatted in
    parallel: black lays out each statement on its own and puts two blank lines between
    top-level classes, so the joined pieces are what black makes of the whole."""
    keys = {path: _key(text, first_party) for path, text in files.items() if path.endswith(".py") and path not in skip}
    done: dict[str, str] = {}
    misses = []
    for path, key in keys.items():
        cached = _cache.get(key) or cache.get("format", key)
        if cached is not None:
            done[path] = cached
        else:
            misses.append(path)
    workers = min(os.cpu_count() or 1, 4)
    fork = parallel and "fork" in multiprocessing.get_all_start_methods() and not os.environ.get("GENERATOR_NO_FORK")
    jobs: list[tuple[str, str]] = []  # (path, tidied text or piece of it)
    for path in misses:
        try:
            tidied = tidy_imports(files[path], first_party)
        except SyntaxError as exc:
            raise UnsupportedError(Problem(Location(path), f"generated code does not parse: {str(exc)[:300]}", _BUG)) from None
        pieces = _pieces(tidied, workers) if workers > 1 and fork and len(tidied) >= SPLIT_MIN_CHARS else [tidied]
        jobs.extend((path, piece) for piece in pieces)
    if workers > 1 and fork and (len(jobs) >= PARALLEL_MIN_FILES or len(jobs) > len(misses)):
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][1]))  # largest first balances the workers
        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=multiprocessing.get_context("fork"), initializer=gc.freeze) as pool:
            results = dict(zip(order, pool.map(_black_or_error, [jobs[i][1] for i in order])))
        outcomes = [results[i] for i in range(len(jobs))]
    else:
        outcomes = [_black_or_error(text) for _, text in jobs]
    formatted: dict[str, list[str]] = {}
    for (path, _), (ok, text) in zip(jobs, outcomes):
        if not ok:
            raise UnsupportedError(Problem(Location(path), text, _BUG))
        formatted.setdefault(path, []).append(text)
    for path in misses:
        text = "\n\n".join(formatted[path])  # each piece ends with a newline: two blank lines between
        _cache[keys[path]] = text
        cache.put("format", keys[path], text)
        done[path] = text
    return {path: done.get(path, text) for path, text in files.items()}


def format_module(text: str, first_party: str, cache: Cache = NO_CACHE, parallel: bool = True) -> str:
    """One module through the format stage (its cache; its workers for a large module, unless
    `parallel` is false, as in a daemon child that cannot start any)."""
    name = "_module.py"
    return format_files({name: text}, first_party, cache, parallel=parallel)[name]


_BUG = "this is a generator bug; please report it with the spec"
SPLIT_MIN_CHARS = 100_000  # below this, one black call is cheaper than starting workers


def _pieces(text: str, count: int) -> list[str]:
    """`text` cut into about `count` pieces of similar size, only before a top-level class
    that follows a top-level class with nothing but blank lines between (black then always
    puts exactly two blank lines there, whatever it is given)."""
    body = ast.parse(text).body
    lines = text.splitlines(keepends=True)
    cuts = []
    for previous, node in itertools.pairwise(body):
        between = lines[(previous.end_lineno or previous.lineno) : node.lineno - 1]
        if isinstance(previous, ast.ClassDef) and isinstance(node, ast.ClassDef) and not node.decorator_list and not any(x.strip() for x in between):
            cuts.append(node.lineno - 1)
    if not cuts:
        return [text]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    chosen: list[int] = []
    for k in range(1, count):
        target = len(text) * k / count
        best = min(cuts, key=lambda c: abs(offsets[c] - target))
        if best not in chosen and (not chosen or best > chosen[-1]):
            chosen.append(best)
    bounds = [0, *chosen, len(lines)]
    return ["".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]


def preload_black() -> None:
    """Import black now (~80 ms), where a process would otherwise wait idle."""
    import black  # noqa: F401


def _black_or_error(text: str) -> tuple[bool, str]:
    """(True, black's text) or (False, message); plain data so it crosses process boundaries."""
    import black  # imported on the first cache miss only: it is slow to import

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return True, black.format_str(text, mode=mode)
    except (black.InvalidInput, SyntaxError) as exc:
        # A template produced code black cannot parse: a generator bug, reported with the file.
        return False, f"generated code does not parse: {str(exc)[:300]}"


def _key(text: str, first_party: str) -> str:
    return Cache.key("format", first_party, text)  # the key covers black's version and our code


def _format_or_error(path: str, text: str, first_party: str) -> tuple[bool, str]:
    """(True, formatted) or (False, message); plain data so it crosses process boundaries."""
    import black  # imported on the first cache miss only: it is slow to import

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return True, black.format_str(tidy_imports(text, first_party), mode=mode)
    except (black.InvalidInput, SyntaxError) as exc:
        # A template produced code black cannot parse: a generator bug, reported with the file.
        return False, f"generated code does not parse: {str(exc)[:300]}"


# -- imports -------------------------------------------------------------------------------
def tidy_imports(text: str, first_party: str) -> str:
    """Rewrite the module's leading import block: drop unused names, then order the
    imports the way isort (and ruff's I rules) would. Black runs afterwards.

    Only the top-level run of imports right after the docstring is touched; a module
    whose imports are all used and sorted comes back unchanged.
    """
    tree = ast.parse(text)
    body = tree.body
    start = 1 if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) else 0
    end = start
    while end < len(body) and isinstance(body[end], (ast.Import, ast.ImportFrom)):
        end += 1
    if end == start:
        return text
    used = _used_names(tree, body[start:end])
    plain: dict[str, set[str]] = {}
    froms: dict[tuple[int, str], set[str]] = {}
    for node in body[start:end]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name.split(".")[0]) in used:
                    plain.setdefault(alias.name, set()).add(alias.asname or "")
        else:
            module = node.module or ""
            for alias in node.names:
                if module == "__future__" or (alias.asname or alias.name) in used:
                    froms.setdefault((node.level, module), set()).add(f"{alias.name} as {alias.asname}" if alias.asname else alias.name)
    sections: dict[int, list[str]] = {0: [], 1: [], 2: [], 3: []}
    for name in sorted(plain, key=str.lower):
        for asname in sorted(plain[name]):
            sections[_section(0, name, first_party)].append(f"import {name}" + (f" as {asname}" if asname else ""))
    for level, module in sorted(froms, key=lambda k: (-k[0], k[1].lower())):
        names = sorted(froms[(level, module)], key=_member_key)
        plain_names = [n for n in names if " as " not in n]
        target = sections[_section(level, module, first_party)]
        if plain_names:
            target.append(f"from {'.' * level}{module} import {', '.join(plain_names)}")
        # ruff/isort keep aliased imports on statements of their own
        target.extend(f"from {'.' * level}{module} import {n}" for n in names if " as " in n)
    block = "\n\n".join("\n".join(lines) for _, lines in sorted(sections.items()) if lines)
    lines = text.splitlines(keepends=True)
    first = body[start].lineno - 1
    last = body[end - 1].end_lineno or body[end - 1].lineno
    return "".join(lines[:first]) + block + "\n" + "".join(lines[last:])


def _section(level: int, module: str, first_party: str) -> int:
    top = module.split(".")[0]
    if module == "__future__":
        return 0
    if level or top == first_party:
        return 3
    return 1 if top in sys.stdlib_module_names else 2


def _member_key(name: str) -> tuple[int, str, str]:
    base = name.split(" as ")[0]
    rank = 0 if base.isupper() and len(base) > 1 else 1 if base[:1].isupper() else 2
    return rank, base.lower(), base


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _used_names(tree: ast.Module, imports: list[ast.stmt]) -> set[str]:
    skip = {id(n) for n in imports}
    used: set[str] = set()
    stack: list[ast.AST] = [n for n in tree.body if id(n) not in skip]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            used.update(_IDENT.findall(node.value))  # string annotations, cast("X"), __all__
        stack.extend(ast.iter_child_nodes(node))
    return used
