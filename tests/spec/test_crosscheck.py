"""The SDK cross-check (spec/crosscheck/): its static reading of SDK idioms on small inline
snippets, its comparison rules on small specs, and the real run: every finding it reports
against spec/openapi.yaml has a decision in spec/CURATION.md.

The real run needs the wheel of datarobot==3.20.0: it is downloaded once with pip into
.cache/crosscheck/ (PyPI is reachable in CI), then everything is offline."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from spec.crosscheck import compare, run, sdk, wheel
from spec.crosscheck.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "crosscheck"


def index_of(**modules: str) -> sdk.SdkIndex:
    """An SdkIndex of a tiny package: {"datarobot/x.py": source}."""
    return sdk.read_sdk({f"datarobot/{name.replace('__', '/')}.py": textwrap.dedent(src)
                         for name, src in modules.items()})


def calls_by_function(index: sdk.SdkIndex) -> dict[str, list[sdk.Call]]:
    out: dict[str, list[sdk.Call]] = {}
    for call in index.calls:
        out.setdefault(call.function, []).append(call)
    return out


# --------------------------------------------------------------------------- names


def test_underscorize_and_camelize_follow_the_sdk():
    assert sdk.underscorize("hasEmptyClusters") == "has_empty_clusters"
    assert sdk.underscorize("isNClustersDynamicallyDetermined") == "is_n_clusters_dynamically_determined"
    assert sdk.underscorize("modelJobId") == "model_job_id"
    assert compare.camelize("registered_model_version") == "registeredModelVersion"


# --------------------------------------------------------------------------- URL templates


def test_templates_from_class_attributes_fstrings_format_and_instance_attributes():
    index = index_of(models="""
        class Base:
            _client = None

        class Model(Base):
            _path = "projects/{}/models/"
            _template = "projects/{}/datetimeModels/"

            def __init__(self, project_id):
                self._base = self._template.format(project_id)

            @classmethod
            def get(cls, project_id, model_id):
                url = cls._path.format(project_id) + model_id + "/"
                return cls._client.get(url).json()

            def features(self):
                return self._client.get(f"{self._base}{self.id}/features/?x=1").json()

            def _helper_url(self):
                return f"projects/{self.project_id}/models/{self.id}/parameters/"

            def parameters(self):
                return self._client.get(self._helper_url()).json()
        """)
    got = {c.function: (c.method, c.template) for c in index.calls}
    assert got == {
        "Model.get": ("GET", "projects/{}/models/{}/"),
        "Model.features": ("GET", "projects/{}/datetimeModels/{}/features/"),
        "Model.parameters": ("GET", "projects/{}/models/{}/parameters/"),
    }


def test_templates_through_module_constants_and_percent_and_request():
    index = index_of(mod="""
        ROUTE = "projects/%s/ratingTables/"

        def list_tables(client, pid):
            return client.request("get", ROUTE % pid).json()

        def upload(client, pid):
            return client.build_request_with_file(url=f"projects/{pid}/ratingTables/", method="post", fname="f")
        """)
    got = sorted((c.method, c.template) for c in index.calls)
    assert got == [("GET", "projects/{}/ratingTables/"), ("POST", "projects/{}/ratingTables/")]


def test_inherited_method_is_read_in_the_subclass_that_gives_it_a_path():
    index = index_of(job="""
        class AbstractJob:
            def cancel(self):
                self._client.delete(self._this_job_path())

            def _this_job_path(self):
                return self._job_path(self.project_id, self.id)

            @classmethod
            def _job_path(cls, project_id, job_id):
                raise NotImplementedError

        class ModelJob(AbstractJob):
            @classmethod
            def _job_path(cls, project_id, job_id):
                return f"projects/{project_id}/modelJobs/{job_id}/"
        """)
    assert [(c.function, c.method, c.template) for c in index.calls] == [
        ("ModelJob.cancel", "DELETE", "projects/{}/modelJobs/{}/")]


# --------------------------------------------------------------------------- how answers are read


def test_reads_json_text_bytes_and_location_also_through_helpers():
    index = index_of(mod="""
        def get_id_from_response(response):
            return response.headers["Location"].split("/")[-2]

        class Thing:
            def a(self):
                return self._client.get("a/").json()

            def b(self):
                return self._client.get("b/").text

            def c(self):
                response = self._client.get("c/", stream=True)
                return response.content

            def d(self):
                response = self._client.post("d/", data={"x": 1})
                return get_id_from_response(response)

            def e(self):
                response = self._client.post("e/")
                return response.headers.get("Location")
        """)
    reads = {c.function: c.reads for c in index.calls}
    assert reads == {"Thing.a": ("json",), "Thing.b": ("text",), "Thing.c": ("bytes",),
                     "Thing.d": ("location",), "Thing.e": ("location",)}


def test_shapes_of_the_answer_objects_are_built_from():
    index = index_of(mod="""
        from .other import unpaginate

        class Job:
            _converter = t.Dict({t.Key("id"): String})

        class Project:
            def jobs(self):
                res = self._client.get(f"projects/{self.id}/modelJobs/").json()
                return [Job(item) for item in res]

            def tables(self):
                res = self._client.get(f"projects/{self.id}/ratingTables/").json()["data"]
                return [Job.from_server_data(item) for item in res]

            def all(self):
                return [Job.from_server_data(x) for x in unpaginate(f"projects/{self.id}/models/", {}, self._client)]

            def one(self):
                return Job.from_location(f"projects/{self.id}/")

            @classmethod
            def segments(cls, pid):
                return [
                    Job.from_server_data(x)
                    for x in unpaginate(
                        initial_url=f"projects/{pid}/combinedModels/{pid}/segments/",
                        initial_params=None,
                        client=cls._client,
                    )
                ]
        """, other="def unpaginate(initial_url, initial_params, client):\n    pass\n")
    built = {c.function: [(b.cls, b.shape) for b in c.built] for c in index.calls}
    assert built == {"Project.jobs": [("Job", "list")], "Project.tables": [("Job", "envelope")],
                     "Project.all": [("Job", "envelope")], "Project.one": [("Job", "object")],
                     "Project.segments": [("Job", "envelope")]}


# --------------------------------------------------------------------------- converters and enums


def test_converters_keys_optional_types_enums_and_merges():
    index = index_of(enums="""
        from enum import Enum

        class SHARING_RECIPIENT_TYPE(str, Enum):
            USER = "user"
            GROUP = "group"

        BLENDER_METHOD = enum(AVERAGE="AVG", GLM="GLM")
        """, models="""
        import trafaret as t
        from datarobot._compat import String, Int
        from datarobot.enums import SHARING_RECIPIENT_TYPE

        class Base:
            _converter = t.Dict({t.Key("id"): String, t.Key("sample_pct", optional=True): t.Float})

        class Child(Base):
            _converter = t.Dict({
                t.Key("model_job_id"): String(),
                t.Key("tags", optional=True): t.Or(t.List(t.Dict().allow_extra("*")), t.Null),
                t.Key("kind"): t.Enum(*list(SHARING_RECIPIENT_TYPE)),
                t.Key("build_start") >> "started_at": String,
                "count": Int,
            }).allow_extra("*") + Base._converter

        class AbstractJob:
            _converter_common = t.Dict({t.Key("status"): String})
            _converter_extra = t.Dict()

        class ModelJob(AbstractJob):
            _converter_extra = t.Dict({t.Key("processes", optional=True): t.List(String)})
        """, _compat="try:\n    from trafaret import AnyString as String\nexcept ImportError:\n    pass\n"
                  "from trafaret import ToInt as Int\n")
    child = {f.name: (f.type.describe(), f.optional) for f in index.converters["Child"].type.fields}
    assert child == {
        "model_job_id": ("string", False),
        "tags": ("array of object or null", True),
        "kind": ("string enum user|group", False),
        "build_start": ("string", False),
        "count": ("integer", False),
        "id": ("string", False),
        "sample_pct": ("number", True),
    }
    job = {f.name: f.type.describe() for f in index.converters["ModelJob"].type.fields}
    assert job == {"status": "string", "processes": "array of string"}
    assert index.enums["BLENDER_METHOD"].values == ("AVG", "GLM")
    assert index.enums["SHARING_RECIPIENT_TYPE"].values == ("user", "group")


def test_request_keys_and_query_parameters_sent():
    index = index_of(mod="""
        class RegisteredModelVersion:
            @classmethod
            def create(cls, model_id, name=None, tags=None, status=None):
                payload: Dict[str, Any] = {"modelId": model_id}
                if name is not None:
                    payload["name"] = name
                payload.update({"tags": tags})
                response = cls._client.post(url="modelPackages/fromLeaderboard/", json=payload)
                return response.json()

            def rename(self, name):
                self._client.patch(f"registeredModels/{self.id}/", data={"name": name})

            def jobs(self, status=None):
                params = {"status": status}
                return self._client.get(f"projects/{self.id}/modelJobs/", params=params).json()

            def opaque(self, payload):
                self._client.post("x/", data=payload)
        """)
    got = {c.function: (c.body, c.body_resolved, c.query) for c in index.calls}
    assert got["RegisteredModelVersion.create"] == (("modelId", "name", "tags"), True, ())
    assert got["RegisteredModelVersion.rename"] == (("name",), True, ())
    assert got["RegisteredModelVersion.jobs"] == (None, True, ("status",))
    assert got["RegisteredModelVersion.opaque"][1] is False


# --------------------------------------------------------------------------- comparison


SPEC = {
    "openapi": "3.0.3",
    "paths": {
        "/api/v2/projects/{projectId}/modelJobs/": {"get": {"responses": {"200": {"description": "OK", "content": {
            "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Wrapper"}}}}}}}},
        "/api/v2/projects/{projectId}/ratingTables/{ratingTableId}/": {"get": {"responses": {"200": {
            "description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Table"}}}}}}},
        "/api/v2/projects/{projectId}/jobs/": {"post": {"responses": {"202": {"description": "Accepted"}}}},
        "/api/v2/projects/{projectId}/unused/": {"get": {"responses": {"200": {"description": "OK"}}}},
    },
    "components": {"schemas": {
        "Wrapper": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}},
        "Job": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Table": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "modelJobId": {"type": "integer"}, "name": {"type": "string"}}},
    }},
}

SDK_MODULE = """
    class Job:
        _converter = t.Dict({t.Key("id"): String})

    class RatingTable:
        _converter = t.Dict({t.Key("id"): String, t.Key("model_job_id"): String, t.Key("name"): String,
                             t.Key("extra", optional=True): t.Bool})

        @classmethod
        def get(cls, pid, rid):
            return cls.from_location(f"projects/{pid}/ratingTables/{rid}/")

    class Project:
        def jobs(self):
            return [Job(x) for x in self._client.get(f"projects/{self.id}/modelJobs/").json()]

        def start(self):
            response = self._client.post(f"projects/{self.id}/jobs/")
            return response.headers["Location"]

        def other(self):
            return self._client.get(f"projects/{self.id}/modelJobs/{self.job}/").json()
    """


def test_compare_reports_each_kind_of_difference_with_evidence():
    findings, comparer = compare.compare(index_of(mod=SDK_MODULE), SPEC, links=())
    got = [(f.kind, f.operation, f.subject) for f in findings]
    assert got == [
        ("shape", "GET /api/v2/projects/{projectId}/modelJobs/", "response shape"),
        ("field", "GET /api/v2/projects/{projectId}/ratingTables/{ratingTableId}/", "Table.extra"),
        ("type", "GET /api/v2/projects/{projectId}/ratingTables/{ratingTableId}/", "Table.modelJobId"),
        ("required", "GET /api/v2/projects/{projectId}/ratingTables/{ratingTableId}/", "Table.modelJobId"),
        ("required", "GET /api/v2/projects/{projectId}/ratingTables/{ratingTableId}/", "Table.name"),
        ("route-absent", "GET /api/v2/projects/{projectId}/unused/", "operation"),
        ("location", "POST /api/v2/projects/{projectId}/jobs/", "202 Location header"),
    ]
    shape = findings[0]
    assert shape.spec == "list of {data: [...]}" and shape.sdk == "Job from list"
    assert all(f.evidence.startswith("datarobot/mod.py:") for f in findings if f.kind != "route-absent")
    assert comparer.matched  # modelJobs/{id}/ is not ours: it matched nothing and is not reported
    assert "route-method" not in {f.kind for f in findings}


def test_match_path_holes_stand_only_for_parameters():
    paths = ["/api/v2/modelPackages/{modelPackageId}/", "/api/v2/modelPackages/fromLeaderboard/"]
    assert compare.match_path("modelPackages/{}/", paths) == "/api/v2/modelPackages/{modelPackageId}/"
    assert compare.match_path("modelPackages/fromLeaderboard/", paths) == "/api/v2/modelPackages/fromLeaderboard/"
    assert compare.match_path("modelPackages/fromCustomModelVersion/", paths) is None
    assert compare.match_path("modelPackages/{}/file", paths) is None


def test_recorded_keys_are_read_from_backticks(tmp_path):
    curation = tmp_path / "CURATION.md"
    curation.write_text("| `field GET /api/v2/x/ Table.extra` | a.py:1 | open | keep page |\n`not a key`\n")
    assert run.recorded_keys(curation) == {"field GET /api/v2/x/ Table.extra"}


# --------------------------------------------------------------------------- errors


def test_a_damaged_wheel_is_a_clear_error(tmp_path):
    bad = tmp_path / wheel.WHEEL_NAME
    bad.write_bytes(b"not a zip")
    with pytest.raises(wheel.WheelError, match="not a readable wheel"):
        wheel.read_sources(bad)


def test_offline_without_the_wheel_says_how_to_get_it(tmp_path, capsys):
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    assert main(["--spec", str(spec), "--cache", str(tmp_path / "empty"), "--offline"]) == 2
    assert "run `make crosscheck` once with network access" in capsys.readouterr().err


def test_a_missing_spec_is_a_clear_error(tmp_path, capsys):
    assert main(["--spec", str(tmp_path / "nope.yaml"), "--cache", str(tmp_path)]) == 2
    assert "cannot read the spec" in capsys.readouterr().err


# --------------------------------------------------------------------------- the real run


def test_every_finding_against_the_spec_is_decided_in_curation_and_runs_are_stable():
    """The SDK wheel against spec/openapi.yaml: each finding's key has a row in spec/CURATION.md."""
    first = run.run(ROOT / "spec" / "openapi.yaml", CACHE, ROOT / "spec" / "CURATION.md")
    second = run.run(ROOT / "spec" / "openapi.yaml", CACHE, ROOT / "spec" / "CURATION.md")
    assert [f.key for f in first.findings] == [f.key for f in second.findings]
    assert run.render(first).rsplit("\n", 1)[0] == run.render(second).rsplit("\n", 1)[0]
    assert first.with_route >= 88, "the checker lost track of the SDK's routes"
    missing = [f"{f.key}  ({f.evidence}: spec {f.spec}; SDK {f.sdk})" for f in first.unrecorded]
    assert not missing, (
        f"{len(missing)} SDK cross-check finding(s) without a decision in spec/CURATION.md "
        "('The SDK cross-check' table; fix the spec or record why the page is kept):\n  " + "\n  ".join(missing))


def test_findings_do_not_depend_on_the_hash_seed(tmp_path):
    """A fresh index built in another process with another PYTHONHASHSEED gives the same table."""
    import os
    import shutil
    import subprocess
    import sys

    here = run.run(ROOT / "spec" / "openapi.yaml", CACHE, ROOT / "spec" / "CURATION.md")
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(CACHE / wheel.WHEEL_NAME, cache / wheel.WHEEL_NAME)
    proc = subprocess.run([sys.executable, "-m", "spec.crosscheck", "--cache", str(cache), "--offline"],
                          cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert proc.returncode == 0, proc.stderr
    assert "index built" in proc.stdout
    assert proc.stdout.rsplit("\n", 2)[0] == run.render(here).rsplit("\n", 1)[0]
