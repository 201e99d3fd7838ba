"""Blocks the network in a test subprocess: every attempt is recorded, then refused.

Put this directory on PYTHONPATH and set NETBLOCK_LOG to a file: Python imports
``sitecustomize`` at start-up, before any sourcebox code runs. Each attempt to
resolve a name or to connect an internet socket appends one JSON line (what was
called, with which address, and a short stack) to that file and raises OSError,
as a machine without a network would. Unix sockets are left alone.
"""

from __future__ import annotations

import json
import os
import socket
import traceback
from pathlib import Path

_LOG = os.environ.get("NETBLOCK_LOG", "")
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _refuse(call: str, address: object) -> OSError:
    if _LOG:
        stack = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_stack()[-8:-2]]
        entry = {
            "call": call,
            "address": repr(address),
            "command": os.environ.get("NETBLOCK_COMMAND", ""),
            "pid": os.getpid(),
            "stack": stack,
        }
        with Path(_LOG).open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
    return OSError(101, f"network blocked by the test harness ({call} {address!r})")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto


def connect(self: socket.socket, address: object) -> None:
    if self.family in _INTERNET:
        raise _refuse("connect", address)
    _connect(self, address)


def connect_ex(self: socket.socket, address: object) -> int:
    if self.family in _INTERNET:
        raise _refuse("connect_ex", address)
    return _connect_ex(self, address)


def sendto(self: socket.socket, *args: object) -> int:
    if self.family in _INTERNET:
        raise _refuse("sendto", args[-1])
    return _sendto(self, *args)


def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
    raise _refuse("create_connection", address)


def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> list[object]:
    raise _refuse("getaddrinfo", (host, port))


def gethostbyname(host: object) -> str:
    raise _refuse("gethostbyname", host)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.create_connection = create_connection
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = gethostbyname
