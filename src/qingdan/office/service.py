"""`qingdan import` and `qingdan export`: the library functions the command line calls."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan import yamlio, yamlwrite
from qingdan.config import find_root
from qingdan.edit import EditRefused, EditResult, next_id, reread_problem, transact, unified_diff
from qingdan.errors import EnvironmentProblem, QingdanError, UsageError
from qingdan.fsutil import ReadRefused, read_regular, repository_lock, safe_write
from qingdan.gitrepo import GitRepo
from qingdan.model import ITEM_KEYS, LIST_KEYS, Finding, ListDoc
from qingdan.office import exporter, word, xlsx
from qingdan.office import layouts as layout_files
from qingdan.office.annex import read_tables
from qingdan.office.importer import ImportResult, Note, Reader, guess_unit, score, today
from qingdan.office.layouts import Layout
from qingdan.report import names_a_file
from qingdan.rules import Context, ids
from qingdan.validate import Loaded, apply_severities, load_repository, locate, read_document

FORMATS = ("xlsx", "docx", "csv", "html", "pdf")
_LIST_ID = re.compile(r"^[A-Z][A-Z0-9-]*$")
# keys an annex can say something about; a merge updates only these
ANNEX_KEYS = (
    "name", "category", "group", "domain", "content", "power_type", "power_code", "certificate", "basis",
    "basis_text", "no_basis", "lead_department", "cooperating_departments", "department_duty",
    "township_duty", "working_mode", "original_subject", "note", "sub_items",
)  # fmt: skip


@dataclass
class ImportOutcome:
    report: ImportResult
    file: str
    created: bool
    written: bool
    diff: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)


def choose_layout(name: str, root: Path, sheets: list[Any]) -> tuple[Layout, str, str]:
    if name != "auto":
        layout = layout_files.load(name, root)
        return layout, f"按指定版式 {layout.name}", f"layout {layout.name} as given"
    # on a tie the general layouts win over the special ones (devolved sets devolved: true)
    preference = {"township": 0, "village": 1}
    scored = sorted(
        ((score(layout, sheets), layout) for layout in layout_files.builtin()),
        key=lambda p: (-p[0], preference.get(p[1].name, 9)),
    )
    best, layout = scored[0]
    if best < 1:
        raise UsageError(
            "无法识别附件版式：没有找到含「事项名称」等表头的行；请用 --layout 指定版式或版式文件",
            "cannot tell the layout: no header row with 事项名称 and other known headers; give --layout",
        )
    others = "，".join(f"{lay.name} {n}" for n, lay in scored[1:])
    return (
        layout,
        f"自动识别为 {layout.name}（表头匹配 {best} 列；{others}）",
        f"detected {layout.name} ({best} header columns matched; {others})",
    )


def read_annex(path: Path, list_id: str, layout_name: str, loaded: Loaded) -> ImportResult:
    sheets = read_tables(path)
    layout, why_zh, why_en = choose_layout(layout_name, loaded.config.root, sheets)
    result = ImportResult(path.name, layout.name, why_zh, why_en)
    result.header["kind"] = layout.kind
    reader = Reader(layout, list_id, loaded.config.domains, loaded.laws, loaded.departments)
    reader.read(sheets, result)
    return result


def _annex_stays_inside(root: Path, path: Path) -> None:
    """An annex committed in the repository (examples/附件.xlsx) may be a stranger's symlink to a file
    of the user's outside it: such a file is not read. An annex named outside the repository is the
    user's own choice."""
    real_root = root.resolve()
    named = Path(os.path.abspath(path))
    if (named.is_relative_to(real_root) or named.is_relative_to(root.absolute())) and not (
        path.resolve().is_relative_to(real_root)
    ):
        raise QingdanError(
            f"{path} 是指向仓库之外的符号链接，未读取",
            f"{path} is a symlink that leads out of the repository; not read",
        )


def _safe_target(root: Path, rel: str) -> Path:
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()) or not rel.endswith(".yaml"):
        raise UsageError(
            f"清单文件必须在仓库内且以 .yaml 结尾：{rel}",
            f"the list file must be a .yaml inside the repository: {rel}",
        )
    return target


def _new_list_bytes(
    root: Path, target: Path, list_id: str, result: ImportResult, header: dict[str, str]
) -> bytes:
    title = header.get("title") or result.header.get("title") or list_id
    unit_name, unit_type = guess_unit(title)
    revision = header.get("revision") or result.header.get("revision") or f"{today().year}.1"
    data: dict[str, Any] = {
        "qingdan": 1,
        "list": {
            "id": list_id,
            "title": title,
            "kind": result.header.get("kind", "township"),
            "unit": {"name": unit_name, "type": unit_type},
            "issuer": header.get("issuer") or result.header.get("issuer") or "（待补）",
            "revision": revision,
            "effective": header.get("effective") or result.header.get("effective") or today().isoformat(),
        },
        "items": [],
    }
    if "issuer" not in header and "issuer" not in result.header:
        result.guesses.append(
            Note("清单信息", "发布机关未注明，写作「（待补）」", "issuer not given; written as （待补）")
        )
    if "title" not in header and "title" not in result.header:
        result.guesses.append(
            Note("清单信息", f"标题未找到，写作 {title}", f"no title found; written as {title}")
        )
    data["list"] = {k: data["list"][k] for k in LIST_KEYS if k in data["list"]}
    number = 0
    taken = {i.get("id") for i in result.items}
    for item in result.items:
        if "id" not in item:
            number += 1
            while f"{list_id}-{number:04d}" in taken:
                number += 1
            item["id"] = f"{list_id}-{number:04d}"
        item.update(status="active", since=revision)
        order = [k for k in ITEM_KEYS if k in item] + [k for k in item if k not in ITEM_KEYS]
        data["items"].append({k: item[k] for k in order})
    depth = len(target.relative_to(root.resolve()).parts) - 1
    schema = "../" * depth + "schemas/list.schema.json"
    raw = f"# yaml-language-server: $schema={schema}\n".encode() + _list_text(data)
    problem = reread_problem(raw, data)
    if problem is not None:
        raise EnvironmentProblem("导入未写入：" + problem.zh, "nothing written: " + problem.en)
    return raw


def _list_text(data: dict[str, Any]) -> bytes:
    """The new file's YAML: written directly when yamlwrite knows every value, else by the round trip
    (the same bytes either way; the caller reads them back before anything is written)."""
    text = yamlwrite.new_list_text(data)
    if text is not None:
        return text.encode("utf-8")
    node = yamlio.make_node({k: v for k, v in data.items() if k != "items"})
    node["items"] = yamlio.make_node([])
    for item in data["items"]:
        yamlio.append_entry(node["items"], item)
    return yamlio.RoundTrip(node, yamlio.decode(b""), b"").dump()


def import_annex(
    start: Path,
    path: Path,
    list_id: str,
    layout_name: str = "auto",
    *,
    file: str | None = None,
    header: dict[str, str] | None = None,
    draft: bool = False,
    dry_run: bool = False,
) -> ImportOutcome:
    """Import an annex: into a new list file when list_id names no list, else merged into that list
    through the edit transaction (matched items updated, new ones appended with the next ids)."""
    root = find_root(start)
    # the other lists are only looked up by id here: a merge validates in its own transaction, and a
    # new file is validated by itself and against every list's ids
    loaded = load_repository(root, check_lists=False)
    existing = next((d for d in loaded.docs if d.id == list_id), None)
    if existing is None and not _LIST_ID.match(list_id):
        raise UsageError(
            f"清单编号无效：{list_id}（大写字母开头，如 CX-QSZ）", f"invalid list id: {list_id} (like CX-QSZ)"
        )
    _annex_stays_inside(root, path)
    result = read_annex(path, list_id, layout_name, loaded)
    if existing is None:
        rel = file or f"lists/{list_id}.yaml"
        target = _safe_target(root, rel)
        if target.exists():
            raise UsageError(f"{rel} 已存在，但不是清单 {list_id}", f"{rel} exists and is not list {list_id}")
        raw = _new_list_bytes(root, target, list_id, result, header or {})
        data, text, findings = read_document(root, rel, "list", raw=raw)
        if data is not None:
            findings += _id_findings(loaded, ListDoc(rel, text, data))
        errors = [f for f in findings if f.severity == "error"]
        if errors and not draft:
            raise EditRefused(
                "导入未写入：生成的清单无法通过校验（可加 --draft 保存草稿）",
                "nothing written: the imported list would not validate (use --draft to keep a draft)",
                errors,
            )
        diff = unified_diff([], raw.decode("utf-8").splitlines(keepends=True), "/dev/null", f"b/{rel}")
        written = False
        if not dry_run:
            with repository_lock(root):
                if target.exists():
                    raise UsageError(f"{rel} 已存在", f"{rel} exists")
                # creates folders inside the repository only; never follows a symlink out of it
                safe_write(root, Path(rel), raw, expected=None)
                written = True
        ids = [str(i["id"]) for i in result.items]
        return ImportOutcome(result, rel, True, written, diff, added=ids, warnings=errors)
    return _merge(start, existing, result, draft=draft, dry_run=dry_run)


def _id_findings(loaded: Loaded, new: ListDoc) -> list[Finding]:
    """Rule 2 for a new list file: its ids against those of every list of the repository."""
    mine = {str(item.get("id")) for _, item in new.items()}
    context = Context(config=loaded.config, docs=[*loaded.docs, new])
    found = [
        f
        for f in ids.check(context)
        if f.file == new.file or (f.rule == "QD203" and str(f.args.get("id")) in mine)
    ]
    locate(found, {new.file: new.text})
    return apply_severities(found, loaded.config)


def _merge(start: Path, doc: ListDoc, result: ImportResult, *, draft: bool, dry_run: bool) -> ImportOutcome:
    outcome = ImportOutcome(result, doc.file, False, False, "")

    def locate(loaded: Loaded) -> ListDoc:
        found = next((d for d in loaded.docs if d.id == doc.id), None)
        if found is None:
            raise UsageError(f"找不到清单 {doc.id}", f"no list {doc.id}")
        state["next"] = next_id(loaded, found)
        loaded_registries[:] = [loaded.laws, loaded.departments]
        return found

    state: dict[str, str] = {}
    loaded_registries: list[Any] = []

    def change(data: Any, current: ListDoc) -> tuple[str, str, str | None, set[str]]:
        by_id = {str(i.get("id")): i for i in data["items"]}
        by_name = {str(i.get("name")): i for i in data["items"] if i.get("status") != "retired"}
        revision = current.header.get("revision")
        prefix, number = state["next"].rsplit("-", 1)
        width, counter = len(number), int(number)
        touched: set[str] = set()
        for item, guessed in zip(result.items, result.guessed, strict=True):
            target = by_id.get(str(item.get("id"))) or by_name.get(str(item.get("name")))
            if target is None:
                new_id = f"{prefix}-{counter:0{width}d}"
                counter += 1
                fields = {
                    **{k: v for k, v in item.items() if k != "id"},
                    "id": new_id,
                    "status": "active",
                    "since": revision,
                }
                order = [k for k in ITEM_KEYS if k in fields]
                yamlio.append_entry(data["items"], {k: fields[k] for k in order})
                outcome.added.append(new_id)
                touched.add(new_id)
                continue
            item_id = str(target.get("id"))
            before = yamlio.to_plain(target)
            for key in ANNEX_KEYS:
                if key in guessed or key not in item:
                    continue  # what qingdan guessed never overwrites what the list says
                if key == "basis":
                    item[key] = _keep_pins(yamlio.to_plain(target.get(key)), item[key], loaded_registries)
                if not _same(key, yamlio.to_plain(target.get(key)), item[key], loaded_registries):
                    yamlio.set_key(target, key, item[key], ITEM_KEYS)
            for key in ("no_basis", "basis_text"):
                if key in target and key not in item and item.get("basis"):
                    yamlio.delete_key(target, key)
            if yamlio.to_plain(target) != before:
                outcome.updated.append(item_id)
                touched.add(item_id)
            else:
                outcome.unchanged.append(item_id)
        zh = f"已导入 {current.id}：新增 {len(outcome.added)} 项，更新 {len(outcome.updated)} 项，未变 {len(outcome.unchanged)} 项"
        en = f"imported into {current.id}: {len(outcome.added)} added, {len(outcome.updated)} updated, {len(outcome.unchanged)} unchanged"
        return zh, en, None, touched

    edited: EditResult = transact(start, locate, change, dry_run=dry_run, draft=draft)
    outcome.written = edited.written
    outcome.diff = edited.diff()
    outcome.warnings = edited.warnings
    return outcome


def _keep_pins(old: Any, new: Any, registries: list[Any]) -> Any:
    """An annex names a law and an article, never the version a citation is pinned to: a citation the
    list already has keeps its `version` (and the rest of what the annex cannot say)."""
    if not isinstance(old, list) or not isinstance(new, list):
        return new
    laws = registries[0] if registries else None

    def key(c: Any) -> tuple[str, str] | None:
        if not isinstance(c, dict) or not isinstance(c.get("instrument"), str):
            return None
        inst = laws.lookup(c["instrument"]) if laws is not None else None
        return (inst.title if inst else c["instrument"], str(c.get("article", "")))

    known = {key(c): c for c in old if key(c) is not None}
    out = []
    for citation in new:
        found = known.get(key(citation))
        if (
            isinstance(citation, dict)
            and found is not None
            and "version" in found
            and "version" not in citation
        ):
            citation = {**citation, "version": found["version"]}
        out.append(citation)
    return out


def _same(key: str, old: Any, new: Any, registries: list[Any]) -> bool:
    """Equal for the list's purpose: an alias and the registered title name the same law or department."""
    if old == new:
        return True
    laws, departments = registries if registries else (None, None)
    if (
        key == "basis"
        and laws is not None
        and isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
    ):

        def norm(c: Any) -> Any:
            if isinstance(c, dict) and isinstance(c.get("instrument"), str):
                inst = laws.lookup(c["instrument"])
                return {**c, "instrument": inst.title if inst else c["instrument"]}
            return c

        return [norm(c) for c in old] == [norm(c) for c in new]
    if key in ("lead_department", "cooperating_departments") and departments is not None:

        def names(v: Any) -> list[Any]:
            return [
                departments.canonical(n) or n if isinstance(n, str) else n
                for n in (v if isinstance(v, list) else [v])
            ]

        return names(old) == names(new)
    return False


# ---- export -------------------------------------------------------------------------------


def _docs_at(root: Path, loaded: Loaded, rev: str) -> list[ListDoc]:
    out: list[ListDoc] = []
    with GitRepo(root) as repo:
        sha = repo.resolve(rev)
        files = repo.files(sha)
        for rel, blob in sorted(files.items()):
            if not rel.endswith(".yaml") or rel in loaded.config.registry_files():
                continue
            try:
                source, data = yamlio.load_bytes(repo.read_blob(blob))
            except yamlio.FileProblem:
                continue
            if isinstance(data, dict) and isinstance(data.get("list"), dict):
                out.append(ListDoc(rel, source.text, data))
    return out


def find_lists(start: Path, names: list[str], at: str | None = None) -> tuple[Loaded, list[ListDoc]]:
    root = find_root(start)
    loaded = load_repository(root)
    docs = _docs_at(root, loaded, at) if at else loaded.docs
    chosen: list[ListDoc] = []
    for name in names:
        doc = next(
            (
                d
                for d in docs
                if d.id == name or d.file == name or (root / d.file).resolve() == Path(name).resolve()
            ),
            None,
        )
        if doc is None:
            where = f"（{at}）" if at else ""
            raise UsageError(f"找不到清单 {name}{where}", f"no list {name}" + (f" at {at}" if at else ""))
        chosen.append(doc)
    return loaded, chosen


def layout_for(doc: ListDoc, root: Path, name: str | None) -> Layout:
    if name and name != "auto":
        return layout_files.load(name, root)
    return layout_files.load("village" if doc.kind == "village" else "township", root)


def render_list(doc: ListDoc, layout: Layout, fmt: str, with_retired: bool = False) -> bytes:
    document = exporter.build(doc, layout, with_retired)
    if fmt == "xlsx":
        return xlsx.render(document)
    if fmt == "docx":
        return word.render(document)
    if fmt == "csv":
        return exporter.to_csv(document)
    if fmt == "html":
        return exporter.to_html(document)
    raise UsageError(f"不支持的格式 {fmt}", f"unsupported format {fmt}")


def soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: Path, out_dir: Path) -> Path:
    """Convert an exported xlsx/docx with LibreOffice; without it, say how to print the html instead."""
    import subprocess

    binary = soffice()
    if binary is None:
        raise EnvironmentProblem(
            "未安装 LibreOffice（soffice），无法导出 PDF；请用 --format html 导出后在浏览器中打印为 PDF（已设置 A4）",
            "LibreOffice (soffice) is not installed, so no PDF; export --format html and print it to PDF from a browser (A4 is set)",
        )
    profile = out_dir / ".lo-profile"
    run = subprocess.run(
        [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = out_dir / (source.stem + ".pdf")
    if run.returncode != 0 or not pdf.is_file():
        raise EnvironmentProblem(
            f"LibreOffice 转换失败：{run.stderr.decode('utf-8', 'replace')[:200]}",
            f"LibreOffice could not convert: {run.stderr.decode('utf-8', 'replace')[:200]}",
        )
    return pdf


def export_lists(
    start: Path,
    names: list[str],
    fmt: str,
    output: Path | None = None,
    *,
    at: str | None = None,
    layout: str | None = None,
    with_retired: bool = False,
) -> list[Path]:
    """Write one file per list (or the one file -o names when there is one list)."""
    if fmt not in FORMATS:
        raise UsageError(
            f"格式应为 {'/'.join(FORMATS)} 之一：{fmt}", f"format must be one of {'/'.join(FORMATS)}: {fmt}"
        )

    loaded, docs = find_lists(start, names, at)
    root = loaded.config.root
    # each export is named after its list id, which comes from the repository
    unnamed = [d.file for d in docs if not names_a_file(d.id)]
    if unnamed:
        raise QingdanError(
            f"以下清单的编号无效，不能作为文件名，未导出（请先运行 qingdan validate）：{'、'.join(unnamed)}",
            f"these lists have an invalid id, which cannot name a file; nothing exported (run qingdan validate): "
            f"{', '.join(unnamed)}",
        )
    written: list[Path] = []
    for doc in docs:
        if output is not None and len(docs) == 1 and output.suffix:
            target = output
        else:
            folder = output if output is not None else Path.cwd()
            target = folder / f"{doc.id}.{fmt}"
        chosen = layout_for(doc, root, layout)
        if fmt == "pdf":
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                source = Path(tmp) / f"{doc.id}.xlsx"
                source.write_bytes(render_list(doc, chosen, "xlsx", with_retired))
                pdf = to_pdf(source, Path(tmp))
                data = pdf.read_bytes()
        else:
            data = render_list(doc, chosen, fmt, with_retired)
        target.parent.mkdir(parents=True, exist_ok=True)
        # the folder is the user's choice; a symlink planted under the file's name is not followed out
        safe_write(target.parent, Path(target.name), data)
        written.append(target)
    return written


def export_report(start: Path, names: list[str], revision: str, output: Path | None) -> Path:
    """The committed change report (reports/<list>/<revision>.md) as a Word document for the approval file."""

    if len(names) != 1:
        raise UsageError("--report 一次导出一个清单的调整说明", "--report exports the report of one list")
    loaded, docs = find_lists(start, names)
    doc = docs[0]
    if not names_a_file(doc.id):
        raise QingdanError(
            f"{doc.file} 的清单编号无效，未导出（请先运行 qingdan validate）",
            f"{doc.file} has an invalid list id; nothing exported (run qingdan validate)",
        )
    source = loaded.config.root / loaded.config.report_dir / doc.id / f"{revision}.md"
    if not re.fullmatch(r"[0-9]{4}\.[1-9][0-9]*", revision) or not source.is_file():
        raise UsageError(
            f"没有 {doc.id} {revision} 版的调整说明（先运行 qingdan report {doc.id}）",
            f"no change report for {doc.id} revision {revision} (run qingdan report {doc.id})",
        )
    title, blocks = "", []
    try:
        # a report that is a symlink out of the repository, or a FIFO, is not read
        markdown = read_regular(source, 2 << 20, loaded.config.root).decode("utf-8", "replace")
    except ReadRefused:
        raise QingdanError(
            f"{source.relative_to(loaded.config.root)} 不是仓库内的普通文件，未读取",
            f"{source.relative_to(loaded.config.root)} is not a regular file inside the repository; not read",
        ) from None
    for line in markdown.splitlines():
        text = re.sub(r"\*\*|`", "", line).strip()
        if not text or text.startswith(("<!--", "|---", "---")):
            continue
        if text.startswith("# ") and not title:
            title = text[2:].strip()
        elif text.startswith("#"):
            blocks.append(("heading", text.lstrip("#").strip()))
        elif text.startswith(("- ", "* ")):
            blocks.append(("item", "· " + text[2:].strip()))
        elif text.startswith("|"):
            blocks.append(("item", "　".join(c.strip() for c in text.strip("|").split("|"))))
        else:
            blocks.append(("paragraph", text))
    target = (
        output
        if output is not None and output.suffix
        else (output or Path.cwd()) / f"{doc.id}-{revision}-调整说明.docx"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    safe_write(
        target.parent, Path(target.name), word.render_report(title or f"{doc.id} {revision} 调整说明", blocks)
    )
    return target
