"""Scan records keep every dataclass promise with their faster constructor (scan._fast_init)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from netbrake.text.scan import (
    AgeClaim,
    HandleMention,
    Hit,
    Menu,
    PaymentMention,
    TextScan,
    UrlMention,
)

RECORDS = [AgeClaim, HandleMention, Hit, Menu, PaymentMention, TextScan, UrlMention]


def _values(cls: type[Any]) -> dict[str, Any]:
    """A value of the right shape for every field without a default."""
    samples: dict[str, Any] = {"int": 3, "str": "x", "bool": True, "tuple[int, int]": (1, 2)}
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.default is dataclasses.MISSING:
            out[f.name] = samples.get(str(f.type), ())  # annotations are strings here
    return out


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_fast_constructor_keeps_the_dataclass_contract(cls: type[Any]) -> None:
    values = _values(cls)
    record = cls(**values)
    assert cls(*values.values()) == record
    for f in dataclasses.fields(cls):
        expected = values.get(f.name, f.default)
        assert getattr(record, f.name) == expected
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, dataclasses.fields(cls)[0].name, None)
    assert pickle.loads(pickle.dumps(record)) == record
    assert hash(record) == hash(cls(**values))
    first = dataclasses.fields(cls)[0].name
    assert getattr(dataclasses.replace(record, **{first: values[first]}), first) == values[first]
    parameters = inspect.signature(cls.__init__).parameters
    assert list(parameters)[1:] == [f.name for f in dataclasses.fields(cls)]
    with pytest.raises(TypeError):
        cls()
