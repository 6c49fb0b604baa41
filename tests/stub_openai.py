"""A local OpenAI-compatible server for tests: /v1/chat/completions (streamed or not) with scripted behaviour.

Each request pops the next scripted step: {"reply": text} | {"status": 429|500|401} | {"sleep": seconds, "reply": text}
| {"truncate": text} (stream cut off before the end) | {"empty": True}. With the script empty it replies "好的。".
Every request body is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubOpenAI:
    def __init__(self, echo_facts: bool = False):
        self.echo_facts = echo_facts  # with the script empty: write a draft from the facts found in the prompt
        self.script: list[dict] = []
        self.requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def echo(self, body: dict) -> str:
        """A plausible draft that uses exactly the facts the prompt carried (and nothing when it carried none)."""
        prompt = body["messages"][-1]["content"]
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

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                try:
                    self._post()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _post(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(body)
                step = stub.script.pop(0) if stub.script else {"reply": stub.echo(body) if stub.echo_facts else "好的。"}
                if "sleep" in step:
                    time.sleep(step["sleep"])
                if "status" in step:
                    payload = json.dumps({"error": {"message": "scripted", "type": "test", "code": step["status"]}}).encode()
                    self.send_response(step["status"])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                text = step.get("reply") or step.get("truncate") or ""
                if not body.get("stream"):
                    payload = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": body.get("model"),
                                          "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                                       "finish_reason": "stop"}],
                                          "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()

                def event(delta, finish=None):
                    data = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body.get("model"),
                            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                    self.wfile.write(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()

                if step.get("empty"):
                    event({"role": "assistant", "content": ""})
                    event({}, "stop")
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                event({"role": "assistant", "content": ""})
                pieces = [text[i:i + 8] for i in range(0, len(text), 8)]
                for piece in pieces:
                    event({"content": piece})
                if "truncate" in step:
                    self.close_connection = True
                    return  # no finish_reason, no [DONE]: the stream is cut off
                event({}, "stop")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
