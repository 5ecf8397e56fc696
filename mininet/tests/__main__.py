"""Run the Mininet test suite in stages: ``/usr/bin/python3 -m tests [--list] [NAME ...]``.

Stage 1 is the quick sanity check (the harness's own unit tests, then one switch); when it
fails, the later stages are not run (they could only fail the same way, slowly). With NAMEs
(modules such as ``tests.test_bad_peers``, or single tests), only those run, in one stage.
Exit status is 0 only when everything passed.
Artifacts of each test are in ``$NETSERV_TEST_DIR/<test id>/`` (default /tmp/netserv-tests).
"""

import argparse
import os
import signal
import sys
import time
import unittest

STAGES = [
    ("sanity: harness unit tests and one switch", ["tests.test_harness_units", "tests.test_sanity"]),
    ("OpenFlow core on a plain OVS bridge", ["tests.test_ovs_bridge"]),
    ("Mininet end to end", ["tests.test_forwarding_e2e", "tests.test_bad_peers"]),
    ("sidecar on a veth pair", ["tests.test_sidecar"]),
    ("steering through sidecars", ["tests.test_steering"]),
    ("on-path signaling through two NetServ nodes", ["tests.test_signaling"]),
    ("topology with loops", ["tests.test_topology"]),
    ("campus: fat tree, link failures, host moves", ["tests.test_campus"]),
]


class TimedResult(unittest.TextTestResult):
    """Prints how long each test took, so slow tests stand out."""

    def startTest(self, test):
        self._started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        if self.showAll:
            self.stream.writeln("    (%.1f s)" % (time.monotonic() - self._started))
            self.stream.flush()


def main():
    parser = argparse.ArgumentParser(prog="python3 -m tests", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="test modules/classes/methods to run instead of all stages")
    parser.add_argument("--list", action="store_true", help="list the tests and exit")
    parser.add_argument("-f", "--failfast", action="store_true", help="stop at the first failure")
    args = parser.parse_args()

    if os.geteuid() != 0:
        parser.error("Mininet and Open vSwitch need root")
    stages = [("selected tests", args.names)] if args.names else STAGES
    loader = unittest.TestLoader()
    if args.list:
        for title, names in stages:
            print("stage: %s" % title)
            for suite in loader.loadTestsFromNames(names):
                for test in _flatten(suite):
                    print("  " + test.id())
        return 0

    # Ctrl-C or SIGTERM: let the running test finish its teardown (which stops everything it
    # started), then stop; a second Ctrl-C aborts at once.
    # (unittest's handler only acts while it is the SIGINT handler, so SIGTERM calls it as SIGINT.)
    unittest.installHandler()
    unittest_handler = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGTERM, lambda _signum, frame: unittest_handler(signal.SIGINT, frame))
    interrupted = False
    started = time.monotonic()
    totals = {"run": 0, "failures": 0, "errors": 0, "skipped": 0}
    for number, (title, names) in enumerate(stages, 1):
        print("\n=== stage %d/%d: %s (%.0f s elapsed) ===" % (number, len(stages), title, time.monotonic() - started),
              flush=True)
        runner = unittest.TextTestRunner(verbosity=2, resultclass=TimedResult, failfast=args.failfast,
                                         stream=sys.stdout)
        result = runner.run(loader.loadTestsFromNames(names))
        totals["run"] += result.testsRun
        totals["failures"] += len(result.failures) + len(result.unexpectedSuccesses)
        totals["errors"] += len(result.errors)
        totals["skipped"] += len(result.skipped)
        # shouldStop without --failfast means the interrupt handler stopped the run.
        interrupted = result.shouldStop and (not args.failfast or result.wasSuccessful())
        if interrupted:
            print("interrupted: not running the remaining tests")
            break
        if not result.wasSuccessful() and (number == 1 or args.failfast):
            print("stage %d failed: not running the later stages" % number)
            break
    ok = totals["failures"] == 0 and totals["errors"] == 0 and not interrupted
    print("\n=== %s: %d tests, %d failures, %d errors, %d skipped in %.0f s ===" % (
        "PASSED" if ok else ("INTERRUPTED" if interrupted else "FAILED"), totals["run"], totals["failures"], totals["errors"], totals["skipped"],
        time.monotonic() - started))
    return 0 if ok else 1


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


if __name__ == "__main__":
    sys.exit(main())
