"""Validate throughput: qingdan beside check-jsonschema and the fastest YAML parse on the same lists.

Generates a list repository of township lists with 340 items each in the national average mix
(117 basic / 99 cooperative / 124 recalled), then times, in one run and one process each:

  * `qingdan validate` (YAML hazards, schema and every semantic rule), cold, as a fresh process;
  * `check-jsonschema --schemafile schemas/list.schema.json` (schema only) on the same files;
  * yaml-rs `loads` of the same files into Python (parse only: the fastest parse available here);
  * then, with the repository under git: a cold run that fills the result cache, one list changed, and
    the warm run (the incremental figure, target < 1 s at 1,000 lists), checked equal to a run
    with --no-cache.

Usage: python bench/validate.py [--lists 100] [--keep DIR] [--incremental-only]
Prints CPU seconds (user + system of the process and its workers) and wall seconds for each, items
per CPU second, the ratios against the targets (10x check-jsonschema's throughput; within 2x of the
parse), and qingdan's peak RSS (its largest process). The machine may be shared: CPU time is the
figure to compare; wall time shows what the process pool gains when a core is free.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MIX = (("basic", 117), ("cooperative", 99), ("recalled", 124))
VERBS = ("组织开展", "负责", "督促落实", "指导", "做好", "统筹推进", "协助", "监督", "宣传", "排查")
OBJECTS = (
    "安全生产监督检查",
    "消防安全网格化管理",
    "森林防火巡查",
    "防汛抗旱准备",
    "地质灾害隐患点监测",
    "农村宅基地审批",
    "永久基本农田保护",
    "耕地保护巡查",
    "农村人居环境整治",
    "河湖长制日常巡河",
    "秸秆禁烧宣传",
    "畜禽养殖污染防治",
    "动物疫病强制免疫",
    "食品安全协管",
    "特种设备安全宣传",
    "城乡居民医疗保险参保",
    "最低生活保障申请受理",
    "特困人员供养审核",
    "残疾人两项补贴初审",
    "退役军人服务站建设",
    "征兵宣传和兵役登记",
    "人口监测和家庭发展",
    "未成年人保护工作站",
    "精神障碍患者社区康复",
    "社区戒毒社区康复",
    "人民调解组织建设",
    "信访事项就地化解",
    "矛盾纠纷排查化解",
    "网格化社会治理",
    "应急预案编制和演练",
    "基层应急队伍建设",
    "统计调查和统计报表",
    "农村集体经济组织监督",
    "村务公开指导",
    "村规民约备案审查",
    "义务教育控辍保学",
    "农村土地承包管理",
    "违法建设巡查制止",
    "乡村规划编制",
    "农村公路养护",
    "饮用水水源地保护",
    "大气污染防治网格巡查",
    "垃圾分类宣传督导",
    "殡葬改革宣传",
    "爱国卫生运动",
    "健康乡村建设",
    "就业创业服务",
    "劳动保障监察协查",
    "文化站日常运行",
    "全民健身设施管理",
)
ASPECTS = ("台账管理", "日常巡查", "问题整改", "宣传培训", "信息报送", "应急处置", "年度评估")
LAWS = """qingdan: 1
instruments:
  - title: 中华人民共和国安全生产法
    aliases: [安全生产法]
    level: law
    versions:
      - {date: 2021-06-10, effective: 2021-09-01, articles: 119}
  - title: 中华人民共和国消防法
    aliases: [消防法]
    level: law
    versions:
      - {date: 2021-04-29, effective: 2021-04-29, articles: 74}
  - title: 中华人民共和国地方各级人民代表大会和地方各级人民政府组织法
    aliases: [地方组织法]
    level: law
    versions:
      - {date: 2022-03-11, effective: 2022-03-12, articles: 90}
"""
DEPARTMENTS = """qingdan: 1
departments:
  - 县应急管理局
  - 县消防救援大队
  - 县农业农村局
  - 县自然资源和规划局
"""


def list_text(number: int, rng: random.Random) -> str:
    list_id = f"BZ-T{number:04d}"
    names = [f"{rng.choice(VERBS)}{obj}{aspect}" for obj in OBJECTS for aspect in ASPECTS]
    rng.shuffle(names)
    lines = [
        "# yaml-language-server: $schema=../../schemas/list.schema.json",
        "qingdan: 1",
        "list:",
        f"  id: {list_id}",
        f"  title: 基准县第{number}镇履行职责事项清单",
        "  kind: township",
        f'  unit: {{name: 基准县第{number}镇, type: township, code: "99{number:010d}"}}',
        "  issuer: 中共基准县委 基准县人民政府",
        '  revision: "2025.1"',
        "  effective: 2025-07-01",
        '  baseline: "2025.1"',
        "items:",
    ]
    n = 0
    for category, count in MIX:
        lines.append(f"  # {category}")
        for _ in range(count):
            n += 1
            lines += [
                f"  - id: {list_id}-{n:04d}",
                f"    name: {names[n]}",
                f"    category: {category}",
                "    domain: 平安法治",
                "    content: >-",
                f"      按照属地管理原则，{names[n]}，建立工作台账，及时报告发现的问题。",
                "    basis:",
                "      - instrument: 中华人民共和国安全生产法",
                f"        article: 第{rng.choice('一二三四五六七八九')}条",
                "      - instrument: 地方组织法",
                "        article: 第七十六条",
            ]
            if category == "cooperative":
                lines += [
                    "    lead_department: 县应急管理局",
                    "    cooperating_departments: [县消防救援大队]",
                    "    department_duty: 负责行业监管和执法检查",
                    "    township_duty: 配合开展排查，发现问题及时报告",
                ]
            elif category == "recalled":
                lines.append("    lead_department: 县自然资源和规划局")
            lines += ["    status: active", '    since: "2025.1"', ""]
    return "\n".join(lines)


def generate(root: Path, lists: int) -> list[Path]:
    (root / "lists" / "townships").mkdir(parents=True)
    (root / "lists" / "laws.yaml").write_text(LAWS, encoding="utf-8")
    (root / "lists" / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    rng = random.Random(340)
    files = []
    for number in range(1, lists + 1):
        path = root / "lists" / "townships" / f"T{number:04d}.yaml"
        path.write_text(list_text(number, rng), encoding="utf-8")
        files.append(path)
    return files


@dataclass
class Run:
    cpu: float  # user + system seconds of the child and the children it waited for
    wall: float
    peak_kib: int  # the largest resident set of the child or of one of its children
    code: int
    output: str


def timed(command: list[str], cwd: Path) -> Run:
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return Run(
        usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), output
    )


# the peer parse: every file read and parsed into Python objects by yaml-rs, nothing else
PARSE = "import sys, yaml_rs\nfor name in sys.argv[1:]:\n    with open(name, encoding='utf-8') as f:\n        yaml_rs.loads(f.read())\n"


def change_one(path: Path) -> None:
    """One list edited the way a drafter does: one item's name changes (the list stays valid)."""
    text = path.read_text(encoding="utf-8")
    at = text.index("name: ") + len("name: ")
    path.write_text(text[:at] + "新" + text[at:], encoding="utf-8")


def incremental(root: Path, files: list[Path]) -> Run | None:
    """The incremental figure: the lists committed to git, a cold run fills the result cache
    (.git/qingdan), one list changes in the work tree, and the warm run re-validates; it must give
    what a run without the cache gives."""
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", *who, "commit", "-q", "-m", "lists"], cwd=root, check=True)
    command = [str(BIN / "qingdan"), "validate", "--format", "json"]
    filling = timed(command, root)
    change_one(files[len(files) // 2])
    warm = timed(command, root)
    fresh = timed([*command, "--no-cache"], root)
    if filling.code != 0 or warm.code != 0 or warm.output != fresh.output:
        print("the warm run differs from a run without the cache:")
        print(warm.output[-2000:])
        return None
    print(f"{'':40} {'CPU s':>8} {'wall s':>8}")
    print(f"{'cold, filling the result cache':40} {filling.cpu:8.2f} {filling.wall:8.2f}")
    print(f"{'warm, after one list changed':40} {warm.cpu:8.2f} {warm.wall:8.2f}")
    print(f"{'the same without the cache':40} {fresh.cpu:8.2f} {fresh.wall:8.2f}")
    print(
        f"incremental: re-validating after one of {len(files):,} lists changed takes {warm.wall:.2f} s wall"
        f" ({warm.cpu:.2f} s CPU; target < 1 s at 1,000 lists); peak RSS {warm.peak_kib / 1024:,.0f} MB"
    )
    return warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=100, help="number of township lists (1000 = a province)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="time only the incremental figure (cold fill, one change, warm)",
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="qingdan-bench-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    try:
        files = generate(root, args.lists)
        items = 340 * len(files)
        print(f"repository: {len(files)} township lists, {items:,} items ({root})")
        if args.incremental_only:
            return 0 if incremental(root, files) is not None else 1
        q = timed([str(BIN / "qingdan"), "validate", "--format", "json"], root)
        if q.code != 0:
            print(q.output[-2000:])
            return 1
        schema = ROOT / "schemas" / "list.schema.json"
        c = timed([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)], root)
        if c.code != 0:
            print(c.output[-2000:])
            return 1
        p = timed([sys.executable, "-c", PARSE, *map(str, files)], root)
        if p.code != 0:
            print(p.output[-2000:])
            return 1
        rows = [
            ("qingdan validate (schema + rules 1-10)", q),
            ("check-jsonschema (schema only)", c),
            ("yaml-rs loads (parse only)", p),
        ]
        print(f"{'':40} {'CPU s':>8} {'wall s':>8} {'items/CPU s':>12}")
        for label, run in rows:
            print(f"{label:40} {run.cpu:8.2f} {run.wall:8.2f} {items / run.cpu:12,.0f}")
        print(
            f"ratio: qingdan has {c.cpu / q.cpu:.1f}x check-jsonschema's throughput by CPU time"
            f" ({c.wall / q.wall:.1f}x by wall time; target 10x)"
        )
        print(
            f"ratio: qingdan takes {q.cpu / p.cpu:.1f}x the parse's CPU time"
            f" ({q.wall / p.wall:.1f}x its wall time; target within 2x)"
        )
        print(f"peak RSS of qingdan validate: {q.peak_kib / 1024:,.0f} MB (target < 1,500 MB at 3,000 lists)")
        warm = incremental(root, files)
        if warm is None:
            return 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
