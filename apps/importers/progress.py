"""A plain text progress bar for management commands (stderr, no dependency)."""

import sys
from typing import TextIO


class ProgressBar:
    """`bar(label, done, total)` redraws one line: `[#######.......]  45%  label`."""

    def __init__(self, stream: TextIO | None = None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.last = ""
        self.label = ""
        self.tty = getattr(self.stream, "isatty", lambda: False)()

    def __call__(self, label: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(self.width * share)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%}  {label}"
        if line == self.last:
            return
        self.last = line
        if self.tty:
            self.stream.write("\r" + line.ljust(72))
        elif label != self.label or done >= total:
            self.stream.write(line + "\n")  # a log file gets one line per phase
        self.label = label
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


def format_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
