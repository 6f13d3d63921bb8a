"""The API reference: Markdown pages and a static HTML site, from the same IR."""

from __future__ import annotations

import jinja2

from ..config import Config
from ..ir.nodes import Api


def files(env: jinja2.Environment, api: Api, config: Config) -> dict[str, str]:
    root = config.docs_dir
    context = {"api": api, "config": config}
    out = {f"{root}/index.md": env.get_template("docs/index.md.jinja").render(**context)}
    return out
