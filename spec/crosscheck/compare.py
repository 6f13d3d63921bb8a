"""Compare what the SDK does (sdk.SdkIndex) with spec/openapi.yaml; one Finding per difference.

Finding kinds (each names the operation, the spec side and the SDK file:line that shows it):

  route-absent   a spec operation the SDK never calls (the SDK is silent about it)
  route-method   the SDK calls one of our paths with a method the spec does not declare
  route-slash    the SDK's path differs from ours only by the trailing slash
  read           the SDK reads the answer as JSON/text/bytes where the spec declares otherwise
  location       the SDK reads the Location header of an answer whose spec declares none
  shape          the SDK builds its objects from a plain array / an envelope's data / the object
                 itself, and the spec's schema has another shape
  field          a key the SDK's converter reads is not in the spec's schema
  type           the SDK's converter and the spec disagree on a field's JSON type
  required       the SDK requires a key that the spec's table lists as optional
  enum           the SDK's enum values and the spec's differ
  request-body   the SDK sends a body where the spec declares none
  request-key    the SDK sends a key the spec's request schema lacks
  query          the SDK sends a query parameter the spec does not declare
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .sdk import Call, Converter, SdkIndex, TType, underscorize

API_PREFIX = "/api/v2/"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
KINDS = ("route-absent", "route-method", "route-slash", "read", "location", "shape", "field", "type",
         "required", "enum", "request-body", "request-key", "query")

# Enums the SDK keeps in datarobot/enums.py and passes where the spec has an enum: (SDK enum,
# spec location, why the two are the same thing).  Converter enums (t.Enum) are compared
# without a link, through the operation the class is read from.
ENUM_LINKS = (
    ("BLENDER_METHOD", "#/components/schemas/BlenderCreate/properties/blenderMethod",
     "Project.blend(model_ids, blender_method) documents blender_method as one of BLENDER_METHOD"),
    ("BLENDER_METHOD", "#/components/schemas/BlenderRetrieveResponse/properties/blenderMethod",
     "BlenderModel.blender_method is documented as the blender method of BLENDER_METHOD"),
    ("SHARING_RECIPIENT_TYPE", "#/components/schemas/AccessControlV2/properties/shareRecipientType",
     "RegisteredModel.get_shared_roles builds a SharingRole, whose share_recipient_type is a SHARING_RECIPIENT_TYPE"),
    ("SHARING_RECIPIENT_TYPE",
     "#/components/schemas/SharedRolesUpdate/properties/roles/items/properties/shareRecipientType",
     "RegisteredModel.share(roles) sends each SharingRole's share_recipient_type, a SHARING_RECIPIENT_TYPE"),
    ("QUEUE_STATUS", "GET /api/v2/projects/{projectId}/modelJobs/ query:status",
     "Project.get_model_jobs(status: QUEUE_STATUS) sends it as the status filter"),
)


@dataclass(frozen=True)
class Finding:
    kind: str
    operation: str  # "GET /api/v2/..." or "" for schema-level findings
    subject: str  # what in the spec: "ModelDetailsResponse.hasEmptyClusters", "200 Location", ...
    spec: str
    sdk: str
    evidence: str  # "datarobot/models/model.py:123"

    @property
    def key(self) -> str:
        """Stable identifier; spec/CURATION.md records the decision under it."""
        return f"{self.kind} {self.operation or '-'} {self.subject}".strip()

    def sort_key(self) -> tuple:
        return (self.operation, KINDS.index(self.kind), self.subject, self.evidence)


def camelize(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


# --------------------------------------------------------------------------- spec access


class SpecView:
    def __init__(self, doc: dict) -> None:
        self.doc = doc

    def deref(self, node: Any, seen: frozenset = frozenset()) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}
            seen = seen | {ref}
            cur: Any = self.doc
            for part in ref[2:].split("/"):
                cur = cur.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(cur, dict) else {}
            node = cur
        return node

    @staticmethod
    def ref_name(node: Any) -> str | None:
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            return node["$ref"].rsplit("/", 1)[-1]
        if isinstance(node, dict) and isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            return SpecView.ref_name(node["allOf"][0])
        return None

    def operations(self) -> list[tuple[str, str, dict]]:
        out = []
        for path, item in sorted((self.doc.get("paths") or {}).items()):
            for method in HTTP_METHODS:
                if isinstance((item or {}).get(method), dict):
                    out.append((method.upper(), path, item[method]))
        return out

    def object_view(self, node: Any, depth: int = 0) -> tuple[dict, list, bool]:
        """(properties, required, inferred) of an object schema, through allOf and $ref."""
        node = self.deref(node)
        props: dict = {}
        required: list = []
        inferred = False
        if not isinstance(node, dict) or depth > 10:
            return props, required, inferred
        inferred = bool(node.get("x-inferred"))
        props.update(node.get("properties") or {})
        required.extend(node.get("required") or [])
        for part in node.get("allOf") or []:
            p, r, i = self.object_view(part, depth + 1)
            for k, v in p.items():
                props.setdefault(k, v)
            required.extend(r)
            inferred = inferred or i
        return props, required, inferred

    def type_of(self, node: Any) -> tuple[str, dict]:
        """(JSON type or 'any', the resolved node)."""
        node = self.deref(node)
        if not isinstance(node, dict):
            return "any", {}
        if node.get("type"):
            return str(node["type"]), node
        for part in node.get("allOf") or []:
            t, n = self.type_of(part)
            if t != "any":
                return t, n
        if node.get("properties"):
            return "object", node
        return "any", node

    def enum_of(self, node: Any) -> list | None:
        node = self.deref(node)
        if not isinstance(node, dict):
            return None
        if isinstance(node.get("enum"), list):
            return node["enum"]
        for part in node.get("allOf") or []:
            got = self.enum_of(part)
            if got is not None:
                return got
        return None

    def pointer(self, ptr: str) -> Any:
        cur: Any = self.doc
        for part in ptr[2:].split("/"):
            cur = cur.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(cur, dict) else None
        return cur


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def _is_param(seg: str) -> bool:
    return seg.startswith("{") and seg.endswith("}")


def match_path(template: str, spec_paths: list[str]) -> str | None:
    """The spec path an SDK template calls; SDK holes ({}) stand for our path parameters."""
    if template.startswith(("http", "/api/v2")):
        template = template.split("/api/v2", 1)[-1]
    want = _segments(template)
    best = None
    for path in spec_paths:
        have = _segments(path[len(API_PREFIX) - 1:] if path.startswith(API_PREFIX) else path)
        if len(have) != len(want):
            continue
        ok = True
        for sdk_seg, spec_seg in zip(want, have):
            if _is_param(spec_seg):
                if "{" not in sdk_seg:  # the SDK puts no literal ids in paths: a word is another route
                    ok = False
            elif "{" in sdk_seg or sdk_seg != spec_seg:
                ok = False
            if not ok:
                break
        if ok:
            best = path
            break
    return best


# --------------------------------------------------------------------------- comparison


class Comparer:
    def __init__(self, index: SdkIndex, doc: dict, links: tuple = ENUM_LINKS) -> None:
        self.index = index
        self.links = links
        self.spec = SpecView(doc)
        self.findings: list[Finding] = []
        self.ops = self.spec.operations()
        self.paths = sorted({p for _, p, _ in self.ops})
        self.matched: dict[tuple[str, str], list[Call]] = {}
        self.compared_fields = 0

    def add(self, kind: str, operation: str, subject: str, spec: Any, sdk: Any, evidence: str) -> None:
        self.findings.append(Finding(kind, operation, subject, str(spec), str(sdk), evidence))

    def run(self) -> list[Finding]:
        by_path: dict[str, list[Call]] = {}
        for call in self.index.calls:
            path = match_path(call.template, self.paths)
            if path is not None:
                by_path.setdefault(path, []).append(call)
        declared = {(m, p) for m, p, _ in self.ops}
        for path, calls in sorted(by_path.items()):
            for call in calls:
                self.matched.setdefault((call.method, path), []).append(call)
                if (call.method, path) not in declared:
                    self.add("route-method", f"{call.method} {path}", "operation", "<not declared>",
                             f"{call.function} calls it", _ev(call))
                elif call.template.endswith("/") != path.endswith("/"):
                    self.add("route-slash", f"{call.method} {path}", "path", path,
                             call.template, _ev(call))
        for method, path, op in self.ops:
            key = f"{method} {path}"
            calls = self.matched.get((method, path), [])
            if not calls:
                self.add("route-absent", key, "operation", "declared", "<no call>", "-")
                continue
            for call in calls:
                self.check_call(key, op, call)
        self.check_enum_links()
        unique = {f.key + "|" + f.evidence: f for f in self.findings}
        # one finding per key: the first evidence (stable order) speaks for the others
        by_key: dict[str, Finding] = {}
        for f in sorted(unique.values(), key=Finding.sort_key):
            by_key.setdefault(f.key, f)
        return sorted(by_key.values(), key=Finding.sort_key)

    # responses ------------------------------------------------------------------
    def _success(self, op: dict) -> list[tuple[str, dict]]:
        out = []
        for status, resp in sorted((op.get("responses") or {}).items()):
            if str(status).startswith("2"):
                out.append((str(status), self.spec.deref(resp) or {}))
        return out

    def check_call(self, key: str, op: dict, call: Call) -> None:
        success = self._success(op)
        media = {m for _, r in success for m in (r.get("content") or {})}
        json_media = any("json" in m for m in media)
        binary = any(
            "json" not in m and (self.spec.deref((r.get("content") or {})[m].get("schema")) or {}).get("format") == "binary"
            for _, r in success for m in (r.get("content") or {}))
        text_media = any(m.startswith("text/") for m in media)
        ev = _ev(call)
        if "json" in call.reads and not json_media:
            self.add("read", key, "response body", ", ".join(sorted(media)) or "<no body>", "reads JSON", ev)
        if "text" in call.reads and not (text_media or binary):
            self.add("read", key, "response body", ", ".join(sorted(media)) or "<no body>", "reads text", ev)
        if "bytes" in call.reads and not (binary or text_media):
            self.add("read", key, "response body", ", ".join(sorted(media)) or "<no body>", "reads bytes", ev)
        if "location" in call.reads:
            has = any(any(h.lower() == "location" for h in (r.get("headers") or {})) for _, r in success)
            if not has:
                statuses = ",".join(s for s, _ in success)
                self.add("location", key, f"{statuses} Location header", "<none>", "reads Location", ev)
        for built in call.built:
            conv = self.index.converters.get(built.cls)
            schema_node = None
            for status, resp in success:
                content = resp.get("content") or {}
                if "application/json" in content:
                    schema_node = content["application/json"].get("schema")
                    break
            if schema_node is None:
                continue
            shape, item, name = self._shape(schema_node)
            if shape != built.shape:
                self.add("shape", key, f"{name or 'response'} shape", shape, f"{built.cls} from {built.shape}",
                         f"{call.file}:{built.line}")
                if built.shape == "list" and shape == "object" or shape == "any":
                    continue
            if conv is not None:
                self.check_fields(key, item, self.spec.ref_name(item) or name or "response", conv.type, conv)
        if call.body is not None:
            body = self.spec.deref(op.get("requestBody"))
            if not body:
                self.add("request-body", key, "requestBody", "<none>", "sends " + (", ".join(call.body) or "a body"), ev)
            else:
                content = body.get("content") or {}
                schema = next(iter(content.values()), {}).get("schema") if content else None
                props, _, _ = self.spec.object_view(schema)
                names = {underscorize(p) for p in props}
                for k in call.body:
                    if underscorize(k) not in names:
                        sname = self.spec.ref_name(schema) or "requestBody"
                        self.add("request-key", key, f"{sname}.{camelize(underscorize(k))}", "<absent>", "sent", ev)
        if call.query:
            params = {underscorize(str(p.get("name"))) for p in (self.spec.deref(x) for x in op.get("parameters") or [])
                      if isinstance(p, dict) and p.get("in") == "query"}
            for k in call.query:
                if underscorize(k) not in params:
                    self.add("query", key, f"query:{camelize(underscorize(k))}", "<absent>", "sent", ev)

    def _shape(self, node: Any) -> tuple[str, Any, str | None]:
        name = self.spec.ref_name(node)
        typ, resolved = self.spec.type_of(node)
        if typ == "array":
            items = resolved.get("items")
            props, _, _ = self.spec.object_view(items)
            if set(props) == {"data"} and self.spec.type_of(props["data"])[0] == "array":
                return "list of {data: [...]}", self.spec.type_of(props["data"])[1].get("items"), name
            return "list", items, name
        props, _, _ = self.spec.object_view(node)
        data = props.get("data")
        if data is not None and "next" in props:
            dtyp, dnode = self.spec.type_of(data)
            if dtyp == "array":
                return "envelope", dnode.get("items"), name
        return ("object" if typ in ("object", "any") else typ), node, name

    # fields ---------------------------------------------------------------------
    def check_fields(self, key: str, node: Any, label: str, ttype: TType, conv: Converter, depth: int = 0) -> None:
        if depth > 4:
            return
        props, required, inferred = self.spec.object_view(node)
        if not props:
            return
        by_snake = {underscorize(p): p for p in props}
        for f in ttype.fields:
            self.compared_fields += 1
            ev = f"{f.file}:{f.line}"
            prop_name = by_snake.get(f.name)
            if prop_name is None:
                req = "optional" if f.optional else "required"
                self.add("field", key, f"{label}.{camelize(f.name)}", "<absent>",
                         f"{conv.cls} reads it ({req}, {f.type.describe()})", ev)
                continue
            prop = props[prop_name]
            self.check_type(key, f"{label}.{prop_name}", prop, f.type, conv, ev, depth)
            if not f.optional and prop_name not in required and not inferred and required:
                self.add("required", key, f"{label}.{prop_name}", "optional", f"{conv.cls} requires it", ev)

    def check_type(self, key: str, label: str, prop: Any, t: TType, conv: Converter, ev: str, depth: int) -> None:
        spec_type, resolved = self.spec.type_of(prop)
        if t.kind in ("any", "null") or spec_type == "any":
            return
        group = {"integer": "number", "number": "number"}
        if group.get(t.kind, t.kind) != group.get(spec_type, spec_type):
            self.add("type", key, label, spec_type, f"{t.describe()} ({conv.cls})", ev)
            return
        if t.enum is not None:
            spec_enum = self.spec.enum_of(prop)
            self.compare_enum(key, label, spec_enum, list(t.enum), f"{conv.cls}", ev)
        if t.kind == "array" and t.items is not None:
            items = resolved.get("items")
            if items is not None:
                self.check_type(key, f"{label}[]", items, t.items, conv, ev, depth + 1)
        if t.kind == "object" and t.fields:
            self.check_fields(key, prop, self.spec.ref_name(prop) or label, t, conv, depth + 1)

    def compare_enum(self, key: str, label: str, spec_enum: list | None, sdk_enum: list[str], who: str, ev: str) -> None:
        spec_values = sorted(str(v) for v in spec_enum or [] if v is not None)
        sdk_values = sorted(set(sdk_enum))
        if spec_enum is None:
            self.add("enum", key, f"{label} enum", "<no enum>", f"{who}: " + "|".join(sdk_values), ev)
        elif spec_values != sdk_values:
            only_spec = sorted(set(spec_values) - set(sdk_values))
            only_sdk = sorted(set(sdk_values) - set(spec_values))
            self.add("enum", key, f"{label} enum", "only in spec: " + ("|".join(only_spec) or "-"),
                     f"only in SDK ({who}): " + ("|".join(only_sdk) or "-"), ev)

    def check_enum_links(self) -> None:
        for enum_name, where, _why in self.links:
            enum = self.index.enums.get(enum_name)
            if enum is None:
                self.add("enum", "", where, "linked", f"{enum_name} not found in the SDK", "-")
                continue
            ev = f"{enum.file}:{enum.line}"
            if where.startswith("#/"):
                node = self.spec.pointer(where)
                label = where.split("schemas/", 1)[-1].replace("/properties/", ".")
                self.compare_enum("", label, self.spec.enum_of(node) if node is not None else None,
                                  list(enum.values), enum_name, ev)
            else:
                op_key, _, param = where.rpartition(" ")
                method, _, path = op_key.partition(" ")
                loc, _, pname = param.partition(":")
                op = next((o for m, p, o in self.ops if m == method and p == path), {})
                node = next((self.spec.deref(x) for x in op.get("parameters") or []
                             if (self.spec.deref(x) or {}).get("name") == pname
                             and (self.spec.deref(x) or {}).get("in") == loc), None)
                schema = (node or {}).get("schema")
                typ, resolved = self.spec.type_of(schema)
                values = self.spec.enum_of(resolved.get("items")) if typ == "array" else self.spec.enum_of(schema)
                self.compare_enum(op_key, f"{loc}:{pname}", values, list(enum.values), enum_name, ev)


def _ev(call: Call) -> str:
    return f"{call.file}:{call.line}"


def compare(index: SdkIndex, doc: dict, links: tuple = ENUM_LINKS) -> tuple[list[Finding], Comparer]:
    comparer = Comparer(index, doc, links)
    return comparer.run(), comparer

