"""
CPython's 64-bit ``hash()`` for the values PySpark programs use as keys.

``portable_hash`` decides which partition a key lands in. On the 64-bit
CPython a Spark cluster runs (with PYTHONHASHSEED=0, as PySpark sets it),
``hash()`` of a str or bytes is SipHash-1-3 with a zero key, and of a number
is its value modulo 2**61 - 1. Kindling's Python is CPython compiled to 32-bit
WebAssembly, whose ``hash()`` gives other (32-bit) values; computing the
64-bit ones here puts every key in the partition a real cluster would.
"""

import math

__all__ = ["hash64"]

MASK = (1 << 64) - 1
MODULUS = (1 << 61) - 1
HASH_INF = 314159
HASH_IMAG = 1000003

_cache = {}
_CACHE_LIMIT = 1 << 16


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def siphash13(data, k0=0, k1=0):
    """SipHash with 1 compression and 3 finalization rounds, as CPython 3.11+ hashes bytes."""
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rounds(n, v0, v1, v2, v3):
        for _ in range(n):
            v0 = (v0 + v1) & MASK
            v1 = _rotl(v1, 13) ^ v0
            v0 = _rotl(v0, 32)
            v2 = (v2 + v3) & MASK
            v3 = _rotl(v3, 16) ^ v2
            v0 = (v0 + v3) & MASK
            v3 = _rotl(v3, 21) ^ v0
            v2 = (v2 + v1) & MASK
            v1 = _rotl(v1, 17) ^ v2
            v2 = _rotl(v2, 32)
        return v0, v1, v2, v3

    length = len(data)
    whole = length - (length % 8)
    for i in range(0, whole, 8):
        m = int.from_bytes(data[i : i + 8], "little")
        v3 ^= m
        v0, v1, v2, v3 = rounds(1, v0, v1, v2, v3)
        v0 ^= m
    b = ((length & 0xFF) << 56) | int.from_bytes(data[whole:], "little")
    v3 ^= b
    v0, v1, v2, v3 = rounds(1, v0, v1, v2, v3)
    v0 ^= b
    v2 ^= 0xFF
    v0, v1, v2, v3 = rounds(3, v0, v1, v2, v3)
    return (v0 ^ v1 ^ v2 ^ v3) & MASK


def _signed(x):
    x &= MASK
    return x - (1 << 64) if x >= 1 << 63 else x


def _bytes_hash(data):
    if not data:
        return 0
    h = _signed(siphash13(data))
    return -2 if h == -1 else h


def _str_data(s):
    """The bytes CPython hashes for a str: its code points at the narrowest of 1, 2 or 4 bytes each."""
    widest = max(map(ord, s))
    if widest < 0x100:
        return s.encode("latin-1")
    if widest < 0x10000:
        return s.encode("utf-16-le")
    return s.encode("utf-32-le")


def _int_hash(n):
    h = abs(n) % MODULUS
    if n < 0:
        h = -h
    return -2 if h == -1 else h


def _float_hash(v):
    if math.isinf(v):
        return HASH_INF if v > 0 else -HASH_INF
    if math.isnan(v):
        return hash(v)
    numerator, denominator = v.as_integer_ratio()
    h = (abs(numerator) * pow(denominator, MODULUS - 2, MODULUS)) % MODULUS
    if numerator < 0:
        h = -h
    return -2 if h == -1 else h


def hash64(x):
    """``hash(x)`` as 64-bit CPython computes it, for str, bytes, int, bool, float and complex; else ``hash(x)``."""
    kind = type(x)
    if kind is str:
        h = _cache.get(x)
        if h is None:
            h = _bytes_hash(_str_data(x)) if x else 0
            if len(_cache) >= _CACHE_LIMIT:
                _cache.clear()
            _cache[x] = h
        return h
    if kind is int or kind is bool:
        return _int_hash(int(x))
    if kind is bytes:
        return _bytes_hash(x)
    if kind is float:
        return _float_hash(x)
    if kind is complex:
        h = _signed(_float_hash(x.real) + HASH_IMAG * _float_hash(x.imag))
        return -2 if h == -1 else h
    return hash(x)
