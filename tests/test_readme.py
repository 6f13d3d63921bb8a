"""The Python examples in the root README are real code: they type-check strictly
against the committed client in generated/python."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_python_examples_type_check(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has no Python examples"
    files = []
    for index, block in enumerate(blocks):
        path = tmp_path / f"readme_example_{index}.py"
        path.write_text(block, encoding="utf-8")
        files.append(str(path))
    env = dict(os.environ, MYPYPATH=str(ROOT / "generated" / "python"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(tmp_path / "cache"), *files],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
