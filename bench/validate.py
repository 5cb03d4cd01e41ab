"""Validate throughput: qingdan beside check-jsonschema on the same generated township lists.

Generates a list repository of township lists with 340 items each in the national average mix
(117 basic / 99 cooperative / 124 recalled), then times, in one run and one process each:

  * `qingdan validate` (YAML hazards, schema and every semantic rule), and
  * `check-jsonschema --schemafile schemas/list.schema.json` (schema only) on the same files.

Usage: python bench/validate.py [--lists 100] [--keep DIR]
Prints items per second for both and the ratio. Figures vary by machine; compare ratios.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
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


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=100, help="number of township lists (1000 = a province)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="qingdan-bench-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    try:
        files = generate(root, args.lists)
        items = 340 * len(files)
        print(f"repository: {len(files)} township lists, {items:,} items ({root})")
        q_time, q = timed([str(BIN / "qingdan"), "validate", "--format", "json"], root)
        if q.returncode != 0:
            print(q.stdout[-2000:], q.stderr[-2000:])
            return 1
        schema = ROOT / "schemas" / "list.schema.json"
        c_time, c = timed(
            [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)], root
        )
        if c.returncode != 0:
            print(c.stdout[-2000:], c.stderr[-2000:])
            return 1
        rows = [
            ("qingdan validate (schema + rules 1-10)", q_time),
            ("check-jsonschema (schema only)", c_time),
        ]
        for label, seconds in rows:
            print(f"{label:42} {seconds:7.2f} s  {items / seconds:9,.0f} items/s")
        print(f"ratio: qingdan is {c_time / q_time:.1f}x check-jsonschema's throughput")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
