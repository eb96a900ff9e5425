"""The error tree: every class pickles with every field."""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import pytest

from layers_async import errors
from layers_async.errors import LayersError

# A non-default value for every constructor argument any class in the tree takes.
_VALUES: dict[str, Any] = {
    "argument": "job_id",
    "path": "$.items[0].id",
    "status_code": 429,
    "request_id": "req_1",
    "request_sent": False,
    "code": "RATE_LIMITED",
    "details": {"retryAfterSeconds": 3, "issues": [{"path": "a", "message": "b"}]},
    "idempotency_key": "idem-1",
    "retry_after": 2.5,
    "job_id": "job_1",
    "job": {"jobId": "job_1", "status": "failed"},
    "limit": 1024,
}


def _tree(root: type[LayersError]) -> list[type[LayersError]]:
    out = [root]
    for sub in root.__subclasses__():
        out.extend(_tree(sub))
    return out


def _instance(cls: type[LayersError]) -> LayersError:
    try:
        params = inspect.signature(cls).parameters
    except ValueError:  # no Python-level __init__ (e.g. ClientClosedError): a message alone
        return cls("something broke")
    names = {n for n, p in params.items() if p.kind is p.KEYWORD_ONLY}
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):  # passed on to the parent's __init__
        names |= set(inspect.signature(cls.__mro__[1]).parameters)
    kwargs = {n: _VALUES[n] for n in names if n in _VALUES}
    return cls("something broke", **kwargs)


CLASSES = sorted({c for c in _tree(LayersError) if c.__module__ == errors.__name__}, key=lambda c: c.__name__)


def test_the_tree_is_complete() -> None:
    assert sorted(errors.__all__) == sorted(c.__name__ for c in CLASSES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_pickles_with_every_field(cls: type[LayersError]) -> None:
    error = _instance(cls)
    restored = pickle.loads(pickle.dumps(error))
    assert (type(restored), restored.args, vars(restored), str(restored)) == (
        cls,
        error.args,
        vars(error),
        str(error),
    )


def test_a_pickled_api_error_keeps_its_fields() -> None:
    error = errors.APIError("m", status_code=404, code="X", request_id="r", details={"a": 1}, idempotency_key="k")
    restored = pickle.loads(pickle.dumps(error))
    assert (restored.status_code, restored.code, restored.request_id, dict(restored.details)) == (
        404,
        "X",
        "r",
        {"a": 1},
    )
    assert restored.idempotency_key == "k"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_pickled_error_reprs_the_same_and_names_its_class(cls: type[LayersError]) -> None:
    error = _instance(cls)
    restored = pickle.loads(pickle.dumps(error))
    assert repr(error) == repr(restored)
    assert repr(restored).startswith(f"{cls.__name__}(") and "something broke" in repr(restored)
