"""Each adapter with its framework installed, the tool called as the framework calls it (no model, no network).

The frameworks run on asyncio only, so these tests do too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from layers_async.agents import Tool, to_langchain, to_openai_agents, to_pydantic_ai
from layers_async.testing import DemoHandles

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _breakouts(demo: DemoHandles, window: str | None = None) -> dict[str, Any]:
    return {"project_id": demo.project_id, "window": window}


async def test_openai_agents_function_tool_runs_and_returns_json(tools: dict[str, Tool], demo: DemoHandles) -> None:
    from agents import FunctionTool
    from agents.tool_context import ToolContext

    (tool,) = to_openai_agents([tools["find_breakouts"]])
    text = json.dumps(_breakouts(demo))
    out = await tool.on_invoke_tool(
        ToolContext(context=None, tool_name=tool.name, tool_call_id="call_1", tool_arguments=text), text
    )
    assert (
        isinstance(tool, FunctionTool),
        tool.params_json_schema,
        json.loads(out)["breakouts"][0]["platform_post_id"],
    ) == (
        True,
        tools["find_breakouts"].input_schema,
        demo.breakout_post_id,
    )


async def test_openai_agents_tool_error_goes_back_to_the_model_as_text(
    tools: dict[str, Tool], demo: DemoHandles
) -> None:
    from agents.tool_context import ToolContext

    (tool,) = to_openai_agents([tools["find_breakouts"]])
    text = json.dumps(_breakouts(demo, "1y"))
    out = await tool.on_invoke_tool(
        ToolContext(context=None, tool_name=tool.name, tool_call_id="call_2", tool_arguments=text), text
    )
    assert out.startswith("invalid_argument: window must be one of")


def _scripted(call: dict[str, Any]) -> Any:
    """A PydanticAI function model: call ``find_breakouts`` once, then report what came back."""
    from pydantic_ai.messages import ModelResponse, RetryPromptPart, TextPart, ToolCallPart, ToolReturnPart

    def model(messages: list[Any], info: Any) -> Any:
        last = messages[-1].parts[-1]
        if isinstance(last, ToolReturnPart):
            return ModelResponse(parts=[TextPart(json.dumps(last.content))])
        if isinstance(last, RetryPromptPart):
            return ModelResponse(parts=[TextPart("retry: " + str(last.content))])
        return ModelResponse(parts=[ToolCallPart("find_breakouts", call)])

    return model


async def test_pydantic_ai_agent_calls_the_tool_with_our_schema(tools: dict[str, Tool], demo: DemoHandles) -> None:
    from pydantic_ai import Agent
    from pydantic_ai.models.function import FunctionModel

    agent = Agent(FunctionModel(_scripted(_breakouts(demo))), tools=to_pydantic_ai([tools["find_breakouts"]]))
    result = await agent.run("what broke out?")
    assert json.loads(result.output)["breakouts"][0]["platform_post_id"] == demo.breakout_post_id


async def test_pydantic_ai_bad_argument_goes_back_to_the_model(tools: dict[str, Tool], demo: DemoHandles) -> None:
    from pydantic_ai import Agent
    from pydantic_ai.models.function import FunctionModel

    agent = Agent(FunctionModel(_scripted(_breakouts(demo, "1y"))), tools=to_pydantic_ai([tools["find_breakouts"]]))
    result = await agent.run("what broke out?")
    assert "invalid_argument: window must be one of" in result.output


async def test_langchain_structured_tool_answers_a_tool_call(tools: dict[str, Tool], demo: DemoHandles) -> None:
    (tool,) = to_langchain([tools["find_breakouts"]])
    message = await tool.ainvoke({"name": tool.name, "args": _breakouts(demo), "id": "call_3", "type": "tool_call"})
    assert (tool.args_schema, message.status, json.loads(message.content)["verdict"]) == (
        tools["find_breakouts"].input_schema,
        "success",
        "ok",
    )


async def test_langchain_tool_error_is_an_error_tool_message(tools: dict[str, Tool], demo: DemoHandles) -> None:
    (tool,) = to_langchain([tools["find_breakouts"]])
    message = await tool.ainvoke(
        {"name": tool.name, "args": _breakouts(demo, "1y"), "id": "call_4", "type": "tool_call"}
    )
    assert (message.status, message.content.startswith("invalid_argument: window")) == ("error", True)
