"""qingdan conform: how each list that adopts a template follows it, item by item.

For every adopting list: the template items it leaves out (neither adopted by an item's `from` nor
recorded under `not_applicable`), the items adopted with changes (name, category, content and basis,
field by field, with the local adjustment's reason), the template items recorded as not applicable
with their reasons, and the local items (no `from`, 个性化事项); counts per list; and, for each template
item, how many lists adopt it, change it, drop it or leave it out (the province-wide table).

Returns data only; qingdan.render.conform writes it.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any

from qingdan.documents import read_document
from qingdan.errors import UsageError
from qingdan.model import ListDoc, adopted_from
from qingdan.processpool import cores
from qingdan.registry import Laws
from qingdan.rules.adoption import not_a_template, template_items
from qingdan.validate import Loaded, list_names, named_lists
from qingdan.workspace import Workspace

COMPARED = ("name", "category", "content", "basis")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _active(item: dict[str, Any]) -> bool:
    return item.get("status") != "retired"


@dataclass
class FieldDiff:
    """One compared field that differs: the template's value and the list's (basis as citation texts)."""

    field: str
    template: Any
    local: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "template": self.template, "local": self.local}


@dataclass
class Adopted:
    id: str
    source: str
    name: str
    status: str
    changes: list[FieldDiff] = field(default_factory=list)
    reason: str = ""  # the local adjustment's reason, when the list records one

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.source,
            "name": self.name,
            "status": self.status,
            "changes": [c.as_dict() for c in self.changes],
            "adjustment": self.reason or None,
        }


@dataclass
class TemplateRef:
    """A template item as a list's report names it: missing or not applicable (with the reason)."""

    source: str
    name: str
    category: str
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"item": self.source, "name": self.name, "category": self.category}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class LocalItem:
    id: str
    name: str
    category: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "category": self.category}


@dataclass
class ListConformance:
    list_id: str
    file: str
    template: str
    adopted: list[Adopted] = field(default_factory=list)
    missing: list[TemplateRef] = field(default_factory=list)
    not_applicable: list[TemplateRef] = field(default_factory=list)
    local: list[LocalItem] = field(default_factory=list)

    @property
    def changed(self) -> list[Adopted]:
        return [a for a in self.adopted if a.changes]

    def counts(self) -> dict[str, int]:
        return {
            "adopted": len(self.adopted),
            "unchanged": len(self.adopted) - len(self.changed),
            "changed": len(self.changed),
            "not_applicable": len(self.not_applicable),
            "missing": len(self.missing),
            "local": len(self.local),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "file": self.file,
            "template": self.template,
            "counts": self.counts(),
            "missing": [m.as_dict() for m in self.missing],
            "changed": [a.as_dict() for a in self.changed],
            "not_applicable": [n.as_dict() for n in self.not_applicable],
            "local": [item.as_dict() for item in self.local],
            "unchanged": [a.id for a in self.adopted if not a.changes],
        }


@dataclass
class TemplateRow:
    """One template item across the lists adopting its template."""

    template: str
    source: str
    name: str
    status: str
    adopted: int = 0
    changed: int = 0
    not_applicable: int = 0
    missing: int = 0
    fields: dict[str, int] = field(default_factory=dict)  # compared field -> lists that changed it

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "item": self.source,
            "name": self.name,
            "status": self.status,
            "adopted": self.adopted,
            "changed": self.changed,
            "not_applicable": self.not_applicable,
            "missing": self.missing,
            "fields": self.fields,
        }


@dataclass
class ConformReport:
    lists: list[ListConformance] = field(default_factory=list)
    table: list[TemplateRow] = field(default_factory=list)
    processes: int = 1  # how many processes read and compared the lists (not part of the report)

    def exit_code(self) -> int:
        """1 when a list leaves a template item out (QD939), else 0."""
        return 1 if any(c.missing for c in self.lists) else 0

    def totals(self) -> dict[str, int]:
        keys = ("adopted", "unchanged", "changed", "not_applicable", "missing", "local")
        return {k: sum(c.counts()[k] for c in self.lists) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        return {
            "templates": sorted({c.template for c in self.lists}),
            "totals": self.totals(),
            "lists": [c.as_dict() for c in self.lists],
            "table": [row.as_dict() for row in self.table],
        }


def citation_text(entry: Any, laws: Laws | None) -> str:
    """A basis entry as one comparable text: 《registry title》article (version)."""
    if not isinstance(entry, dict):
        return str(entry)
    name = _text(entry.get("instrument"))
    found = laws.lookup(name) if laws is not None and name else None
    title = found.title if found is not None else name
    out = f"《{title}》{_text(entry.get('article'))}"
    version = entry.get("version")
    return f"{out}（{version}）" if isinstance(version, str) and version else out


def _basis(item: dict[str, Any], laws: Laws | None) -> list[str]:
    value = item.get("basis")
    return sorted(citation_text(e, laws) for e in value) if isinstance(value, list) else []


def field_diffs(template_item: dict[str, Any], item: dict[str, Any], laws: Laws | None) -> list[FieldDiff]:
    """The compared fields (name, category, content, basis) in which item differs from template_item."""
    out: list[FieldDiff] = []
    for key in COMPARED:
        if template_item.get(key) == item.get(key):
            continue  # the same as written (most adopted fields): nothing to normalize
        if key == "basis":
            before, after = _basis(template_item, laws), _basis(item, laws)
            if before != after:
                out.append(FieldDiff(key, before, after))
        elif " ".join(_text(template_item.get(key)).split()) != " ".join(_text(item.get(key)).split()):
            out.append(FieldDiff(key, template_item.get(key), item.get(key)))
    return out


def _as_written(item: dict[str, Any]) -> tuple[Any, ...]:
    return (item.get("name"), item.get("category"), item.get("content"), item.get("basis"))


@dataclass
class PreparedTemplate:
    """A template read once for all the lists adopting it: its items by id, and each item's compared
    fields as written, so that an item adopted as the template writes it is one tuple comparison."""

    doc: ListDoc
    sources: dict[str, tuple[int, dict[str, Any]]]
    written: dict[str, tuple[Any, ...]]

    @classmethod
    def of(cls, doc: ListDoc) -> PreparedTemplate:
        sources = template_items(doc)
        return cls(doc, sources, {source: _as_written(item) for source, (_, item) in sources.items()})


def conform_list(
    doc: ListDoc, template: ListDoc, laws: Laws | None = None, prepared: PreparedTemplate | None = None
) -> ListConformance:
    """One adopting list against its template (prepared: the template read once for many lists)."""
    if prepared is None or prepared.doc is not template:
        prepared = PreparedTemplate.of(template)
    sources, written = prepared.sources, prepared.written
    result = ListConformance(doc.id, doc.file, template.id)
    adopted_ids: set[str] = set()
    for _, item in doc.items():  # read once: a list of a province may hold hundreds of items
        source = adopted_from(item)
        entry = sources.get(source) if source else None
        if source is None or entry is None:
            if _active(item) and source is None:
                result.local.append(
                    LocalItem(_text(item.get("id")), _text(item.get("name")), _text(item.get("category")))
                )
            continue  # a `from` that names no template item is QD932's to report
        adopted_ids.add(source)
        adjustment = item.get("adjustment")
        # most items are adopted as the template writes them: one comparison, not four
        same = _as_written(item) == written[source]
        result.adopted.append(
            Adopted(
                id=_text(item.get("id")),
                source=source,
                name=_text(item.get("name")),
                status="active" if _active(item) else "retired",
                changes=[] if same else field_diffs(entry[1], item, laws),
                reason=_text(adjustment.get("reason")) if isinstance(adjustment, dict) else "",
            )
        )
    recorded: set[str] = set()
    for _, record in doc.not_applicable():
        source = _text(record.get("item"))
        found = sources.get(source)
        if found is None or source in recorded:
            continue
        recorded.add(source)
        result.not_applicable.append(
            TemplateRef(
                source,
                _text(found[1].get("name")),
                _text(found[1].get("category")),
                _text(record.get("reason")),
            )
        )
    for source, (_, item) in sources.items():
        if _active(item) and source not in adopted_ids and source not in recorded:
            result.missing.append(TemplateRef(source, _text(item.get("name")), _text(item.get("category"))))
    return result


def _table(templates: dict[str, ListDoc], results: list[ListConformance]) -> list[TemplateRow]:
    rows: list[TemplateRow] = []
    for template_id, template in templates.items():
        by_source: dict[str, TemplateRow] = {}
        for source, (_, item) in template_items(template).items():
            row = TemplateRow(
                template_id, source, _text(item.get("name")), "active" if _active(item) else "retired"
            )
            by_source[source] = row
        for result in (r for r in results if r.template == template_id):
            for source in {a.source for a in result.adopted}:
                by_source[source].adopted += 1
            changed: dict[str, set[str]] = {}
            for adopted in result.adopted:
                for change in adopted.changes:
                    changed.setdefault(adopted.source, set()).add(change.field)
            for source, fields in changed.items():
                row = by_source[source]
                row.changed += 1
                for name in fields:
                    row.fields[name] = row.fields.get(name, 0) + 1
            for ref in result.not_applicable:
                by_source[ref.source].not_applicable += 1
            for ref in result.missing:
                by_source[ref.source].missing += 1
        for row in by_source.values():
            row.fields = {k: row.fields[k] for k in COMPARED if k in row.fields}
            if row.status == "active" or row.adopted or row.not_applicable:
                rows.append(row)
    return rows


# ---- reading and comparing the lists, in this process or spread over several ---------------------------
#
# The lists are split into parts, each read and compared by one process: this one, and on a machine with
# more cores, one more process per core. A part reads its files (the fast reader, as validate does), says
# what each list is (id, template, whether it can serve as a template), and after this process has paired
# each chosen list with its template, compares its lists and hands the results back as plain data
# (marshal: far cheaper than pickle for this much). A part that cannot be started, or that fails, is read
# and compared here instead: the report is the same either way.

# a floor, on the safe side: a worker costs some tens of milliseconds to start and to hand its results
# back, what reading a few lists costs; below this many lists each, the gain is not worth a process
MIN_LISTS_PER_PROCESS = 64


def processes_for(lists: int, jobs: int | None = None) -> int:
    """How many processes read and compare `lists` list files: jobs when given (at most one per list),
    else one per core, each with at least MIN_LISTS_PER_PROCESS lists."""
    if jobs is not None:
        return max(1, min(jobs, lists))
    return max(1, min(cores(), lists // MIN_LISTS_PER_PROCESS))


@dataclass(frozen=True)
class ListHead:
    """What choosing the lists and pairing them with their templates needs of a list file."""

    file: str
    id: str
    template: str | None
    serves_as_template: bool  # not a unit's own list (rules.adoption.not_a_template)

    @classmethod
    def of(cls, doc: ListDoc) -> ListHead:
        return cls(doc.file, doc.id, doc.template, not_a_template(doc) is None)


Encoded = tuple[Any, ...]


def encode(result: ListConformance) -> Encoded:
    """A list's result as plain tuples (for marshal)."""
    return (
        result.list_id,
        result.file,
        result.template,
        [
            (a.id, a.source, a.name, a.status, a.reason, [(c.field, c.template, c.local) for c in a.changes])
            for a in result.adopted
        ],
        [(r.source, r.name, r.category, r.reason) for r in result.missing],
        [(r.source, r.name, r.category, r.reason) for r in result.not_applicable],
        [(i.id, i.name, i.category) for i in result.local],
    )


def decode(data: Encoded) -> ListConformance:
    list_id, file, template, adopted, missing, not_applicable, local = data
    return ListConformance(
        list_id,
        file,
        template,
        [
            Adopted(item_id, source, name, status, [FieldDiff(*c) for c in changes], reason)
            for item_id, source, name, status, reason, changes in adopted
        ],
        [TemplateRef(*r) for r in missing],
        [TemplateRef(*r) for r in not_applicable],
        [LocalItem(*i) for i in local],
    )


class LocalPart:
    """Some of the lists, read and compared in this process."""

    def __init__(self, root: Path, names: list[str], laws: Laws | None, docs: list[ListDoc] | None = None):
        self.root, self.names, self.laws = root, names, laws
        self._docs: dict[str, ListDoc] | None = None if docs is None else {d.file: d for d in docs}

    def _read(self) -> dict[str, ListDoc]:
        if self._docs is None:
            self._docs = {}
            for rel in self.names:
                data, text, _ = read_document(self.root, rel, "list", schema_check=False)
                if data is not None:  # a file that does not parse is validate's to report
                    self._docs[rel] = ListDoc(rel, text, data)
        return self._docs

    def heads(self) -> list[ListHead]:
        return [ListHead.of(doc) for doc in self._read().values()]

    def data(self, rel: str) -> dict[str, Any]:
        return self._read()[rel].data

    def compare(self, pairs: list[tuple[str, str]], templates: dict[str, ListDoc]) -> list[ListConformance]:
        docs = self._read()
        prepared = {t: PreparedTemplate.of(doc) for t, doc in templates.items()}
        return [conform_list(docs[rel], prepared[t].doc, self.laws, prepared[t]) for rel, t in pairs]


@contextmanager
def no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: reading a province's lists makes millions of objects, none
    of them in a cycle, and the collector would traverse them again and again (about half the time of
    reading and comparing 1,000 lists). Reference counting still frees everything."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Lost(Exception):
    """A worker process could not be started, failed or went away."""


def serve(
    conn: Connection,
    root: str,
    names: list[str],
    laws_data: dict[str, Any] | None,
    inherited: list[Connection] | None = None,
) -> None:
    """A worker process: read its lists, say what they are, then answer requests until told to stop.
    inherited: the parent's ends of the workers' pipes that a forked worker holds copies of, closed at
    once so that each worker sees its pipe end when the parent goes away."""
    for other in inherited or ():
        other.close()
    gc.disable()  # a worker lives for one command: see no_collection
    try:
        laws = Laws.from_data(laws_data) if laws_data is not None else None
        part = LocalPart(Path(root), names, laws)
        heads = [(h.file, h.id, h.template, h.serves_as_template) for h in part.heads()]
        conn.send_bytes(marshal.dumps(("ok", heads)))
        while True:
            request = marshal.loads(conn.recv_bytes())
            if request[0] == "data":
                reply: Any = part.data(request[1])
            elif request[0] == "compare":
                templates = {t: ListDoc(file, "", data) for t, (file, data) in request[2].items()}
                reply = [encode(r) for r in part.compare([tuple(p) for p in request[1]], templates)]
            else:
                return
            conn.send_bytes(marshal.dumps(("ok", reply)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the parent went away or stopped us: nothing to say
    except Exception as exc:  # anything else: the parent does this part itself
        try:
            conn.send_bytes(marshal.dumps(("failed", f"{type(exc).__name__}: {exc}"[:200])))
        except (OSError, ValueError):
            pass
    finally:
        conn.close()


class RemotePart:
    """Some of the lists, read and compared in a worker process; any failure raises _Lost."""

    def __init__(
        self,
        context: ForkContext | SpawnContext,
        root: Path,
        names: list[str],
        laws_data: dict[str, Any] | None,
        parents: list[Connection] | None = None,
    ):
        """parents: this process's ends of the pipes of the workers started before (a forked worker
        inherits them; it closes them, and its own)."""
        self.names = names
        self._conn, child = context.Pipe()
        forked = isinstance(context, ForkContext)
        inherited = [*(parents or []), self._conn] if forked else None
        try:
            self._process = context.Process(
                target=serve, args=(child, str(root), names, laws_data, inherited), daemon=True
            )
            self._process.start()
            self.pid = self._process.pid
        except Exception as exc:  # no fork, no processes left, a sandbox that forbids them
            self._conn.close()
            raise _Lost(str(exc)) from None
        finally:
            child.close()
        self._heads: list[ListHead] | None = None

    @property
    def connection(self) -> Connection:
        return self._conn

    def _reply(self) -> Any:
        try:
            status, payload = marshal.loads(self._conn.recv_bytes())
        except (EOFError, OSError, ValueError, TypeError) as exc:
            raise _Lost(str(exc)) from None
        if status != "ok":
            raise _Lost(str(payload))
        return payload

    def _ask(self, *request: Any) -> Any:
        try:
            self._conn.send_bytes(marshal.dumps(request))
        except (OSError, ValueError) as exc:
            raise _Lost(str(exc)) from None
        return self._reply()

    def heads(self) -> list[ListHead]:
        if self._heads is None:
            self._heads = [ListHead(*h) for h in self._reply()]
        return self._heads

    def data(self, rel: str) -> dict[str, Any]:
        found: dict[str, Any] = self._ask("data", rel)
        return found

    def send_compare(self, pairs: list[tuple[str, str]], templates: dict[str, ListDoc]) -> None:
        request = ("compare", pairs, {t: (doc.file, doc.data) for t, doc in templates.items()})
        try:
            self._conn.send_bytes(marshal.dumps(request))
        except (OSError, ValueError) as exc:
            raise _Lost(str(exc)) from None

    def compared(self) -> list[ListConformance]:
        return [decode(r) for r in self._reply()]

    def close(self) -> None:
        try:
            self._conn.send_bytes(marshal.dumps(("stop",)))
        except (OSError, ValueError):
            pass
        self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():  # it should have stopped when told: end our own worker
            self._process.terminate()
            self._process.join(timeout=5)


def _context() -> ForkContext | SpawnContext:
    # fork starts a worker in milliseconds with qingdan already imported; elsewhere, a fresh interpreter
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _flush_output() -> None:
    """A forked worker flushes the output buffers it inherits as it ends: what this process has
    written but not flushed yet would be written twice."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


def _split(names: list[str], parts: int) -> list[list[str]]:
    size, extra = divmod(len(names), parts)
    out, at = [], 0
    for index in range(parts):
        step = size + (1 if index < extra else 0)
        out.append(names[at : at + step])
        at += step
    return out


class Parts:
    """The lists split over this process and its workers; a worker that is lost is done here."""

    def __init__(
        self, root: Path, names: list[str], loaded: Loaded, processes: int, docs: list[ListDoc] | None = None
    ) -> None:
        self.root, self.laws, self.laws_data = root, loaded.laws, loaded.laws_data
        chunks = _split(names, processes)
        self.local = LocalPart(root, chunks[0], self.laws, docs)
        self.remote: list[RemotePart | LocalPart] = []
        if len(chunks) > 1:
            _flush_output()
        for chunk in chunks[1:]:
            started = [p.connection for p in self.remote if isinstance(p, RemotePart)]
            try:
                self.remote.append(RemotePart(_context(), root, chunk, self.laws_data, started))
            except _Lost:
                self.remote.append(LocalPart(root, chunk, self.laws))

    def _fallback(self, index: int) -> LocalPart:
        part = self.remote[index]
        if isinstance(part, RemotePart):
            part.close()
            part = self.remote[index] = LocalPart(self.root, part.names, self.laws)
        return part

    def heads(self) -> list[ListHead]:
        out = self.local.heads()  # while the workers read theirs
        for index, part in enumerate(self.remote):
            try:
                out += part.heads()
            except _Lost:
                out += self._fallback(index).heads()
        return out

    def owner(self, rel: str) -> int:
        """-1 for this process's part, else the index of the worker's."""
        if rel in self.local.names:
            return -1
        return next(i for i, part in enumerate(self.remote) if rel in part.names)

    def data(self, rel: str) -> dict[str, Any]:
        index = self.owner(rel)
        if index < 0:
            return self.local.data(rel)
        try:
            return self.remote[index].data(rel)
        except _Lost:
            return self._fallback(index).data(rel)

    def compare(self, pairs: list[tuple[str, str]], templates: dict[str, ListDoc]) -> list[ListConformance]:
        """Each (list file, template id) compared by the part that read it, in the order of pairs."""
        where: dict[str, int] = {}
        for rel, _ in pairs:
            where[rel] = self.owner(rel)
        asked: list[list[tuple[str, str]]] = [
            [p for p in pairs if where[p[0]] == i] for i in range(len(self.remote))
        ]
        for index, part in enumerate(self.remote):
            if isinstance(part, RemotePart) and asked[index]:
                try:
                    part.send_compare(asked[index], templates)
                except _Lost:
                    self._fallback(index)
        results = {r.file: r for r in self.local.compare([p for p in pairs if where[p[0]] < 0], templates)}
        for index, part in enumerate(self.remote):
            if not asked[index]:
                continue
            try:
                got = (
                    part.compared() if isinstance(part, RemotePart) else part.compare(asked[index], templates)
                )
            except _Lost:
                got = self._fallback(index).compare(asked[index], templates)
            results.update((r.file, r) for r in got)
        return [results[rel] for rel, _ in pairs]

    def running(self) -> int:
        """The worker processes that read and compared their lists (none lost on the way)."""
        return sum(isinstance(part, RemotePart) for part in self.remote)

    def close(self) -> None:
        for part in self.remote:
            if isinstance(part, RemotePart):
                part.close()


def conform(
    start: Path,
    lists: list[str] | None = None,
    template: str | None = None,
    *,
    jobs: int | None = None,
    workspace: Workspace | None = None,
) -> ConformReport:
    """`qingdan conform [LIST…] [--template T]`: every list naming a template (or the named ones, or those
    adopting T) against its template.

    The lists are read and compared over the machine's cores when there are enough of them to pay for
    the processes (jobs: how many processes, 1 for this one alone); the report is the same either way.
    A workspace that has read the lists already gives them, and they are not read again."""
    ws = workspace if workspace is not None else Workspace.open(start)
    try:
        with no_collection():
            return _conform(ws, lists, template, jobs)
    finally:
        if workspace is None:
            ws.close()


def _conform(ws: Workspace, lists: list[str] | None, template: str | None, jobs: int | None) -> ConformReport:
    read = ws.read_lists()
    loaded = read if read is not None else ws.registries()
    if read is not None:  # read already: compared here, not read again
        parts = Parts(ws.root, [d.file for d in read.docs], loaded, 1, read.docs)
    else:
        names = list_names(loaded)
        parts = Parts(ws.root, names, loaded, processes_for(len(names), jobs))
    try:
        return compare_parts(parts, lists, template)
    finally:
        parts.close()


def compare_parts(parts: Parts, lists: list[str] | None, template: str | None) -> ConformReport:
    """The report of the lists parts read: each chosen list paired with its template and compared."""
    heads = parts.heads()
    by_id: dict[str, ListHead] = {}
    for head in heads:
        if head.id:
            by_id.setdefault(head.id, head)
    if template is not None and template not in by_id:
        raise UsageError(f"找不到模板清单：{template}", f"no template list {template}")
    chosen = named_lists(heads, lists) if lists else [h for h in heads if h.template]
    if template is not None:
        chosen = [h for h in chosen if h.template == template]
    pairs: list[tuple[str, str]] = []
    templates: dict[str, ListDoc] = {}
    for head in chosen:
        name = head.template
        source = by_id.get(name) if name else None
        if name is None or source is None or source.file == head.file or not source.serves_as_template:
            if lists:  # a list named on the command line that has no usable template: say so
                raise UsageError(
                    f"清单 {head.id} 没有可采用的模板（list.template：{name or '未填写'}；qingdan validate 查看详情）",
                    f"list {head.id} has no template to adopt (list.template: {name or 'none'}; see qingdan validate)",
                )
            continue
        if source.id not in templates:
            templates[source.id] = ListDoc(source.file, "", parts.data(source.file))
        pairs.append((head.file, source.id))
    if not pairs:
        which = f"模板 {template}" if template else "模板"
        raise UsageError(
            f"没有清单采用{which}（list.template）",
            f"no list adopts {('the template ' + template) if template else 'a template'}",
        )
    report = ConformReport(lists=parts.compare(pairs, templates))
    report.processes = 1 + parts.running()
    report.table = _table(templates, report.lists)
    return report
