"""How good the speech worker's audio sounds, per encoder setting: PESQ-WB (ITU-T P.862.2,
the `pesq` package) of the decoded audio against espeak-ng's own WAV, with its bit rate
and encoding CPU time. Compares the Opus setting in use (apps/speech/audio.py) with
`--speech` (libopus' SILK coder) at the same complexity, and the MP3 in use.

PESQ was made for recorded speech; for a computer voice it is a proxy that ranks encoder
settings, not a listening test. Scores: 1 (bad) to 4.6 (indistinguishable).

Needs espeak-ng, opus-tools, lame and sox (Debian) and `pip install pesq numpy` (not a
dependency of the project; without them this prints "skipped").
Run: `.venv/bin/python bench/bench_speech_quality.py` (part of `make bench`).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "micado.settings.test")

TEXTS = {
    "de": "Melden Sie Ihre neue Adresse innerhalb von zwei Wochen beim Bürgerbüro an. "
    "Bringen Sie Ihren Pass, die Wohnungsgeberbestätigung und das ausgefüllte Formular mit. "
    "Das Bürgerbüro ist montags bis freitags von acht bis zwölf Uhr geöffnet. "
    "Sie bekommen sofort eine Meldebescheinigung.",
    "ar": "سجل عنوانك الجديد خلال أسبوعين في مكتب المواطنين. أحضر جواز سفرك وتأكيد المالك "
    "والاستمارة المعبأة. مكتب المواطنين مفتوح من الاثنين إلى الجمعة من الساعة الثامنة حتى "
    "الثانية عشرة. ستحصل على شهادة التسجيل فورا.",
    "zh-hans": "请在搬家后两周内到市民办公室登记您的新地址。"
    "请带上您的护照、房东的确认书和填好的表格。市民办公室周一至周五上午八点到十二点开放。您会立即拿到登记证明。",
    "ru": "Зарегистрируйте новый адрес в бюро граждан в течение двух недель. Возьмите паспорт, "
    "подтверждение арендодателя и заполненный бланк. Бюро открыто с понедельника по пятницу "
    "с восьми до двенадцати часов. Справку о регистрации вы получите сразу.",
}
REPEAT = 3  # about 30 s of speech per language: three 10-s PESQ windows or more
WINDOW_SECONDS = 10
RATE = 16000  # PESQ-WB's sampling rate


def child_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def samples(path: Path):
    import numpy as np

    with wave.open(str(path), "rb") as wav:
        assert wav.getframerate() == RATE and wav.getsampwidth() == 2, path
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        return data.reshape(-1, wav.getnchannels())[:, 0].astype(np.float32)


def score(reference: Path, decoded: Path) -> float:
    from pesq import pesq

    ref, deg = samples(reference), samples(decoded)
    length = min(len(ref), len(deg))
    window = min(WINDOW_SECONDS * RATE, length)
    scores = [
        pesq(RATE, ref[i : i + window], deg[i : i + window], "wb")
        for i in range(0, length - window + 1, window)
    ]
    return sum(scores) / len(scores)


def run(command: list[str]) -> float:
    before = child_cpu()
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return child_cpu() - before


def main() -> int:
    missing = [t for t in ("espeak-ng", "opusenc", "opusdec", "lame", "sox") if not shutil.which(t)]
    try:
        import numpy  # noqa: F401
        import pesq  # noqa: F401
    except ImportError:
        missing.append("the pesq and numpy packages (pip install pesq numpy)")
    if missing:
        print(f"skipped: needs {', '.join(missing)}")
        return 0
    import django

    django.setup()
    from apps.speech import audio
    from apps.speech.backends.espeak import EspeakBackend
    from apps.speech.models import AudioFormat

    def shown(command: list[str]) -> str:
        return " ".join(a for a in command[1:-2] if a != "--quiet")

    in_use = audio.encoder_command(AudioFormat.OPUS, Path("in.wav"), Path("out.opus"))
    with_speech = [*in_use[:2], "--speech", *[a for a in in_use[2:] if a != "--cvbr"]]
    mp3 = audio.encoder_command(AudioFormat.MP3, Path("in.wav"), Path("out.mp3"))
    settings = {
        f"Opus in use: {shown(in_use)}": in_use,
        f"Opus {shown(with_speech)}": with_speech,
        f"MP3 in use: {shown(mp3)}": mp3,
    }
    backend = EspeakBackend()
    print("PESQ-WB of the decoded audio against espeak-ng's WAV (1-4.6), bit rate, "
          "encoding CPU ms per second of audio")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="micado-bench-quality-") as tmp:
        folder = Path(tmp)
        for language, text in TEXTS.items():
            wav = folder / f"{language}.wav"
            backend.synthesize(text="\n".join([text] * REPEAT), language=language, wav_path=wav)
            seconds = audio.wav_duration(wav)
            reference = folder / f"{language}.ref.wav"
            run(["sox", str(wav), "-r", str(RATE), str(reference)])
            for label, command in settings.items():
                suffix = ".mp3" if label.startswith("MP3") else ".opus"
                encoded = folder / f"{language}{suffix}"
                used = run([*command[:-2], str(wav), str(encoded)])
                decoded = folder / f"{language}.dec.wav"
                if suffix == ".opus":
                    run(["opusdec", "--quiet", "--rate", str(RATE), str(encoded), str(decoded)])
                else:
                    raw = folder / f"{language}.mp3.wav"
                    run(["lame", "--quiet", "--decode", str(encoded), str(raw)])
                    run(["sox", str(raw), "-r", str(RATE), str(decoded)])
                kbps = encoded.stat().st_size * 8 / seconds / 1000
                print(f"{language:>8} {seconds:5.1f} s  {label:<56} PESQ-WB "
                      f"{score(reference, decoded):4.2f}  {kbps:4.1f} kbit/s  "
                      f"{used / seconds * 1000:5.2f} CPU ms/s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
