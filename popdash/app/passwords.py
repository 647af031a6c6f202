"""Password hashes: scrypt (memory-hard, so guessing on graphics cards or custom chips costs
memory as well as time) with a random salt per account; PBKDF2-SHA256 hashes made before scrypt
are still verified, so configured accounts keep working until their hash is replaced.

Stored forms:
    scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>
    pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>   (older, still accepted)
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

SCRYPT = "scrypt"
PBKDF2 = "pbkdf2_sha256"
# OWASP's first choice for scrypt (2023): 128 MiB and about 1.5 s on the two-core machines here.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 17, 8, 1
PBKDF2_ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-SHA256
KEY_BYTES = 32
SALT_BYTES = 16
# A cost above this in a configured hash is refused rather than computed: a typo in the
# secrets must not let each sign-in take gigabytes.
MAX_MEMORY = 256 * 2 ** 20
# Each check of an scrypt hash holds 128 MiB; at most this many run at once, so many sign-ins
# at the same moment queue instead of exhausting the memory of a small server.
CONCURRENT_CHECKS = threading.BoundedSemaphore(2)


def memory_needed(n: int, r: int, p: int) -> int:
    """The bytes hashlib.scrypt needs for these parameters (its own formula, plus room)."""
    return 128 * r * (n + p + 2) + 2 ** 20


def scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=memory_needed(n, r, p))


def hash_password(password: str, salt: bytes | None = None, n: int | None = None, r: int | None = None,
                  p: int | None = None) -> str:
    """The stored form of a password: scrypt, its cost parameters, the salt and the key."""
    salt = salt or secrets.token_bytes(SALT_BYTES)
    n, r, p = n or SCRYPT_N, r or SCRYPT_R, p or SCRYPT_P
    return f"{SCRYPT}${n}${r}${p}${salt.hex()}${scrypt(password, salt, n, r, p).hex()}"


def hash_pbkdf2(password: str, iterations: int = PBKDF2_ITERATIONS, salt: bytes | None = None) -> str:
    """The older stored form; kept to verify (and test) hashes configured before scrypt."""
    salt = salt or secrets.token_bytes(SALT_BYTES)
    derived = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{PBKDF2}${iterations}${salt.hex()}${derived.hex()}"


def dummy_hash() -> str:
    """A hash no password matches, at the default cost: checked for unknown user names so that
    a wrong name takes as long as a wrong password and does not reveal which names exist."""
    return f"{SCRYPT}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'00' * SALT_BYTES}${'00' * KEY_BYTES}"


def is_well_formed(stored: str) -> bool:
    """Does the text look like a hash this module can check (not a pasted password)?"""
    parts = stored.split("$")
    shapes = {SCRYPT: 6, PBKDF2: 4}
    if shapes.get(parts[0]) != len(parts):
        return False
    try:
        numbers = [int(x) for x in parts[1:-2]]
        salt, key = bytes.fromhex(parts[-2]), bytes.fromhex(parts[-1])
    except ValueError:
        return False
    return all(x > 0 for x in numbers) and bool(salt) and bool(key)


def is_legacy(stored: str) -> bool:
    """A PBKDF2 hash, to be replaced by `python -m popdash hash-password` (which prints scrypt)."""
    return stored.startswith(PBKDF2 + "$")


def derive(password: str, stored: str) -> tuple[bytes, bytes] | None:
    """The key derived from the password with the stored parameters, and the stored key."""
    if not is_well_formed(stored):
        return None
    parts = stored.split("$")
    salt, expected = bytes.fromhex(parts[-2]), bytes.fromhex(parts[-1])
    if parts[0] == SCRYPT:
        n, r, p = (int(x) for x in parts[1:4])
        if memory_needed(n, r, p) > MAX_MEMORY or n & (n - 1):
            return None
        return scrypt(password, salt, n, r, p), expected
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, int(parts[1])), expected


def verify_password(password: str, stored: str) -> bool:
    """Does the password match the stored hash? Compared in constant time."""
    with CONCURRENT_CHECKS:
        keys = derive(password, stored)
    return keys is not None and hmac.compare_digest(*keys)
