"""知识库: a search box (the drafting's retrieval, each result with its citation), the indexed documents, uploads
(size and type limits), re-indexing with a progress bar."""

from __future__ import annotations

import html
import shutil

import gradio as gr

from ..errors import AssistantError
from ..knowledge.documents import DOC_SUFFIXES, KIND_NAMES
from ..knowledge.store import index_sources, uploads_dir
from ..safepath import inside, safe_filename
from .services import Services, plain
from .uploads import discard, received

MAX_BYTES = 20 * 1024 * 1024
TYPE_NAMES = KIND_NAMES


def rows(services: Services) -> list[list]:
    kb = services.kb
    if kb is None:
        return []
    return [[v["title"], TYPE_NAMES.get(v["type"], v["type"]), v["agency"], v["year"] or "", v["chunks"], doc]
            for doc, v in sorted(kb.manifest().items())]


def search_html(services: Services, query: str, k: int = 5) -> str:
    """The passages the drafter would be given for the query, each with its citation (the kind of source first)."""
    query = (query or "").strip()
    if not query:
        return "<p>请输入要查找的内容，如“依申请公开答复期限”“信息处理费”。</p>"
    retriever = services.retriever()
    if retriever is None:
        return f"<p class='error'>⚠ 知识库不可用：{html.escape(services.kb_error)}</p>"
    try:
        hits = retriever.search(query[:200], k=k)
    except AssistantError as exc:
        return f"<p class='error'>⚠ 检索失败：{html.escape(str(exc))}</p>"
    if not hits:
        return f"<p>没有找到与“{html.escape(query)}”相关的内容。</p>"
    items = "".join(f"<li><b class='citation'>{html.escape(h.labelled)}</b><br>{html.escape(h.snippet(160))}</li>"
                    for h in hits)
    return f"<div id='kb-results'><p>“{html.escape(query)}”的检索结果（{len(hits)} 条）：</p><ol>{items}</ol></div>"


def build(services: Services):
    with gr.Row():
        query = gr.Textbox(placeholder="搜索知识库：条例条款、格式要求、往年年报的写法……", show_label=False, scale=5,
                           elem_id="kb-query")
        find = gr.Button("搜索", variant="primary", scale=1, elem_id="kb-search")
    found = gr.HTML(elem_id="kb-search-output")
    table = gr.Dataframe(headers=["标题", "类型", "机关", "年度", "片段数", "文件"], interactive=False, elem_id="kb-docs")
    with gr.Row():
        upload = gr.File(label="上传文档（txt、md、pdf、docx、html，单个不超过 20 MB）", file_count="multiple", elem_id="kb-upload")
        with gr.Column():
            add = gr.Button("加入知识库", variant="primary", elem_id="kb-add")
            reindex = gr.Button("重新索引全部", elem_id="kb-reindex")
    status = gr.Markdown(elem_id="kb-status")
    uploads = uploads_dir(services.settings)

    def refresh():
        if services.kb is None:
            return [], f"⚠ 知识库不可用：{services.kb_error}"
        return rows(services), f"共 {services.kb.count()} 个片段"

    def do_add(files, progress=gr.Progress(track_tqdm=True)):
        if not files:
            return gr.update(), "请先选择要上传的文件"
        uploads.mkdir(parents=True, exist_ok=True)
        got = received(files)  # a path an API client names is never read
        problems, saved = list(got.refused), []
        for path in got.files:
            if path.suffix.lower() not in DOC_SUFFIXES:
                problems.append(f"{path.name}：不支持的类型（可上传 txt、md、pdf、docx、html）")
                discard(path)
            elif path.stat().st_size > MAX_BYTES:
                problems.append(f"{path.name}：超过 20 MB")
                discard(path)
            else:
                target = inside(uploads, uploads / safe_filename(path.stem, path.suffix.lower()))
                shutil.copy(path, target)
                saved.append(target)
        if services.kb is None:
            return gr.update(), f"⚠ 知识库不可用：{services.kb_error}"
        message = ""
        if saved:
            result = services.kb.ingest(saved, progress=True, prune=False)
            message = "已加入：" + result.summary()
        if problems:
            message += ("；" if message else "") + "未加入：" + "；".join(problems)
        return rows(services), plain(message)

    def do_reindex(progress=gr.Progress(track_tqdm=True)):
        if services.kb is None:
            return gr.update(), f"⚠ 知识库不可用：{services.kb_error}"
        result = services.kb.ingest(index_sources(services.settings), progress=True)
        return rows(services), "重新索引完成：" + result.summary()

    find.click(lambda q: search_html(services, q), [query], [found])
    query.submit(lambda q: search_html(services, q), [query], [found])
    add.click(do_add, [upload], [table, status])
    reindex.click(do_reindex, None, [table, status])
    return refresh, [table, status]
