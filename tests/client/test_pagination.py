"""Pagination against the fault server: several pages linked by `next` (absolute and
relative), sync and async iteration over items and pages, single pages, a 5xx on a later
page retried, and a `next` link on another origin getting no token."""

from __future__ import annotations

from typing import Any

import datarobot_models_client as pkg
import pytest
from datarobot_models_client.types import RatingTableRetrieveResponse

from .conftest import TOKEN
from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply

INTERVALS = f"{API}/projects/p1/models/m1/predictionIntervals/"
TABLES = f"{API}/projects/p1/ratingTables/"


def _page(data: list[Any], next_url: str | None, previous: str | None = None, count: int | None = None) -> Reply:
    return Reply(200, {"count": len(data) if count is None else count, "next": next_url, "previous": previous, "data": data})


def _script_three_pages(server: FaultServer, *, relative: bool) -> None:
    base = "" if relative else server.url
    server.script(INTERVALS,
                  _page([10, 20], f"{base}{INTERVALS}?offset=2&limit=2"),
                  _page([30, 40], f"{base}{INTERVALS}?offset=4&limit=2", f"{base}{INTERVALS}?offset=0&limit=2"),
                  _page([50], None, f"{base}{INTERVALS}?offset=2&limit=2"))


@pytest.mark.parametrize("relative", [False, True], ids=["absolute-next", "relative-next"])
def test_sync_iteration_follows_next_across_pages(server: FaultServer, relative: bool) -> None:
    _script_three_pages(server, relative=relative)
    with client(server) as c:
        page = c.models.list_model_prediction_intervals("p1", "m1", limit=2)
        assert isinstance(page, pkg.SyncPage)
        assert page.items == [10, 20] and page.count == 2
        assert list(page) == [10, 20, 30, 40, 50]
    queries = [r.query for r in server.hits(INTERVALS)]
    assert queries == ["limit=2", "offset=2&limit=2", "offset=4&limit=2"]
    assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in server.requests)


@pytest.mark.parametrize("relative", [False, True], ids=["absolute-next", "relative-next"])
def test_async_iteration_follows_next_across_pages(server: FaultServer, relative: bool) -> None:
    _script_three_pages(server, relative=relative)

    async def go() -> list[int]:
        async with async_client(server) as c:
            page = await c.models.list_model_prediction_intervals("p1", "m1", limit=2)
            assert isinstance(page, pkg.AsyncPage)
            return [x async for x in page]

    assert run(go) == [10, 20, 30, 40, 50]
    assert len(server.hits(INTERVALS)) == 3


def test_iter_pages_and_get_next_page(server: FaultServer) -> None:
    _script_three_pages(server, relative=False)
    _script_three_pages(server, relative=False)
    with client(server) as c:
        first = c.models.list_model_prediction_intervals("p1", "m1", limit=2)
        pages = list(first.iter_pages())
        assert [p.items for p in pages] == [[10, 20], [30, 40], [50]]
        assert [p.has_next_page() for p in pages] == [True, True, False]
        assert pages[1].previous_url == f"{server.url}{INTERVALS}?offset=0&limit=2"
        assert pages[0].response.status_code == 200

        again = c.models.list_model_prediction_intervals("p1", "m1", limit=2)
        second = again.get_next_page()
        assert second.items == [30, 40]
        last = second.get_next_page()
        assert last.items == [50] and not last.has_next_page()
        with pytest.raises(LookupError):
            last.get_next_page()


def test_async_iter_pages_and_get_next_page(server: FaultServer) -> None:
    _script_three_pages(server, relative=True)

    async def go() -> None:
        async with async_client(server) as c:
            first = await c.models.list_model_prediction_intervals("p1", "m1", limit=2)
            second = await first.get_next_page()
            assert second.items == [30, 40]
            pages = [p async for p in second.iter_pages()]
            assert [p.items for p in pages] == [[30, 40], [50]]
            assert not pages[-1].has_next_page()
            with pytest.raises(LookupError):
                await pages[-1].get_next_page()

    run(go)
    assert len(server.hits(INTERVALS)) == 3


def test_model_items_are_parsed_on_every_page(server: FaultServer) -> None:
    first = [sample("RatingTableRetrieveResponse", id="rt1"), sample("RatingTableRetrieveResponse", id="rt2")]
    second = [sample("RatingTableRetrieveResponse", id="rt3", newServerField={"x": 1})]
    server.script(TABLES, _page(first, f"{server.url}{TABLES}?offset=2"), _page(second, None))
    with client(server) as c:
        items = list(c.rating_tables.list_rating_tables("p1", parent_model_id="m0"))
    assert [t.id for t in items] == ["rt1", "rt2", "rt3"]
    assert all(isinstance(t, RatingTableRetrieveResponse) for t in items)
    assert items[2].model_extra == {"newServerField": {"x": 1}}
    assert server.hits(TABLES)[0].query == "parentModelId=m0"


def test_a_failing_later_page_is_retried_for_get(server: FaultServer, sleeps: Any) -> None:
    server.script(INTERVALS, _page([1], f"{server.url}{INTERVALS}?offset=1"), Reply(502, "bad gateway"), _page([2], None))
    with client(server) as c:
        assert list(c.models.list_model_prediction_intervals("p1", "m1")) == [1, 2]
    assert len(server.hits(INTERVALS)) == 3
    assert len(sleeps.delays) == 1


def test_next_link_on_another_origin_gets_no_token(server: FaultServer, other_server: FaultServer) -> None:
    server.script(INTERVALS, _page([1], f"{other_server.url}{INTERVALS}?offset=1"))
    other_server.script(INTERVALS, _page([2], None))
    with client(server) as c:
        assert list(c.models.list_model_prediction_intervals("p1", "m1")) == [1, 2]
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in other_server.requests[0].headers


def test_an_empty_list_is_one_empty_page(server: FaultServer) -> None:
    server.script(INTERVALS, _page([], None))
    with client(server) as c:
        page = c.models.list_model_prediction_intervals("p1", "m1")
        assert page.items == [] and list(page) == [] and not page.has_next_page()


@pytest.mark.parametrize("body", ["[1, 2]", '{"data": {"not": "a list"}}', "<html>oops</html>"])
def test_a_list_response_that_is_not_a_page_is_a_parse_error(server: FaultServer, body: str) -> None:
    server.script(INTERVALS, Reply(200, body, {"Content-Type": "application/json"}))
    with client(server) as c, pytest.raises(pkg.ResponseParseError) as caught:
        c.models.list_model_prediction_intervals("p1", "m1")
    assert caught.value.response.status_code == 200


# -- a list needs only its path arguments -------------------------------------------------------
def test_every_list_method_needs_only_its_path_arguments() -> None:
    """Across the spec: a list method's keyword arguments all have defaults, sync and async."""
    import inspect

    from .spec_calls import operations

    lists = [(r, op) for r, op in operations() if op.result.kind == "page"]
    assert len(lists) >= 20
    for resource, op in lists:
        for cls in (pkg.Client, pkg.AsyncClient):
            method = getattr(getattr(cls, resource.attr_name).func(None), op.method_name)  # type: ignore[attr-defined]
            for parameter in inspect.signature(method).parameters.values():
                if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                    assert parameter.default is not inspect.Parameter.empty, (op.operation_id, parameter.name)


BLUEPRINTS = f"{API}/customTrainingBlueprints/"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_offset_and_limit_the_spec_requires_are_sent_for_the_caller(server: FaultServer, mode: str) -> None:
    """listCustomTrainingBlueprints marks offset and limit required without a default: called
    with nothing, the method asks for the first page at the client's page size, and the next
    pages come from `next`; given values are sent as given."""
    server.script(BLUEPRINTS, _page([sample("CustomTrainingBlueprintResponse", userBlueprintId="b1")], f"{BLUEPRINTS}?offset=100&limit=100"),
                  _page([sample("CustomTrainingBlueprintResponse", userBlueprintId="b2")], None),
                  _page([], None))
    if mode == "sync":
        with client(server) as c:
            ids = [b.user_blueprint_id for b in c.custom_training_blueprints.list_custom_training_blueprints()]
            c.custom_training_blueprints.list_custom_training_blueprints(offset=5, limit=2)
    else:
        async def go() -> list[str]:
            async with async_client(server) as c:
                page = await c.custom_training_blueprints.list_custom_training_blueprints()
                found = [b.user_blueprint_id async for b in page]
                await c.custom_training_blueprints.list_custom_training_blueprints(offset=5, limit=2)
                return found

        ids = run(go)
    assert ids == ["b1", "b2"]
    assert [r.query for r in server.hits(BLUEPRINTS)] == ["offset=0&limit=100", "offset=100&limit=100", "offset=5&limit=2"]


def test_optional_offset_and_limit_are_left_to_the_server(server: FaultServer) -> None:
    server.script(INTERVALS, _page([1], None))
    with client(server) as c:
        assert list(c.models.list_model_prediction_intervals("p1", "m1")) == [1]
    assert server.hits(INTERVALS)[0].query == ""
