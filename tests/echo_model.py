"""An in-process model that drafts from exactly the facts its prompt carries, for eval tests."""

from __future__ import annotations

from assistant.llm.testing import FunctionModel


def echo_draft(prompt: str) -> str:
    """A plausible draft that uses exactly the facts the prompt carried (and nothing when it carried none); the judge
    prompt gets fixed scores; a repair or revision prompt gets its draft back."""
    if prompt.startswith("请评分"):
        return '{"style": 4, "register": 5, "concision": 3}'
    facts = [line.split("] ", 1)[1].rstrip("。") for line in prompt.splitlines() if line.startswith("- [")]
    if "修改要求" in prompt or "找不到依据" in prompt:
        return prompt.split("草稿：", 1)[-1].split("事实：", 1)[0].strip() or "好的。"
    text = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。" + ("；".join(facts) + "。" if facts else "")
    if "（一）主动公开（二）依申请公开" in prompt:
        text += "\n（一）主动公开\n（二）依申请公开\n（三）政府信息管理\n（四）政府信息公开平台建设\n（五）监督保障"
    if "存在的主要问题" in prompt:
        text += "存在的问题仍需改进，下一步将持续改进。"
    if "信息处理费" in prompt:
        text += "信息处理费收取情况见上。"
    if "统计期限" in prompt:
        text += "本报告依据《条例》编制，统计期限为本年度。"
    return text


def echo_model(name: str = "echo-model") -> FunctionModel:
    return FunctionModel(lambda messages: echo_draft(str(messages[-1].content)), name=name)
