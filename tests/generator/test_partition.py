"""The models module split into one private module per class (per cycle of classes),
behind a `types` package that loads a class and what it refers to on first use."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.errors import UnsupportedError
from generator.ir.naming import type_modules
from generator.partition import partition

CODE = textwrap.dedent(
    '''
    from __future__ import annotations

    from datetime import datetime

    from pydantic import Field

    from ._models import BaseModel, OpenEnum


    class Colour(OpenEnum):
        """Used by datetime fields only in prose."""

        RED = "red"


    class Leaf(BaseModel):
        when: datetime | None = None
        colour: Colour | None = None


    class Node(BaseModel):
        children: list[Tree] = Field(default_factory=list)


    class Tree(BaseModel):
        root: Node | None = None
        leaf: Leaf | None = None


    class Alone(BaseModel):
        name: str


    Node.model_rebuild()
    '''
)
RUNTIME = textwrap.dedent(
    """
    from pydantic import BaseModel as _Base
    from enum import Enum


    class BaseModel(_Base):
        pass


    class OpenEnum(str, Enum):
        pass
    """
)


def test_one_module_per_class_and_one_per_cycle() -> None:
    files = partition(CODE, "# header", "The models.")
    assert sorted(files) == ["__init__.py", "_alone.py", "_colour.py", "_leaf.py", "_node.py"]
    cycle = files["_node.py"]
    assert "class Node(" in cycle and "class Tree(" in cycle, "Node and Tree refer to each other: one module"
    assert cycle.index("class Tree(") < cycle.index("Node.model_rebuild()"), "a rebuild goes after its class"
    assert "from ._leaf import Leaf" in cycle
    # only what a module uses is imported (a word of a docstring is not a use)
    assert "datetime" not in files["_colour.py"].split('"""')[-1].split("class")[0]
    assert "from datetime import datetime" in files["_leaf.py"]
    assert "from .._models import BaseModel" in files["_alone.py"]
    index = files["__init__.py"]
    for name in ("Alone", "Colour", "Leaf", "Node", "Tree"):
        assert f'"{name}",' in index and f"import {name} as {name}" in index


def test_a_class_loads_only_what_it_refers_to(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "types").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "_models.py").write_text(RUNTIME)
    for name, text in partition(CODE, "# header", "The models.").items():
        (package / "types" / name).write_text(text)
    probe = textwrap.dedent(
        """
        import sys
        from pkg.types import Leaf
        from pkg import types
        loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("pkg.types."))
        print(",".join(loaded))
        tree = types.Tree(root={"children": [{}]}, leaf={"colour": "red"})
        print(type(tree.root.children[0]).__name__, tree.leaf.colour.value, sorted(dir(types))[:3])
        try:
            types.Missing
        except AttributeError as exc:
            print("AttributeError", exc)
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    first, second, third = result.stdout.splitlines()
    assert first == "_colour,_leaf", "importing Leaf must load Leaf and Colour only"
    assert second.startswith("Tree red ['Alone', 'Colour', 'Leaf']")
    assert third == "AttributeError module 'pkg.types' has no attribute 'Missing'"


def test_an_unexpected_statement_is_a_located_generator_error() -> None:
    with pytest.raises(UnsupportedError, match="unexpected top-level statement"):
        partition(CODE + "\nprint('side effect')\n", "# header", "The models.")


def test_module_names_are_snake_case_private_and_unique() -> None:
    names = type_modules(["ModelDetailsResponse", "AbTest", "ABTest", "AccessControlV2"])
    assert names["ModelDetailsResponse"] == "_model_details_response"
    assert names["ABTest"] == "_ab_test" and names["AbTest"] == "_ab_test_2"
    assert len(set(names.values())) == 4 and all(n.startswith("_") and n[1:].isidentifier() for n in names.values())
