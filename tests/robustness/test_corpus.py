"""A representative slice of the real-world corpus (tests/data/corpus), run in every
`make test`; `make corpus` runs all of it. Each spec here must give a client that
compiles, imports and holds every operation of the spec; one passes `mypy --strict`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from .corpus import CORPUS, MYPY_SPECS, check_spec

# Small documents of three publishers (a title starting with a digit, AWS's shapes, a
# spec with conformance warnings); the smallest also through mypy --strict.
SLICE = ("1password.local__connect", "amazonaws.com__cloud9", "currencytick.com")
WITH_MYPY = ("currencytick.com",)
EXCLUDED = ("stripe.com", "slack.com", "digitalocean.com", "kubernetes.io", "anchore.io", "bkk.hu", "cybertaxonomy.eu", "figshare.com",
            "freesound.org", "inpe.br", "lumminary.com", "opensuse.org", "parliament.uk", "shop-pro.jp", "sms77.io", "whatsapp.local",
            "yodlee.com", "amazonaws.com__codeartifact", "amazonaws.com__nimble", "amazonaws.com__proton", "amazonaws.com__xray",
            "apisetu.gov.in__hpsssb", "azure.com__azsadmin", "azure.com__datashare", "azure.com__machinelearning-webservices",
            "azure.com__mobileengagement", "azure.com__sql-", "googleapis.com__authorizedbuyersmarketplace",
            "googleapis.com__commentanalyzer", "googleapis.com__customsearch", "googleapis.com__securitycenter",
            "vtex.local__Price-Simulations", "vtex.local__Subscriptions-API")


def test_the_corpus_is_big_varied_and_independent() -> None:
    specs = sorted(CORPUS.glob("*.json.gz"))
    names = [s.name.removesuffix(".json.gz") for s in specs]
    assert len(specs) >= 40
    assert len({n.split("__")[0] for n in names}) == len(names)  # one per publisher
    assert not [n for n in names if n.startswith(EXCLUDED)]
    sizes = sorted(len(gzip.decompress(s.read_bytes())) for s in specs)
    assert sizes[0] < 10_000 and sizes[-1] > 1_000_000
    for spec in specs:
        data = json.loads(gzip.decompress(spec.read_bytes()))
        assert data["openapi"].startswith("3.0."), spec.name
    assert set(MYPY_SPECS) <= set(names) and len({n.split("__")[0] for n in MYPY_SPECS}) >= 10
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f"| {n} |" in readme for n in names)


@pytest.mark.parametrize("name", SLICE)
def test_corpus_spec_generates_every_operation(name: str, tmp_path: Path) -> None:
    record = check_spec(CORPUS / f"{name}.json.gz", tmp_path, mypy=name in WITH_MYPY)
    assert record.status == "ok", f"{record.reason}\nmissing: {record.missing[:20]}"
    assert record.compiles and record.imports
    assert record.generated == record.operations > 0
    assert record.mypy == ("clean" if name in WITH_MYPY else "-")
