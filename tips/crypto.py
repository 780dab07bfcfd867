"""Encryption at rest for tips (the GlobaLeaks model, with PyNaCl).

Keys and who holds them:

- Each tip has its own random 32-byte key. Its body, messages, file names and
  attachments are encrypted with it (XSalsa20-Poly1305, ``SecretBox``;
  attachments in chunks, see ``encrypt_chunks``).
- The tip key is stored only sealed (``SealedBox``, Curve25519) to the public
  key of each police unit the tip was routed to, and to the tipster's key.
- The tipster's key pair is derived from the receipt: from the same
  Argon2id run that gives the receipt's stored hash, with keyed BLAKE2b under
  its own label and a random per-tip salt (``receipt_secret``,
  ``tipster_key_from_secret``): only someone holding the receipt can read
  the police's replies. Tips stored before that have their own Argon2id run
  over the receipt and the per-tip salt (``tipster_private_key``).
- Each member of a police unit has a key pair of their own for that unit: its
  private half is stored only wrapped under a key derived with Argon2id from
  the member's passphrase (``wrap_secret``), and the unit's private key is
  stored sealed to its public half. So the unit's key can be given to the
  remaining members when it is replaced (tips/keys.py, rotate_unit_key)
  without knowing their passphrases. The unit's private key is also sealed
  to the office's recovery key, whose private half the office head keeps
  offline (to re-grant access when officers change). A member unlocks it for
  a session (tips/console.py).
- No key is ever given to a superuser or editor as such: without a unit
  membership and its passphrase, the database holds nothing they can open.

Receipts: 16 random digits and a Luhn check digit (so a typo is caught
before any lookup), shown as 4-4-4-4-1. A receipt is stored only as a hash
made with Argon2id under a server-side secret salt
(settings.TIPS_RECEIPT_SECRET, derived from SECRET_KEY when unset), in a PHC
string with the salt left out: ``$argon2id$v=19$m=65536,t=3,p=1$<hash>``.
For a tip made from now on, ``<hash>`` is keyed BLAKE2b of that Argon2id
output under the label "receipt-lookup" (``receipt_lookup_hash``), not the
output itself, because the output is also what the tipster's key is derived
from (one Argon2id run per submission and per status login, not two); a
tip stored before keeps the Argon2id output itself, and a lookup tries both
forms from the one run (tips.services.find_tip).

Argon2id parameters travel with what they protect: in a receipt or claim
code hash (the PHC string above), in every wrapped key and, for a tip whose
tipster key had an Argon2id run of its own, in its tipster-key salt
(``_params_prefix``). TIPS_ARGON2_* apply to what is made
from now on; raising them locks nobody out, and what was made before stays
readable with the parameters it was made with.
Why this and not HMAC + a salted verifier: the hash is deterministic, so it is
the lookup key itself (a unique column, one Argon2id per login whatever the
receipt), and without the secret salt a stolen database cannot be searched
at all; with it, each of the 10^16 guesses still costs a full Argon2id.
"""

import base64
import hashlib
import re
import secrets
import struct

import nacl.pwhash
import nacl.secret
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE  # 32
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES  # 16
CHUNK_BYTES = 64 * 1024
RECEIPT_DIGITS = 16


# ---------------------------------------------------------------- parameters
def argon2_time_cost() -> int:
    return int(getattr(settings, "TIPS_ARGON2_TIME_COST", 3))


def argon2_memory_kib() -> int:
    return int(getattr(settings, "TIPS_ARGON2_MEMORY_KIB", 65536))


# Argon2id parameters of everything stored before they were stored with it:
# the only values the settings ever had until then.
LEGACY_TIME_COST, LEGACY_MEMORY_KIB = 3, 65536
PARAMS_MAGIC = b"A2id"
PARAMS_BYTES = len(PARAMS_MAGIC) + 8

# One server secret per purpose, each derived under its own label, so that
# no two uses share a key (the receipt hash's salt and the receipt token's
# key were one secret before). The two hash labels are the ones stored
# receipts and claim codes were hashed under: changing them would orphan them.
RECEIPT_HASH = b"tips-receipt"
CLAIM_HASH = b"tips-claim"
# Labels (BLAKE2b "person") for what is derived from a receipt's Argon2id
# output: the stored lookup hash and the tipster's key never share a value.
RECEIPT_LOOKUP = b"receipt-lookup"
TIPSTER_KEY = b"tipster-key"
RECEIPT_TOKEN = b"token:receipt"
STATUS_TOKEN = b"token:status"
TOKEN_PURPOSES = (RECEIPT_TOKEN, STATUS_TOKEN)


def _server_secret(purpose: bytes) -> bytes:
    """A 32-byte secret for one purpose, from TIPS_RECEIPT_SECRET or SECRET_KEY."""
    base = getattr(settings, "TIPS_RECEIPT_SECRET", "") or settings.SECRET_KEY
    return hashlib.blake2b(base.encode(), key=b"jdb-tips", person=purpose[:16], digest_size=32).digest()


def _params_prefix(time_cost: int, memory_kib: int) -> bytes:
    return PARAMS_MAGIC + struct.pack(">II", time_cost, memory_kib)


def _split_params(blob: bytes) -> tuple[int, int, bytes]:
    """(time cost, memory KiB, the rest) of a blob that may start with its
    parameters; one made before they were stored has the legacy ones."""
    if blob[: len(PARAMS_MAGIC)] == PARAMS_MAGIC:
        time_cost, memory_kib = struct.unpack(">II", blob[len(PARAMS_MAGIC) : PARAMS_BYTES])
        return time_cost, memory_kib, blob[PARAMS_BYTES:]
    return LEGACY_TIME_COST, LEGACY_MEMORY_KIB, blob


# ---------------------------------------------------------------- symmetric
def new_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


def encrypt(key: bytes, data: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(key).encrypt(data))


def decrypt(key: bytes, data: bytes) -> bytes:
    return nacl.secret.SecretBox(key).decrypt(bytes(data))


def encrypt_text(key: bytes, text: str) -> bytes:
    return encrypt(key, text.encode("utf-8"))


def decrypt_text(key: bytes, data: bytes) -> str:
    return decrypt(key, data).decode("utf-8")


def encrypt_chunks(key: bytes, data: bytes):
    """Yield the encrypted file: a 15-byte random prefix, then each 64 KiB chunk
    as <4-byte length><SecretBox ciphertext>.

    Each chunk's nonce is the prefix, a "last chunk" flag and the chunk's
    number, so chunks cannot be reordered, dropped or the file cut short
    without decryption failing.
    """
    prefix = nacl.utils.random(15)
    yield prefix
    box = nacl.secret.SecretBox(key)
    chunks = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        nonce = prefix + (b"\x01" if last else b"\x00") + struct.pack(">Q", number)
        sealed = box.encrypt(chunk, nonce).ciphertext
        yield struct.pack(">I", len(sealed)) + sealed


def decrypt_chunks(key: bytes, data: bytes) -> bytes:
    """The plain file from what encrypt_chunks wrote."""
    box = nacl.secret.SecretBox(key)
    data = bytes(data)
    prefix, position, number, out = data[:15], 15, 0, []
    while True:
        if position + 4 > len(data):
            raise ValueError("truncated attachment")
        (length,) = struct.unpack(">I", data[position : position + 4])
        sealed = data[position + 4 : position + 4 + length]
        position += 4 + length
        last = position >= len(data)
        nonce = prefix + (b"\x01" if last else b"\x00") + struct.pack(">Q", number)
        out.append(box.decrypt(sealed, nonce))
        if last:
            return b"".join(out)
        number += 1


# ---------------------------------------------------------------- public key
def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte keys."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def seal(public_key: bytes, data: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(data))


def unseal(private_key: bytes, data: bytes) -> bytes:
    return SealedBox(PrivateKey(bytes(private_key))).decrypt(bytes(data))


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(bytes(private_key)).public_key)


# ---------------------------------------------------------------- passphrases
def derive_key(secret: str, salt: bytes, time_cost: int | None = None, memory_kib: int | None = None) -> bytes:
    """A 32-byte key from a passphrase or receipt (Argon2id, libsodium);
    the settings' parameters unless given."""
    return nacl.pwhash.argon2id.kdf(
        KEY_BYTES,
        secret.encode("utf-8"),
        bytes(salt),
        opslimit=time_cost or argon2_time_cost(),
        memlimit=(memory_kib or argon2_memory_kib()) * 1024,
    )


def wrap_secret(passphrase: str, secret: bytes) -> bytes:
    """<parameters><salt><SecretBox ciphertext> of ``secret`` under the passphrase."""
    t, m = argon2_time_cost(), argon2_memory_kib()
    salt = nacl.utils.random(SALT_BYTES)
    return _params_prefix(t, m) + salt + encrypt(derive_key(passphrase, salt, t, m), secret)


def unwrap_secret(passphrase: str, wrapped: bytes) -> bytes:
    """Raises nacl.exceptions.CryptoError on a wrong passphrase."""
    t, m, rest = _split_params(bytes(wrapped))
    return decrypt(derive_key(passphrase, rest[:SALT_BYTES], t, m), rest[SALT_BYTES:])


def wrapped_params(wrapped: bytes) -> tuple[int, int]:
    """The Argon2id (time cost, memory KiB) a wrapped secret was made with."""
    t, m, _rest = _split_params(bytes(wrapped))
    return t, m


# ---------------------------------------------------------------- receipts
def luhn_check_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: the rightmost payload digit sits next to the check digit
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def new_receipt() -> str:
    """17 digits: 16 random (SystemRandom) and the Luhn check digit."""
    digits = "".join(str(secrets.randbelow(10)) for _ in range(RECEIPT_DIGITS))
    return digits + luhn_check_digit(digits)


def normalise_receipt(text: str) -> str:
    """Digits only: spaces, dashes and full-width digits typed on a phone are fine."""
    text = (text or "").translate({0xFF10 + i: str(i) for i in range(10)})
    return "".join(char for char in text if char.isascii() and char.isdigit())


def receipt_is_well_formed(receipt: str) -> bool:
    return (
        len(receipt) == RECEIPT_DIGITS + 1
        and receipt.isdigit()
        and luhn_check_digit(receipt[:-1]) == receipt[-1]
    )


def format_receipt(receipt: str) -> str:
    return "-".join((receipt[0:4], receipt[4:8], receipt[8:12], receipt[12:16], receipt[16:]))


def receipt_hash(receipt: str, params: str = "") -> str:
    """The stored lookup value for a receipt (see the module docstring),
    with the settings' parameters or those of ``params`` (hash_params)."""
    return _secret_salted_argon2id(receipt, RECEIPT_HASH, params)


HASH_PARAMS = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$")
HASH_BYTES = 32
HASH_CHARS = 43  # 32 bytes in unpadded base64


def current_hash_params() -> str:
    return f"$argon2id$v=19$m={argon2_memory_kib()},t={argon2_time_cost()},p=1$"


def hash_params(stored: str) -> str:
    """The parameter part of a stored hash: ``$argon2id$v=19$m=…,t=…,p=1$``."""
    return stored[: len(stored) - HASH_CHARS]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def receipt_secret(receipt: str, params: str = "") -> tuple[str, bytes]:
    """(parameter part, Argon2id output) of a receipt: the one Argon2id run
    both its stored hash and, for tips made from now on, the tipster's key
    come from. Never stored: see receipt_lookup_hash."""
    return _argon2id_raw(receipt, RECEIPT_HASH, params)


def receipt_lookup_hash(params: str, secret: bytes) -> str:
    """The stored lookup value of a tip made from now on: keyed BLAKE2b of
    the receipt's Argon2id output, so that the database, which holds it,
    does not hold the output the tipster's key is derived from."""
    return params + _b64(hashlib.blake2b(key=secret, person=RECEIPT_LOOKUP, digest_size=HASH_BYTES).digest())


def receipt_hash_forms(params: str, secret: bytes) -> tuple[str, str]:
    """Every stored form one Argon2id run of a receipt can match: the lookup
    hash of a tip made from now on, and the Argon2id output itself (as every
    tip made before stored it)."""
    return receipt_lookup_hash(params, secret), params + _b64(secret)


def _params_of(params: str) -> tuple[int, int]:
    """(time cost, memory KiB) of a PHC parameter part, or the settings' own."""
    found = HASH_PARAMS.match(params) if params else None
    if found:
        return int(found.group(2)), int(found.group(1))
    return argon2_time_cost(), argon2_memory_kib()


def _argon2id_raw(text: str, purpose: bytes, params: str = "") -> tuple[str, bytes]:
    t, m = _params_of(params)
    # libsodium's Argon2id (the one derive_key uses): the same raw Argon2id
    # (version 0x13, one lane, no secret or associated data) as argon2-cffi's
    # hash_secret_raw gave for these inputs, so every stored hash still
    # matches, at about half its time (bench/results.json, README "Performance";
    # tests/tips/test_crypto.py checks the two agree).
    raw = nacl.pwhash.argon2id.kdf(
        HASH_BYTES, text.encode("ascii"), _server_secret(purpose)[:SALT_BYTES], opslimit=t, memlimit=m * 1024
    )
    return f"$argon2id$v=19$m={m},t={t},p=1$", raw


def _secret_salted_argon2id(text: str, purpose: bytes, params: str = "") -> str:
    prefix, raw = _argon2id_raw(text, purpose, params)
    return prefix + _b64(raw)


# ---------------------------------------------------------------- reward claim codes
CLAIM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter
CLAIM_CODE_LENGTH = 10  # 50 bits


def new_claim_code() -> str:
    """A reward's claim code: different in shape from a receipt (letters and
    digits, 5-5), so neither is mistaken for the other."""
    return "".join(secrets.choice(CLAIM_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def normalise_claim_code(text: str) -> str:
    text = (text or "").upper().translate({0xFF10 + i: str(i) for i in range(10)})
    return "".join(char for char in text if char in CLAIM_ALPHABET)


def format_claim_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def claim_code_hash(code: str, params: str = "") -> str:
    """Stored like a receipt: Argon2id under its own server-side secret salt
    (with the parameters of ``params``, a stored hash, when given)."""
    return _secret_salted_argon2id(normalise_claim_code(code), CLAIM_HASH, params)


# How a tip's tipster_salt says its tipster key comes from the receipt's
# Argon2id output (tipster_key_from_secret); the other two forms, a bare
# 16-byte salt and PARAMS_MAGIC + parameters + salt, each had an Argon2id
# run of their own.
FROM_RECEIPT_SECRET = b"A2rs"


def new_tipster_salt() -> bytes:
    """A tip's random salt for the tipster's key, marked as derived from the
    receipt's Argon2id output (whose parameters its receipt hash holds)."""
    return FROM_RECEIPT_SECRET + nacl.utils.random(SALT_BYTES)


def tipster_key_from_receipt_secret(salt: bytes) -> bool:
    salt = bytes(salt)
    return len(salt) == len(FROM_RECEIPT_SECRET) + SALT_BYTES and salt.startswith(FROM_RECEIPT_SECRET)


def tipster_key_from_secret(secret: bytes, salt: bytes) -> bytes:
    """The tipster's private key from the receipt's Argon2id output
    (receipt_secret) and the tip's salt: keyed BLAKE2b under its own label,
    so it shares nothing with the stored lookup hash (receipt_lookup_hash).
    A Curve25519 private key is any 32 bytes (libsodium clamps them)."""
    raw_salt = bytes(salt)[len(FROM_RECEIPT_SECRET) :]
    return hashlib.blake2b(raw_salt, key=secret, person=TIPSTER_KEY, digest_size=KEY_BYTES).digest()


def tipster_private_key(receipt: str, salt: bytes) -> bytes:
    """The tipster's private key of a tip stored before it came from the
    receipt's Argon2id output: Argon2id over the receipt and the tip's salt
    (a bare 16-byte salt is from before the parameters were stored)."""
    salt = bytes(salt)
    if len(salt) == SALT_BYTES:
        return derive_key(receipt, salt, LEGACY_TIME_COST, LEGACY_MEMORY_KIB)
    t, m, raw_salt = _split_params(salt)
    return derive_key(receipt, raw_salt, t, m)


# ---------------------------------------------------------------- server-held tokens
def server_box(purpose: bytes) -> nacl.secret.SecretBox:
    """A box under a server secret, for values handed to a browser and back
    (the status page's token): the browser can neither read nor change them."""
    if purpose not in TOKEN_PURPOSES:
        raise ValueError("a token box has a token purpose of its own, never a hash's")
    return nacl.secret.SecretBox(_server_secret(purpose))
