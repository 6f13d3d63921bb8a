"""What a file field of a multipart body takes, shared by the request layer and the models.

Standard library only: the request layer imports it at start-up, and the models (which load
pydantic's model machinery) are imported only when first used.
"""

from __future__ import annotations

import os


def is_file_content(value: object) -> bool:
    """What a multipart body sends as a file part: bytes, a path object, a binary file object,
    or a ``(filename, content[, content_type])`` tuple."""
    if isinstance(value, (bytes, bytearray, memoryview, os.PathLike)) or hasattr(value, "read"):
        return True
    return (
        isinstance(value, tuple)
        and len(value) in (2, 3)
        and isinstance(value[0], str)
        and (len(value) == 2 or isinstance(value[2], str))
        and (isinstance(value[1], str) or is_file_content(value[1]))
    )


def file_part_error(name: str, value: object) -> TypeError | None:
    """The TypeError for a value a file field cannot take, None when it can. A plain ``str``
    is a path (as most upload APIs take it); content given as text goes in a tuple,
    ``(filename, text, content_type)``, where the filename says what it is."""
    if isinstance(value, str) or is_file_content(value):
        return None
    return TypeError(
        f"{name}: a file field takes bytes, a path (str or pathlib.Path), a binary file object "
        f"or (filename, content[, content_type]), not {type(value).__name__}"
    )
