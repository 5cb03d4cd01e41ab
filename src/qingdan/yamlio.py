"""All YAML handling: the guarded fast reader, locating paths in a file, and round-trip editing.

This is the only module that imports ruamel.yaml.

Reading never uses the round-trip loader. libyaml (ruamel.yaml.clib) produces events and one pass
over them both rejects the hazards of format rule 1 (anchors, aliases, tags, directives, duplicate
and non-string keys, depth) and builds plain Python values, so a clean file is parsed once, fast.
Line numbers are recovered only for files that have findings, by a second pass in "marks" mode.

Validation reads most files faster still (load_for_check): a file whose text a cheap pre-screen proves
free of every construct the guard objects to is parsed by yaml-rs (the only module that imports it),
and the result is checked for what only the data shows (key types, depth, size). Anything else goes
through the guard, which stays the one judge of a file's hazards and of every line and column.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml_rs
from _ruamel_yaml import CParser  # libyaml, from ruamel.yaml.clib
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from qingdan import counters
from qingdan.fsutil import ReadRefused, read_regular

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
# keys, values and entries per file: a 340-item list has about 15,000; far more under the size cap is a
# memory and time bomb (250,000 `{a: 1}` entries fit in 2 MB)
MAX_NODES = 60_000

Path = tuple[str | int, ...]

_CONFLICT_RE = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)", re.M)
_CONFLICT_MARKS = ("<" * 7, "=" * 7, ">" * 7, "|" * 7)
# C0/C1 controls (tab, LF, CR handled separately), DEL, NEL, line/paragraph separators, BOM, surrogates.
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"

_resolver = VersionedResolver(version=(1, 2))
# A constructor bound to a YAML 1.2 loader, used only for non-string plain scalars.
_constructor = YAML(typ="safe", pure=True).constructor
_resolved: dict[str, str] = {}
# First characters for which YAML 1.2 has an implicit type; any other plain scalar is a string.
_TYPED_START = frozenset(k for k in _resolver.versioned_resolver if k)


class FileProblem(Exception):
    """A file cannot be read as a qingdan YAML document (format rule 1); line/column are 1-based."""

    def __init__(self, code: str, line: int | None, column: int | None, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.args_ = args


@dataclass
class Source:
    """The decoded text of a file plus what must be restored when writing it back."""

    text: str  # LF line endings, no BOM
    crlf: bool = False
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """LF text back to bytes with this file's line endings and byte order mark."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        raw = text.encode("utf-8")
        return b"\xef\xbb\xbf" + raw if self.bom else raw


@dataclass
class Marks:
    """Where each path of a document stands (1-based line, column) and the raw text of non-string scalars."""

    where: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)

    def find(self, path: Path) -> tuple[int, int] | None:
        """The position of path, or of its nearest ancestor that exists."""
        for cut in range(len(path), -1, -1):
            pos = self.where.get(path[:cut])
            if pos is not None:
                return pos
        return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes) -> Source:
    """Bytes to text, enforcing the encoding and line-ending policy (UTF-8, LF or CRLF)."""
    if len(raw) > MAX_BYTES:
        raise FileProblem("QD011", None, None, size=len(raw), limit=MAX_BYTES)
    bom = raw.startswith(b"\xef\xbb\xbf")
    if bom:
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(before, len(before))
        try:
            raw.decode("gb18030")
            guess = "GBK/GB18030"
        except UnicodeDecodeError:
            guess = ""
        raise FileProblem("QD002", line, col, guess=guess) from None
    crlf = False
    if "\r" in text:
        crlf_count = text.count("\r\n")
        if crlf_count != text.count("\r") or crlf_count != text.count("\n"):
            lone_cr = re.search("\r(?!\n)", text)
            lone_lf = re.search("(?<!\r)\n", text)
            # the first line ending that is neither consistent CRLF nor LF
            first = (
                lone_cr
                if lone_cr and (not crlf_count or not lone_lf or lone_cr.start() < lone_lf.start())
                else lone_lf
            )
            index = first.start() if first else text.find("\r")
            line, col = _line_col(text.replace("\r\n", " \n").replace("\r", "\n"), index)
            raise FileProblem("QD003", line, col)
        text = text.replace("\r\n", "\n")
        crlf = True
    return Source(text, crlf=crlf, bom=bom)


def prescan(text: str) -> None:
    """Text-level hazards the parser misreads or silently accepts (RELIABILITY §1)."""
    if not text.strip():
        raise FileProblem("QD008", 1, 1)
    # a marker's seven characters are found at memchr speed; the line-anchored pattern, tried at every
    # line of a file that has none, cost about a tenth of reading a 340-item list
    match = _CONFLICT_RE.search(text) if any(mark in text for mark in _CONFLICT_MARKS) else None
    if match:
        raise FileProblem("QD004", *_line_col(text, match.start()))
    tab = text.find("\t")
    if tab >= 0:
        raise FileProblem("QD005", *_line_col(text, tab))
    match = _BAD_CHAR_RE.search(text)
    if match:
        raise FileProblem("QD006", *_line_col(text, match.start()), char=f"U+{ord(match.group()):04X}")


def _resolve_plain(value: str) -> str:
    tag = _resolved.get(value)
    if tag is None:
        tag = str(_resolver.resolve(ScalarNode, value, (True, False)))
        if len(value) < 64 and len(_resolved) < 4096:
            _resolved[value] = tag
    return tag


def _construct(tag: str, value: str, line: int, col: int) -> Any:
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _MERGE:
        raise FileProblem("QD014", line, col)
    if tag == _INT and len(value) < 19 and value.isdigit() and value.isascii():
        return int(value)  # the common case, without the constructor's cost (a file may hold 60,000)
    build = SafeConstructor.yaml_constructors.get(tag)
    if build is None:
        return value
    try:
        result = build(_constructor, ScalarNode(tag, value))
        return result.isoformat() if isinstance(result, dt.date) else result
    except (ValueError, YAMLError, OverflowError):
        raise FileProblem("QD013", line, col, value=value[:40]) from None


def _mark(ev: Any) -> tuple[int, int]:
    return ev.start_mark.line + 1, ev.start_mark.column + 1


def parse(text: str, marks: Marks | None = None) -> Any:
    """Parse one guarded YAML document into its JSON view: dict/list/str/int/float/bool/None,
    with dates and datetimes as ISO strings (the form the schemas validate).

    With marks, also record where every key and sequence entry stands.
    """
    parser = CParser(text)
    get_event = parser.get_event
    resolved, typed_start = _resolved, _TYPED_START
    stack: list[Any] = []  # containers under construction
    keys: list[Any] = []  # per open mapping: the pending key (or _NO_KEY)
    paths: list[Path] = [()]
    root: Any = _NO_VALUE
    documents = 0
    nodes = 0
    try:
        while True:
            ev = get_event()
            cls = type(ev)
            if cls is ScalarEvent:
                nodes += 1
                if nodes > MAX_NODES:
                    raise FileProblem("QD030", *_mark(ev), limit=MAX_NODES)
                if ev.anchor is not None:
                    raise FileProblem("QD015", *_mark(ev))
                if ev.ctag is not None:
                    raise FileProblem("QD016", *_mark(ev), tag=ev.tag)
                value: Any = ev.value
                is_plain_other = False
                if ev.implicit[0]:
                    if not value:
                        value, is_plain_other = None, True
                    elif value[0] in typed_start:
                        tag = resolved.get(value) or _resolve_plain(value)
                        if tag != _STR:
                            value, is_plain_other = _construct(tag, value, *_mark(ev)), True
                elif ev.style == '"' and _BAD_CHAR_RE.search(value):
                    raise FileProblem("QD006", *_mark(ev), char="escape")
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                nodes += 1
                if nodes > MAX_NODES:
                    raise FileProblem("QD030", *_mark(ev), limit=MAX_NODES)
                if ev.anchor is not None:
                    raise FileProblem("QD015", *_mark(ev))
                if ev.ctag is not None:
                    raise FileProblem("QD016", *_mark(ev), tag=ev.tag)
                if len(stack) >= MAX_DEPTH:
                    raise FileProblem("QD012", *_mark(ev), limit=MAX_DEPTH)
                container: Any = {} if cls is MappingStartEvent else []
                if stack and type(stack[-1]) is dict and keys[-1] is _NO_KEY:
                    raise FileProblem("QD017", *_mark(ev))
                if marks is not None:
                    paths.append(_child_path(stack, keys, paths, marks, ev))
                stack.append(container)
                keys.append(_NO_KEY)
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = stack.pop()
                keys.pop()
                if marks is not None:
                    paths.pop()
                is_plain_other = False
                ev = None
            elif cls is AliasEvent:
                raise FileProblem("QD015", *_mark(ev))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise FileProblem("QD007", *_mark(ev))
                if ev.version is not None or ev.tags:
                    raise FileProblem("QD009", *_mark(ev))
                continue
            elif cls is StreamEndEvent:
                break
            else:
                continue
            # place the finished value (scalar or closed container)
            if not stack:
                root = value
                continue
            parent = stack[-1]
            if type(parent) is dict:
                pending = keys[-1]
                if pending is _NO_KEY:
                    if not isinstance(value, str) or is_plain_other:
                        raise FileProblem("QD017", *_mark(ev))
                    if value in parent:
                        raise FileProblem("QD010", *_mark(ev), key=value)
                    keys[-1] = value
                    if marks is not None:
                        marks.where[paths[-1] + (value,)] = _mark(ev)
                else:
                    parent[pending] = value
                    keys[-1] = _NO_KEY
                    if marks is not None and is_plain_other:
                        marks.raw[paths[-1] + (pending,)] = ev.value
            else:
                if marks is not None and ev is not None:
                    path = paths[-1] + (len(parent),)
                    marks.where[path] = _mark(ev)
                    if is_plain_other:
                        marks.raw[path] = ev.value
                parent.append(value)
    except MarkedYAMLError as exc:
        # at the end of the file the useful place is where the unfinished construct began
        at_end = "end of stream" in str(exc.problem or "")
        mark = (exc.context_mark or exc.problem_mark) if at_end else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise FileProblem("QD001", line, col, problem=str(exc.problem or exc).strip()) from None
    except YAMLError as exc:
        raise FileProblem("QD001", None, None, problem=str(exc).strip().splitlines()[0]) from None
    finally:
        parser.dispose()
    if root is _NO_VALUE or root is None:
        raise FileProblem("QD008", 1, 1)
    if not isinstance(root, dict):
        raise FileProblem("QD018", 1, 1, kind=type(root).__name__)
    return root


def _child_path(stack: list[Any], keys: list[Any], paths: list[Path], marks: Marks, ev: Any) -> Path:
    if not stack:
        marks.where[()] = _mark(ev)
        return ()
    parent = stack[-1]
    if type(parent) is dict:
        return paths[-1] + (keys[-1],)
    path = paths[-1] + (len(parent),)
    marks.where[path] = _mark(ev)
    return path


class _Sentinel:
    __slots__ = ()


_NO_KEY: Any = _Sentinel()
_NO_VALUE: Any = _Sentinel()


def read_file(root: Any, rel: str) -> bytes:
    """A file of the repository, read only if it is a regular file inside it and within the size cap."""
    try:
        return bytes(read_regular(root / rel, MAX_BYTES, root))
    except ReadRefused as refused:
        raise FileProblem(refused.code, None, None, **refused.args_) from None


def load_bytes(raw: bytes) -> tuple[Source, Any]:
    """Decode, pre-scan and parse; raises FileProblem for anything rule 1 forbids."""
    counters.parsed(raw)
    source = decode(raw)
    prescan(source.text)
    try:
        data = parse(source.text)
    except RecursionError:
        raise FileProblem("QD012", None, None, limit=MAX_DEPTH) from None
    return source, data


# What the fast reader must not see, because yaml-rs reads it otherwise than the guard or the guard
# refuses it. Any of these sends the file to the guard; none of them proves the guard would find none
# of its hazards, and yaml-rs reads the rest as the guard does (tests/test_fastread.py):
# - an anchor, alias or tag, an explicit key, `=` (the guard's value key): their indicator characters
#   anywhere, even quoted, except in a whole-line comment; a backslash (an escape) anywhere;
# - a merge key `<<`, a directive, a document marker, block nesting that could exhaust yaml-rs's stack
#   (it limits flow nesting to 256, block nesting not at all);
# - a datetime, a date that does not exist or is not YYYY-MM-DD, a date as a key;
# - a number with an underscore or a bare leading point before an exponent, and .inf/.nan in any case;
# - a flow collection that spans lines, holds a comment, or holds anything but plain words without
#   `:` and quoted scalars (where libyaml and yaml-rs differ on what is a key).
_SCREEN_CHARS = "&*!?="
# each starts with one literal character, which the regex engine finds at memchr speed
_SCREEN_RES = (
    re.compile(r"\n(?:%|---|\.\.\.|[ -]{200})"),
    re.compile(r"_(?:(?<=[0-9.+-]_)|(?=[0-9.+-]))"),
    re.compile(r"\.(?:[0-9]+[eE]|(?i:inf|nan))"),
)
_DATE_RE = re.compile(r"-(?<=[0-9]{4}-)[0-9][0-9]?-[0-9][0-9]?")
_AFTER_DATE_RE = re.compile(r"[ ]*:|[Tt]|[ ]+[0-9]|[ ]*[,}]")


def _flow_key_before(text: str, index: int) -> bool:
    """Whether what stands at index follows `{` or `,` (so that it may be a flow key without value)."""
    before = text[max(0, index - 64) : index].rstrip(" ")
    return not before or before.endswith(("{", ",", "\n"))


_QUOTED_RE = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
# the flow collections both parsers read alike: brackets, `, `, `: ` and plain words that start with
# no indicator and hold no `:` (a quoted scalar stands as Q); no empty entry, no trailing comma
_FLOW_RE = re.compile(r"(?:(?>[\[\]{}]|[ ]+|,|:(?= )|[^\s,:\[\]{}#&*!|>%@`?-][^,:\[\]{}#]*))*")
_FLOW_BAD_RE = re.compile(r",[ ]*[,\]}]|[\[{][ ]*,")


def _in_comment_line(text: str, index: int) -> bool:
    start = text.rfind("\n", 0, index) + 1
    return text[start:index].lstrip(" ").startswith("#")


def _flow_line_ok(line: str) -> bool:
    bare = _QUOTED_RE.sub("Q", line)
    if "#" in bare or '"' in bare or "'" in bare:
        return False
    if bare.count("[") != bare.count("]") or bare.count("{") != bare.count("}"):
        return False  # a flow collection over several lines (or a bracket in a plain scalar)
    cut = min(
        i for i in (bare.find("["), bare.find("{"), bare.find("]"), bare.find("}"), len(bare)) if i >= 0
    )
    flow = bare[cut:]
    return _FLOW_RE.fullmatch(flow) is not None and _FLOW_BAD_RE.search(flow) is None


def _fast_screen(text: str) -> bool:
    """True when none of the constructs above is in text, so the fast reader may read it. The text
    must end with a line break: at the end of a file without one, yaml-rs adds it to a block scalar.
    Costs a few scans at memchr speed plus work for each bracket and date, not a regex per character."""
    if not text.endswith("\n") or "\\" in text or "<<" in text:
        return False
    # each node stands by a `:` (a key, its value and perhaps their mapping), a `-` (an entry and
    # perhaps its sequence), a `,` or a bracket: a bound on the count, so that a file the guard refuses
    # for its size is not built in full first
    count = text.count
    bound = 3 * count(":") + 2 * count("-") + 2 * count(",") + 3 * (count("[") + count("{")) + 2
    if bound > MAX_NODES:
        return False
    if any(pattern.search("\n" + text[:256]) or pattern.search(text) for pattern in _SCREEN_RES):
        return False
    for char in _SCREEN_CHARS:
        index = text.find(char)
        while index >= 0:
            if not _in_comment_line(text, index):
                return False
            index = text.find(char, text.find("\n", index))
    seen: set[int] = set()
    for char in "[]{}":
        index = text.find(char)
        while index >= 0:
            start = text.rfind("\n", 0, index) + 1
            end = text.find("\n", index)
            if start not in seen:
                seen.add(start)
                if not _flow_line_ok(text[start:end]) and not _in_comment_line(text, index):
                    return False
            index = text.find(char, end)
    for found in _DATE_RE.finditer(text):
        date = text[found.start() - 4 : found.end()]
        if len(date) != 10:
            return False  # 2025-7-1: not ISO, whatever the guard makes of it
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return False  # the guard refuses a plain 2025-02-30
        after = _AFTER_DATE_RE.match(text, found.end())
        if after and (not after.group().endswith((",", "}")) or _flow_key_before(text, found.start() - 4)):
            return False  # a key or a datetime
    return True


_BIG = 10**18


def _fast_shape_ok(data: Any) -> bool:
    """Within the guard's limits, with string keys only, no blank string and no integer of 19 digits
    or more (what only the parsed data can show: yaml-rs reads an empty block scalar as "\\n" where
    the guard reads "", and the guard refuses an integer longer than Python converts)."""
    if type(data) is not dict:
        return False
    nodes = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        nodes += 1
        if type(node) is dict:
            nodes += len(node)
            try:
                "".join(node)  # every key a string (join refuses anything else, at C speed)
            except TypeError:
                return False
            values: Any = node.values()
        else:
            values = node
        for value in values:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is str and value.isspace():
                return False
            elif kind is int and not -_BIG < value < _BIG:
                return False  # the guard refuses an integer too long to convert
            else:
                nodes += 1
        if nodes > MAX_NODES:
            return False
    return True


_SHARED_UP_TO = 64  # characters: keys, categories, department and law names, articles; not names or contents


def compact(data: Any) -> Any:
    """The same data with every key and every short string shared (interned): a repository's thousands of
    items repeat the same keys and many of the same values, and a parser makes each of them anew, so a
    command that holds every list at once keeps about a third of the memory. Containers are rebuilt."""
    intern = sys.intern
    if type(data) is dict:
        return {
            intern(k) if type(k) is str else k: (
                intern(v) if type(v) is str and len(v) <= _SHARED_UP_TO else compact(v)
            )
            for k, v in data.items()
        }
    if type(data) is list:
        return [intern(v) if type(v) is str and len(v) <= _SHARED_UP_TO else compact(v) for v in data]
    return data


def fast_parse(text: str) -> Any | None:
    """The guard's view of an already pre-scanned text by the fast reader, or None when the text or
    its data is anything the guard must judge (then the caller parses with the guard)."""
    if not _fast_screen(text):
        return None
    try:
        data = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except Exception:  # a syntax error, a duplicate key, a flow collection too deep: the guard says which
        return None
    return data if _fast_shape_ok(data) else None


def load_for_check(raw: bytes) -> tuple[Source, Any, bool]:
    """load_bytes for validation: the same data or the same FileProblem, read by the fast reader when
    the text allows it; the flag says it did (a caller that finds problems re-reads with the guard)."""
    counters.parsed(raw)
    source = decode(raw)
    prescan(source.text)
    data = fast_parse(source.text)
    if data is not None:
        return source, data, True
    try:
        data = parse(source.text)
    except RecursionError:
        raise FileProblem("QD012", None, None, limit=MAX_DEPTH) from None
    return source, data, False


def locate(text: str) -> Marks:
    """Positions of every key and entry of an already-accepted document."""
    counters.parsed(text)
    marks = Marks()
    parse(text, marks)
    return marks


# ---- round trip: the only way qingdan writes YAML -------------------------------------------
#
# Settings measured to make a no-op load/dump byte-identical on canonical files (RELIABILITY §2).
# CRLF and a BOM are removed before loading and restored after dumping, because ruamel writes
# comments as \r\r\n when asked for CRLF.

DATE_KEYS = frozenset({"effective", "approved", "start", "end", "next", "last", "date", "version"})
FLOW_MAPS = frozenset({"review", "publicity", "unit"})
FLOW_SEQS = frozenset({"replaced_by", "merged_from", "previous_ids", "cooperating_departments", "aliases"})
QUOTED_KEYS = frozenset({"revision", "since", "baseline", "code"})


def _rt_yaml(explicit_start: bool = False) -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.explicit_start = explicit_start
    return y


@dataclass
class RoundTrip:
    """A document loaded for editing: ruamel's commented data plus what the bytes looked like."""

    data: Any
    source: Source
    original: bytes
    explicit_start: bool = False

    def dump(self) -> bytes:
        buffer = io.StringIO()
        _rt_yaml(self.explicit_start).dump(self.data, buffer)
        return self.source.encode(buffer.getvalue())

    def is_canonical(self) -> bool:
        """True when writing the unchanged document gives back exactly the original bytes."""
        return self.dump() == self.original


def rt_load(raw: bytes) -> RoundTrip:
    """Load for editing, after the same guards as reading (a hazardous file is never edited)."""
    source, _ = load_bytes(raw)
    counters.parsed(raw)  # and once more by ruamel, below
    explicit = source.text.lstrip().startswith("---")
    try:
        data = _rt_yaml(explicit).load(source.text)
    except Exception as exc:  # the guards passed, so this is a construct the rt loader cannot take
        # ruamel names the place only inside its message ("CommentToken(..., line: 6, col: 13)")
        place = re.search(r"line: (\d+), col: (\d+)", str(exc))
        line, column = (int(place.group(1)) + 1, int(place.group(2)) + 1) if place else (None, None)
        raise FileProblem("QD021", line, column, problem=f"{type(exc).__name__}: {exc}"[:200]) from None
    return RoundTrip(data=data, source=source, original=raw, explicit_start=explicit)


_COMMENT_RE = re.compile(r"(?:^|\s)(#.*)$")


def lost_comments(before: str, after: str) -> int | None:
    """The line of the first comment in before that after no longer has, or None when all survive."""
    remaining: dict[str, int] = {}
    for line in after.splitlines():
        match = _COMMENT_RE.search(line)
        if match:
            remaining[match.group(1).rstrip()] = remaining.get(match.group(1).rstrip(), 0) + 1
    for number, line in enumerate(before.splitlines(), 1):
        match = _COMMENT_RE.search(line)
        if match:
            text = match.group(1).rstrip()
            if not remaining.get(text):
                return number
            remaining[text] -= 1
    return None


def _needs_quotes(text: str) -> bool:
    """Would this string, written plain, read back as something else or break the line?"""
    if not text or text != text.strip() or "\n" in text:
        return True
    if text[0] in _TYPED_START and _resolve_plain(text) != _STR:
        return True
    if text[0] in "!&*[]{}|>'\"%@`#,?:-" or ": " in text or " #" in text or text.endswith(":"):
        return True
    return False


def make_node(value: Any, key: str | None = None) -> Any:
    """Plain Python values to ruamel nodes in the house style of the demo lists.

    Dates under date keys become real dates (written unquoted); revisions and codes are double-quoted;
    short records (review, publicity) and id lists are written in flow style.
    """
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = make_node(v, k)
        if key in FLOW_MAPS:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(make_node(v, None) for v in value)
        if key in FLOW_SEQS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if key in DATE_KEYS:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if key in QUOTED_KEYS or _needs_quotes(value):
            return DoubleQuotedScalarString(value)
        return value
    return value


def to_plain(node: Any) -> Any:
    """ruamel nodes back to the JSON view (for checking what an edit produced)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def _last_path(node: Any) -> list[tuple[Any, Any, int]]:
    """(container, key, comment slot) from node down to its deepest last block entry."""
    path: list[tuple[Any, Any, int]] = []
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = next(reversed(node))
            path.append((node, key, 2))
            child = node[key]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
            path.append((node, key, 0))
            child = node[key]
        else:
            return path
        if isinstance(child, CommentedMap | CommentedSeq) and not child.fa.flow_style() and len(child):
            node = child
            continue
        return path


def take_trailing(node: Any) -> Any:
    """Detach what follows the last line of node (blank lines, following comment lines).

    An end-of-line comment on that last line stays where it is: it annotates that line's fact, and
    whatever is appended after the line must not carry it away.
    """
    for container, key, slot in reversed(_last_path(node)):
        entry = container.ca.items.get(key)
        if entry and len(entry) > slot and entry[slot] is not None:
            token = entry[slot]
            text = token.value
            if text.startswith("\n"):
                entry[slot] = None
                return token
            cut = text.find("\n")
            if cut < 0 or cut == len(text) - 1:
                return None  # only the line's own comment
            token.value = text[: cut + 1]
            return CommentToken(text[cut:], CommentMark(0), None)
    return None


def put_trailing(node: Any, token: Any) -> None:
    """Attach a trailing comment token after the last line of node (after its own end-of-line comment)."""
    if token is None:
        return
    path = _last_path(node)
    if not path:
        return
    container, key, slot = path[-1]
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    existing = entry[slot]
    if existing is not None and not existing.value.startswith("\n") and token.value.startswith("\n"):
        kept = existing.value if existing.value.endswith("\n") else existing.value + "\n"
        existing.value = kept + token.value[1:]
        return
    entry[slot] = token


def blank_line_token() -> Any:
    return CommentToken("\n\n", CommentMark(0), None)


def set_key(mapping: Any, key: str, value: Any, order: tuple[str, ...] = ()) -> None:
    """Set mapping[key], inserting a new key at its place in `order` and keeping comments in place."""
    node = make_node(value, key)
    if key in mapping:
        old = mapping[key]
        if isinstance(old, CommentedMap | CommentedSeq) and not old.fa.flow_style():
            put_trailing(node, take_trailing(old))
        mapping[key] = node
        return
    rank = {k: i for i, k in enumerate(order)}
    position = len(mapping)
    if key in rank:
        for i, existing in enumerate(mapping):
            if rank.get(existing, -1) > rank[key]:
                position = i
                break
    if position == len(mapping):
        token = take_trailing(mapping)
        mapping[key] = node
        put_trailing(mapping, token)
    else:
        mapping.insert(position, key, node)


def delete_key(mapping: Any, key: str) -> None:
    """Remove a key; comment lines that followed it move up to what now precedes them."""
    if key not in mapping:
        return
    keys = list(mapping)
    index = keys.index(key)
    token = take_trailing(mapping) if index == len(keys) - 1 else None
    if token is None:
        entry = mapping.ca.items.pop(key, None)
        inner = take_trailing(mapping[key]) if isinstance(mapping[key], CommentedMap | CommentedSeq) else None
        token = inner or (entry[2] if entry and len(entry) > 2 else None)
        if token is not None:
            # drop the end-of-line comment of the removed line, keep what follows it
            text = token.value
            token = CommentToken(text[text.index("\n") :], CommentMark(0), None) if "\n" in text else None
    del mapping[key]
    if token is not None and index > 0:
        previous = keys[index - 1]
        value = mapping[previous]
        if isinstance(value, CommentedMap | CommentedSeq) and not value.fa.flow_style() and len(value):
            put_trailing(value, token)
        else:
            entry = mapping.ca.items.setdefault(previous, [None, None, None, None])
            if entry[2] is None:
                entry[2] = token
    elif token is not None and len(mapping):
        put_trailing(mapping, token)


def append_entry(seq: Any, value: Any, separate: bool = True) -> Any:
    """Append to a block sequence; with separate, a blank line goes between the last entry and the new one."""
    node = make_node(value)
    token = take_trailing(seq[-1]) if len(seq) else None
    if len(seq) and separate:
        put_trailing(seq[-1], blank_line_token())
    seq.append(node)
    if token is not None:
        text = token.value
        # whatever followed the old last entry (comments at the end of the file) now follows the new one
        rest = text.lstrip("\n")
        if rest:
            put_trailing(
                node,
                CommentToken("\n" + ("\n" if text.startswith("\n\n") else "") + rest, CommentMark(0), None),
            )
    return node


# ---- additions for `qingdan laws import` (lawimport.py): small, additive ------------------------


def make_flow_map(value: dict[str, Any]) -> Any:
    """A mapping written on one line, as registry versions are: {date: 2024-09-13, articles: 53}."""
    node = make_node(value)
    node.fa.set_flow_style()
    return node


def insert_entry(seq: Any, index: int, node: Any) -> None:
    """Insert a built node into a sequence; comments attached to later entries move with them."""
    seq.insert(index, node)
