"""Separate hosts on this machine, for tests of what crosses a network: Linux network
namespaces (Debian's iproute2, ``ip netns``), each joined by a veth pair to one bridge in
the test's own namespace, where its browser and clients live. Only addresses inside the
bridge's private /24 are used. Everything is made by the test and removed afterwards.
Needs root (CAP_NET_ADMIN), as `.ci/run` has."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .browser import refuse_in_fast_tier

__all__ = ["Host", "network", "subnet"]


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


@dataclass(frozen=True)
class Host:
    """One host: its namespace, its address on the bridge and its cable (the veth end
    on the bridge's side, which :meth:`cut` unplugs)."""

    name: str
    netns: str
    address: str
    cable: str

    def argv(self, argv: list[str]) -> list[str]:
        """``argv`` run on this host."""
        return ["ip", "netns", "exec", self.netns, *argv]

    def cut(self) -> None:
        """Unplug the host's network cable."""
        _ip("link", "set", self.cable, "down")

    def mend(self) -> None:
        _ip("link", "set", self.cable, "up")

    def pids(self) -> list[int]:
        found = subprocess.run(["ip", "netns", "pids", self.netns], check=True,
                               capture_output=True, text=True, timeout=30).stdout
        return [int(p) for p in found.split()]

    def kill_all(self) -> int:
        """``kill -9`` every process on the host, as a power cut would; how many."""
        pids = self.pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(pids)


@contextmanager
def network(*names: str, prefix: str = "cg", octet: int = 77) -> Iterator[dict[str, Host]]:
    """Hosts named ``names`` on one bridge; yields them by name. The bridge itself has
    the subnet's first address (the test's side). Two tests that may run at once on
    different workers use different ``prefix`` (interface and namespace names) and
    ``octet`` (their subnets, ``10.<octet>.x.0/24``)."""
    refuse_in_fast_tier("network namespaces")
    tag = prefix + str(os.getpid() % 100_000)
    net = f"10.{octet}.{os.getpid() % 200 + 20}"
    bridge = f"{tag}br"
    hosts: dict[str, Host] = {}
    made: list[str] = []
    try:
        _ip("link", "add", bridge, "type", "bridge")
        _ip("addr", "add", f"{net}.1/24", "dev", bridge)
        _ip("link", "set", bridge, "up")
        for number, name in enumerate(names, start=2):
            netns, cable, inside = f"{tag}-{name}", f"{tag}h{number}", f"{tag}i{number}"
            _ip("netns", "add", netns)
            made.append(netns)
            _ip("link", "add", cable, "type", "veth", "peer", "name", inside)
            _ip("link", "set", inside, "netns", netns)
            _ip("link", "set", cable, "master", bridge)
            _ip("link", "set", cable, "up")
            _ip("-n", netns, "addr", "add", f"{net}.{number}/24", "dev", inside)
            _ip("-n", netns, "link", "set", inside, "up")
            _ip("-n", netns, "link", "set", "lo", "up")
            hosts[name] = Host(name, netns, f"{net}.{number}", cable)
        yield hosts
    finally:
        for host in hosts.values():
            host.kill_all()
        for netns in made:
            subprocess.run(["ip", "netns", "del", netns], capture_output=True, timeout=30)
        subprocess.run(["ip", "link", "del", bridge], capture_output=True, timeout=30)


def subnet(hosts: dict[str, Host]) -> str:
    """The hosts' /24, as PostgreSQL's pg_hba.conf writes it."""
    first = next(iter(hosts.values())).address
    return first.rsplit(".", 1)[0] + ".0/24"
