"""Dicts in: every argument that takes a request model takes the same thing as a dict.

A dict with the API's camelCase keys or the model's snake_case keys is sent as the same bytes as the
model, and a bad member is refused with the same message either way.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import anyio
import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async import Client, Request, Response, RetryPolicy
from layers_async._converter import wire_name
from layers_async.errors import InvalidRequestError, NotFoundError
from layers_async.models import CloneOverrides, ContentBrief, ScheduleTarget
from layers_async.testing import MockTransport, json_response
from tests.resources._validation_strategies import (
    CALM_BRIEF,
    CALM_OVERRIDES,
    CALM_TARGET,
    WILD_BRIEF_FIELDS,
    WILD_TARGET_FIELDS,
    WILD_TEXT,
    one_wild_member,
)

PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"
CID = "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"
WHEN = datetime(2030, 5, 11, 9, 30, tzinfo=timezone.utc)
Outcome = tuple[str, str, object]


def not_found(_: Request) -> Response:
    return json_response(404, {"error": {"code": "NOT_FOUND", "message": "nope"}})


async def outcome(call: Callable[[Client], Awaitable[object]]) -> Outcome:
    """("sent", url, body bytes) for a call that reached the transport, ("refused", message, argument) otherwise."""
    transport = MockTransport(not_found)
    async with Client(api_key="lp_test_x", transport=transport, retry=RetryPolicy.disabled()) as client:
        try:
            await call(client)
        except InvalidRequestError as exc:
            return "refused", str(exc), exc.argument
        except NotFoundError:
            pass
    (request,) = transport.requests
    return "sent", request.url, request.content


def as_dict(model: object, styles: list[bool]) -> dict[str, Any]:
    """The model as a caller would write it: wire or Python keys, lists for tuples, enums or their values."""
    out: dict[str, Any] = {}
    for field, (camel, plain) in zip(attrs.fields(type(model)), styles):
        value = getattr(model, field.name)
        if value is None and plain:
            continue  # left out rather than given as None
        if isinstance(value, tuple):
            value = [v.value if plain and isinstance(v, enum.Enum) else v for v in value]
        elif plain and isinstance(value, enum.Enum):
            value = value.value
        out[wire_name(field) if camel else field.name] = value
    return out


STYLES = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=12, max_size=12)
MODEL_CALLS: dict[str, tuple[Callable[[Any], Callable[[Client], Awaitable[object]]], st.SearchStrategy[Any]]] = {
    "brief": (
        lambda brief: lambda c: c.content.generate(PID, brief=brief, container_id=CID, idempotency_key="k"),
        CALM_BRIEF | one_wild_member(CALM_BRIEF, WILD_BRIEF_FIELDS),
    ),
    "overrides": (
        lambda overrides: (
            lambda c: c.content.clone_from_post(
                project_id=PID,
                source_platform_post_id="pp_1",
                container_id=CID,
                overrides=overrides,
                idempotency_key="k",
            )
        ),
        CALM_OVERRIDES
        | one_wild_member(CALM_OVERRIDES, {"caption": WILD_TEXT, "cta": WILD_TEXT, "voice_over_script": WILD_TEXT}),
    ),
    "targets": (
        lambda target: lambda c: c.publishing.schedule(CID, scheduled_for=WHEN, targets=[target], idempotency_key="k"),
        CALM_TARGET | one_wild_member(CALM_TARGET, WILD_TARGET_FIELDS),
    ),
}


async def both(name: str, model: object, styles: list[bool]) -> tuple[Outcome, Outcome]:
    make_call, _ = MODEL_CALLS[name]
    return await outcome(make_call(model)), await outcome(make_call(as_dict(model, styles)))


@pytest.mark.parametrize("name", sorted(MODEL_CALLS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_dict_is_sent_or_refused_exactly_like_its_model(anyio_backend: str, name: str, data: st.DataObject) -> None:
    model = data.draw(MODEL_CALLS[name][1], label=name)
    styles = data.draw(STYLES, label="key styles")
    from_model, from_dict = anyio.run(both, name, model, styles, backend=anyio_backend)
    assert from_model == from_dict


@pytest.mark.anyio
async def test_the_issues_example_overrides_caption_is_accepted() -> None:
    sent = await outcome(
        lambda c: c.content.clone_from_post(
            project_id=PID, source_platform_post_id="pp_1", container_id=CID, overrides={"caption": "hi"}
        )
    )
    assert ("sent", b'"overrides":{"caption":"hi"}') == (sent[0], sent[2][-29:-1])  # type: ignore[index]


@pytest.mark.anyio
async def test_one_target_dict_stands_for_a_list_of_one() -> None:
    one = {"socialAccountId": "sa_1", "mode": "direct_publish"}
    single = await outcome(lambda c: c.publishing.schedule(CID, scheduled_for=WHEN, targets=one, idempotency_key="k"))
    listed = await outcome(
        lambda c: c.publishing.schedule(
            CID,
            scheduled_for=WHEN,
            targets=[ScheduleTarget(social_account_id="sa_1", mode="direct_publish")],  # type: ignore[arg-type]
            idempotency_key="k",
        )
    )
    assert single == listed and "sent" == single[0]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("call", "message", "argument"),
    [
        (
            lambda c: c.content.generate(PID, brief={"hook": "a", "colour": "red"}),
            "brief has no field 'colour'; its fields are hook, cta, targetPlatforms, themeTags, topic, angle, "
            "valuePropositions, influencerId, referenceMediaIds, language",
            "brief",
        ),
        (
            lambda c: c.content.generate(PID, brief={"themeTags": ["a"], "theme_tags": ["b"]}),
            "brief gives theme_tags twice (as 'theme_tags' and another key)",
            "brief",
        ),
        (
            lambda c: c.content.generate(PID, brief=["hook"]),
            "brief must be a ContentBrief or a dict, got list",
            "brief",
        ),
        (
            lambda c: c.publishing.schedule(CID, scheduled_for=WHEN, targets=[{"mode": "direct_publish"}]),
            "targets[0].social_account_id is required",
            "targets[0].social_account_id",
        ),
        (
            lambda c: c.publishing.schedule(CID, scheduled_for=WHEN, targets=[{"socialAccountId": "sa", "mode": "x"}]),
            "targets[0].mode must be one of direct_publish, draft_to_device, feed, reels; got 'x'",
            "targets[0].mode",
        ),
        (
            lambda c: c.content.clone_from_post(project_id=PID, source_platform_post_id="p", overrides={"caption": 5}),
            "overrides.caption must be a string, got int",
            "overrides.caption",
        ),
        (
            lambda c: c.content.clone_from_post(project_id=PID, source_platform_post_id="p", overrides={1: "x"}),
            "overrides has no field 1; its fields are caption, cta, voiceOverScript",
            "overrides",
        ),
    ],
)
async def test_bad_dicts_are_refused_naming_the_member(call: Any, message: str, argument: str) -> None:
    assert ("refused", message, argument) == await outcome(call)


def test_models_are_still_accepted_as_themselves() -> None:
    brief = ContentBrief(hook="h")
    overrides = CloneOverrides(caption="c")
    assert ("h", "c") == (brief.hook, overrides.caption)
