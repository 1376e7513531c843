"""A PulseAudio server of the test's own with a null sink, and a recorder of its monitor.

Shared by tests/integration/test_speech.py and the benchmarks (bench_speech.py, bench_session.py):
what is heard is what reaches the null sink, recorded from its monitor with `parec` and stamped
with time.monotonic() as each read arrives. There is no sound card on CI; `pulseaudio` and
`pulseaudio-utils` come from scripts/system-deps.
"""

from __future__ import annotations

import array
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RATE = 16000  # the monitor is recorded at this rate, mono
LOUD = 500  # |sample| above this (about -36 dBFS) is sound; the sink's silence is exactly 0
READ_BYTES = RATE // 10 * 2  # each read takes what has arrived, at most 0.1 s of audio
SLACK = 0.05  # a read's samples are timed up to one fragment early: look this far back too


def run(command: list[str], timeout: float = 5.0) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None


@contextmanager
def pulse_server() -> Iterator[dict[str, str]]:
    """Start a private PulseAudio with a null sink; yields the environment its clients need.

    The server runs in the foreground as our child (so we stop exactly it), in a temporary
    runtime folder, with anonymous access on its own socket. ALSA's default device (aplay) and
    parec reach it through PULSE_SERVER.
    """
    if shutil.which("pulseaudio") is None:
        raise FileNotFoundError("pulseaudio is not installed (scripts/system-deps)")
    with tempfile.TemporaryDirectory(prefix="backtimer-pulse-") as folder:
        runtime = Path(folder) / "run"
        runtime.mkdir(mode=0o700)
        socket = runtime / "native"
        env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": folder,
               "PULSE_SERVER": f"unix:{socket}"}
        server = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
             "--disallow-exit", f"--load=module-native-protocol-unix auth-anonymous=1 "
             f"socket={socket}", "--load=module-null-sink sink_name=null"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10.0
            while not socket.exists():
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("pulseaudio did not start")
                time.sleep(0.05)
            yield {"PULSE_SERVER": env["PULSE_SERVER"], "XDG_RUNTIME_DIR": str(runtime)}
        finally:
            server.terminate()
            try:
                server.wait(5.0)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5.0)


def find_monitor() -> tuple[str, str] | str:
    """(default sink, its monitor source), or why the audible onset cannot be measured here."""
    missing = [tool for tool in ("pactl", "pacat", "aplay") if shutil.which(tool) is None]
    if shutil.which("parec") is None and shutil.which("parecord") is None:
        missing.append("parec")
    if missing:
        return f"{', '.join(missing)} not installed (pulseaudio-utils, alsa-utils)"
    info = run(["pactl", "info"])
    if info is None or info.returncode != 0:
        lines = (info.stderr.strip().splitlines() or ["?"]) if info is not None else ["timeout"]
        return f"no PulseAudio server (pactl info: {lines[-1]})"
    found = re.search(r"^Default Sink:\s*(\S+)", info.stdout, re.MULTILINE)
    if found is None:
        return "the PulseAudio server has no default sink"
    sink = found.group(1)
    sources = run(["pactl", "list", "short", "sources"])
    if sources is None or f"{sink}.monitor" not in sources.stdout.split():
        return f"no monitor source {sink}.monitor"
    return sink, f"{sink}.monitor"


class Monitor:
    """Records a monitor source with parec on a thread; finds when sound starts in it."""

    def __init__(self, source: str) -> None:
        recorder = ["parec"] if shutil.which("parec") else ["parecord", "--raw"]
        self.command = [*recorder, "-d", source, "--format=s16le", f"--rate={RATE}",
                        "--channels=1", "--latency-msec=10"]
        self._process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._arrivals: list[float] = []
        self._reads: list[array.array[int]] = []
        self._ended = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, name="bench-monitor", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        fd = self._process.stdout.fileno()
        odd = b""
        try:
            while data := os.read(fd, READ_BYTES):
                arrived = time.monotonic()
                data = odd + data
                whole = len(data) - len(data) % 2
                odd = data[whole:]
                samples = array.array("h", data[:whole])
                if sys.byteorder == "big":
                    samples.byteswap()
                with self._cond:
                    self._arrivals.append(arrived)
                    self._reads.append(samples)
                    self._cond.notify_all()
        except OSError:
            pass
        finally:
            with self._cond:
                self._ended = True
                self._cond.notify_all()

    def wait_for_data(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._reads or self._ended, timeout) and bool(
                self._reads)

    def read_sizes(self) -> list[int]:
        with self._cond:
            return [len(samples) for samples in self._reads]

    def onset(self, after: float, timeout: float) -> float | None:
        """Time of the first loud sample from `after` on, waiting up to `timeout` for it.

        A sample's time is its read's arrival minus the audio that follows it in that read.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            index = 0
            while index < len(self._arrivals) and self._arrivals[index] < after - SLACK:
                index += 1
            while True:
                while index < len(self._reads):
                    arrived, samples = self._arrivals[index], self._reads[index]
                    index += 1
                    if max(samples, default=0) <= LOUD and min(samples, default=0) >= -LOUD:
                        continue
                    count = len(samples)
                    for i, value in enumerate(samples):
                        heard = arrived - (count - 1 - i) / RATE
                        if abs(value) > LOUD and heard >= after - SLACK:
                            return heard
                left = deadline - time.monotonic()
                if left <= 0 or self._ended:
                    return None
                self._cond.wait(left)

    def quiet_since(self, after: float, until: float) -> float | None:
        """When sound last played between `after` and `until`; `after` if none did.

        None when it was still sounding in the last 0.2 s before `until`.
        """
        last = None
        with self._cond:
            for arrived, samples in zip(self._arrivals, self._reads, strict=True):
                if arrived < after - SLACK or arrived - len(samples) / RATE > until:
                    continue
                count = len(samples)
                for i, value in enumerate(samples):
                    heard = arrived - (count - 1 - i) / RATE
                    if abs(value) > LOUD and after <= heard <= until:
                        last = heard
        if last is None:
            return after
        return None if until - last < 0.2 else last

    def close(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(2.0)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(2.0)
        self._thread.join(2.0)


@contextmanager
def recording(source: str) -> Iterator[Monitor]:
    monitor = Monitor(source)
    try:
        yield monitor
    finally:
        monitor.close()




def save(monitor: Monitor, folder: Path) -> None:
    """Write what `monitor` recorded: arrival times and sample counts, then the raw samples."""
    with monitor._cond:
        arrivals, reads = list(monitor._arrivals), list(monitor._reads)
    (folder / "arrivals.txt").write_text(
        "".join(f"{at!r} {len(samples)}\n" for at, samples in zip(arrivals, reads, strict=True)))
    with open(folder / "samples.raw", "wb") as out:
        for samples in reads:
            out.write(samples.tobytes())


def load(folder: Path) -> Monitor:
    """A finished Monitor made from what `save` wrote (its onset() never waits)."""
    monitor = Monitor.__new__(Monitor)
    monitor.command = ["parec (recorded by another process)"]
    monitor._cond = threading.Condition()
    monitor._ended = True
    monitor._arrivals, monitor._reads = [], []
    data = (folder / "samples.raw").read_bytes()
    offset = 0
    for line in (folder / "arrivals.txt").read_text().splitlines():
        at, count = line.split()
        samples = array.array("h", data[offset:offset + 2 * int(count)])
        offset += 2 * int(count)
        monitor._arrivals.append(float(at))
        monitor._reads.append(samples)
    return monitor


def record_in_background(source: str, folder: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """Record `source` in a process of its own (stop it with SIGTERM, then `load(folder)`).

    A benchmark of the GUI's timing must not read 100 fragments a second on its own interpreter.
    """
    return subprocess.Popen([sys.executable, __file__, "record", source, str(folder)],
                            env={**os.environ, **env}, stdin=subprocess.DEVNULL, text=True,
                            stdout=subprocess.PIPE)


def _record_main(source: str, folder: str) -> None:
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    monitor = Monitor(source)
    ok = monitor.wait_for_data(5.0)
    print("recording" if ok else "no data", flush=True)
    signal.sigwait({signal.SIGTERM})
    monitor.close()
    save(monitor, Path(folder))


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "record":
    _record_main(sys.argv[2], sys.argv[3])
