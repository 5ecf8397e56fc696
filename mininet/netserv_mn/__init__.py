"""NetServ Mininet harness: topologies, controller processes, networks, tests and scenarios.

This package lives in the repository folder ``mininet/``, which has the same name as the Mininet
Python package. The folder has no ``__init__.py`` and must never be imported as a package: run
everything with the working directory ``mininet/`` (or ``PYTHONPATH=<repo>/mininet``) so that
``import mininet.net`` resolves to the system Mininet. The check below turns a wrong ``sys.path``
into a clear error instead of a confusing ``ModuleNotFoundError`` deep in Mininet.
"""

import mininet as _mininet

if getattr(_mininet, "__file__", None) is None:  # a namespace package: our repo folder, not Mininet
    raise ImportError(
        "'import mininet' found the repository folder %s instead of the system Mininet; "
        "run with cwd=<repo>/mininet or PYTHONPATH=<repo>/mininet and /usr/bin/python3, "
        "and never put the repository root on sys.path" % list(getattr(_mininet, "__path__", [])))
