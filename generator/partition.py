"""Partition the models module into one private module per class (per group of classes
that refer to each other in a cycle), behind a `types` package that loads them lazily.

Importing 200 pydantic classes costs ~100 ms; a call needs only the classes its answer
holds. `types/__init__.py` names every class for type checkers (imports under
TYPE_CHECKING, explicit `__all__`) and, at run time, imports a class's module on first
access (PEP 562 `__getattr__`), which imports only the modules of the classes it refers
to. `from <package>.types import X` keeps working. Module names are ir.naming's.

Input is datamodel-code-generator's module as models.py returns it (imports, then class
definitions and `X.model_rebuild()` calls, which go with their class); the output is unformatted: the format stage drops each module's
unused imports and runs black.
"""

from __future__ import annotations

import ast
import re

from .errors import Location, Problem, UnsupportedError
from .ir.naming import type_modules
from .layout import import_from


def partition(code: str, header: str, docstring: str) -> dict[str, str]:
    """{file name inside types/: text} for the models module `code`."""
    tree = ast.parse(code)
    lines = _LINE.findall(code)  # as the parser counts lines: a \f or \u2028 in a docstring is no line break
    imports: list[ast.Import | ast.ImportFrom] = []
    classes: dict[str, ast.ClassDef] = {}
    rebuilds: dict[str, list[ast.stmt]] = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(node)
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = node
        elif _assigns_all(node):
            continue  # the package's index lists the classes itself
        elif _rebuilt(node) in classes:  # `Node.model_rebuild()`: goes with its class
            rebuilds.setdefault(_rebuilt(node), []).append(node)
        else:
            raise UnsupportedError(Problem(Location("types.py"), f"unexpected top-level statement in the models module: {ast.dump(node)[:120]}",
                                          "this is a generator bug; please report it with the spec"))
    order = list(classes)
    deps = {name: sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in classes and n.id != name})
            for name, node in classes.items()}
    groups = _cycles(order, deps)
    modules = type_modules([group[0] for group in groups])
    module_of = {name: modules[group[0]] for group in groups for name in group}
    files: dict[str, str] = {}
    for group in groups:
        inside = set(group)
        needed = sorted({d for name in group for d in deps[name] if d not in inside})
        used = {n.id for name in group for n in ast.walk(classes[name]) if isinstance(n, ast.Name)}
        parts = [header, f'"""{docstring}"""', "", *_imports_used(imports, used)]
        parts += [f"from .{module_of[d]} import {d}" for d in needed]
        for name in sorted(group, key=order.index):
            node = classes[name]
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            parts += ["", "", _segment(lines, start, node.end_lineno)]
        after = [r for name in sorted(group, key=order.index) for r in rebuilds.get(name, [])]
        if after:
            parts += ["", "", *(_segment(lines, r.lineno, r.end_lineno) for r in after)]
        files[f"{module_of[group[0]]}.py"] = "\n".join(parts) + "\n"
    files["__init__.py"] = _index(header, docstring, module_of)
    return files


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _segment(lines: list[str], first: int, last: int | None) -> str:
    return "".join(lines[first - 1 : last]).rstrip("\r\n")


def _assigns_all(node: ast.stmt) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def _rebuilt(node: ast.stmt) -> str:
    """The class a `X.model_rebuild()` statement rebuilds ("" for any other statement)."""
    call = node.value if isinstance(node, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
        return call.func.value.id if call.func.attr == "model_rebuild" else ""
    return ""


def _imports_used(imports: list[ast.Import | ast.ImportFrom], used: set[str]) -> list[str]:
    """The import statements of the models module, cut to the names `used` (a word of a
    docstring is no use, so the format stage's own pruning, which keeps those, is not enough)."""
    out = []
    for node in imports:
        names = [a for a in node.names if (a.asname or a.name.split(".")[0]) in used or getattr(node, "module", "") == "__future__"]
        if not names:
            continue
        listed = ", ".join(f"{a.name} as {a.asname}" if a.asname else a.name for a in names)
        if isinstance(node, ast.Import):
            out.append(f"import {listed}")
        else:
            # the package's own modules are one level further up from types/
            level = "." * (node.level + 1 if node.level else 0)
            out.append(f"from {level}{node.module or ''} import {listed}")
    return out


def _index(header: str, docstring: str, module_of: dict[str, str]) -> str:
    names = sorted(module_of)
    lines = [header, f'"""{docstring}"""', "", "from __future__ import annotations", "", "import importlib",
             "from typing import TYPE_CHECKING, Any", "", "if TYPE_CHECKING:"]
    # laid out as black writes it (the format stage skips this module; see layout.py)
    lines += [import_from(f".{module_of[n]}", [f"{n} as {n}"], indent=4) for n in names] or ["    pass"]
    if names:
        lines += ["", "__all__ = ["] + [f'    "{n}",' for n in names] + ["]", ""]
        lines += ["_MODULES: dict[str, str] = {"] + [f'    "{n}": "{module_of[n]}",' for n in names] + ["}", ""]
    else:
        lines += ["", "__all__ = []", "", "_MODULES: dict[str, str] = {}", ""]
    lines += [
        "",
        "def __getattr__(name: str) -> Any:",
        '    """Load a class on first use: its module, and the modules of the classes it refers to."""',
        "    module = _MODULES.get(name)",
        "    if module is None:",
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        '    value = getattr(importlib.import_module(f".{module}", __name__), name)',
        "    globals()[name] = value",
        "    return value",
        "",
        "",
        "def __dir__() -> list[str]:",
        "    return list(__all__)",
    ]
    return "\n".join(lines) + "\n"


def _cycles(order: list[str], deps: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative: specs nest deeply), each in
    `order`, the components in the order of their first class."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in order:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = deps[node]
            if i < len(targets):
                work.append((node, i + 1))
                target = targets[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                found.append(sorted(group, key=order.index))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found, key=lambda g: order.index(g[0]))
