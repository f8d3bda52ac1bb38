"""Encryption of secrets at rest: tenant shared secrets, API tokens, custom header values.

AES-256-GCM with a random 96-bit nonce per value; the key is derived from SLEUTH_SECRET_KEY with HKDF.
Each value is bound to its purpose (the column it lives in) as associated data, so a ciphertext
copied from one column to another fails to decrypt just as a tampered one does.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = "v1"
_NONCE_BYTES = 12


class SecretDecryptionError(Exception):
    """A stored secret was tampered with, belongs to another purpose, or was written under another key."""


class SecretBox:
    def __init__(self, secret_key: str) -> None:
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"sleuth-jira", info=b"secrets-at-rest v1"
        ).derive(secret_key.encode())
        self._aead = AESGCM(key)

    def encrypt(self, plaintext: str, purpose: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), purpose.encode())
        return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, purpose: str) -> str:
        version, _, payload = token.partition(".")
        if version != _VERSION:
            raise SecretDecryptionError("unknown secret format")
        try:
            raw = base64.urlsafe_b64decode(payload.encode())
            return self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], purpose.encode()).decode()
        except (InvalidTag, ValueError):
            raise SecretDecryptionError("the secret cannot be decrypted with this key") from None
