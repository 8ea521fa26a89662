"""A progress bar for runs over many documents (``govkg build``, ``govkg extract``) or bytes (``govkg load``).

A run over a year of a paper takes minutes: without a word it looks hung, and the count
alone does not say when it will end. So from ``PROGRESS_MIN`` documents on, a tqdm bar on
stderr shows documents done, documents per second and the time left; below that a run is
over before a bar would tell anything. Where stderr is no terminal (a log, a pipe, CI) a bar
would only fill the log with carriage returns: there one line at the end says what was done
and how fast.

>>> with progress(3) as tick:          # below PROGRESS_MIN: quiet
...     for n in range(1, 4):
...         tick(n, 3)
"""
from __future__ import annotations

import io
import os
import sys
import time
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

__all__ = ["Progress", "progress", "PROGRESS_MIN"]

PROGRESS_MIN = 100


def _width(file: TextIO) -> int:
    """Columns of the terminal ``file`` writes to; 0 when it does not say."""
    try:
        return os.get_terminal_size(file.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0


class Progress:
    """The callback ``extract_json(progress=…)`` takes, ``(done, total)``, drawing a bar; and
    ``write`` for messages (``SKIP …``) that must not break the bar's line."""

    def __init__(self, total: int, what: str, file: TextIO, shown: bool, unit: str = " doc") -> None:
        self.total, self.what, self.file, self.done, self.unit = total, what, file, 0, unit
        self.t0 = time.perf_counter()
        self.bar: Any = None
        if shown and total >= PROGRESS_MIN:
            from tqdm import tqdm
            # a terminal that reports no width (a pty nobody sized) would get an empty bar
            sized = {"dynamic_ncols": True} if _width(file) > 0 else {"ncols": 80, "nrows": 24}
            scaled: dict[str, Any] = {"unit_scale": True, "unit_divisor": 1024} if unit == "B" else {}
            self.bar = tqdm(total=total, desc=what, unit=unit, file=file, mininterval=0.5, smoothing=0.1,
                            **sized, **scaled)

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None and done > self.done:
            self.bar.update(done - self.done)
        self.done = done

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=self.file)
        else:
            print(message, file=self.file)

    def close(self) -> None:
        """End the bar; without one, a run of ``PROGRESS_MIN`` or more says what it did."""
        if self.bar is not None:
            self.bar.close()
        elif self.total >= PROGRESS_MIN and self.unit == " doc":     # other units: the caller sums up
            seconds = time.perf_counter() - self.t0
            rate = f", {self.done / seconds:.1f} documents/s" if seconds > 0 else ""
            print(f"{self.what}: {self.done}/{self.total} documents in {seconds:.1f} s{rate}", file=self.file)


@contextmanager
def progress(total: int, what: str = "extracting", file: TextIO | None = None,
             unit: str = " doc") -> Iterator[Progress]:
    """A :class:`Progress` for ``total`` documents: a bar when there are ``PROGRESS_MIN`` or
    more and ``file`` (default stderr) is a terminal, else a closing line (at ``PROGRESS_MIN``
    or more) or nothing. ``unit="B"`` counts bytes instead (``govkg load``: shards differ in
    size, so files done would say little), with no closing line: the caller prints its own.

    ``govkg extract`` and ``build`` alike::

        with progress(len(files)) as bar:
            for item in extract_json(files, jobs, progress=bar):
                if item.json is None:
                    bar.write(f"SKIP {item.path}: {item.reason}")
    """
    out = file if file is not None else sys.stderr
    isatty = getattr(out, "isatty", None)
    p = Progress(total, what, out, shown=bool(isatty and isatty()), unit=unit)
    try:
        yield p
    finally:
        p.close()
