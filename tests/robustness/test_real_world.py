"""Real-world specs: every document in tests/data/specs becomes a client package that
compiles, imports, passes `mypy --strict`, and works against Prism mocking that document.

Each spec is generated once per session through the CLI (`python -m generator generate
--spec FILE --out DIR`), while its Prism server starts in the background.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .support import (
    PRISM,
    PYTHON,
    REPO,
    SPECS,
    Prism,
    Run,
    compile_all,
    import_all,
    mypy_errors,
    run_cli,
)

SPEC_NAMES = ("petstore", "spotify", "asana", "box")

# Several operations per spec, chosen to cover what a client must get right: path, query,
# header and cookie parameters, JSON, form, multipart and binary bodies, model, list,
# union and binary results, and the async client. [expression, expected result type].
# Left out on purpose, because the documents themselves are wrong there (Prism serves the
# document's own examples, and the client rightly refuses them): Asana's task/project/
# portfolio examples put date-times in `format: date` fields; Box's collaboration examples
# give `created_by` as a list; Prism cannot check Box's multipart `attributes` part (it
# expects an object where multipart carries text).
SMOKE: dict[str, list[tuple[str, str]]] = {
    "petstore": [
        ("client.pet.add_pet(body={'name': 'doggie', 'photoUrls': []})", "Pet"),
        ("client.pet.find_pets_by_status(status='available')", "list"),
        ("client.pet.update_pet_with_form(7, body={'name': 'rex', 'status': 'sold'})", "NoneType"),
        ("client.pet.upload_file(7, body={'additionalMetadata': 'a', 'file': b'png-bytes'})", "ApiResponse"),
        ("client.store.get_order_by_id(3)", "Order"),
        ("client.user.login_user(username='u', password='p')", "str"),
        ("client.user.update_user('u', body=types.UserUpdate(username='u', password='secret'))", "User"),
        ("await aclient.store.place_order(body={'petId': 1, 'quantity': 2})", "Order"),
    ],
    "spotify": [
        ("client.albums.get_an_album('4aawyAB9vmqN3uQ7FjRGTy', market='ES')", "AlbumObject"),
        ("client.artists.get_an_artists_albums('0TnOYISbd1XYRBk9myaseg', limit=2, offset=0)", "PagingSimplifiedAlbumObject"),
        ("client.player.get_the_users_currently_playing_track()", "CurrentlyPlayingObject"),
        ("client.player.get_queue().currently_playing.__class__.__name__", "str"),
        ("client.albums.check_users_saved_albums(ids='a,b')", "list"),
        ("client.search.search(q='remaster', type_=['album', 'track'])", "SearchItemsResponse"),
        ("client.playlists.create_playlist('smedjan', body={'name': 'New Playlist', 'public': False})", "PlaylistObject"),
        ("client.playlists.upload_custom_playlist_cover('3cEYpjA9oz9GiPac4AsH4n', body=b'/9j/4AAQ')", "NoneType"),
        ("await aclient.tracks.get_track('11dFghVXANMlKmJXsNCbNl')", "TrackObject"),
    ],
    "asana": [
        ("client.workspaces.get_workspaces(limit=10)", "GetWorkspacesResponse"),
        ("client.users.get_user('me')", "GetUserResponse"),
        ("client.tags.get_tags(workspace='12345')", "GetTagsResponse"),
        ("client.tags.create_tag(body={'data': {'name': 'Stuff to buy', 'workspace': '12345'}})", "CreateTagResponse"),
        ("client.projects.get_projects_for_workspace('12345', archived=False)", "GetProjectsForWorkspaceResponse"),
        ("client.webhooks.get_webhooks(workspace='12345')", "GetWebhooksResponse"),
        ("await aclient.users.get_users(workspace='12345')", "GetUsersResponse"),
    ],
    "box": [
        ("client.users.get_users_me()", "UserFull"),
        ("client.folders.get_folders_id_items('0', limit=10)", "Items"),
        ("client.folders.post_folders(body={'name': 'New Folder', 'parent': {'id': '0'}})", "FolderFull"),
        ("client.search.get_search(query='sales', limit=5)", "GetSearchResponse"),
        ("client.files.get_files_id_thumbnail_id('12345', 'png', destination=io.BytesIO())", "int"),
        ("client.authorization.post_oauth_2_token(body={'grant_type': 'client_credentials', 'client_id': 'a', 'client_secret': 'b'})", "AccessToken"),
        ("client.user_avatars.post_users_id_avatar('12345', body={'pic': ('me.png', b'png-bytes', 'image/png')})", "UserAvatar"),
        ("client.metadata_instances_files.put_files_id_metadata_id_id('12345', 'global', 'properties', body=[{'op': 'add', 'path': '/x', 'value': 'y'}])", "Metadata"),
        ("client.comments.get_files_id_comments('12345')", "Comments"),
        ("await aclient.collections.get_collections()", "Collections"),
    ],
}


@dataclass
class Generated:
    name: str
    spec: Path
    out: Path
    client_dir: Path
    package: str
    run: Run
    prism: Prism


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Future[Run], Prism, Path]]]:
    """Every spec's generation and Prism server, all started at once (they overlap: the
    slowest spec sets the pace, not the sum of them)."""
    runs: dict[str, tuple[Future[Run], Prism, Path]] = {}
    with ThreadPoolExecutor(max_workers=len(SPEC_NAMES)) as pool:
        try:
            for name in SPEC_NAMES:
                spec = SPECS / f"{name}.json"
                root = tmp_path_factory.mktemp(f"real-{name}")
                # A project root of our own: defaults for everything but the package name, and
                # the repository's content-addressed cache (it changes speed, never output).
                (root / "pyproject.toml").write_text(
                    f'[tool.generator]\npackage_name = "{name}_client"\ndistribution_name = "{name}-client"\n'
                    f'cache_dir = {json.dumps(str(REPO / ".cache" / "generator"))}\n',
                    encoding="utf-8",
                )
                prism = Prism(spec, root / "prism.log")
                future = pool.submit(run_cli, "generate", "--spec", spec, "--out", root / "out", "--project-root", root, cwd=root)
                runs[name] = (future, prism, root)
            yield runs
        finally:
            for _, prism, _ in runs.values():
                prism.stop()


@pytest.fixture(scope="module", params=SPEC_NAMES)
def generated(request: pytest.FixtureRequest, started: dict[str, tuple[Future[Run], Prism, Path]]) -> Generated:
    name = request.param
    future, prism, root = started[name]
    out = root / "out"
    return Generated(name, SPECS / f"{name}.json", out, out / "python", f"{name}_client", future.result(), prism)


def test_generate_succeeds(generated: Generated) -> None:
    run = generated.run
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stderr[-4000:]}"
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert (generated.out / ".manifest").is_file()


def test_every_module_compiles(generated: Generated) -> None:
    assert compile_all(generated.client_dir) >= 8


def test_every_module_imports(generated: Generated) -> None:
    modules = import_all(generated.client_dir, generated.package)
    assert f"{generated.package}.types" in modules
    resources = sorted(p.stem for p in (generated.client_dir / generated.package / "resources").glob("*.py") if p.stem != "__init__")
    assert resources and all(f"{generated.package}.resources.{r}" in modules for r in resources)


def test_mypy_strict_is_clean(generated: Generated, tmp_path: Path) -> None:
    errors = mypy_errors(generated.client_dir, generated.package, tmp_path / "mypy-cache")
    print(f"mypy --strict errors for {generated.name}: {len(errors)}")
    assert errors == [], f"{len(errors)} mypy error(s):\n" + "\n".join(errors[:40])


def test_smoke_against_prism(generated: Generated) -> None:
    assert PRISM.exists(), "node_modules/.bin/prism is missing: run `npm ci`"
    url = generated.prism.wait()
    calls = SMOKE[generated.name]
    proc = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("smoke_client.py")), generated.package, url, json.dumps(calls)],
        cwd=generated.client_dir, capture_output=True, check=False, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(generated.client_dir), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    failures = [r for r in results if r["got"] != r["expected"]]
    assert not failures, "\n".join(f"{r['call']}\n    expected {r['expected']}, got {r['got']}" for r in failures)
    assert len(results) == len(calls) >= 7
