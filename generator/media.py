"""Which media type of a `content` map the generated client uses: shared by the IR (which
builds the method) and the approximations (which warn about the media types it leaves
out), so neither imports the other."""

from __future__ import annotations

import re
from typing import Any

_JSON_MEDIA = re.compile(r"^application/([a-z0-9.+-]*\+)?json(;.*)?$", re.IGNORECASE)


def is_json_media(media: str) -> bool:
    return bool(_JSON_MEDIA.match(media))


def pick_media(content: dict[str, Any]) -> str | None:
    """JSON first, then multipart or form data, else the first one listed."""
    if not content:
        return None
    keys = list(content)
    for key in keys:
        if is_json_media(key):
            return key
    for preferred in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if preferred in content:
            return preferred
    return keys[0]
