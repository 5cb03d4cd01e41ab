"""JSON Schema validation: the only module that imports jsonschema and fastjsonschema.

A clean file is checked by fastjsonschema, which compiles the schema into Python and is an order of
magnitude faster. Only when that rejects the document does jsonschema (the reference implementation)
run, to report every violation with its path. tests/test_schema.py holds the two to the same verdicts.
jsonschema is imported only then: a run over clean files (an import, an edit) does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_NAMES = ("list", "laws", "departments", "config", "assessment")
Violation = tuple[tuple[str | int, ...], str, dict[str, Any]]

_TYPE_ZH = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值（true/false）",
    "array": "列表",
    "object": "映射",
    "null": "空值",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped with the package (schemas/<name>.schema.json)."""
    text = resources.files("qingdan").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# keywords whose value maps names to schemas (the names are kept as they are), keywords whose value is
# data rather than a schema, and keywords that only annotate
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_DATA = frozenset({"enum", "const", "default", "required", "dependentRequired"})
_ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "markdownDescription"})


def _verdict_only(schema: Any) -> Any:
    """The same schema for a yes/no check: annotations dropped, `const: x` written `enum: [x]` (the
    fast validator's terse mode cannot word a const violation). Each rejection still reaches
    jsonschema, which explains it from the full schema."""
    if isinstance(schema, list):
        return [_verdict_only(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key == "const":
            out["enum"] = [value]
        elif key in _DATA:
            out[key] = value
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _verdict_only(sub) for name, sub in value.items()}
        else:
            out[key] = _verdict_only(value)
    return out


# fastjsonschema's generated code names each nested value for its error message before it calls the
# validator of a $defs entry: `(name_prefix or "data") + ".items[{x}]".format(**locals())`, once per item
# and citation, on the clean path too. Only the verdict is used here (jsonschema explains a failure), so
# the call passes the prefix on unformatted; the raise statements, which format only on failure, stay.
_EAGER_NAME = re.compile(r'\(name_prefix or "data"\) \+ "[^"\n]*"\.format\(\*\*locals\(\)\)\)')
_ROOT_FUNCTION = re.compile(r"^def (\w+)\(", re.M)


def compile_verdict(
    schema: dict[str, Any], formats: dict[str, Callable[[Any], bool]]
) -> Callable[[Any], Any]:
    """The schema compiled once into a Python function that raises JsonSchemaException on invalid data.

    Without detailed exceptions each raise statement no longer carries a repr of its subschema: the
    generated code is 40% of the size and compiles in a fifth of the time (a tenth of a second less
    for every command that validates a list); the message of a rejection is jsonschema's anyway."""
    generated = fastjsonschema.compile_to_code(schema, formats=formats, detailed_exceptions=False)
    code = _EAGER_NAME.sub("name_prefix)", generated)
    root = _ROOT_FUNCTION.search(code)
    if root is None:  # a layout this does not know: the library's own compiled function
        compiled = fastjsonschema.compile(schema, formats=formats, detailed_exceptions=False)
        return cast(Callable[[Any], Any], compiled)
    namespace: dict[str, Any] = {}
    exec(compile(code, f"<schema {schema.get('$id', '')}>", "exec"), namespace)
    validate = namespace[root.group(1)]
    return lambda data: validate(data, custom_formats=formats)


class SchemaChecker:
    """Validates plain JSON data against one schema; reports violations as (path, code, args)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.schema = load_schema(name)
        # the fast check only says yes or no, so it is compiled without what only explains a verdict:
        # generating and compiling the list schema's validator was a fifth of a second per run
        self._fast = compile_verdict(_verdict_only(self.schema), {"date": _is_date})
        self._reference: Draft202012Validator | None = None

    @property
    def _full(self) -> Draft202012Validator:
        """The reference validator, built (and jsonschema imported) the first time a file needs it."""
        if self._reference is None:
            from jsonschema import Draft202012Validator

            self._reference = Draft202012Validator(
                self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        return self._reference

    def is_valid(self, data: Any) -> bool:
        try:
            self._fast(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def reference_is_valid(self, data: Any) -> bool:
        return bool(self._full.is_valid(data))

    def violations(self, data: Any, limit: int | None = None) -> list[Violation]:
        """The schema's objections; with limit, only the first that many errors are explained."""
        if self.is_valid(data):
            return []
        out: list[Violation] = []
        errors: Iterator[ValidationError] = self._full.iter_errors(data)
        if limit is not None:
            errors = itertools.islice(errors, limit)
        for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
            out.extend(self._explain(error))
        return out

    def error_count(self, data: Any) -> int:
        """How many errors the full validator finds (counted, not explained)."""
        return sum(1 for _ in self._full.iter_errors(data))

    def _explain(self, error: ValidationError) -> Iterator[Violation]:
        path = tuple(error.absolute_path)
        schema = cast(dict[str, Any], error.schema)
        expected_value: Any = error.validator_value
        key = str(path[-1]) if path else ""
        kind = error.validator
        if kind in ("anyOf", "oneOf") and error.context:
            # report the branch that got furthest; for `repealed: date|null` that is the date branch
            best = max(error.context, key=lambda e: len(e.absolute_path))
            yield from self._explain(best)
            return
        if kind == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            title = _title_of(schema, missing)
            yield path, "QD101", {"key": missing, "title": title}
        elif kind == "additionalProperties":
            allowed = list(schema.get("properties", {}))
            extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
            for name in extra:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                yield (
                    path + (name,),
                    "QD102",
                    {
                        "key": name,
                        "hint_zh": f"，是否应为「{close[0]}」？" if close else "",
                        "hint_en": f"; did you mean '{close[0]}'?" if close else "",
                    },
                )
        elif kind == "type":
            expected = expected_value
            expected_list = expected if isinstance(expected, list) else [expected]
            actual = _json_type(error.instance)
            yield (
                path,
                "QD103",
                {
                    "key": key,
                    "expected_zh": "或".join(_TYPE_ZH.get(str(t), str(t)) for t in expected_list),
                    "expected_en": " or ".join(str(t) for t in expected_list),
                    "actual_zh": _TYPE_ZH.get(actual, actual),
                    "actual_en": actual,
                    "value": error.instance,
                },
            )
        elif kind in ("enum", "const"):
            allowed = expected_value if kind == "enum" else [expected_value]
            yield (
                path,
                "QD104",
                {
                    "key": key,
                    "value": json.dumps(error.instance, ensure_ascii=False),
                    "allowed": ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed),
                },
            )
        elif kind in ("pattern", "format"):
            expected = schema.get("description", str(expected_value))
            yield (
                path,
                "QD105",
                {
                    "key": key,
                    "value": json.dumps(error.instance, ensure_ascii=False),
                    "expected": expected if kind == "pattern" else f"{expected_value} (YYYY-MM-DD)",
                },
            )
        else:
            yield path, "QD106", {"key": key, **_constraint(str(kind), expected_value, error.message)}


_CONSTRAINTS = {
    "minimum": ("不得小于 {v}", "must be at least {v}"),
    "maximum": ("不得大于 {v}", "must be at most {v}"),
    "minLength": ("不得为空", "must not be empty"),
    "maxLength": ("不得超过 {v} 个字符", "must be at most {v} characters long"),
    "minItems": ("至少 {v} 项", "needs at least {v} entries"),
    "maxItems": ("至多 {v} 项", "takes at most {v} entries"),
    "uniqueItems": ("不得有重复项", "must not repeat an entry"),
}


def _constraint(kind: str, value: Any, message: str) -> dict[str, str]:
    zh, en = _CONSTRAINTS.get(str(kind), ("{m}", "{m}"))
    return {"detail_zh": zh.format(v=value, m=message), "detail_en": en.format(v=value, m=message)}


def _title_of(schema: dict[str, Any], key: str) -> str:
    prop = schema.get("properties", {}).get(key, {})
    title = prop.get("title", "") if isinstance(prop, dict) else ""
    return str(title)


@cache
def checker(name: str) -> SchemaChecker:
    return SchemaChecker(name)
