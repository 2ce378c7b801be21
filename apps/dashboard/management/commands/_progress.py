"""A text progress bar for import commands (written to stderr, so stdout stays clean)."""

import sys


class ProgressBar:
    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        filled = int(self.width * done / total)
        percent = int(100 * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}% {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
