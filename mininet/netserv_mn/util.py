"""Small helpers shared by the harness: polling, free ports, process stopping, progress lines.

Everything here avoids fixed sleeps: callers poll a predicate with ``wait_until`` and get a
``TimeoutError`` that says what was awaited and what was last seen.
"""

import os
import signal
import socket
import subprocess
import sys
import time


class StopWaiting(RuntimeError):
    """Raised by a polled predicate when waiting longer is pointless (the process died)."""


def wait_until(predicate, timeout, interval=0.2, what="condition"):
    """Poll ``predicate()`` until it returns a truthy value and return that value.

    Exceptions raised by the predicate count as "not yet" (a REST server that is not up yet
    refuses connections); the last one is quoted in the ``TimeoutError`` with the last value.
    ``StopWaiting`` exceptions are raised at once.
    """
    deadline = time.monotonic() + timeout
    last, last_exc = None, None
    while True:
        try:
            last = predicate()
            if last:
                return last
        except StopWaiting:
            raise
        except Exception as exc:  # pylint: disable=broad-except
            last_exc = exc
        if time.monotonic() >= deadline:
            detail = "last value %r" % (last,)
            if last_exc is not None:
                detail += ", last error %s: %s" % (type(last_exc).__name__, last_exc)
            raise TimeoutError("timed out after %.1f s waiting for %s (%s)" % (timeout, what, detail))
        time.sleep(interval)


def wait_for(getter, check, timeout, interval=0.2, what="condition"):
    """Poll ``getter()`` until ``check(value)`` holds and return that value (see ``wait_until``)."""
    box = {}

    def ready():
        box["value"] = getter()
        return check(box["value"])
    try:
        wait_until(ready, timeout, interval, what)
    except TimeoutError as exc:
        raise TimeoutError("%s; last value seen: %r" % (exc, box.get("value"))) from None
    return box["value"]


def free_tcp_port(host="127.0.0.1"):
    """Return a TCP port that nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def free_tcp_ports(count, host="127.0.0.1"):
    """Return ``count`` distinct free TCP ports (sockets held open together so they differ)."""
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((host, 0))
            socks.append(sock)
        return [s.getsockname()[1] for s in socks]
    finally:
        for sock in socks:
            sock.close()


def stop_process(proc, timeout=10.0, sig=signal.SIGTERM):
    """Stop one ``subprocess.Popen`` by its PID: ``sig`` first, SIGKILL after ``timeout``.

    Returns the exit code. Never looks processes up by name.
    """
    if proc is None or proc.poll() is not None:
        return None if proc is None else proc.returncode
    try:
        os.kill(proc.pid, sig)
    except ProcessLookupError:
        pass
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        return proc.wait(timeout=10)


def run(cmd, check=True, timeout=30):
    """Run a command (list) in the root namespace and return its stdout as text."""
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         timeout=timeout, check=False)
    if check and res.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), res.returncode, res.stderr.strip()))
    return res.stdout


def tail(path, lines=40):
    """Return the last ``lines`` lines of a text file ('' when it does not exist)."""
    try:
        with open(path, "r", errors="replace") as fh:
            return "".join(fh.readlines()[-lines:])
    except FileNotFoundError:
        return ""


def exit_on_sigterm():
    """Turn SIGTERM into ``SystemExit`` so that ``finally`` blocks stop what we started."""
    def handler(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


class Progress:
    """Prints ``[ 12.3s] message`` lines so long runs show where they are."""

    def __init__(self, stream=None, prefix=""):
        self.start = time.monotonic()
        self.stream = stream or sys.stdout
        self.prefix = prefix

    def __call__(self, msg):
        self.stream.write("%s[%6.1fs] %s\n" % (self.prefix, time.monotonic() - self.start, msg))
        self.stream.flush()
