"""The self-signed HTTPS certificate for LAN mode: made once, kept in the data folder.

Phones only give web pages their motion sensors over a secure connection, so LAN mode is HTTPS only.
The certificate is made the first time, stored next to the database (key readable by the owner only)
and used again on every start, so its fingerprint stays the same; it is made again only when the
machine's address is not one it names.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

VALID_DAYS = 3650


@dataclass(frozen=True)
class Certificate:
    cert_file: Path
    key_file: Path
    fingerprint: str  # SHA-256, colon-separated hex pairs
    made_now: bool


def fingerprint(cert: x509.Certificate) -> str:
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def _names(cert: x509.Certificate) -> set[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    return {str(ip) for ip in san.get_values_for_type(x509.IPAddress)} | set(san.get_values_for_type(x509.DNSName))


def _make(folder: Path, addresses: list[str], now: dt.datetime) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Supple on this computer")])
    san = x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), *(x509.IPAddress(ipaddress.ip_address(a)) for a in addresses)]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key_path = folder / "key.pem"
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key_bytes)
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def ensure_certificate(folder: Path, addresses: list[str], now: dt.datetime | None = None) -> Certificate:
    """The certificate in ``folder`` (cert.pem, key.pem), made if missing or not naming ``addresses``."""
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    made = False
    wanted = {str(ipaddress.ip_address(a)) for a in addresses}
    current: x509.Certificate | None = None
    if cert_file.exists() and key_file.exists():
        try:
            current = x509.load_pem_x509_certificate(cert_file.read_bytes())
        except ValueError:
            current = None
    moment = now or dt.datetime.now(dt.UTC)
    if current is None or not wanted <= _names(current) or current.not_valid_after_utc <= moment:
        _make(folder, sorted(wanted), moment)
        current = x509.load_pem_x509_certificate(cert_file.read_bytes())
        made = True
    return Certificate(cert_file, key_file, fingerprint(current), made)
