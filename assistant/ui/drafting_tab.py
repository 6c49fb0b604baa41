"""对话起草: pick a section, give facts, draft or revise in chat (streamed), see sources and the number check,
accept the draft into the workspace."""

from __future__ import annotations

import html
import queue
import threading

import gradio as gr

from ..drafting.draft import draft_section, revise_section
from ..drafting.facts import Facts
from ..drafting.context import build_context
from ..drafting.revise_offline import revise_offline
from ..drafting.table_check import check_facts
from ..layouts import part_titles
from ..errors import AssistantError
from ..workspace import Workspace
from .progress import progress_html
from .services import Services, plain
from .uploads import discard, received


def ws_year(ws) -> int:
    return ws.year - 1 if ws is not None else 0

REVISE_WORDS = ("简洁", "补充", "修改", "改为", "改成", "删去", "删除", "调整", "润色", "精简", "扩充")
DRAFT_WORDS = ("起草", "重写", "重新生成")  # a message asking for a new draft; any other message revises the last one


def _text(content) -> str:
    """Chat message content as text (Gradio may hand it back as a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    if isinstance(content, dict):
        return content.get("text", "")
    return str(content or "")


def facts_of(ws: Workspace) -> Facts:
    """What the drafter is told: the workspace's agency, year, layout, facts, tables and contact details."""
    return Facts(agency=ws.agency, year=ws.year, layout=ws.layout, facts=ws.facts, tables=ws.tables_text or None,
                 contact=ws.contact or None, website=ws.website or None,
                 last_year_report_text=ws.last_year_text or None)


def _findings_html(findings, head: str) -> str:
    items = "".join(f"<li class='finding-error'>{html.escape(f.line_text())}</li>" for f in findings)
    return f"<p><b>{html.escape(head)}</b></p><ul>{items}</ul>" if findings else ""


def _check_html(result) -> str:
    """The number check of the draft shown in the chat (the draft itself is not repeated): the numbers without
    backing, each in the sentence it stands in and why; what the draft and the facts say that the tables contradict."""
    head = ("数字核对：全部有依据" if not result.flagged
            else f"数字核对：{len(result.unverified_numbers)} 个数字找不到依据，请核对或删除"
            + (f"；{len(result.table_findings)} 处与统计表不符" if result.table_findings else ""))
    reasons = dict(zip(result.unverified_numbers, result.number_problems))
    items = ""
    for n in dict.fromkeys(result.unverified_numbers):
        sentence = next((s for s in result.text.replace("\n", "。").split("。") if n in s), n)
        marked = html.escape(sentence).replace(html.escape(n), f'<mark class="unverified" title="找不到依据">{html.escape(n)}</mark>')
        why = reasons.get(n, "")
        items += f"<li>{marked}" + (f"<br><small class='why'>{html.escape(why)}</small>" if why else "") + "</li>"
    notice = f"<p class='notice'>{html.escape(result.notice)}</p>" if result.notice else ""
    tables = _findings_html(result.table_findings, "草稿与统计表核对") + _findings_html(result.facts_findings, "事实与统计表核对")
    return (f"<div id='draft-check-body'><p><b>{head}</b></p>{f'<ul>{items}</ul>' if items else ''}{tables}{notice}"
            "</div>")


def facts_check_html(ws: Workspace | None, section_id: str, facts_text: str) -> str:
    """The facts (this part's as typed, the others' as saved) against the pasted tables, before drafting."""
    if ws is None:
        return ""
    facts = facts_of(ws)
    facts.facts = {**facts.facts, section_id: [l.strip() for l in (facts_text or "").splitlines() if l.strip()]}
    if not facts.tables:
        return "<div id='facts-check-body'>事实核对：尚未粘贴统计表，无法与表中数字核对</div>"
    try:
        findings = check_facts(facts)
    except AssistantError as exc:
        return f"<div id='facts-check-body'>事实核对：统计表无法读取（{html.escape(str(exc))}）</div>"
    if not findings:
        return "<div id='facts-check-body'>事实核对：事实中的数字与统计表一致</div>"
    return (f"<div id='facts-check-body'>{_findings_html(findings, f'事实核对：{len(findings)} 处与统计表不符（错误），起草前请先核对')}"
            "</div>")


def _sources_html(result) -> str:
    if not result.sources:
        return "<p>参考：无（知识库不可用或未检索到）</p>"
    items = "".join(f"<li>{html.escape(s.labelled)}：{html.escape(s.snippet)}</li>" for s in result.sources)
    return f"<div id='draft-sources-body'><b>参考来源</b><ul>{items}</ul></div>"


def build(services: Services, ws_select, progress=None):
    with gr.Row():
        with gr.Column(scale=2):
            section = gr.Radio([(title, key) for key, title in part_titles(prose_only=True).items()], value="overview", label="起草哪一部分", elem_id="draft-section")
            facts = gr.Textbox(label="本部分的事实（每行一条，含准确数字）", lines=10, elem_id="draft-facts",
                               placeholder="全年主动公开政府信息 1520 条\n新收政府信息公开申请 37 件，均按期答复")
            contact = gr.Textbox(label="联系方式（开头说明用）", elem_id="draft-contact")
            facts_check = gr.HTML(elem_id="facts-check")
            last_year = gr.File(label="导入上年年报（用于“较上年”增减的推算）", file_types=[".txt", ".docx", ".pdf", ".html", ".htm"],
                                elem_id="draft-last-year")
            last_year_status = gr.Markdown(elem_id="draft-last-year-status")
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="对话", height=420, elem_id="draft-chat", buttons=["copy"])
            with gr.Row():
                message = gr.Textbox(placeholder="输入“起草”，或修改要求，如“更简洁”“补充平台建设的内容”", scale=5,
                                     show_label=False, elem_id="draft-message")
                send = gr.Button("发送", variant="primary", scale=1, elem_id="draft-send")
            accept = gr.Button("采用此稿", elem_id="draft-accept")
            status = gr.Markdown(elem_id="draft-status")
            check = gr.HTML(elem_id="draft-check")
            sources = gr.HTML(elem_id="draft-sources")

    def load(ws_id, section_id):
        ws = services.workspace(ws_id)
        if ws is None:
            return "", "", [], "请先在上方新建或选择工作区"
        history = [m for m in ws.chat if m.get("section") == section_id]
        return ("\n".join(ws.facts.get(section_id, [])), ws.contact,
                [{"role": m["role"], "content": m["content"]} for m in history], f"工作区：{plain(ws.label)}")

    def import_last_year(ws_id, upload):
        ws = services.workspace(ws_id)
        if ws is None:
            return "⚠ 请先在上方新建或选择工作区"
        got = received([upload] if upload else [])
        if got.refused:
            return "⚠ " + "；".join(got.refused)
        if not got.files:
            return ""
        try:
            from ..report import parse_report, read_report

            text = read_report(got.files[0])
            report = parse_report(text, year=ws.year - 1)
        except AssistantError as exc:
            discard(got.files[0])
            return f"⚠ 上年年报无法读取：{exc}"
        if services.edit(ws_id, lambda w: setattr(w, "last_year_text", text)) is None:
            return "⚠ 工作区不存在或已被删除"
        ws = services.workspace(ws_id)
        changes = [d for d in build_context(facts_of(ws), "overview").derived if d.claim.qualifier == "change"] if ws else []
        tables = "，含统计表" if report.tables.tables else "，未读到统计表"
        listing = "；".join(dict.fromkeys(d.text for d in changes))
        return f"已导入上年年报（{report.year or ws_year(ws)} 年度{tables}）。" + (f"可引用的增减：{listing}" if listing else "")

    def show_facts_check(ws_id, section_id, facts_text):
        return facts_check_html(services.workspace(ws_id), section_id, facts_text)

    def save_section_facts(ws_id, section_id, facts_text):
        def change(ws: Workspace) -> None:  # only this field: other edits saved meanwhile are kept
            ws.facts[section_id] = [l.strip() for l in (facts_text or "").splitlines() if l.strip()]

        services.edit(ws_id, change)

    def save_contact(ws_id, contact_text):
        # Its own save: a facts save still in the queue carries the contact as it was when it was sent, and must not
        # write that older value over this one.
        def change(ws: Workspace) -> None:
            ws.contact = contact_text or ""

        services.edit(ws_id, change)

    def save_facts(ws_id, section_id, facts_text, contact_text):
        save_section_facts(ws_id, section_id, facts_text)
        save_contact(ws_id, contact_text)

    def respond(ws_id, section_id, facts_text, contact_text, text, history):
        history = [{"role": m["role"], "content": _text(m["content"])} for m in (history or [])]
        ws = services.workspace(ws_id)
        if ws is None:
            yield history, text, "⚠ 请先在上方新建或选择工作区（您输入的内容已保留）", gr.update(), gr.update()
            return
        save_facts(ws_id, section_id, facts_text, contact_text)
        ws = services.workspace(ws_id)
        if ws is None:  # deleted meanwhile (another window)
            yield history, text, "⚠ 工作区已被删除，请重新选择（您输入的内容已保留）", gr.update(), gr.update()
            return
        instruction = (text or "").strip() or "起草"
        history.append({"role": "user", "content": instruction})
        history.append({"role": "assistant", "content": ""})
        yield history, "", "正在起草……", gr.update(), gr.update()
        last_draft = next((m["content"] for m in reversed(ws.chat)
                           if m.get("section") == section_id and m["role"] == "assistant"), "")
        revising = bool(last_draft) and (any(w in instruction for w in REVISE_WORDS)
                                         or not any(w in instruction for w in DRAFT_WORDS))
        tokens: queue.Queue = queue.Queue()
        box: dict = {}
        if revising and services.model is None:  # by rule where it can be done; else said plainly in the chat
            result, done = revise_offline(facts_of(ws), section_id, last_draft, instruction,
                                          retriever=services.retriever())
            if not done:
                history[-1]["content"] = f"⚠ {result.notice}"
                yield history, "", f"⚠ {result.notice}", gr.update(), gr.update()
                return
            box["result"] = result

        facts = facts_of(ws)

        def work():
            if "result" in box:
                tokens.put(None)
                return
            try:
                retriever = services.retriever()
                box["result"] = (revise_section(facts, section_id, last_draft, instruction, services.model,
                                                retriever=retriever, on_token=tokens.put)
                                 if revising else draft_section(facts, section_id, services.model, retriever=retriever,
                                                                on_token=tokens.put))
            except AssistantError as exc:
                box["error"] = str(exc)
            finally:
                tokens.put(None)

        threading.Thread(target=work, daemon=True).start()
        streamed = ""
        while (piece := tokens.get()) is not None:
            streamed += piece
            history[-1]["content"] = streamed
            yield history, "", "正在起草……", gr.update(), gr.update()
        if "error" in box:
            history[-1]["content"] = f"⚠ {box['error']}"
            yield history, instruction, f"⚠ {box['error']}", gr.update(), gr.update()
            return
        result = box["result"]
        if result.offline or not streamed:  # the offline drafter writes at once: show it as it is typed
            step = max(8, len(result.text) // 30)
            for end in range(step, len(result.text) + step, step):
                history[-1]["content"] = result.text[:end]
                yield history, "", "正在起草……", gr.update(), gr.update()
        history[-1]["content"] = result.text
        turn = [{"role": "user", "content": instruction, "section": section_id},
                {"role": "assistant", "content": result.text, "section": section_id}]
        if services.edit(ws_id, lambda ws: ws.chat.extend(turn)) is None:  # deleted while the draft was written
            yield history, "", "⚠ 工作区在起草期间被删除，草稿未保存（可从对话中复制）", gr.update(), gr.update()
            return
        label = "离线改写" if revising and services.model is None else "离线草稿" if result.offline else f"模型 {result.model}"
        yield history, "", f"已完成（{label}）。满意请点“采用此稿”。", _check_html(result), _sources_html(result)

    def do_accept(ws_id, section_id, history):
        drafts = [_text(m["content"]) for m in (history or []) if m["role"] == "assistant" and _text(m["content"])
                  and not _text(m["content"]).startswith("⚠")]  # a notice is not a draft
        if not drafts:
            return "⚠ 还没有可采用的草稿"
        if services.edit(ws_id, lambda ws: ws.drafts.__setitem__(section_id, drafts[-1])) is None:
            return "⚠ 工作区不存在或已被删除，草稿未保存（可从对话中复制）"
        return f"已采用为“{part_titles()[section_id]}”的定稿，导出时使用"

    for trigger in (ws_select.change, section.change):
        trigger(load, [ws_select, section], [facts, contact, chat, status]).then(
            show_facts_check, [ws_select, section, facts], facts_check)
    # saved on every edit: nothing the user typed is lost if the page is closed
    last_year.upload(import_last_year, [ws_select, last_year], last_year_status)
    facts.change(save_section_facts, [ws_select, section, facts], None).then(
        show_facts_check, [ws_select, section, facts], facts_check)
    contact.change(save_contact, [ws_select, contact], None)
    events = [send.click(respond, [ws_select, section, facts, contact, message, chat], [chat, message, status, check, sources]),
              message.submit(respond, [ws_select, section, facts, contact, message, chat], [chat, message, status, check, sources]),
              accept.click(do_accept, [ws_select, section, chat], status),
              facts.blur(save_section_facts, [ws_select, section, facts], None)]  # saved first: the strip counts them
    if progress is not None:  # the strip follows what is entered, drafted and adopted
        for event in events:
            event.then(lambda ws_id: progress_html(services.workspace(ws_id)), [ws_select], [progress])
