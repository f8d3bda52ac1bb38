"""Secrets at rest: authenticated encryption; any change to the stored value is detected."""

from __future__ import annotations

import base64

import pytest

from app.crypto import SecretBox, SecretDecryptionError

KEY = "a" * 32


def test_round_trip() -> None:
    box = SecretBox(KEY)
    token = box.encrypt("shared-secret-value", "tenant.shared_secret")
    assert "shared-secret-value" not in token
    assert box.decrypt(token, "tenant.shared_secret") == "shared-secret-value"


def test_each_encryption_uses_a_fresh_nonce() -> None:
    box = SecretBox(KEY)
    assert box.encrypt("same", "p") != box.encrypt("same", "p")


def test_a_flipped_byte_is_detected() -> None:
    box = SecretBox(KEY)
    version, _, payload = box.encrypt("api-token", "p").partition(".")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[-1] ^= 0x01
    tampered = f"{version}.{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(SecretDecryptionError):
        box.decrypt(tampered, "p")


def test_a_different_key_fails() -> None:
    token = SecretBox(KEY).encrypt("api-token", "p")
    with pytest.raises(SecretDecryptionError):
        SecretBox("b" * 32).decrypt(token, "p")


def test_a_value_moved_to_another_column_fails() -> None:
    box = SecretBox(KEY)
    token = box.encrypt("api-token", "issue_tracker.credentials")
    with pytest.raises(SecretDecryptionError):
        box.decrypt(token, "tenant.shared_secret")


@pytest.mark.parametrize("garbage", ["", "v1.", "v1.!!!", "v2.AAAA", "plain text"])
def test_garbage_is_refused_not_crashed_on(garbage: str) -> None:
    with pytest.raises(SecretDecryptionError):
        SecretBox(KEY).decrypt(garbage, "p")
