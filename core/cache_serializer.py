"""What the shared caches store: data, never code.

Django's file cache and django-redis pickle what they store, and unpickling
runs whatever the pickle names. Every web worker reads these caches, and so
does the task worker, and each can write them: a process that could write
one crafted entry (a task worker made to run code, a Redis reachable by
another service) would run code in every web worker that read it, where the
police type their passphrases. So entries are JSON, with a tag for the few
kinds JSON lacks, and reading an entry builds data only:

- bytes (page bodies), tuples, dicts whose keys are not all strings, sets;
- ``SafeString`` (rendered fragments stay marked safe);
- date, time, datetime, timedelta, Decimal, UUID;
- model instances (the campaigns of the banner snapshot, core/caching.py):
  the model is looked up among the installed apps by its label and built
  from its field values as a query would build it (``Model.from_db``),
  with the instances it was read with (``select_related``) and any plain
  attribute set on it. No other class is ever instantiated.

A value of any other type cannot be stored (TypeError at ``set``), so a new
kind of entry is noticed in the tests, not in production. An entry that is
not in this format (a pickle placed in the folder or the key) reads as a
miss.
"""

import datetime
import decimal
import json
import uuid

from django.apps import apps
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

TAG = "__t"
_PLAIN = (str, int, float, bool, type(None))


class NotData(ValueError):
    """The stored bytes are not an entry of this format."""


def _tagged(kind, value):
    return {TAG: kind, "v": value}


def _encode(value):  # noqa: C901, PLR0911, PLR0912 - one branch per kind, in one place
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, SafeString):
        return _tagged("safe", str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, Promise):  # a lazy translation, in the language active when it is stored
        return str(value)
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, tuple):
        return _tagged("tuple", [_encode(item) for item in value])
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value) and TAG not in value:
            return {key: _encode(item) for key, item in value.items()}
        return _tagged("dict", [[_encode(key), _encode(item)] for key, item in value.items()])
    if isinstance(value, (bytes, bytearray, memoryview)):
        # latin-1 maps each byte to one character: HTML bodies stay compressible.
        return _tagged("bytes", bytes(value).decode("latin-1"))
    if isinstance(value, (set, frozenset)):
        return _tagged("set", [_encode(item) for item in value])
    if isinstance(value, datetime.datetime):
        return _tagged("datetime", value.isoformat())
    if isinstance(value, datetime.date):
        return _tagged("date", value.isoformat())
    if isinstance(value, datetime.time):
        return _tagged("time", value.isoformat())
    if isinstance(value, datetime.timedelta):
        return _tagged("timedelta", [value.days, value.seconds, value.microseconds])
    if isinstance(value, decimal.Decimal):
        return _tagged("decimal", str(value))
    if isinstance(value, uuid.UUID):
        return _tagged("uuid", str(value))
    if isinstance(value, Model):
        return _tagged("model", _encode_model(value))
    raise TypeError(f"a {type(value).__name__} cannot be stored in the cache (core/cache_serializer.py)")


def _encode_model(instance: Model) -> dict:
    fields = {f.attname: _encode_field(f, instance.__dict__[f.attname])
              for f in instance._meta.concrete_fields if f.attname in instance.__dict__}
    names = {f.attname for f in instance._meta.concrete_fields}
    # Plain values set on it (a URL worked out once); cached properties that
    # hold objects (Wagtail's ``specific``, querysets) are left to be computed again.
    extra = {name: _encode(value) for name, value in instance.__dict__.items()
             if not name.startswith("_") and name not in names and isinstance(value, _PLAIN)}
    related = {name: _encode(value) for name, value in instance._state.fields_cache.items()}
    return {"model": instance._meta.label_lower, "db": instance._state.db, "fields": fields, "extra": extra,
            "related": related}


def _encode_field(field, value):
    try:
        return _encode(value)
    except TypeError:
        # A value only its field understands (a StreamField's blocks) is kept
        # as the field writes it to the database; the field reads it back.
        return _encode(field.get_prep_value(value))


def _decode(value):  # noqa: C901, PLR0911, PLR0912
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if TAG not in value:
        return {key: _decode(item) for key, item in value.items()}
    kind, raw = value[TAG], value.get("v")
    if kind == "safe":
        return mark_safe(raw)  # noqa: S308 - it was a SafeString when stored
    if kind == "tuple":
        return tuple(_decode(item) for item in raw)
    if kind == "dict":
        return {_decode(key): _decode(item) for key, item in raw}
    if kind == "bytes":
        return raw.encode("latin-1")
    if kind == "set":
        return {_decode(item) for item in raw}
    if kind == "datetime":
        return datetime.datetime.fromisoformat(raw)
    if kind == "date":
        return datetime.date.fromisoformat(raw)
    if kind == "time":
        return datetime.time.fromisoformat(raw)
    if kind == "timedelta":
        return datetime.timedelta(*raw)
    if kind == "decimal":
        return decimal.Decimal(raw)
    if kind == "uuid":
        return uuid.UUID(raw)
    if kind == "model":
        return _decode_model(raw)
    raise NotData(f"unknown tag {kind!r}")


def _decode_model(raw: dict) -> Model:
    try:
        model = apps.get_model(raw["model"])
    except (LookupError, ValueError) as error:
        raise NotData(str(error)) from error
    fields = {name: _decode(value) for name, value in raw["fields"].items()}
    names = [f.attname for f in model._meta.concrete_fields if f.attname in fields]
    instance = model.from_db(raw.get("db") or "default", names, [fields[name] for name in names])
    for name, value in raw.get("extra", {}).items():
        instance.__dict__[name] = _decode(value)
    for name, value in raw.get("related", {}).items():
        instance._state.fields_cache[name] = _decode(value)
    return instance


def dumps(value) -> bytes:
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":")).encode()


def loads(data: bytes):
    try:
        return _decode(json.loads(data))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise NotData(str(error)) from error


class RedisSerializer:
    """django-redis's OPTIONS["SERIALIZER"]: the same format in Redis. An
    entry of another format (a pickle) reads as None, like a miss."""

    def __init__(self, options=None):
        pass

    def dumps(self, value) -> bytes:
        return dumps(value)

    def loads(self, value: bytes):
        try:
            return loads(value)
        except NotData:
            return None
