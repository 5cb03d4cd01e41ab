"""How long does `qingdan conform` take on a province: N township lists adopting one 340-item template?

Builds a repository of one county template with 340 items and N township lists (default 1,000) that
adopt it item by item: each adopts every template item but one, which it records as not applicable,
five items of each list change the template's content, and each list has ten local items. Then it
times `qingdan conform --format json` (the whole report) as the command line runs it, beside the target
(under 10 s wall for 1,000 lists on a 2-core machine), with the CPU time of the command and its worker
processes and the machine's load (others may share it); --runs N times it N times. With --validate it
times `qingdan validate` too (the rules, QD93x among them).

Usage: python bench/conform.py [--lists 1000] [--runs 1] [--validate]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TEMPLATE_ITEMS = 340
LOCAL_ITEMS = 10
LAWS = """qingdan: 1
instruments:
  - title: 中华人民共和国安全生产法
    aliases: [安全生产法]
    level: law
    versions:
      - {date: 2021-06-10, effective: 2021-09-01, articles: 119}
"""


def _header(list_id: str, name: str, unit_type: str, code: str, template: str | None) -> list[str]:
    return [
        "qingdan: 1",
        "list:",
        f"  id: {list_id}",
        f"  title: {name}履行职责事项清单",
        "  kind: township",
        f'  unit: {{name: {name}, type: {unit_type}, code: "{code}"}}',
        "  issuer: 中共基准县委 基准县人民政府",
        '  revision: "2025.1"',
        "  effective: 2025-07-01",
        '  baseline: "2025.1"',
        *([f"  template: {template}"] if template else []),
    ]


def _item(item_id: str, name: str, content: str, source: str | None = None) -> list[str]:
    return [
        f"  - id: {item_id}",
        *([f"    from: {source}"] if source else []),
        f"    name: {name}",
        "    category: basic",
        "    domain: 平安法治",
        f"    content: {content}",
        "    basis:",
        "      - instrument: 中华人民共和国安全生产法",
        "        article: 第九条",
        "    status: active",
        '    since: "2025.1"',
    ]


def template_text() -> str:
    lines = _header("BZ-TPL", "基准县", "county", "990100000000", None) + ["items:"]
    for n in range(1, TEMPLATE_ITEMS + 1):
        lines += _item(f"BZ-TPL-{n:04d}", f"模板事项第{n}项", f"按照属地管理原则开展第{n}项工作。")
    return "\n".join(lines) + "\n"


def town_text(number: int) -> str:
    list_id = f"BZ-T{number:05d}"
    dropped = 1 + number % TEMPLATE_ITEMS
    lines = _header(list_id, f"基准县第{number}镇", "township", f"99{number:010d}", "BZ-TPL")
    lines += [
        "not_applicable:",
        f"  - {{item: BZ-TPL-{dropped:04d}, reason: 本镇没有该项工作的对象}}",
        "items:",
    ]
    own = 0
    for n in range(1, TEMPLATE_ITEMS + 1):
        if n == dropped:
            continue
        own += 1
        changed = n <= 5  # the five items every town words its own way
        content = f"按照属地管理原则开展第{n}项工作{'，每月报告一次' if changed else ''}。"
        lines += _item(f"{list_id}-{own:04d}", f"模板事项第{n}项", content, f"BZ-TPL-{n:04d}")
    for n in range(1, LOCAL_ITEMS + 1):
        own += 1
        lines += _item(f"{list_id}-{own:04d}", f"本镇特色事项第{n}项", f"本镇第{n}项个性化工作。")
    return "\n".join(lines) + "\n"


def build(root: Path, lists: int) -> None:
    (root / "lists" / "towns").mkdir(parents=True)
    (root / "lists" / "laws.yaml").write_text(LAWS, encoding="utf-8")
    (root / "lists" / "template.yaml").write_text(template_text(), encoding="utf-8")
    for number in range(1, lists + 1):
        (root / "lists" / "towns" / f"T{number:05d}.yaml").write_text(town_text(number), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)


TARGET_SECONDS = 10.0  # 1,000 lists on a 2-core machine


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(root: Path, *args: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds (the command and its workers) and the outcome of one run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "qingdan"), *args], cwd=root, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, _children_cpu() - cpu, done


def _load() -> str:
    try:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1, help="time conform this many times")
    parser.add_argument("--validate", action="store_true", help="time qingdan validate on it too")
    args = parser.parse_args()
    lists = args.lists
    root = Path(tempfile.mkdtemp(prefix="qingdan-conform-"))
    try:
        build(root, lists)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"{cores} cores; {_load()} before")
        for _ in range(max(1, args.runs)):
            seconds, cpu, done = timed(root, "conform", "--format", "json")
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:])
                return 1
            totals = json.loads(done.stdout)["totals"]
            verdict = "within" if seconds < TARGET_SECONDS else "over"
            print(
                f"conform: {lists} lists × {TEMPLATE_ITEMS} template items in {seconds:.1f} s wall "
                f"(target < {TARGET_SECONDS:.0f} s at 1,000 lists on 2 cores: {verdict}), {cpu:.1f} s CPU; "
                f"{totals['adopted']} adopted, {totals['changed']} changed, "
                f"{totals['not_applicable']} not applicable; {_load()}"
            )
        if not args.validate:
            return 0
        seconds, _, done = timed(root, "validate")
        print(f"validate (QD93x among the rules): {seconds:.1f} s, exit {done.returncode}")
        return 0 if done.returncode == 0 else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
