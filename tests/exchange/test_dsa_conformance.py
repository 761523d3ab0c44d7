"""DSA statements of reasons against the Transparency Database's own validation rules.

The rules are read from the shared interface facts
(``dsa-tdb-statement-spec.json``: the database's request rules, enums and batch
limit) and interpreted here, independently of netbrake's model: every
statement a real ``synth`` + ``scan`` produces must pass them field by field,
and every way of breaking one rule must be refused by
:class:`StatementOfReasons` with a message naming the field. A field or a rule
the spec gains that this file cannot interpret fails the suite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from netbrake.exchange import (
    BATCH_LIMIT,
    StatementOfReasons,
    batches,
    build_statements,
    export_dsa,
    read_results,
)

SPEC_NAME = "dsa-tdb-statement-spec.json"
Statement = dict[str, Any]


def _spec_path() -> Path:
    import os

    root = Path(__file__).resolve().parents[2]
    env = os.environ.get("NETBRAKE_SHARED")
    for folder in ([Path(env) / "specs", Path(env)] if env else []) + [
        root.parent / "shared" / "specs"
    ]:
        if (folder / SPEC_NAME).is_file():
            return folder / SPEC_NAME
    return root.parent / "shared" / "specs" / SPEC_NAME


SPEC_PATH = _spec_path()
SPEC: dict[str, Any] = (
    json.loads(SPEC_PATH.read_text(encoding="utf-8")) if SPEC_PATH.is_file() else {"rules": {}}
)
pytestmark = pytest.mark.skipif(not SPEC_PATH.is_file(), reason=f"no spec at {SPEC_PATH}")


# -- reading the rules --------------------------------------------------------

#: The database's closures (``Rule::requiredIf($this->...())``), as conditions on a statement.
CLOSURES: dict[str, Callable[[Statement], bool]] = {
    "checkForDecisionVisibilityOther": lambda s: (
        "DECISION_VISIBILITY_OTHER" in (s.get("decision_visibility") or [])
    ),
    "checkForContentTypeOther": lambda s: "CONTENT_TYPE_OTHER" in (s.get("content_type") or []),
    "checkForSourceVoluntary": lambda s: s.get("source_type") == "SOURCE_VOLUNTARY",
}


def _split(text: str) -> list[str]:
    """The items of a PHP rule array, split at top-level commas."""
    body = text.strip()
    assert body.startswith("["), body
    assert body.endswith("]"), body
    items, depth, quote, current = [], 0, "", ""
    for char in body[1:-1]:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += char
    if current.strip():
        items.append(current.strip())
    return items


def _enum(owner: str, name: str, keys: bool) -> list[str]:
    if owner == "Statement":
        values = SPEC["enums"][name]
        return list(values) if keys or isinstance(values, list) else list(values.values())
    if name == "EUROPEAN_COUNTRY_CODES":
        return list(SPEC["territorial_scope_codes"])
    if name == "ALL_LANGUAGES":
        return list(SPEC["content_language_codes"])
    raise AssertionError(f"unknown code list {owner}::{name}")


def rules_of(field: str) -> list[tuple[str, Any]]:
    """The rules of one field as (kind, argument) pairs; an unknown rule fails the test."""
    parsed: list[tuple[str, Any]] = []
    for item in _split(SPEC["rules"][field]):
        if item[0] in "'\"":
            token = item[1:-1]
            kind, _, arg = token.partition(":")
            if kind in ("required", "nullable", "array", "url", "string"):
                parsed.append((kind, None))
            elif kind == "max":
                parsed.append(("max", int(arg)))
            elif kind == "regex":
                pattern = arg.strip("/").removesuffix("/D")
                parsed.append(("regex", pattern))
            elif kind == "date_format":
                assert arg == "Y-m-d", arg
                parsed.append(("date", None))
            elif kind in ("after_or_equal", "before_or_equal"):
                parsed.append((kind, date.fromisoformat(arg)))
            elif kind in ("required_if", "exclude_unless"):
                other, value = arg.split(",")
                parsed.append((kind, (other, value)))
            elif kind == "required_without_all":
                parsed.append((kind, tuple(arg.split(","))))
            elif kind == "between":
                parsed.append((kind, tuple(int(x) for x in arg.split(","))))
            else:
                raise AssertionError(f"{field}: rule {token!r} is not understood by this test")
            continue
        found = re.fullmatch(r"\$this->in\((array_keys\()?(\w+)::(\w+)\)?(?:, true)?\)", item)
        if found:
            parsed.append(("in", _enum(found[2], found[3], bool(found[1]))))
            continue
        found = re.fullmatch(r"Rule::(requiredIf|excludeIf)\((!?)\s*\$this->(\w+)\(\)\)", item)
        if found:
            assert found[3] in CLOSURES, f"{field}: closure {found[3]} is not understood"
            condition = CLOSURES[found[3]]
            if found[1] == "excludeIf" and found[2] == "!":
                parsed.append(("exclude_unless_when", condition))
            elif found[1] == "excludeIf":
                parsed.append(("exclude_when", condition))
            else:
                parsed.append(("required_when", condition))
            continue
        raise AssertionError(f"{field}: rule {item!r} is not understood by this test")
    return parsed


TOP_FIELDS = sorted(f for f in SPEC["rules"] if "." not in f)
NESTED = {f: f.split(".", 1) for f in SPEC["rules"] if "." in f}


def _holds(statement: Statement, other: str, value: str) -> bool:
    current = statement.get(other)
    return value in current if isinstance(current, list) else current == value


def _applies(kind: str, arg: Any, statement: Statement) -> bool:
    """Whether a conditional rule's condition holds for ``statement``."""
    if kind in ("required_if", "exclude_unless"):
        return _holds(statement, *arg)
    if kind == "required_without_all":
        return not any(statement.get(o) for o in arg)
    return bool(arg(statement))


def violations(statement: Statement, field: str) -> list[str]:
    """What the database would say about ``field`` of ``statement`` (dropping counts: netbrake
    must never send a field the database silently discards)."""
    value = statement.get(field)
    rules = rules_of(field)
    kinds = {k for k, _ in rules}
    found: list[str] = []
    absent = value is None or value == "" or value == []
    for kind, arg in rules:
        if kind == "required" and absent:
            found.append("required")
        elif kind in ("required_if", "required_when", "required_without_all"):
            if _applies(kind, arg, statement) and absent:
                found.append(kind)
        elif kind in ("exclude_unless", "exclude_unless_when"):
            if not _applies(kind, arg, statement) and value is not None:
                found.append(f"{kind} (dropped)")
        elif kind == "exclude_when" and _applies(kind, arg, statement) and value is not None:
            found.append("exclude_when (dropped)")
    if value is None:
        return found
    items = value if isinstance(value, list) else [value]
    for kind, arg in rules:
        if kind == "array" and not isinstance(value, list | dict):
            found.append("array")
        elif kind == "string" and not isinstance(value, str):
            found.append("string")
        elif kind == "in" and not all(isinstance(v, str) and v in arg for v in items):
            found.append("in")
        elif kind == "max" and (not isinstance(value, str) or len(value) > arg):
            found.append("max")
        elif kind == "regex" and not (isinstance(value, str) and re.fullmatch(arg, value)):
            found.append("regex")
        elif kind == "url" and not re.fullmatch(r"[a-z][a-z0-9+.-]*://[^\s/]+\S*", str(value)):
            found.append("url")
        elif kind in ("date", "after_or_equal", "before_or_equal"):
            try:
                day = (
                    date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
                )
            except ValueError:
                day = None
            early = kind == "after_or_equal" and day is not None and day < arg
            late = kind == "before_or_equal" and day is not None and day > arg
            if (day is None and kind == "date") or early or late:
                found.append(kind)
    if "array" not in kinds and isinstance(value, list | dict):
        found.append("scalar expected")
    return found


def nested_violations(statement: Statement, dotted: str) -> list[str]:
    parent, key = NESTED[dotted]
    holder = statement.get(parent)
    if not isinstance(holder, dict) or key not in holder:
        return []
    return violations({dotted: holder[key]}, dotted)


def all_violations(statement: Statement) -> dict[str, list[str]]:
    found = {f: violations(statement, f) for f in TOP_FIELDS}
    found |= {f: nested_violations(statement, f) for f in NESTED}
    unknown = set(statement) - set(TOP_FIELDS)
    found |= {f: ["not a field of the API"] for f in unknown}
    return {f: v for f, v in found.items() if v}


# -- statements from a real scan ----------------------------------------------


@pytest.fixture(scope="module")
def statements(scanned_results: Path) -> list[Statement]:
    export = build_statements(read_results(scanned_results))
    assert export.statements, "the scan produced no restricting decision"
    return [json.loads(json.dumps(s.model_dump(exclude_none=True))) for s in export.statements]


def test_the_real_scan_covers_both_grounds_and_the_other_content_type(statements):
    grounds = {s["decision_ground"] for s in statements}
    assert grounds == set(SPEC["enums"]["DECISION_GROUNDS"])
    assert any("CONTENT_TYPE_OTHER" in s["content_type"] for s in statements)


@pytest.mark.parametrize("field", TOP_FIELDS + sorted(NESTED))
def test_every_spec_field_is_known_to_the_model(field):
    top = field.split(".", 1)[0]
    assert top in StatementOfReasons.model_fields, f"netbrake does not handle {field}"
    rules_of(field)  # every rule of the field is one this suite can check


@pytest.mark.parametrize("field", TOP_FIELDS + sorted(NESTED))
def test_built_statements_pass_the_databases_rules(statements, field):
    for statement in statements:
        found = (
            nested_violations(statement, field) if field in NESTED else violations(statement, field)
        )
        assert not found, (statement["puid"], field, statement.get(field), found)


def test_built_statements_carry_no_field_the_api_lacks(statements):
    for statement in statements:
        assert set(statement) <= set(TOP_FIELDS), set(statement) - set(TOP_FIELDS)


def test_model_enums_are_the_databases_enums():
    """Every code the model accepts is one the database accepts, and the reverse."""
    for field in TOP_FIELDS:
        codes = next((arg for kind, arg in rules_of(field) if kind == "in"), None)
        if codes is None:
            continue
        for code in codes:
            assert not _model_rejects_value(field, code), (field, code)
        assert _model_rejects_value(field, "NOT_A_CODE"), field


def _valid_base() -> Statement:
    return {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": "terms",
        "incompatible_content_explanation": "explained",
        "category": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "category_specification": ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"],
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_date": "2024-05-01",
        "application_date": "2024-05-02",
        "territorial_scope": ["DE"],
        "decision_facts": "facts",
        "source_type": "SOURCE_ARTICLE_16",
        "automated_detection": "Yes",
        "automated_decision": "AUTOMATED_DECISION_FULLY",
        "puid": "nb-1",
    }


def _model_rejects_value(field: str, code: str) -> bool:
    array = any(kind == "array" for kind, _ in rules_of(field))
    statement = conform(_valid_base() | {field: [code] if array else code})
    try:
        StatementOfReasons.model_validate(statement)
    except ValidationError:
        return True
    return False


# -- making a statement valid, then breaking one rule -------------------------


def conform(statement: Statement) -> Statement:
    """Fill what the conditional rules require and drop what they exclude (a valid neighbour)."""
    s = dict(statement)
    for _ in range(3):
        for field in TOP_FIELDS:
            for kind, arg in rules_of(field):
                if kind in ("required_if", "required_when") and _applies(kind, arg, s):
                    s.setdefault(field, "spelled out")
                elif kind in ("exclude_unless", "exclude_unless_when"):
                    if not _applies(kind, arg, s):
                        s.pop(field, None)
                elif kind == "exclude_when" and _applies(kind, arg, s):
                    s.pop(field, None)
    return s


def _make_applicable(statement: Statement, field: str) -> Statement:
    """Set the condition under which ``field`` counts, so a rule on it can be broken."""
    s = dict(statement)
    for kind, arg in rules_of(field):
        if kind in ("required_if", "exclude_unless"):
            other, value = arg
            if isinstance(s.get(other), list):
                s[other] = [*s[other], value] if value not in s[other] else s[other]
            else:
                s[other] = value
        elif kind in ("required_when", "exclude_unless_when"):
            if field == "decision_visibility_other":
                s["decision_visibility"] = ["DECISION_VISIBILITY_OTHER"]
            elif field == "content_type_other":
                s["content_type"] = ["CONTENT_TYPE_OTHER"]
            else:
                raise AssertionError(f"no way to make {field} applicable")
        elif kind == "exclude_when":
            s["source_type"] = "SOURCE_ARTICLE_16"
    s = conform(s)
    s.setdefault(field, _sample(field))
    return s


def _sample(field: str) -> Any:
    rules = dict(rules_of(field))
    if "in" in rules:
        return [rules["in"][0]] if "array" in rules else rules["in"][0]
    if "date" in rules:
        return "2024-05-01"
    if "url" in rules:
        return "https://platform.example/terms"
    if "regex" in rules:
        return "1234567890123"
    if "array" in rules:
        return {"EAN-13": "1234567890123"}
    return "spelled out"


def _one_day(day: date, after: bool) -> str:
    return (day + timedelta(days=1 if after else -1)).isoformat()


def breakers(field: str) -> list[tuple[str, Callable[[Statement], Statement]]]:
    """(rule, mutation) pairs: each mutation breaks exactly that rule of ``field``."""
    out: list[tuple[str, Callable[[Statement], Statement]]] = []
    for kind, arg in rules_of(field):
        if kind in ("required", "required_if", "required_when"):
            out.append((kind, lambda s, f=field: {k: v for k, v in s.items() if k != f}))
        elif kind == "required_without_all":
            out.append(
                (kind, lambda s, a=arg, f=field: {k: v for k, v in s.items() if k not in {f, *a}})
            )
        elif kind == "in":
            array = any(k == "array" for k, _ in rules_of(field))
            out.append((kind, lambda s, f=field, a=array: s | {f: ["NOT_A_CODE"] if a else "X"}))
        elif kind == "array":
            out.append((kind, lambda s, f=field: s | {f: "not a list"}))
        elif kind == "string":
            out.append((kind, lambda s, f=field: s | {f: 1234567890123}))
        elif kind == "max":
            out.append((f"max:{arg}", lambda s, f=field, n=arg: s | {f: "x" * (n + 1)}))
        elif kind == "regex":
            out.append((kind, lambda s, f=field: s | {f: "no spaces or ! allowed\n"}))
            # PHP's /D: a trailing newline does not match the end of the pattern
            out.append(("regex (trailing newline)", lambda s, f=field: s | {f: f"{s[f]}\n"}))
        elif kind == "url":
            out.append((kind, lambda s, f=field: s | {f: "not a url"}))
        elif kind == "date":
            out.append((kind, lambda s, f=field: s | {f: "01/05/2024"}))
            out.append(("date (no such day)", lambda s, f=field: s | {f: "2024-02-30"}))
        elif kind == "after_or_equal":
            out.append((kind, lambda s, f=field, d=arg: s | {f: _one_day(d, after=False)}))
        elif kind == "before_or_equal":
            out.append((kind, lambda s, f=field, d=arg: s | {f: _one_day(d, after=True)}))
        elif kind == "exclude_unless":
            other, value = arg
            out.append((kind, lambda s, f=field, o=other, v=value: _off(s, f, o, v)))
        elif kind == "exclude_unless_when":
            out.append((kind, lambda s, f=field: _off_closure(s, f)))
        elif kind == "exclude_when":
            out.append((kind, lambda s, f=field: s | {"source_type": "SOURCE_VOLUNTARY"}))
    return out


def _off(statement: Statement, field: str, other: str, value: str) -> Statement:
    """Keep ``field`` but make its condition false (the database would drop it)."""
    s = dict(statement)
    current = s.get(other)
    if isinstance(current, list):
        s[other] = [v for v in current if v != value] or None
    else:
        choices = [v for k, a in rules_of(other) if k == "in" for v in a if v != value]
        s[other] = choices[0]
    keep = s[field]
    s = conform({k: v for k, v in s.items() if v is not None})
    return s | {field: keep}


def _off_closure(statement: Statement, field: str) -> Statement:
    s = dict(statement)
    if field == "decision_visibility_other":
        s["decision_visibility"] = ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    else:
        s["content_type"] = ["CONTENT_TYPE_TEXT"]
    return s


CASES = [
    pytest.param(field, rule, mutate, id=f"{field}:{rule}")
    for field in TOP_FIELDS
    for rule, mutate in breakers(field)
] + [
    pytest.param(
        dotted, "regex", lambda s: s | {"content_id": {"EAN-13": "12345"}}, id=f"{dotted}:regex"
    )
    for dotted in NESTED
]


def _start(statements: list[Statement], field: str) -> Statement:
    """A real statement made applicable for ``field``, checked valid on both sides first."""
    base = next((s for s in statements if field in s and not all_violations(s)), statements[0])
    start = _make_applicable(base, field.split(".")[0])
    assert not all_violations(start), all_violations(start)
    StatementOfReasons.model_validate(start)
    return start


@pytest.mark.parametrize(("field", "rule", "mutate"), CASES)
def test_breaking_a_rule_is_refused_naming_the_field(statements, field, rule, mutate):
    broken = mutate(_start(statements, field))
    assert all_violations(broken), f"the mutation for {field}:{rule} breaks nothing"
    with pytest.raises(ValidationError) as caught:
        StatementOfReasons.model_validate(broken)
    assert field.split(".")[-1] in str(caught.value) or field in str(caught.value), str(
        caught.value
    )


def test_every_conditional_rule_has_a_negative_case():
    covered = {p.id for p in CASES}
    for field in TOP_FIELDS:
        for kind, _ in rules_of(field):
            if kind not in ("nullable",):
                assert any(i.startswith(f"{field}:{kind}") for i in covered), (field, kind)


# -- batches ------------------------------------------------------------------


def _batch_bounds() -> tuple[int, int]:
    found = re.search(r"between:(\d+),(\d+)", SPEC["endpoints"]["multi"])
    assert found, SPEC["endpoints"]["multi"]
    return int(found[1]), int(found[2])


def test_batch_limit_is_the_databases(statements):
    low, high = _batch_bounds()
    assert high == BATCH_LIMIT
    assert batches([]) == []  # an empty body would break between:1,...
    with pytest.raises(ValueError, match="batch size"):
        batches([StatementOfReasons.model_validate(statements[0])], size=high + 1)
    models = [StatementOfReasons.model_validate(s) for s in statements]
    for size in (1, 7, high):
        bodies = batches(models, size=size)
        assert all(low <= len(b["statements"]) <= min(size, high) for b in bodies)
        assert [s["puid"] for b in bodies for s in b["statements"]] == [m.puid for m in models]


def test_export_writes_request_bodies_within_the_limit(scanned_results, tmp_path):
    low, high = _batch_bounds()
    summary = export_dsa(read_results(scanned_results), tmp_path)
    files = sorted((tmp_path / "dsa").glob("statements-*.json"))
    assert len(files) == summary["batches"]
    total = 0
    for path in files:
        body = json.loads(path.read_text(encoding="utf-8"))
        assert set(body) == {"statements"}
        assert low <= len(body["statements"]) <= high
        for item in body["statements"]:
            assert not all_violations(item), all_violations(item)
        total += len(body["statements"])
    assert total == summary["statements"]


def test_more_than_one_batch_from_a_real_scan_splits_at_the_limit(statements):
    """Statements of a real scan, given fresh PUIDs to exceed the limit: split at 100."""
    _, high = _batch_bounds()
    many = [
        StatementOfReasons.model_validate(s | {"puid": f"{s['puid']}-{i}"})
        for i in range(high * 2 // len(statements) + 1)
        for s in statements
    ]
    bodies = batches(many)
    assert len(many) > high
    assert [len(b["statements"]) for b in bodies][:-1] == [high] * (len(bodies) - 1)
    assert 1 <= len(bodies[-1]["statements"]) <= high
