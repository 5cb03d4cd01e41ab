"""Helpers shared by the diff, history and git tests: list documents as YAML, repositories commit by commit.

No tests live here; the name only keeps the file among the diff tests.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from conftest import GIT_ENV
from qingdan.model import ITEM_KEYS

ITEM_ORDER = ITEM_KEYS


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def emit(value: Any, indent: int) -> list[str]:
    """Block-style YAML for plain data (what drafters write), with flow style for scalar lists."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: ITEM_ORDER.index(k) if k in ITEM_ORDER else len(ITEM_ORDER))
        for key in keys:
            v = value[key]
            if isinstance(v, dict):
                lines.append(f"{pad}{key}:")
                lines += emit(v, indent + 2)
            elif isinstance(v, list) and any(isinstance(x, dict) for x in v):
                lines.append(f"{pad}{key}:")
                for entry in v:
                    sub = emit(entry, indent + 4)
                    lines.append(f"{pad}  - {sub[0].strip()}")
                    lines += sub[1:]
            elif isinstance(v, list):
                lines.append(f"{pad}{key}: [{', '.join(scalar(x) for x in v)}]")
            else:
                lines.append(f"{pad}{key}: {scalar(v)}")
    return lines


def list_yaml(
    list_id: str,
    items: list[dict[str, Any]],
    revision: str = "2025.1",
    effective: str = "2025-07-01",
    title: str | None = None,
    kind: str = "township",
) -> str:
    header = {
        "id": list_id,
        "title": title or f"{list_id} 测试镇履行职责事项清单",
        "kind": kind,
        "unit": {"name": "测试镇", "type": "township", "code": "990102101000"},
        "issuer": "中共测试县委员会 测试县人民政府",
        "revision": revision,
        "effective": effective,
        "baseline": "2025.1",
    }
    lines = ["# yaml-language-server: $schema=../../schemas/list.schema.json", "qingdan: 1", "list:"]
    lines += emit(header, 2)
    lines.append("items:")
    for item in items:
        sub = emit(item, 4)
        lines.append(f"  - {sub[0].strip()}")
        lines += sub[1:]
        lines.append("")
    return "\n".join(lines) + "\n"


def item(list_id: str, number: int, name: str, category: str = "basic", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"{list_id}-{number:04d}",
        "name": name,
        "category": category,
        "domain": "平安法治",
        "content": f"按照属地管理原则做好{name}工作，建立工作台账，发现问题及时报告县级主管部门。",
        "basis": [{"instrument": "中华人民共和国安全生产法", "article": "第九条第二款"}],
        "status": "active",
        "since": "2025.1",
    }
    if category == "cooperative":
        data.update(
            lead_department="县应急管理局",
            department_duty="负责行业监管和执法检查",
            township_duty="配合开展排查，发现问题及时报告",
        )
    if category == "recalled":
        data["lead_department"] = "县自然资源和规划局"
    data.update(extra)
    return data


def base_items(list_id: str = "T") -> list[dict[str, Any]]:
    names = (
        "安全生产属地监督检查",
        "消防安全网格化管理",
        "森林防火巡查",
        "防汛抗旱准备",
        "耕地保护巡查",
        "河湖日常巡查",
    )
    return [item(list_id, n + 1, name) for n, name in enumerate(names)]


def clone(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return copy.deepcopy(items)


def git_env(date: str | None = None) -> dict[str, str]:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return env


def run_git(root: Path, *args: str, date: str | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=git_env(date), capture_output=True, text=True, check=True
    )
    return done.stdout


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str, date: str | None = None) -> str:
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return run_git(root, "rev-parse", "HEAD").strip()


def git_children() -> list[str]:
    """Commands of live `git` processes started by this test process (leak check, RELIABILITY §3.4)."""
    me = str(os.getpid())
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = stat.rsplit(")", 1)[1].split()[1]
        if ppid == me and "git" in cmdline.split(" ")[0]:
            found.append(cmdline)
    return found


DEMO = Path(__file__).resolve().parent.parent / "lists"


def doc_yaml(data: dict[str, Any]) -> str:
    lines = ["# yaml-language-server: $schema=../../schemas/list.schema.json", "qingdan: 1", "list:"]
    lines += emit(data["list"], 2)
    lines.append("items:")
    for entry in data["items"]:
        sub = emit(entry, 4)
        lines.append(f"  - {sub[0].strip()}")
        lines += sub[1:]
        lines.append("")
    return "\n".join(lines) + "\n"


def load(path: Path) -> dict[str, Any]:
    from qingdan.validate import read_document

    data, _, _ = read_document(path.parent, path.name, "list", raw=path.read_bytes())
    assert isinstance(data, dict)
    return data


def demo_story(root: Path) -> Path:
    """The demo lists committed as they are, then a revision 2025.4 of 青石镇 and an errata commit for 柳塘街道.

    Edits are made on the data and written back in another layout, so the diff must see through formatting.
    """
    import shutil

    shutil.copytree(DEMO, root / "lists")
    run_git(root, "init", "-q", "-b", "main")
    commit(root, "澄溪县清单 2025.3 版", date="2025-09-01T09:00:00+08:00")
    qsz_path = root / "lists" / "townships" / "CX-QSZ.yaml"
    qsz = load(qsz_path)
    items = qsz["items"]
    plain = [
        i
        for i in items
        if i.get("status", "active") == "active" and not i.get("devolved") and not i.get("retired")
    ]
    basic = [i for i in plain if i["category"] == "basic"]
    cooperative = [i for i in plain if i["category"] == "cooperative"]
    basic[2]["name"] += "和监督管理"
    basic[2]["content"] = basic[2]["content"].replace("，", "，会同县自然资源和规划局派出机构", 1)
    recalled = basic[3]
    recalled.update(
        category="recalled",
        lead_department="县综合行政执法局",
        working_mode="镇发现后移交县综合行政执法局查处",
    )
    for key in ("department_duty", "township_duty"):
        recalled.pop(key, None)
    devolved = cooperative[0]
    devolved["devolved"] = True
    devolved["resources"] = {
        "staffing": 2,
        "funding": 12,
        "equipment": "快检设备 1 套",
        "training": "每年两次，由县市场监管局负责",
    }
    devolved["review"] = {"interval_months": 12, "next": "2026-12-31"}
    citation = basic[5]["basis"][0]
    citation["article"] = (
        citation["article"].replace("第二款", "第一款")
        if "第二款" in citation["article"]
        else citation["article"] + "第一款"
    )
    merged, successor = basic[7], basic[6]
    merged["status"] = "retired"
    merged["retired"] = {
        "revision": "2025.4",
        "date": "2026-01-01",
        "reason": "merged",
        "note": f"并入「{successor['name']}」统一实施",
        "replaced_by": [successor["id"]],
    }
    successor["merged_from"] = [*successor.get("merged_from", []), merged["id"]]
    number = max(int(i["id"].rsplit("-", 1)[1]) for i in items) + 1
    items.append(
        {
            "id": f"CX-QSZ-{number:04d}",
            "name": "农村房屋安全隐患排查",
            "category": "basic",
            "domain": "城乡建设",
            "content": "组织开展农村房屋安全隐患排查整治，建立排查台账，督促房屋所有人消除安全隐患。",
            "basis": [{"instrument": "中华人民共和国安全生产法", "article": "第九条第一款"}],
            "status": "active",
            "since": "2025.4",
        }
    )
    qsz["list"]["revision"], qsz["list"]["effective"] = "2025.4", "2026-01-01"
    qsz_path.write_text(doc_yaml(qsz), encoding="utf-8")
    commit(root, "青石镇清单 2025.4 版", date="2025-12-01T09:00:00+08:00")
    ltjd_path = root / "lists" / "townships" / "CX-LTJD.yaml"
    text = ltjd_path.read_text(encoding="utf-8")
    ltjd = load(ltjd_path)
    wrong = ltjd["items"][1]["content"]
    fixed = wrong.replace("指导", "指导和支持", 1) if "指导" in wrong else wrong + "。"
    ltjd_path.write_text(text.replace(wrong, fixed, 1), encoding="utf-8")
    commit(root, "更正柳塘街道清单用语\n\nQingdan-Change: errata", date="2025-12-02T09:00:00+08:00")
    return root
