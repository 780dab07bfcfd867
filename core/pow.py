"""Proof of work (hashcash), shared by every form that asks a device to pay
for a try without knowing who sends it: the tips forms (tips/antispam.py) and,
when many wrong codes are typed, the quiz join form (quizzes/join_guard.py).

The scheme, documented so that any client can solve it: the form carries a
``challenge`` (ASCII) and a difficulty ``bits``. The client finds a decimal
``nonce`` such that ``sha256(challenge + ":" + nonce)`` starts with ``bits``
zero bits, about 2^bits hashes on average. static/js/pow.js does it in the page;
``solve`` does it here, for tests and other clients. Making, keeping and
spending challenges is each form's own business.
"""

import hashlib


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def pow_ok(challenge: str, nonce: str, bits: int) -> bool:
    if not nonce or len(nonce) > 20 or not nonce.isdigit():
        return False
    return leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) >= bits


def solve(challenge: str, bits: int) -> str:
    """What the page's script does, for tests and other clients."""
    nonce = 0
    while not pow_ok(challenge, str(nonce), bits):
        nonce += 1
    return str(nonce)
