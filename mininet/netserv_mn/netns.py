"""A network namespace joined to the root namespace by a veth pair: the smallest wire to test a sidecar.

The sidecar (or any bump in the wire) runs in the root namespace on ``outer``; test traffic is sent and
captured from ``inner``, which lives in the namespace. Deleting the namespace deletes ``inner`` and with
it the pair, so cleanup is one command and leaves nothing.
"""

import os
import subprocess
import sys

from netserv_mn.util import run

_MININET_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class VethNamespace:
    """``with VethNamespace("sc") as ns:`` gives ``ns.outer`` (root side) and ``ns.inner`` (in ``ns.name``)."""

    def __init__(self, tag):
        suffix = "%d" % (os.getpid() % 100000)
        self.name = "nsx%s%s" % (tag, suffix)
        self.outer = ("%so%s" % (tag, suffix))[:15]
        self.inner = ("%si%s" % (tag, suffix))[:15]
        self.created = False

    def create(self):
        existing = run(["ip", "netns", "list"])
        if self.name in existing.split():
            raise RuntimeError("namespace %s already exists; not ours, refusing" % self.name)
        run(["ip", "netns", "add", self.name])
        self.created = True
        try:
            run(["ip", "link", "add", self.outer, "type", "veth", "peer", "name", self.inner])
            run(["ip", "link", "set", self.inner, "netns", self.name])
            run(["ip", "link", "set", self.outer, "up"])
            self.exec(["ip", "link", "set", self.inner, "up"])
            self.exec(["ip", "link", "set", "lo", "up"])
            # Neither side may answer or originate traffic of its own (IPv6 router solicitations...).
            run(["sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % self.outer], check=False)
            self.exec(["sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % self.inner], check=False)
        except BaseException:
            self.delete()
            raise
        return self

    def exec(self, cmd, check=True, timeout=60):
        return run(["ip", "netns", "exec", self.name] + cmd, check=check, timeout=timeout)

    def popen(self, cmd, **kwargs):
        return subprocess.Popen(["ip", "netns", "exec", self.name] + cmd, **kwargs)

    def python(self, module, args, timeout=120):
        """Runs ``python3 -m <module> <args>`` of this harness inside the namespace; returns stdout."""
        env = "PYTHONPATH=%s" % _MININET_DIR
        return run(["ip", "netns", "exec", self.name, "env", env, sys.executable, "-m", module] + list(args),
                   timeout=timeout)

    def delete(self):
        if not self.created:
            return
        self.created = False
        run(["ip", "netns", "del", self.name], check=False)
        if self.outer in run(["ip", "-br", "link"]):
            run(["ip", "link", "del", self.outer], check=False)

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        self.delete()
