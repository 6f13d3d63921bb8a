"""One parse per Python text.

Several stages read the same generated module: the model generator's checks (four in a row on
datamodel-code-generator's output) and the surface extraction. Parsing GitHub's 3 MB models
module takes 0.7 s each time. The tree of the latest text is kept (only that one: a large tree
is hundreds of MB, so the old one goes before a new text is parsed); no caller may change it,
and `forget` drops it.
"""

from __future__ import annotations

import ast

_last: tuple[str, ast.Module] | None = None


def parse(code: str) -> ast.Module:
    global _last
    if _last is not None and _last[0] == code:
        return _last[1]
    _last = None
    tree = ast.parse(code)
    _last = (code, tree)
    return tree


def forget() -> None:
    global _last
    _last = None
