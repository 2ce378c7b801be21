"""From WAV to what phones play: Opus in Ogg (opus-tools' opusenc) and MP3 (lame), for
older phones. Both encoders run at the same time. Durations come from the WAV."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

from django.conf import settings

from apps.speech.backends import SpeechError, VoiceUnavailable
from apps.speech.models import AudioFormat

TIMEOUT_SECONDS = 300
# Every encoder setting beyond the bitrate (and --quiet) lives here: they and the bitrate
# are part of each rendition's fingerprint (`profile`), so a change renders again.
# Opus: constrained VBR, complexity 0, 60-ms frames and no `--speech` hint, so libopus
# codes the computer voice with CELT: at 24 kbit/s it scores higher (PESQ-WB 2.5-2.9
# against 2.4-2.7 in de, ar, zh-hans, ru) at half the CPU time of `--speech` (SILK) at
# complexity 0 (bench/bench_speech_quality.py measures both). lame -q 9: its fastest
# algorithm, half the CPU time of the default, plenty at 32 kbit/s; --noreplaygain: no
# loudness analysis for a ReplayGain tag that no player of ours reads (a quarter of
# lame's CPU time).
PROFILE = {
    AudioFormat.OPUS: ["--cvbr", "--comp", "0", "--framesize", "60"],
    AudioFormat.MP3: ["-m", "m", "-q", "9", "--noreplaygain"],
}


def kbps(fmt: str) -> str:
    """The bit rate of `fmt` in kbit/s (settings MICADO_SPEECH_OPUS_KBPS, ..._MP3_KBPS)."""
    if fmt == AudioFormat.OPUS:
        return str(settings.MICADO_SPEECH_OPUS_KBPS)
    return str(settings.MICADO_SPEECH_MP3_KBPS)


def profile(fmt: str) -> str:
    """The encoder settings of `fmt` as they enter a fingerprint."""
    return " ".join([kbps(fmt), *PROFILE[fmt]])


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def encoder_command(fmt: str, wav_path: Path, out_path: Path) -> list[str]:
    """The encoder command line of `fmt` (empty if its encoder is not installed)."""
    if fmt == AudioFormat.OPUS:
        tool = shutil.which("opusenc")
        args = ["--quiet", "--bitrate", kbps(fmt), *PROFILE[AudioFormat.OPUS]]
        return [tool, *args, str(wav_path), str(out_path)] if tool else []
    tool = shutil.which("lame")
    args = ["--quiet", "-b", kbps(fmt), *PROFILE[AudioFormat.MP3]]
    return [tool, *args, str(wav_path), str(out_path)] if tool else []


def encode(wav_path: Path, targets: dict[str, Path]) -> None:
    """Encode `wav_path` into every format of `targets` ({format: path}) in parallel."""
    running = []
    for fmt, out_path in targets.items():
        command = encoder_command(fmt, wav_path, out_path)
        if not command:
            raise VoiceUnavailable(f"no encoder installed for {fmt} (opus-tools, lame)")
        running.append(
            (fmt, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))  # noqa: S603
        )
    failed = []
    for fmt, process in running:
        try:
            _, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            for _fmt, other in running:
                other.kill()
            raise TimeoutError(f"encoding {fmt} took too long") from exc
        if process.returncode != 0 or not targets[fmt].exists():
            failed.append(f"{fmt}: {stderr.decode(errors='replace')[:200]}")
    if failed:
        raise SpeechError("; ".join(failed))
