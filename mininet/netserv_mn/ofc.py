"""Controller processes the harness starts: the NetServ OFC (``OfcProcess``) and the
``ovs-testcontroller`` baseline (``TestControllerProcess``).

Both pick free TCP ports, write their output to a log file in a folder the caller gives, are
stopped by PID (SIGTERM, then SIGKILL after a timeout) and can be restarted on the same ports,
which is what restart tests need: Open vSwitch keeps retrying the same controller target.
"""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from netserv_mn.util import StopWaiting, free_tcp_port, free_tcp_ports, stop_process, tail, wait_until

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_JAR = os.path.join(REPO_ROOT, "ofc-app", "target", "netserv-ofc.jar")


def ofc_jar():
    """Path of the OFC jar: ``$NETSERV_OFC_JAR`` or ``ofc-app/target/netserv-ofc.jar``."""
    return os.environ.get("NETSERV_OFC_JAR", DEFAULT_JAR)


def dpid_str(dpid):
    """Format a DPID (int or hex string) the way the OFC REST API does: ``00:00:00:00:00:00:00:01``."""
    if isinstance(dpid, str):
        dpid = int(dpid.replace(":", ""), 16)
    raw = "%016x" % dpid
    return ":".join(raw[i:i + 2] for i in range(0, 16, 2))


class ControllerDied(StopWaiting):
    """The controller process exited while we were waiting for it."""


class RestError(RuntimeError):
    """A REST call answered with an HTTP error; ``status`` and ``body`` (parsed JSON if possible)."""

    def __init__(self, url, status, body):
        super().__init__("%s -> HTTP %s: %s" % (url, status, body))
        self.url, self.status, self.body = url, status, body


class _ManagedProcess:
    """A process we start ourselves, logged to ``log_path`` and stopped only by its PID."""

    name = "process"

    def __init__(self, log_dir):
        os.makedirs(log_dir, exist_ok=True)
        self.log_dir = log_dir
        self.proc = None
        self.starts = 0

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def command(self):
        raise NotImplementedError

    def _spawn(self):
        """Start the process, appending to the log file with a marker line per start."""
        if self.alive():
            raise RuntimeError("%s already running (pid %d)" % (self.name, self.proc.pid))
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write("---- harness: start #%d of %s: %s\n" % (self.starts, self.name, " ".join(self.command())))
            log.flush()
            # Own session: a Ctrl-C on the test runner does not hit the controller before
            # the harness has dumped its state; we still stop it by PID in finally blocks.
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)

    def _check_alive(self):
        if not self.alive():
            raise ControllerDied("%s is not running (exit code %s); last lines of %s:\n%s" % (
                self.name, self.proc.returncode if self.proc else None, self.log_path, tail(self.log_path)))

    def stop(self, timeout=10.0):
        """SIGTERM by PID, SIGKILL after ``timeout``; returns the exit code (None if never started)."""
        return stop_process(self.proc, timeout=timeout)

    def kill(self):
        """SIGKILL by PID, as a crash would; for restart tests."""
        if self.alive():
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self, timeout=60.0):
        """Stop (if still running) and start again on the same ports."""
        self.stop()
        self.start(timeout=timeout)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class OfcProcess(_ManagedProcess):
    """The NetServ OFC jar on free ports, with helpers for its REST API.

    ``start()`` returns once ``GET /api/v1/health`` answers ``UP``; if the JVM dies first, it raises
    ``ControllerDied`` with the tail of the log so the reason is in the test output.
    """

    name = "netserv-ofc"

    def __init__(self, log_dir, of_port=None, rest_port=None, jar=None, config=None, java="java",
                 jvm_args=None, log_name="ofc.log"):
        super().__init__(log_dir)
        if of_port is None or rest_port is None:
            ports = free_tcp_ports(2)
            of_port = of_port or ports[0]
            rest_port = rest_port or ports[1]
        self.of_port, self.rest_port = of_port, rest_port
        self.jar = jar or ofc_jar()
        self.config = config
        self.java = java
        self.jvm_args = list(jvm_args or [])
        self.log_path = os.path.join(log_dir, log_name)
        self.base_url = "http://127.0.0.1:%d/api/v1" % rest_port

    def command(self):
        cmd = [self.java] + self.jvm_args + ["-jar", self.jar, "--of-port", str(self.of_port),
                                             "--rest-port", str(self.rest_port)]
        if self.config:
            cmd += ["--config", self.config]
        return cmd

    def start(self, timeout=60.0):
        if not os.path.isfile(self.jar):
            raise FileNotFoundError("OFC jar %s not found; build it with 'mvn -q -DskipTests package' "
                                    "in the repository root" % self.jar)
        self._spawn()
        started = time.monotonic()

        def healthy():
            self._check_alive()
            return self.health().get("status") == "UP"
        try:
            wait_until(healthy, timeout, interval=0.2, what="%s GET /health UP" % self.name)
        except ControllerDied:
            raise
        except TimeoutError as exc:
            raise TimeoutError("%s; last lines of %s:\n%s" % (exc, self.log_path, tail(self.log_path))) from None
        self.startup_seconds = time.monotonic() - started
        return self

    # ---- REST -------------------------------------------------------------------------------
    def link_set(self, timeout=5.0):
        """``GET /links`` as ``{(src dpid, src port, dst dpid, dst port)}``, to compare with ``real_links()``."""
        return {(l["src"]["dpid"], l["src"]["port"], l["dst"]["dpid"], l["dst"]["port"])
                for l in self.get("links", timeout=timeout)}

    def get(self, path, timeout=5.0):
        """GET ``/api/v1/<path>`` and return parsed JSON; raises ``RestError`` on HTTP errors."""
        url = self.base_url + "/" + path.lstrip("/")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            raw = err.read().decode("utf-8", "replace")
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
            raise RestError(url, err.code, body) from None

    def health(self):
        return self.get("health", timeout=2.0)

    def switches(self):
        """List of switch records (handshake completed) from ``GET /switches``."""
        return self.get("switches")["switches"]

    def switch_dpids(self):
        return {s["dpid"] for s in self.switches()}

    def flows(self, dpid):
        """Flow records of one switch from ``GET /switches/{dpid}/flows``."""
        return self.get("switches/%s/flows" % dpid_str(dpid))["flows"]

    def wait_for_switches(self, dpids, timeout=30.0):
        """Wait until every DPID in ``dpids`` is listed by ``GET /switches``; returns the records."""
        wanted = {dpid_str(d) for d in dpids}

        def ready():
            self._check_alive()
            listed = {s["dpid"]: s for s in self.switches()}
            return [listed[d] for d in sorted(wanted)] if wanted <= set(listed) else None
        return wait_until(ready, timeout, what="OFC to list switches %s" % sorted(wanted))

    # ---- REST: any method, sidecars and steered modules ------------------------------------------
    def request(self, method, path, body=None, timeout=30.0, raw_body=None):
        """``method`` on ``/api/v1/<path>`` with a JSON ``body`` (or the bytes/text ``raw_body`` as is);
        returns parsed JSON (None for an empty answer), raises ``RestError`` on HTTP errors."""
        url = self.base_url + "/" + path.lstrip("/")
        if raw_body is not None:
            data = raw_body.encode() if isinstance(raw_body, str) else raw_body
        else:
            data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                text = resp.read().decode("utf-8")
                return json.loads(text) if text.strip() else None
        except urllib.error.HTTPError as err:
            raw = err.read().decode("utf-8", "replace")
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw
            raise RestError(url, err.code, parsed) from None

    @staticmethod
    def _listing(answer, key):
        """A list answer, whether bare or wrapped as ``{key: [...]}``."""
        return answer[key] if isinstance(answer, dict) and key in answer else answer

    def sidecars(self):
        """Sidecar records from ``GET /sidecars`` (id, state, mac, dpid, port, weight, flows, modules...)."""
        return self._listing(self.get("sidecars"), "sidecars")

    def sidecar_map(self):
        """``{id: record}`` of ``GET /sidecars``."""
        return {s["id"]: s for s in self.sidecars()}

    def drain_sidecar(self, sidecar_id):
        return self.request("POST", "sidecars/%s/drain" % sidecar_id)

    def undrain_sidecar(self, sidecar_id):
        return self.request("DELETE", "sidecars/%s/drain" % sidecar_id)

    def set_sidecar_weight(self, sidecar_id, weight):
        return self.request("PUT", "sidecars/%s/weight" % sidecar_id, {"weight": weight})

    def modules(self):
        """Module views from ``GET /modules``."""
        return self._listing(self.get("modules"), "modules")

    def module(self, user, name):
        """One module view, or None when the OFC answers 404."""
        try:
            return self.get("modules/%s/%s" % (user, name))
        except RestError as err:
            if err.status == 404:
                return None
            raise

    def deploy_module(self, body, timeout=180.0):
        """``POST /modules``; returns the module view (201) or raises ``RestError``."""
        return self.request("POST", "modules", body, timeout=timeout)

    def delete_module(self, user, name, timeout=60.0):
        return self.request("DELETE", "modules/%s/%s" % (user, name), timeout=timeout)

    def topology_svg(self, timeout=5.0):
        """The picture of ``GET /api/v1/topology.svg``: (SVG text, Content-Type)."""
        with urllib.request.urlopen(self.base_url + "/topology.svg", timeout=timeout) as resp:
            return resp.read().decode("utf-8"), resp.headers.get("Content-Type", "")

    def metrics(self, timeout=5.0):
        """The Prometheus text of ``GET /metrics`` (outside ``/api/v1``)."""
        url = "http://127.0.0.1:%d/metrics" % self.rest_port
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")


class TestControllerProcess(_ManagedProcess):
    """``ovs-testcontroller`` (Open vSwitch's learning switch) speaking OpenFlow 1.3 on a free port.

    It is the baseline for benchmarks and a stand-in to check the harness without the OFC.
    ``--unixctl`` points at our log folder so that several instances never share a control socket.
    """

    __test__ = False  # not a unittest class despite the name
    name = "ovs-testcontroller"

    def __init__(self, log_dir, of_port=None, max_idle=10, extra_args=None, log_name="testcontroller.log"):
        super().__init__(log_dir)
        self.of_port = of_port or free_tcp_port()
        self.max_idle = max_idle
        self.extra_args = list(extra_args or [])
        self.log_path = os.path.join(log_dir, log_name)
        self.ctl_path = os.path.join(log_dir, "testcontroller-%d.ctl" % self.of_port)

    def command(self):
        return (["ovs-testcontroller", "-O", "OpenFlow13", "--max-idle=%d" % self.max_idle,
                 "--unixctl=%s" % self.ctl_path, "-vconsole:info"] + self.extra_args +
                ["ptcp:%d:127.0.0.1" % self.of_port])

    def start(self, timeout=10.0):
        self._spawn()

        def listening():
            self._check_alive()
            return port_listening(self.of_port)
        wait_until(listening, timeout, interval=0.05, what="ovs-testcontroller to listen on %d" % self.of_port)
        return self


def port_listening(port):
    """True when something listens on 127.0.0.1:``port`` (read from /proc, no probe connection)."""
    needle = ":%04X" % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as fh:
                next(fh)
                for line in fh:
                    fields = line.split()
                    if fields[1].endswith(needle) and fields[3] == "0A":  # 0A = LISTEN
                        return True
        except FileNotFoundError:
            continue
    return False
