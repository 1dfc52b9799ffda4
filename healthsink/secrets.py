"""API key material: generation, the SHA-256 lookup digest and the Argon2id hash.

A key is `hsk_` + 43 URL-safe characters (32 random bytes). The database keeps only the digest (to find
the one candidate row) and an Argon2id hash (verified once per process, then cached by auth.py).
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PREFIX = "hsk_"
SHOWN_PREFIX_CHARS = 8

# The original design's parameters (RFC 9106's second recommendation): 19 MiB, 2 passes, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def hash_key(key: str) -> str:
    return _hasher.hash(key)


def verify(stored_hash: str, key: str) -> bool:
    try:
        return _hasher.verify(stored_hash, key)
    except (VerificationError, InvalidHashError):
        return False


def shown_prefix(key: str) -> str:
    """The first characters of a key: enough to tell keys apart in a list or a log, useless to guess with."""
    return key[:SHOWN_PREFIX_CHARS]
