"""Fake LibreTranslate and DeepL servers on 127.0.0.1 (port 0, a thread each).

`FakeMT(kind)` answers like the real API in HTML mode: it "translates" the words
between the tags with WORDS (unknown words become «word»), keeps the placeholder
elements (LibreTranslate writes `<x id="1"/>` back as `<x id="1"></x>`, as an HTML
serialiser does). `mode` switches to failures: "timeout", "500", "garbage" (not JSON),
"shape" (JSON of the wrong shape), "drop" (loses a placeholder), "invent" (adds one).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = {
    "Melden Sie sich beim ": "سجّل لدى ",
    "Bürgeramt": "مكتب المواطنين",
    " an und bringen Sie die ": " وأحضر ",
    "Meldebescheinigung": "شهادة التسجيل",
    " mit.": " معك.",
    "Anmelden": "التسجيل",
    "Wohnsitz anmelden": "تسجيل السكن",
    "Termin buchen": "احجز موعدًا",
    "Hingehen": "اذهب إلى هناك",
    "danach": "بعد ذلك",
}
_PIECES = re.compile(r"(<[^>]+>)")


def fake_translate(html: str, *, kind: str) -> str:
    out = []
    for piece in _PIECES.split(html):
        if piece.startswith("<"):
            if kind == "libretranslate" and piece.endswith("/>"):
                piece = piece[:-2].rstrip() + "></x>"
            out.append(piece)
        elif piece:
            out.append(WORDS.get(piece, f"«{piece}»"))
    return "".join(out)


class FakeMT:
    def __init__(self, kind: str, *, mode: str = "ok", delay: float = 2.0):
        self.kind, self.mode, self.delay = kind, mode, delay
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(
                    {"path": self.path, "json": body, "headers": dict(self.headers)}
                )
                status, payload = fake.answer(self.path, body)
                if fake.mode == "timeout":
                    time.sleep(fake.delay)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, body: dict) -> tuple[int, object]:
        if self.mode == "500":
            return 500, {"error": "internal error"}
        if self.mode == "garbage":
            return 200, b"<html>Service Unavailable</html>"
        texts = body.get("q") if self.kind == "libretranslate" else body.get("text")
        translated = [fake_translate(t, kind=self.kind) for t in texts or []]
        if self.mode == "drop":
            translated = [re.sub(r"<x id=\"1\"\s*/?>(</x>)?", "", t) for t in translated]
        if self.mode == "invent":
            translated = [t + '<x id="99"/>' for t in translated]
        if self.mode == "shape":
            return 200, {"result": translated}
        expected = "/translate" if self.kind == "libretranslate" else "/v2/translate"
        if path != expected:
            return 404, {"error": "not found"}
        if self.kind == "libretranslate":
            return 200, {"translatedText": translated}
        return 200, {"translations": [{"detected_source_language": "DE", "text": t}
                                      for t in translated]}  # fmt: skip

    def __enter__(self) -> FakeMT:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
