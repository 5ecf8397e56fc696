"""The sidecar jar as a process of the harness, on free ports, stopped by PID (see ``ofc.OfcProcess``)."""

import json
import os
import signal
import tempfile
import time
import urllib.error
import urllib.request

from netserv_mn.ofc import REPO_ROOT, RestError, _ManagedProcess
from netserv_mn.util import free_tcp_port, tail, wait_until

SIDECAR_JAR = os.path.join(REPO_ROOT, "sidecar-node", "target", "netserv-sidecar.jar")
MODULES_DIR = os.path.join(REPO_ROOT, "sidecar-node", "target", "modules")
TEST_MODULES_DIR = os.path.join(REPO_ROOT, "sidecar-node", "target", "test-modules")


def module_url(name, test_module=False):
    return "file://" + os.path.join(TEST_MODULES_DIR if test_module else MODULES_DIR, name + ".jar")


class SidecarProcess(_ManagedProcess):
    """``netserv-sidecar`` on an interface (``none`` for lifecycle only), admin API on a free port."""

    name = "netserv-sidecar"

    def __init__(self, log_dir, sidecar_id, iface, ofc=None, config=None, admin_port=None, jar=None):
        super().__init__(log_dir)
        self.sidecar_id = sidecar_id
        self.iface = iface
        self.ofc = ofc
        self.config = config
        self.admin_port = admin_port or free_tcp_port()
        self.jar = jar or os.environ.get("NETSERV_SIDECAR_JAR", SIDECAR_JAR)
        self.sandbox = tempfile.mkdtemp(prefix="sidecar-%s-" % sidecar_id, dir=log_dir)
        self.log_path = os.path.join(log_dir, "sidecar-%s.log" % sidecar_id)
        self.base_url = "http://127.0.0.1:%d/api/v1" % self.admin_port

    def command(self):
        cmd = ["java", "-jar", self.jar, "--id", self.sidecar_id, "--interface", self.iface, "--admin-port",
               str(self.admin_port), "--admin-bind", "127.0.0.1", "--sandbox-root", self.sandbox]
        if self.ofc:
            cmd += ["--ofc", self.ofc]
        if self.config:
            cmd += ["--config", self.config]
        return cmd

    def start(self, timeout=60.0):
        if not os.path.isfile(self.jar):
            raise FileNotFoundError("sidecar jar %s not found; build with 'mvn -q -DskipTests package'" % self.jar)
        self._spawn()

        def healthy():
            self._check_alive()
            return self.request("GET", "health").get("status") == "UP"
        try:
            wait_until(healthy, timeout, what="%s GET /health UP" % self.name)
        except TimeoutError as exc:
            raise TimeoutError("%s; last lines of %s:\n%s" % (exc, self.log_path, tail(self.log_path))) from None
        return self

    def request(self, method, path, body=None, timeout=120.0):
        """Calls the admin API; returns parsed JSON, raises ``RestError`` for HTTP errors."""
        url = self.base_url + "/" + path.lstrip("/")
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode())
        except urllib.error.HTTPError as err:
            raw = err.read().decode("utf-8", "replace")
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw
            raise RestError(url, err.code, parsed) from None

    def install(self, user, name, jar_url, filter_, ttl=600, properties=None, policy=None):
        body = {"user": user, "name": name, "url": jar_url, "filter": filter_, "ttl": ttl}
        if properties:
            body["properties"] = properties
        if policy:
            body["failurePolicy"] = policy
        return self.request("POST", "modules", body)

    def modules(self):
        return self.request("GET", "modules")["modules"]

    def module(self, user, name):
        return self.request("GET", "modules/%s/%s" % (user, name))

    def containers(self):
        """``{user: pid}`` of running containers."""
        return self.request("GET", "health")["containers"]

    def stop(self, timeout=30.0):
        pids = {}
        if self.alive():
            try:
                pids = self.containers()
            except Exception:  # pylint: disable=broad-except
                pids = {}
        code = super().stop(timeout=timeout)
        # Containers are the sidecar's children and stop with it; make sure.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(os.path.exists("/proc/%d" % p) for p in pids.values()):
            time.sleep(0.1)
        return code

    # ---- added for the steering tests ------------------------------------------------------------
    def module_or_none(self, user, name):
        """The module as this sidecar reports it, or None when it has no such module (404)."""
        try:
            return self.module(user, name)
        except RestError as err:
            if err.status == 404:
                return None
            raise

    def container_pids(self):
        """PIDs of its running containers (empty when the admin API does not answer)."""
        try:
            return set(self.containers().values())
        except Exception:  # pylint: disable=broad-except
            return set()

    def kill_group(self, timeout=10.0, wait_containers=True):
        """SIGKILL the sidecar's whole process group, as a crash of the box would: the sidecar was
        started in a session of its own (its PID is the group id) and its container JVMs inherit the
        group, so they die with it. Reaps the sidecar; with ``wait_containers`` also waits until every
        container PID seen before has died (``containers_dead``). Returns those PIDs."""
        if not self.alive():
            return set()
        pids = self.container_pids()
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=timeout)
        if wait_containers:
            self.wait_containers_dead(pids, timeout)
        return pids

    @staticmethod
    def containers_dead(pids):
        """True when none of ``pids`` runs any more (gone, or a zombie nobody has reaped yet: orphans
        are reparented to PID 1, which in a container may reap late)."""
        for pid in pids:
            try:
                with open("/proc/%d/stat" % pid) as fh:
                    stat = fh.read()
            except OSError:
                continue
            if stat[stat.rfind(")") + 2:].split()[0] not in ("Z", "X"):
                return False
        return True

    def wait_containers_dead(self, pids, timeout=10.0):
        deadline = time.monotonic() + timeout
        while not self.containers_dead(pids):
            if time.monotonic() >= deadline:
                raise RuntimeError("container processes %s of %s survived SIGKILL of its group" % (
                    sorted(pids), self.sidecar_id))
            time.sleep(0.05)
