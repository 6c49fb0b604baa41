"""A local OpenAI-compatible server for the tests of the real wire path (the `openai` client, streaming, retries,
timeouts): /v1/chat/completions (streamed or not) with scripted behaviour. Logic tests use assistant.llm.testing.

Each request pops the next scripted step: {"reply": text} | {"status": 429|500|401} | {"sleep": seconds, "reply": text}
| {"truncate": text} (stream cut off before the end) | {"empty": True} | {"slow": seconds, "reply": text} (streamed one
piece every so many seconds) | {"garbage": True} (a stream whose events are not JSON). With the script empty it
replies "好的。".
Every request body is recorded.

/v1/embeddings answers with deterministic vectors (character bigrams hashed into EMBED_DIM buckets, L2-normalised),
as a list of floats or base64 as the request asks; its requests are recorded in `embedding_requests`, and its own
script `embedding_script` ({"status": 500} …) is popped per request, apart from the chat script.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EMBED_DIM = 64


def stub_vector(text: str) -> list[float]:
    """The stub's embedding of a text: character bigrams hashed into EMBED_DIM buckets, L2-normalised."""
    vec = [0.0] * EMBED_DIM
    for a, b in zip(text, text[1:]):
        vec[int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little") % EMBED_DIM] += 1.0
    norm = sum(v * v for v in vec) ** 0.5 or 1.0
    return [v / norm for v in vec]


class StubOpenAI:
    def __init__(self):
        self.script: list[dict] = []
        self.requests: list[dict] = []
        self.embedding_script: list[dict] = []
        self.embedding_requests: list[dict] = []
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

            def _send_json(self, status: int, data: dict) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _embeddings(self, body: dict) -> None:
                stub.embedding_requests.append(body)
                step = stub.embedding_script.pop(0) if stub.embedding_script else {}
                if "status" in step:
                    self._send_json(step["status"], {"error": {"message": "scripted", "type": "test", "code": step["status"]}})
                    return
                texts = body.get("input") or []
                texts = [texts] if isinstance(texts, str) else texts
                data = []
                for i, text in enumerate(texts):
                    vec = stub_vector(str(text))
                    if body.get("encoding_format") == "base64":
                        data.append({"object": "embedding", "index": i,
                                     "embedding": base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode()})
                    else:
                        data.append({"object": "embedding", "index": i, "embedding": vec})
                self._send_json(200, {"object": "list", "data": data, "model": body.get("model"),
                                      "usage": {"prompt_tokens": 1, "total_tokens": 1}})

            def _post(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/").endswith("/embeddings"):
                    self._embeddings(body)
                    return
                stub.requests.append(body)
                step = stub.script.pop(0) if stub.script else {"reply": "好的。"}
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

                if step.get("garbage"):
                    self.wfile.write(b"data: {\"id\": \"x\", \"choices\": [{\"delta\": {\"content\": \"\xe5\xa5\n\n"
                                     b"data: not json at all\n\n")
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if step.get("empty"):
                    event({"role": "assistant", "content": ""})
                    event({}, "stop")
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                event({"role": "assistant", "content": ""})
                pieces = [text[i:i + 8] for i in range(0, len(text), 8)]
                for piece in pieces:
                    if "slow" in step:
                        time.sleep(step["slow"])
                    event({"content": piece})
                if "truncate" in step:
                    self.close_connection = True
                    return  # no finish_reason, no [DONE]: the stream is cut off
                event({}, "stop")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
