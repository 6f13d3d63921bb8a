"""The code samples in the reference are real code.

Python: every sample is taken from the committed Markdown and type-checked with
`mypy --strict` against the committed client (generated/python); the adversarial spec's
samples against a client generated from it. curl: every command runs in bash with `curl`
replaced by a function that records its argv, which must be exactly the request the
operation describes (so quoting held and nothing in the spec was expanded or executed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Config
from generator.ir.nodes import Api, Operation
from generator.pipeline import generate_files
from generator.targets import samples

from .support import (
    ADVERSARIAL,
    GENERATED,
    GENERATED_DOCS,
    ROOT,
    fenced_blocks,
    project_config,
    write_tree,
)

TOKEN = "tok-en'\"$(id)"


def blocks_by_operation(api: Api, pages: dict[str, str], lang: str) -> dict[str, str]:
    """{operationId: sample} from the resource pages (one sample of each language per
    operation, in page order)."""
    out: dict[str, str] = {}
    for resource in api.resources:
        text = pages[f"resources/{resource.module}.md"]
        found = fenced_blocks(text, lang)
        assert len(found) == len(resource.operations), f"{resource.module}.md: {len(found)} {lang} samples for {len(resource.operations)} operations"
        out.update({op.operation_id: body for op, body in zip(resource.operations, found, strict=True)})
    return out


def committed_pages() -> dict[str, str]:
    return {p.relative_to(GENERATED_DOCS).as_posix(): p.read_text(encoding="utf-8") for p in GENERATED_DOCS.rglob("*.md")}


def run_mypy(files: dict[str, str], client_root: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    folder = workdir / "samples"
    write_tree(files, folder)
    env = {**os.environ, "MYPYPATH": str(client_root)}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary", "--show-error-codes",
         "--cache-dir", str(workdir / "mypy-cache"), *sorted(str(folder / name) for name in files)],
        capture_output=True, text=True, env=env, cwd=workdir, timeout=300, check=False,
    )


def sample_files(api: Api, pages: dict[str, str]) -> dict[str, str]:
    by_op = blocks_by_operation(api, pages, "python")
    return {f"sample_{i:03d}.py": body + "\n" for i, (_, body) in enumerate(sorted(by_op.items()))}


def test_every_operation_has_a_python_sample_that_calls_it(real_api: Api) -> None:
    by_op = blocks_by_operation(real_api, committed_pages(), "python")
    assert len(by_op) == len(real_api.operations) > 100
    for resource in real_api.resources:
        for op in resource.operations:
            assert f"client.{resource.attr_name}.{op.method_name}(" in by_op[op.operation_id]


def test_python_samples_type_check_against_the_generated_client(real_api: Api, tmp_path: Path) -> None:
    files = sample_files(real_api, committed_pages())
    # A control: a call with a wrong argument must be reported, or the check proves nothing.
    files["control_wrong_call.py"] = (
        "from datarobot_models_client import Client\n\nclient = Client()\n"
        f"client.{real_api.resources[0].attr_name}.{real_api.resources[0].operations[0].method_name}(no_such_argument=1)\n"
    )
    result = run_mypy(files, GENERATED / "python", tmp_path)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines and all("control_wrong_call.py" in line for line in lines), result.stdout + result.stderr


def test_adversarial_python_samples_type_check(tmp_path: Path) -> None:
    config = replace(project_config(), spec=ADVERSARIAL, out=tmp_path / "out")
    tree = write_tree(generate_files(config), tmp_path / "out")
    pages = {p.relative_to(tree / "docs").as_posix(): p.read_text(encoding="utf-8") for p in (tree / "docs").rglob("*.md")}
    from generator.ir import build
    from generator.load import load

    api = build(load(ADVERSARIAL))
    result = run_mypy(sample_files(api, pages), tree / config.client_dir, tmp_path)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


# -- curl ----------------------------------------------------------------------------------
def run_curl_samples(commands: dict[str, str], env_name: str) -> dict[str, list[str]]:
    """Run every command in one bash, `curl` being a function that prints its argv
    (NUL-separated, one record per command)."""
    script = ["curl() { printf '%s\\0' \"$@\"; printf '\\1'; }"]
    order = sorted(commands)
    script += [commands[key] for key in order]
    env = {"PATH": "/usr/bin:/bin", env_name: TOKEN}
    out = subprocess.run(["bash", "-euc", "\n".join(script)], capture_output=True, env=env, check=True, timeout=60).stdout
    records = out.decode("utf-8").split("\1")[:-1]
    assert len(records) == len(order)
    return {key: record.split("\0")[:-1] for key, record in zip(order, records, strict=True)}


def expected_argv(op: Operation, api: Api, config: Config) -> list[str]:
    argv = [] if op.http_method == "GET" else ["-X", op.http_method]
    argv.append(samples.url(op, api))
    prefix = f"{api.security.prefix} " if api.security.prefix else ""
    argv += ["-H", f"{api.security.header}: {prefix}{TOKEN}"]
    return argv


def check_curl(api: Api, pages: dict[str, str], config: Config) -> int:
    commands = blocks_by_operation(api, pages, "bash")
    argvs = run_curl_samples(commands, config.token_env)
    for op in api.operations:
        argv = argvs[op.operation_id]
        head = expected_argv(op, api, config)
        assert argv[: len(head)] == head, (op.operation_id, argv)
        rest = argv[len(head):]
        for param in op.other_params:
            if param.required and param.location in ("header", "cookie"):
                flag = "-H" if param.location == "header" else "-b"
                value = samples.wire_text(json.loads(param.example))
                assert rest[:2] == [flag, f"{param.name}: {value}" if flag == "-H" else f"{param.name}={value}"], (op.operation_id, rest)
                rest = rest[2:]
        if op.body and op.body.encoding == "json":
            assert rest[:2] == ["-H", f"Content-Type: {op.body.media_type}"]
            assert rest[2] == "--data" and json.loads(rest[3]) == json.loads(op.body.example)
        if op.body and op.body.encoding == "multipart":
            files = {f.name for f in op.body.fields if f.is_file}
            expected = [
                ("-F", f"{name}=@{samples.wire_text(value)}") if name in files else ("--form-string", f"{name}={samples.wire_text(value)}")
                for name, value in json.loads(op.body.example).items()
            ]
            flags = rest[:-2] if op.result.kind == "binary" else rest
            assert list(zip(flags[::2], flags[1::2], strict=True)) == expected, (op.operation_id, rest)
        if op.result.kind == "binary":
            assert rest[-2:] == ["-o", samples.download_name(op)]
    return len(argvs)


def test_curl_samples_send_exactly_the_request() -> None:
    from generator.ir import build
    from generator.load import load

    api = build(load(ROOT / "spec" / "openapi.yaml"))
    assert check_curl(api, committed_pages(), project_config()) == len(api.operations) > 100


def test_adversarial_curl_samples_expand_nothing(adversarial_api: Api, adversarial_docs: dict[str, str]) -> None:
    assert check_curl(adversarial_api, adversarial_docs, project_config()) == len(adversarial_api.operations)
    # the server URL carries `$(touch ...)` and backticks: they must arrive as text
    assert "$(touch /tmp/pwned)`id`" in samples.url(adversarial_api.operations[0], adversarial_api)


@pytest.mark.parametrize("header,prefix", [("Authorization", "Bearer"), ("X-Api-Key", ""), ('X-"$(id)`', "Be arer'")])
def test_auth_header_is_quoted_whatever_the_scheme(header: str, prefix: str, adversarial_api: Api) -> None:
    from generator.ir.nodes import Security

    api = replace(adversarial_api, security=Security(header, prefix))
    op = api.operations[0]
    command = samples.curl(op, api, project_config())
    argv = run_curl_samples({"x": command}, project_config().token_env)["x"]
    value = f"{header}: {prefix + ' ' if prefix else ''}{TOKEN}"
    assert argv[argv.index("-H") + 1] == value


# -- other specs: the golden cases, the construct catalogue and real-world specs ----------------
OTHER_SPECS = sorted(
    [*ROOT.glob("tests/golden/*/spec.yaml"), ROOT / "tests" / "data" / "constructs.yaml", *ROOT.glob("tests/data/specs/*.json")]
)


def _other(spec: Path) -> str:
    return spec.parent.name if spec.name == "spec.yaml" else spec.stem


def test_other_specs_exist() -> None:
    assert len(OTHER_SPECS) >= 5, OTHER_SPECS


def test_python_samples_type_check_for_other_specs(tmp_path: Path) -> None:
    """Every sample of every other spec in the repository, against the client generated
    from that spec: one mypy run over all of them (each client under its own package name)."""
    import warnings

    from generator.ir import build
    from generator.load import load

    files: dict[str, str] = {}
    roots: list[str] = []
    for spec in OTHER_SPECS:
        name = _other(spec).replace("-", "_")
        config = replace(project_config(), spec=spec, out=tmp_path / name, package_name=f"{name}_client")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = write_tree(generate_files(config), tmp_path / name)
            api = build(load(spec))
        pages = {p.relative_to(tree / "docs").as_posix(): p.read_text(encoding="utf-8") for p in (tree / "docs").rglob("*.md")}
        for key, body in sample_files(api, pages).items():
            files[f"{name}_{key}"] = body
        roots.append(str(tree / config.client_dir))
    assert len(files) > 500
    result = run_mypy(files, Path(os.pathsep.join(roots)), tmp_path)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout[:5000] + result.stderr


@pytest.mark.parametrize("spec", OTHER_SPECS, ids=_other)
def test_curl_samples_for_other_specs(spec: Path) -> None:
    import warnings

    from generator.ir import build
    from generator.load import load

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api = build(load(spec))
    from .support import render_docs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pages = render_docs(spec)
    assert check_curl(api, pages, project_config()) == len(api.operations)
