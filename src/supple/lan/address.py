"""This machine's address on the local network."""

from __future__ import annotations

import ipaddress
import socket

# A documentation-only address (RFC 5737): connecting a UDP socket sends nothing, it only asks the
# system which of its addresses it would use to reach the network.
_PROBE = ("192.0.2.1", 9)


def lan_address() -> str:
    """The IPv4 address other devices on the network reach this machine at (127.0.0.1 if offline)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(_PROBE)
            address = str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if not ipaddress.ip_address(address).is_unspecified else "127.0.0.1"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
