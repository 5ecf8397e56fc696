"""End-to-end tests of the NetServ OFC against real Open vSwitch and Mininet.

Run from the ``mininet/`` folder with the system interpreter (it has Mininet):
``/usr/bin/python3 -m tests`` (all stages in order) or
``/usr/bin/python3 -m unittest tests.test_ovs_bridge -v`` (one module).
"""
