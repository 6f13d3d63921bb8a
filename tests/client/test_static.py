"""Static checks on generated/python as tests: mypy --strict and ruff clean for Python 3.10,
every module imports, the package installs with pip into a throwaway venv and works from
outside the repo, it can be vendored under another name, and it imports nothing from the
generator."""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from .conftest import CLIENT_DIR

PACKAGE = "datarobot_models_client"
PACKAGE_DIR = CLIENT_DIR / PACKAGE
MODULES = sorted(
    ".".join(p.relative_to(CLIENT_DIR).with_suffix("").parts[: -1 if p.name == "__init__.py" else None])
    for p in PACKAGE_DIR.rglob("*.py")
)


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env)


def test_mypy_strict_for_python_310(tmp_path: Path) -> None:
    proc = _run(sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(tmp_path / "cache"),
                "--config-file", str(CLIENT_DIR / "pyproject.toml"), PACKAGE, cwd=CLIENT_DIR)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout


def test_mypy_strict_on_code_that_uses_the_client(tmp_path: Path) -> None:
    """The public types hold up in use: a sync and an async program, and every Python example
    of the generated README, type-check strictly; a wrong use (a page item treated as a
    string, an unknown argument) is caught."""
    good = tmp_path / "good.py"
    good.write_text(textwrap.dedent("""
        import asyncio
        import io

        from datarobot_models_client import AsyncClient, Client, NotFoundError
        from pathlib import Path

        from datarobot_models_client.types import ModelDetailsResponse, TrainModel, UploadRatingTable


        def sync_use(client: Client) -> list[str | None]:
            names = [t.id for t in client.rating_tables.list_rating_tables("p")]
            job = client.models.create_model("p", body=TrainModel(blueprint_id="bp"))
            model: ModelDetailsResponse = job.wait(timeout=60)
            size: int = client.models.download_model_scoring_code("p", model.id, destination=io.BytesIO())
            try:
                client.models.get_model("p", "m")
            except NotFoundError as error:
                print(error.status_code, error.body)
            with client.capture_responses() as log:
                client.models.delete_model("p", "m")
            print(size, log.last.status_code)
            for upload in (b"a,b", Path("t.csv"), "t.csv", io.BytesIO(b"a,b"), ("t.csv", b"a,b", "text/csv")):
                client.rating_tables.create_rating_table("p", body=UploadRatingTable(rating_table_file=upload))
            return names


        async def async_use(client: AsyncClient) -> list[int]:
            page = await client.models.list_model_prediction_intervals("p", "m")
            job = await client.models.create_model("p", body={"blueprintId": "bp"})
            model = await job.wait()
            print(model.model_type)
            return [x async for x in page]


        asyncio.run(async_use(AsyncClient()))
    """))
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent("""
        from datarobot_models_client import Client

        def use(client: Client) -> None:
            for table in client.rating_tables.list_rating_tables("p"):
                table.upper()
            client.models.get_model("p", "m", no_such_argument=1)
    """))
    blocks = re.findall(r"```python\n(.*?)```", (CLIENT_DIR / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3  # configure, quick start, async
    readme = [tmp_path / f"readme_{i}.py" for i in range(len(blocks))]
    for path, block in zip(readme, blocks, strict=True):
        path.write_text(block, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(CLIENT_DIR)}
    common = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(tmp_path / "cache")]
    ok = _run(*common, str(good), *map(str, readme), cwd=tmp_path, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = _run(*common, str(bad), cwd=tmp_path, env=env)
    assert broken.returncode == 1
    assert '"RatingTableRetrieveResponse" has no attribute "upper"' in broken.stdout
    assert 'Unexpected keyword argument "no_such_argument"' in broken.stdout


def test_ruff_clean_with_the_generated_config() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    proc = _run(str(ruff), "check", "--no-cache", "--config", str(CLIENT_DIR / "pyproject.toml"), PACKAGE, cwd=CLIENT_DIR)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed" in proc.stdout


def test_ruff_config_targets_python_310() -> None:
    import tomllib

    config = tomllib.loads((CLIENT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["ruff"]["target-version"] == "py310"
    assert {"E", "F", "I", "UP", "B"} <= set(config["ruff"]["lint"]["select"])
    assert config["mypy"]["python_version"] == "3.10" and config["mypy"]["strict"] is True


@pytest.mark.parametrize("module", MODULES)
def test_every_generated_module_imports(module: str) -> None:
    imported = importlib.import_module(module)
    assert imported.__file__ is not None and Path(imported.__file__).is_relative_to(PACKAGE_DIR)


def test_the_package_lists_every_module() -> None:
    found = {m.name for m in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix=f"{PACKAGE}.")}
    assert found == set(MODULES) - {PACKAGE}
    assert (PACKAGE_DIR / "py.typed").exists()


@pytest.mark.parametrize("path", sorted(PACKAGE_DIR.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_source_is_python_310_syntax_and_imports_nothing_from_the_generator(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), feature_version=(3, 10))
    allowed = {"__future__", "httpx", "pydantic", "typing_extensions", PACKAGE} | set(sys.stdlib_module_names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in allowed, f"{path}: imports {name}"


def test_runtime_dependencies_are_only_httpx_and_pydantic() -> None:
    import tomllib

    project = tomllib.loads((CLIENT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [d.split(">")[0].split("=")[0].split("<")[0] for d in project["dependencies"]] == ["httpx", "pydantic"]
    assert project["requires-python"] == ">=3.10"


def test_pip_install_into_a_throwaway_venv_and_use_it_from_outside_the_repo(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    # httpx and pydantic (and the build backend) come from the project's venv: no network
    Path(purelib, "project_site.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    source = tmp_path / "source"
    shutil.copytree(CLIENT_DIR, source, ignore=shutil.ignore_patterns(".mypy_cache", ".ruff_cache", "__pycache__", "build", "*.egg-info"))
    installed = _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-build-isolation",
                     "--no-index", "--disable-pip-version-check", "--quiet", str(source), cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    check = textwrap.dedent(f"""
        import sys
        import datarobot_models_client as pkg
        from datarobot_models_client import types
        from datarobot_models_client.resources import models
        assert pkg.__file__.startswith({purelib!r}), pkg.__file__
        with pkg.Client("https://example.invalid", "t") as client:
            client.models, client.rating_tables
        assert not [m for m in sys.modules if m == "generator" or m.startswith("generator.")]
        import importlib.resources
        assert importlib.resources.files("datarobot_models_client").joinpath("py.typed").is_file()
        print(pkg.__version__)
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    used = _run(str(python), "-c", check, cwd=tmp_path, env=env)
    assert used.returncode == 0, used.stdout + used.stderr
    assert used.stdout.strip() == "0.1.0"


def test_vendoring_the_folder_under_another_name_works(tmp_path: Path) -> None:
    vendor = tmp_path / "myproject" / "_vendor"
    vendor.mkdir(parents=True)
    (tmp_path / "myproject" / "__init__.py").write_text("", encoding="utf-8")
    (vendor / "__init__.py").write_text("", encoding="utf-8")
    shutil.copytree(PACKAGE_DIR, vendor / "drclient", ignore=shutil.ignore_patterns("__pycache__"))
    check = textwrap.dedent("""
        import sys
        from myproject._vendor.drclient import Client, NotFoundError
        from myproject._vendor.drclient.types import ModelDetailsResponse
        with Client("https://example.invalid", "t") as client:
            resource = client.models
        assert "datarobot_models_client" not in sys.modules, "the vendored copy imported the installed name"
        assert type(resource).__module__ == "myproject._vendor.drclient.resources.models"
        print("ok")
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    proc = _run(sys.executable, "-c", check, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "ok"
