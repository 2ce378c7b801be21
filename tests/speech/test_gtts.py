"""gTTS against a fake endpoint on 127.0.0.1 (MICADO_GTTS_URL): the audio it sends is
used; a timeout, an HTTP error or an answer without audio falls back to espeak-ng; Dari
never reaches it. The fake answers like the real service: the MP3 as base64 inside the
batchexecute answer of the `jQ1olc` RPC."""

import base64
import json
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.speech import services
from apps.speech.models import AudioRendition
from tests.content.factories import InformationFactory
from tests.speech.conftest import TEXTS


def mp3_of_a_tone(tmp_path) -> bytes:
    """A real MP3 (2 s of a 440 Hz tone made with sox, encoded with lame)."""
    wav, mp3 = tmp_path / "tone.wav", tmp_path / "tone.mp3"
    subprocess.run(
        ["sox", "-n", "-r", "22050", "-c", "1", str(wav), "synth", "2", "sine", "440"], check=True
    )
    subprocess.run(["lame", "--quiet", str(wav), str(mp3)], check=True)
    return mp3.read_bytes()


class Fake:
    def __init__(self, mode: str, audio: bytes):
        self.mode, self.audio, self.requests = mode, audio, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                rpc = json.loads(urllib.parse.unquote(body.split("=", 1)[1].rstrip("&")))
                fake.requests.append(json.loads(rpc[0][0][1]))
                if fake.mode == "timeout":
                    time.sleep(2)
                if fake.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                payload = base64.b64encode(fake.audio).decode() if fake.mode == "ok" else ""
                line = (
                    f')]}}\'\n\n[["wrb.fr","jQ1olc","[\\"{payload}\\"]",null,null,null,"generic"]]'
                )
                if fake.mode == "empty":
                    line = ')]}\'\n\n[["wrb.fr","jQ1olc",null,null,null,[3],"generic"]]'
                data = line.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/batchexecute"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gtts(speech, tmp_path):
    audio = mp3_of_a_tone(tmp_path)
    fakes = []

    def start(mode: str) -> Fake:
        fake = Fake(mode, audio)
        fakes.append(fake)
        speech.MICADO_GTTS_URL = fake.url
        speech.MICADO_GTTS_TIMEOUT = 1
        speech.MICADO_SPEECH_BACKENDS = {"default": "gtts"}
        return fake

    yield start
    for fake in fakes:
        fake.close()


def render(language: str):
    item = InformationFactory(
        **{f"title_{language.replace('-', '_')}": TEXTS[language][0]},
        **{f"summary_{language.replace('-', '_')}": TEXTS[language][1]},
    )
    result = services.item_audio_render(
        model_label="content.information", item_id=item.pk, language=language
    )
    return result, AudioRendition.objects.get(object_id=item.pk, format="opus")


@pytest.mark.django_db
def test_gtts_audio_is_used_when_the_service_answers(gtts):
    fake = gtts("ok")
    result, row = render("de")
    assert result.backend == "gtts" and row.backend == "gtts" and row.voice == "de"
    assert fake.requests and all(r[1] == "de" for r in fake.requests)
    # One two-second tone per piece asked for, joined, decoded and re-encoded.
    assert abs(row.duration - 2 * len(fake.requests)) < 0.5 * len(fake.requests)
    assert all(len(r[0]) <= 100 for r in fake.requests)  # pieces of at most 100 characters
    assert " ".join(r[0] for r in fake.requests).startswith("Wohnsitz anmelden.")


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["timeout", "error", "empty"])
def test_gtts_failures_fall_back_to_espeak(gtts, mode):
    fake = gtts(mode)
    result, row = render("en")
    assert fake.requests, "the fake was asked"
    assert result.backend == "espeak-ng" and row.backend == "espeak-ng" and row.voice == "en"
    assert row.duration > 2


@pytest.mark.django_db
def test_dari_never_reaches_gtts(gtts):
    fake = gtts("ok")
    result, row = render("prs")
    assert fake.requests == []
    assert row.backend == "espeak-ng" and row.voice == "fa"


@pytest.mark.django_db
def test_chinese_is_asked_as_zh_cn(gtts):
    fake = gtts("ok")
    render("zh-hans")
    assert {r[1] for r in fake.requests} == {"zh-CN"}
