"""A demonstration certificate authority: a root and one signer, for the demo and the tests only.

Its certificates say so in their names ("CHỈ DÙNG THỬ"): a real Department signs with the certificate a
licensed provider issued to the official, usually on a USB token (README, "Signed decisions").
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_FILE = "root-ca.pem"
SIGNER_FILE = "signer.p12"
SIGNER_CERT_FILE = "signer.pem"
DEMO_ORGANISATION = "Thi đua – CHỈ DÙNG THỬ"
# Valid from before the demo's plan year, so that a paper of 2018 signed at a 2018 date (the tests travel in
# time) still validates, and for ten years from its creation.
VALID_FROM = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
VALIDITY = dt.timedelta(days=10 * 365)


@dataclass(frozen=True)
class DemoCA:
    root: Path
    signer: Path
    signer_cert: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def demo_ca_create(*, output: Path, password: str, signer_name: str) -> DemoCA:
    """Write a root certificate (PEM), the signer's key and certificate with the chain as a PKCS#12 file
    protected by `password`, and the signer's certificate alone (PEM) into `output`. The root's key is not
    kept: the demo authority issues this one signer and nothing more."""
    output.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    root_key, signer_key = _key(), _key()
    root_name = _name("Demo Root CA – Thi đua (CHỈ DÙNG THỬ)")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(max(now, VALID_FROM) + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name(signer_name))
        .issuer_name(root_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(max(now, VALID_FROM) + VALIDITY - dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    paths = DemoCA(output / ROOT_FILE, output / SIGNER_FILE, output / SIGNER_CERT_FILE)
    paths.root.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    paths.signer_cert.write_bytes(signer.public_bytes(serialization.Encoding.PEM))
    bundle = pkcs12.serialize_key_and_certificates(
        name=signer_name.encode(),
        key=signer_key,
        cert=signer,
        cas=[root],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    paths.signer.touch(mode=0o600)
    paths.signer.write_bytes(bundle)
    return paths
