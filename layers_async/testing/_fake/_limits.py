"""What the emulator refuses before routing: bodies over 1 MiB (413) and JSON nested too deep (422).

Both are checked on every request, in process and over HTTP, so that no body can exhaust memory or the
parser's recursion (which would otherwise surface as a 500, or as a raw ``RecursionError`` in process).
"""

from __future__ import annotations

import re

from layers_async.testing._fake._http import ApiError

__all__ = ["MAX_BODY_BYTES", "MAX_JSON_DEPTH", "body_problem", "too_deep"]

#: The largest request body the emulator reads.
MAX_BODY_BYTES = 1 << 20
#: The deepest nesting of arrays and objects a JSON body may have.
MAX_JSON_DEPTH = 64

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """``True`` when ``body`` opens more than ``limit`` arrays/objects inside each other (strings skipped)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # the usual case: too few brackets to be that deep
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def body_problem(body: bytes) -> ApiError | None:
    """The error to answer for ``body`` (413 too large, 422 nested too deep), or ``None``."""
    if len(body) > MAX_BODY_BYTES:
        return ApiError(
            413,
            "PAYLOAD_TOO_LARGE",
            f"Request body exceeds {MAX_BODY_BYTES} bytes.",
            {"limitBytes": MAX_BODY_BYTES},
        )
    if body and too_deep(body):
        return ApiError(
            422,
            "VALIDATION",
            f"Body is nested deeper than {MAX_JSON_DEPTH} levels.",
            {"issues": [{"path": "body", "message": f"Nested deeper than {MAX_JSON_DEPTH} levels."}]},
        )
    return None
