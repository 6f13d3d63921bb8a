"""Files against the fault server: downloads streamed to a path (atomically) or a file
object, in bounded memory even for a body far larger than what may be held twice; and the
multipart upload of a rating table, parsed and checked by the server."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import datarobot_models_client as pkg
import pytest
from datarobot_models_client.types import UploadRatingTable

from .conftest import CLIENT_DIR, TOKEN
from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply, Truncate, generated_chunks

SCORING = f"{API}/projects/p1/models/m1/scoringCode/"
TABLE_FILE = f"{API}/projects/p1/ratingTables/rt1/file/"
TABLES = f"{API}/projects/p1/ratingTables/"
CSV = b"Feature Name,Type,Coefficient\r\nage,numeric,0.25\r\nincome,numeric,-1.5e-3\r\n"


def _expected_byte(offset: int) -> int:
    return offset % 256  # generated_chunks repeats bytes(range(256))


# -- downloads ---------------------------------------------------------------------------------
def test_download_to_a_path(server: FaultServer, tmp_path: Path) -> None:
    server.script(SCORING, Reply(200, b"PK\x03\x04 jar bytes", {"Content-Type": "application/java-archive"}))
    target = tmp_path / "model.jar"
    with client(server) as c:
        written = c.models.download_model_scoring_code("p1", "m1", destination=target)
    assert written == len(b"PK\x03\x04 jar bytes") and target.read_bytes() == b"PK\x03\x04 jar bytes"
    assert server.requests[0].headers["accept"] == "*/*"
    assert list(tmp_path.iterdir()) == [target]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # like a file made by open(), not mkstemp's 0600


def test_download_to_a_str_path_and_to_a_file_object(server: FaultServer, tmp_path: Path) -> None:
    server.script(TABLE_FILE, Reply(200, CSV, {"Content-Type": "text/csv"}), Reply(200, CSV, {"Content-Type": "text/csv"}))
    sink = io.BytesIO()
    with client(server) as c:
        assert c.rating_tables.download_rating_table_file("p1", "rt1", destination=str(tmp_path / "t.csv")) == len(CSV)
        assert c.rating_tables.download_rating_table_file("p1", "rt1", destination=sink) == len(CSV)
    assert (tmp_path / "t.csv").read_bytes() == CSV == sink.getvalue()


def test_chunked_download_without_content_length(server: FaultServer) -> None:
    server.script(SCORING, Reply(200, chunks=[b"a" * 1000, b"b" * 70_000, b"c"]))
    sink = io.BytesIO()
    with client(server) as c:
        assert c.models.download_model_scoring_code("p1", "m1", destination=sink) == 71_001
    assert sink.getvalue() == b"a" * 1000 + b"b" * 70_000 + b"c"


def test_failed_download_leaves_no_partial_file_and_keeps_the_old_one(server: FaultServer, tmp_path: Path) -> None:
    target = tmp_path / "model.jar"
    target.write_bytes(b"previous version")
    server.script(SCORING, Truncate(b"x" * 100_000, length=1_000_000))
    with client(server) as c, pytest.raises(pkg.APIConnectionError):
        c.models.download_model_scoring_code("p1", "m1", destination=target)
    assert target.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.jar"]
    assert len(server.hits(SCORING)) == 1  # bytes were already written: not silently restarted


def test_failed_async_download_leaves_no_partial_file(server: FaultServer, tmp_path: Path) -> None:
    server.script(SCORING, Truncate(b"x" * 10_000, length=50_000))

    async def go() -> None:
        async with async_client(server) as c:
            await c.models.download_model_scoring_code("p1", "m1", destination=tmp_path / "m.jar")

    with pytest.raises(pkg.APIConnectionError):
        run(go)
    assert list(tmp_path.iterdir()) == []


def test_download_retried_on_503_before_any_byte(server: FaultServer, sleeps: Any, tmp_path: Path) -> None:
    server.script(SCORING, Reply(503, b"", {"Retry-After": "0"}), Reply(200, b"jar"))
    with client(server) as c:
        c.models.download_model_scoring_code("p1", "m1", destination=tmp_path / "m.jar")
    assert (tmp_path / "m.jar").read_bytes() == b"jar"
    assert len(server.hits(SCORING)) == 2


def test_download_follows_a_redirect_to_storage_without_the_token(server: FaultServer, other_server: FaultServer) -> None:
    """Files are often served from a pre-signed storage URL on another host."""
    server.script(SCORING, Reply(302, b"", {"Location": f"{other_server.url}/bucket/model.jar?signature=abc"}))
    other_server.script("/bucket/model.jar", Reply(200, b"jar from storage"))
    sink = io.BytesIO()
    with client(server) as c, c.capture_responses() as log:
        c.models.download_model_scoring_code("p1", "m1", destination=sink)
    assert sink.getvalue() == b"jar from storage"
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in other_server.requests[0].headers
    assert other_server.requests[0].query == "signature=abc"
    assert [r.status_code for r in log.responses] == [302, 200]


def test_async_download_to_path_and_file_object(server: FaultServer, tmp_path: Path) -> None:
    server.script(SCORING, Reply(200, chunks=generated_chunks(3_000_000, 65_536), length=3_000_000),
                  Reply(200, b"small"))
    sink = io.BytesIO()

    async def go() -> tuple[int, int]:
        async with async_client(server) as c:
            first = await c.models.download_model_scoring_code("p1", "m1", destination=tmp_path / "big.jar")
            second = await c.models.download_model_scoring_code("p1", "m1", destination=sink)
            return first, second

    assert run(go) == (3_000_000, 5)
    data = (tmp_path / "big.jar").read_bytes()
    assert len(data) == 3_000_000 and all(data[i] == _expected_byte(i) for i in (0, 255, 256, 65_537, 2_999_999))
    assert sink.getvalue() == b"small"


_CHILD = """
import asyncio, json, resource, sys
sys.path.insert(0, sys.argv[1])
import datarobot_models_client as pkg

class Counter:
    def __init__(self): self.n = 0
    def write(self, chunk): self.n += len(chunk)

def peak_kib(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

url, target, mode = sys.argv[2], sys.argv[3], sys.argv[4]
if mode == "sync":
    with pkg.Client(url, "t") as c:
        c.models.get_model_supported_capabilities("p1", "m1")  # warm up: imports, pools, parsers
        before = peak_kib()
        written = c.models.download_model_scoring_code("p1", "m1", destination=target)
        after_path = peak_kib()
        counter = Counter()
        streamed = c.models.download_model_scoring_code("p1", "m1", destination=counter)
else:
    async def go():
        async with pkg.AsyncClient(url, "t") as c:
            await c.models.get_model_supported_capabilities("p1", "m1")
            before = peak_kib()
            written = await c.models.download_model_scoring_code("p1", "m1", destination=target)
            after_path = peak_kib()
            counter = Counter()
            streamed = await c.models.download_model_scoring_code("p1", "m1", destination=counter)
            return before, written, after_path, counter, streamed
    before, written, after_path, counter, streamed = asyncio.run(go())
print(json.dumps({"before": before, "after_path": after_path, "after": peak_kib(),
                  "written": written, "streamed": streamed, "counted": counter.n}))
"""

BIG = 256 * 1024 * 1024


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_download_far_larger_than_memory_allows_streams_in_bounded_memory(server: FaultServer, tmp_path: Path, mode: str) -> None:
    """256 MiB, generated on the fly by the server, downloaded by a fresh process twice (to
    a path, then to a file object); its peak RSS may grow by a small fraction of the body:
    holding the body even once would add 256 MiB."""
    server.script(f"{API}/projects/p1/models/m1/supportedCapabilities/", Reply(200, sample("ModelCapabilitiesRetrieveResponse")))
    server.script(SCORING, Reply(200, chunks=generated_chunks(BIG), length=BIG), Reply(200, chunks=generated_chunks(BIG)))
    target = tmp_path / "big.jar"
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(CLIENT_DIR), server.url, str(target), mode],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["written"] == report["streamed"] == report["counted"] == BIG
    growth_mib = (report["after"] - report["before"]) / 1024
    assert growth_mib < 32, f"peak RSS grew by {growth_mib:.1f} MiB while streaming 256 MiB: {report}"
    assert target.stat().st_size == BIG
    with target.open("rb") as handle:
        for offset in (0, 1, 1_048_575, 1_048_576, 123_456_789, BIG - 1):
            handle.seek(offset)
            assert handle.read(1)[0] == _expected_byte(offset)


# -- multipart upload --------------------------------------------------------------------------
def _accepted() -> Reply:
    return Reply(202, sample("RatingTableCreateResponse", id="rt9"), {"Location": f"{API}/status/9/"})


def test_rating_table_upload_as_a_model_with_bytes(server: FaultServer) -> None:
    data = CSV + b"\xff\xfe not utf-8 \x00"
    server.script(TABLES, _accepted())
    body = UploadRatingTable(rating_table_file=data, rating_table_name="My table", parent_model_id="m0")
    with client(server) as c:
        job = c.rating_tables.create_rating_table("p1", body=body)
    assert job.initial is not None and job.initial.id == "rt9"
    request = server.requests[0]
    assert request.method == "POST" and request.headers["authorization"] == f"Bearer {TOKEN}"
    parts = request.multipart()
    assert set(parts) == {"ratingTableFile", "ratingTableName", "parentModelId"}
    assert parts["ratingTableFile"].data == data and parts["ratingTableFile"].filename is not None
    assert parts["ratingTableName"].data == b"My table" and parts["ratingTableName"].filename is None
    assert parts["parentModelId"].data == b"m0"


def test_rating_table_upload_from_a_path_names_the_file(server: FaultServer, tmp_path: Path) -> None:
    csv = tmp_path / "rates 2024.csv"
    csv.write_bytes(CSV)
    server.script(TABLES, _accepted())
    with client(server) as c:
        c.rating_tables.create_rating_table("p1", body={"ratingTableFile": csv, "ratingTableName": "t"})
    part = server.requests[0].multipart()["ratingTableFile"]
    assert part.data == CSV and part.filename == "rates 2024.csv"


def test_rating_table_upload_with_filename_and_content_type(server: FaultServer) -> None:
    server.script(TABLES, _accepted())
    with client(server) as c:
        c.rating_tables.create_rating_table("p1", body={"ratingTableFile": ("table.csv", CSV, "text/csv")})
    part = server.requests[0].multipart()["ratingTableFile"]
    assert (part.filename, part.content_type, part.data) == ("table.csv", "text/csv", CSV)


def test_rating_table_upload_from_an_open_file_closes_nothing_it_did_not_open(server: FaultServer, tmp_path: Path) -> None:
    csv = tmp_path / "table.csv"
    csv.write_bytes(CSV)
    server.script(TABLES, _accepted())
    with csv.open("rb") as handle, client(server) as c:
        c.rating_tables.create_rating_table("p1", body={"ratingTableFile": handle})
        assert not handle.closed
    part = server.requests[0].multipart()["ratingTableFile"]
    assert part.data == CSV and part.filename == "table.csv"


def test_async_rating_table_upload(server: FaultServer) -> None:
    server.script(TABLES, _accepted())

    async def go() -> None:
        async with async_client(server) as c:
            await c.rating_tables.create_rating_table("p1", body=UploadRatingTable(rating_table_file=CSV, rating_table_name="a"))

    run(go)
    parts = server.requests[0].multipart()
    assert parts["ratingTableFile"].data == CSV and parts["ratingTableName"].data == b"a"


# -- file fields: the typed model takes what the dict takes -----------------------------------------
def _file_value(tmp_path: Path, kind: str) -> tuple[Any, str | None, str | None]:
    """The value of `kind`, and what the server must see: filename, content type (None: any)."""
    csv = tmp_path / "rates.csv"
    csv.write_bytes(CSV)
    if kind == "file-object":
        return csv.open("rb"), "rates.csv", None
    return {
        "bytes": (CSV, "ratingTableFile", "application/octet-stream"),
        "pathlib-path": (csv, "rates.csv", None),
        "str-path": (str(csv), "rates.csv", None),
        "tuple-3": (("table.csv", CSV, "text/csv"), "table.csv", "text/csv"),
        "tuple-2": (("table.csv", CSV), "table.csv", None),
        "tuple-with-a-path": (("renamed.csv", csv, "text/csv"), "renamed.csv", "text/csv"),
        "tuple-with-text": (("t.csv", CSV.decode(), "text/csv"), "t.csv", "text/csv"),
    }[kind]


FILE_KINDS = ["bytes", "pathlib-path", "str-path", "file-object", "tuple-3", "tuple-2", "tuple-with-a-path", "tuple-with-text"]


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("form", ["model", "dict"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_file_field_takes_the_same_values_as_a_model_and_as_a_dict(
        server: FaultServer, tmp_path: Path, kind: str, form: str, mode: str) -> None:
    value, filename, content_type = _file_value(tmp_path, kind)
    body: Any = (UploadRatingTable(rating_table_file=value, rating_table_name="t") if form == "model"
                 else {"ratingTableFile": value, "ratingTableName": "t"})
    server.script(TABLES, _accepted())
    if mode == "sync":
        with client(server) as c:
            c.rating_tables.create_rating_table("p1", body=body)
    else:
        async def go() -> None:
            async with async_client(server) as c:
                await c.rating_tables.create_rating_table("p1", body=body)

        run(go)
    if kind == "file-object":
        assert not value.closed  # the caller's file: not ours to close
        value.close()
    parts = server.requests[0].multipart()
    part = parts["ratingTableFile"]
    assert part.data == CSV  # the file's content, never its path
    assert part.filename == filename
    if content_type is not None:
        assert part.content_type == content_type
    assert parts["ratingTableName"].data == b"t"


@pytest.mark.parametrize("form", ["model", "dict"])
def test_a_str_that_is_not_a_file_is_refused_and_never_sent_as_content(server: FaultServer, form: str) -> None:
    text = "Feature Name,Type\nage,numeric\n"
    body: Any = UploadRatingTable(rating_table_file=text) if form == "model" else {"ratingTableFile": text}
    with client(server) as c, pytest.raises(FileNotFoundError, match=r"ratingTableFile: no file at a str of 30 characters; "
                                                                      r"a str in a file field is a path.*text.encode\(\)"):
        c.rating_tables.create_rating_table("p1", body=body)
    with client(server) as c, pytest.raises(FileNotFoundError, match=r"no file at 'missing.csv'"):
        c.rating_tables.create_rating_table("p1", body=UploadRatingTable(rating_table_file="missing.csv"))
    assert server.requests == []


def test_a_file_field_refuses_what_is_not_a_file_when_the_model_is_built() -> None:
    with pytest.raises(TypeError, match=r"rating_table_file: a file field takes bytes, a path .*not int"):
        UploadRatingTable(rating_table_file=12)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not dict"):
        UploadRatingTable.model_validate({"ratingTableFile": {"a": 1}})


def test_a_model_with_a_path_closes_the_file_it_opened(server: FaultServer, tmp_path: Path) -> None:
    import gc
    import warnings

    csv = tmp_path / "t.csv"
    csv.write_bytes(CSV)
    server.script(TABLES, _accepted())
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)  # an unclosed file would warn when collected
        with client(server) as c:
            c.rating_tables.create_rating_table("p1", body=UploadRatingTable(rating_table_file=csv))
        gc.collect()
    assert server.requests[0].multipart()["ratingTableFile"].data == CSV
