"""The rows of a backup, written as Django's serializers write them, at the speed of a read.

Django's serializers build a model instance per row and, with natural foreign keys, fetch the
related object of every such key again for every row: for the control card (one user per
entry) that is one query per entry, hours for a million files. A backup must read every row
of every table, so this module writes the same JSON from `values_list` tuples instead:

- each field's value exactly as `django.core.serializers.python` gives it (primitives as they
  are, everything else through the field's own `value_to_string`);
- a foreign key to a model with a natural key as that natural key, looked up once per
  related row for the whole backup (a handful of users and content types);
- models with many-to-many fields (users, groups: a few rows) through Django's serializer
  itself, their relations prefetched.

tests/test_backup_rows.py holds both writers to the same output for every model.
"""

import datetime
from collections.abc import Iterator

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.encoding import is_protected_type

CHUNK = 2000
# Values Django's serializer passes through unchanged (None, numbers, booleans), and those
# the JSON encoder writes as isoformat() (datetimes, dates, times: ExactEncoder, below).
PLAIN = frozenset({type(None), int, float, bool})
ISO = frozenset({datetime.datetime, datetime.date, datetime.time})
# A field whose value_to_string is Field's own gives str(value): a str stays as it is.
BASE_TO_STRING = models.Field.value_to_string


class ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


_ENCODER = ExactEncoder(ensure_ascii=False)


def encode(row: dict) -> str:
    # encode() takes the C encoder; json.dump (to a stream) never does.
    return _ENCODER.encode(row)


class _Holder:
    """Stands in for a model instance: `value_from_object` reads one attribute."""


def _by_serializer(queryset, file_fields: list[str]) -> Iterator[tuple[dict, list[str]]]:
    serializer = serializers.get_serializer("python")()
    m2m = [f.name for f in queryset.model._meta.local_many_to_many if f.serialize]
    for row in serializer.serialize(
        queryset.prefetch_related(*m2m).iterator(chunk_size=CHUNK),
        use_natural_foreign_keys=True,
    ):
        yield row, [row["fields"][name] for name in file_fields if row["fields"][name]]


class _NaturalKeys:
    """pk -> natural key of the related rows a foreign key names, fetched once each."""

    def __init__(self, model, using: str):
        self.model, self.using, self.known = model, using, {}

    def __getitem__(self, pk):
        if pk not in self.known:
            self.known[pk] = self.model._base_manager.using(self.using).get(pk=pk).natural_key()
        return self.known[pk]


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_model._meta.local_fields if f.serialize]


def _fast(model) -> bool:
    """Plain tables: no many-to-many field, no inherited or composite primary key."""
    meta = model._meta
    pk = meta.pk
    return (
        not any(f.serialize for f in meta.local_many_to_many)
        and not (pk.remote_field and pk.remote_field.parent_link)
        and not isinstance(pk, models.CompositePrimaryKey)
    )


def rows_of(model, using: str) -> Iterator[tuple[dict, list[str]]]:
    """(serialized row, names of the stored files it refers to) for every row of `model`,
    in primary-key order."""
    queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
    file_fields = [f.name for f in _fields(model) if isinstance(f, models.FileField)]
    if not _fast(model):
        yield from _by_serializer(queryset, file_fields)
        return
    label = str(model._meta)
    pk_field = model._meta.pk
    # One converter per column, chosen once: natural keys, or the types written as they are.
    plan = []
    for field in _fields(model):
        natural = None
        if field.remote_field is not None and hasattr(field.remote_field.model, "natural_key"):
            natural = _NaturalKeys(field.remote_field.model, using)
        plain = PLAIN | ({str} if type(field).value_to_string is BASE_TO_STRING else set())
        plan.append((field.name, field.attname, natural, plain, field))
    holder = _Holder()
    columns = [pk_field.attname, *(attname for _, attname, _, _, _ in plan)]
    for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
        pk, *rest = values
        body = {}
        for (name, attname, natural, plain, field), value in zip(plan, rest, strict=True):
            kind = type(value)
            if natural is not None:
                body[name] = None if value is None else natural[value]
            elif kind in plain:
                body[name] = value
            elif kind in ISO:
                body[name] = value.isoformat()  # as ExactEncoder writes them
            elif is_protected_type(value):
                body[name] = value
            else:
                holder.__dict__[attname] = value
                body[name] = field.value_to_string(holder)
        if not is_protected_type(pk):
            holder.__dict__[pk_field.attname] = pk
            pk = pk_field.value_to_string(holder)
        yield (
            {"model": label, "pk": pk, "fields": body},
            [body[name] for name in file_fields if body[name]],
        )
