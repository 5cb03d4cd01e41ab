"""Writes the exact bytes of the hazard corpus (tests/cases/hazards); rerun after changing it."""

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "cases" / "hazards"
H = []


def add(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    H.append((name, data))


ITEM = """qingdan: 1
list:
  id: T
  title: 测试镇履行职责事项清单
items:
  - id: T-0001
    name: 安全生产监督检查
"""
# ---- QD010 duplicate keys
add("QD010-top-level-duplicate@3.1.yaml", "qingdan: 1\nlist: {id: T}\nqingdan: 1\n")
add("QD010-duplicate-item-key@8.5.yaml", ITEM + "    name: 安全生产检查\n")
add("QD010-flow-mapping-duplicate@1.24.yaml", "unit: {name: 测试镇, type: township, name: 测试乡}\n")
add("QD010-duplicate-quoted-and-plain@2.1.yaml", 'status: active\n"status": retired\n')
# ---- QD017 non-string keys
add("QD017-integer-key@2.1.yaml", "qingdan: 1\n1: 安全生产监督检查\n")
add("QD017-boolean-key@2.1.yaml", "qingdan: 1\ntrue: 安全生产监督检查\n")
add("QD017-null-key@2.1.yaml", "qingdan: 1\nnull: 安全生产监督检查\n")
add("QD017-flow-sequence-key@2.3.yaml", "qingdan: 1\n? [a, b]\n: 安全生产监督检查\n")
add("QD017-date-key@2.1.yaml", "qingdan: 1\n2025-09-01: 生效\n")
add("QD017-integer-key-nested@4.3.yaml", "qingdan: 1\nlist:\n  id: T\n  1: 安全生产监督检查\n")
add("QD017-mapping-key@2.3.yaml", "qingdan: 1\n? {a: 1}\n: 安全生产监督检查\n")
# ---- QD014 merge keys (no anchors, so the merge key itself is the first hazard)
add("QD014-merge-key-flow@3.5.yaml", "items:\n  - id: T-0001\n    <<: {category: basic, domain: 平安法治}\n")
add("QD014-merge-key-top@2.1.yaml", "qingdan: 1\n<<: {list: {id: T}}\n")
# ---- QD015 anchors and aliases
bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
prev = "a"
for ch in "bcdefghi":
    bomb.append(f"{ch}: &{ch} [" + ",".join(["*" + prev] * 9) + "]")
    prev = ch
add("QD015-billion-laughs@1.4.yaml", "\n".join(bomb) + "\n")
add("QD015-recursive-alias@1.4.yaml", "a: &x [1, *x]\n")
add("QD015-single-anchor@2.7.yaml", "qingdan: 1\nlist: &l\n  id: T\n")
add("QD015-anchor-on-scalar@2.7.yaml", "qingdan: 1\nname: &n 安全生产监督检查\n")
add("QD015-undefined-alias@2.7.yaml", "qingdan: 1\nname: *n\n")
add(
    "QD015-alias-merge@3.1.yaml",
    "base: {category: basic}\nitem:\n  <<: *base\n".replace("base: {", "base: {").replace(
        "item:\n  <<: *base", "item:\n  <<: *base"
    ),
)
add("QD015-duplicate-anchor@1.4.yaml", "a: &x 1\nb: &x 2\n")
# ---- QD009 directives
add("QD009-yaml11-directive@1.1.yaml", "%YAML 1.1\n---\nqingdan: 1\nstatus: no\n")
add("QD009-tag-directive@1.1.yaml", "%TAG !qd! tag:qingdan.example,2025:\n---\nqingdan: 1\n")
add("QD009-yaml12-directive@1.1.yaml", "%YAML 1.2\n---\nqingdan: 1\n")
# ---- QD013 invalid dates and numbers
add("QD013-february-30@2.12.yaml", "list:\n  effective: 2024-02-30\n")
add("QD013-month-13@2.12.yaml", "list:\n  effective: 2023-13-01\n")
add("QD013-invalid-datetime@1.10.yaml", "approved: 2025-05-20 25:00:00\n")
add("QD013-5000-digit-integer@1.10.yaml", "staffing: " + "9" * 5000 + "\n")
# ---- QD005 tabs
add("QD005-tab-indentation@3.1.yaml", "qingdan: 1\nlist:\n\tid: T\n")
add("QD005-tab-in-value@1.12.yaml", "name: 安全生产\t监督检查\n")
add("QD005-tab-before-comment@1.11.yaml", "qingdan: 1\t# 格式版本\n")
add("QD005-tab-in-quoted-value@1.10.yaml", 'name: "安全\t生产"\n')
add("QD005-tab-after-colon@1.9.yaml", "qingdan:\t1\n")
# ---- QD006 forbidden characters
add("QD006-bom-mid-file@2.1.yaml", "qingdan: 1\n\ufefflist: {id: T}\n")
add("QD006-nul@1.9.yaml", "name: 安全\x00生产\n")
add("QD006-bel@1.9.yaml", "name: 安全\x07生产\n")
add("QD006-escape-control@1.7.yaml", "name: \x1b[31m安全生产\n")
add("QD006-form-feed@2.1.yaml", "qingdan: 1\n\x0c\nlist: {id: T}\n")
add("QD006-delete@1.9.yaml", "name: 安全\x7f生产\n")
add("QD006-nel@1.9.yaml", "name: 安全\u0085生产\n")
add("QD006-c1-csi@1.9.yaml", "name: 安全\u009b生产\n")
add("QD006-line-separator@1.9.yaml", "name: 安全\u2028生产\n")
add("QD006-paragraph-separator@1.9.yaml", "name: 安全\u2029生产\n")
add("QD001-lone-surrogate-escape.yaml", 'name: "安全\\ud800生产"\n')
add("QD006-nel-escape@1.7.yaml", 'name: "安全\\N生产"\n')
add("QD006-line-separator-escape@1.7.yaml", 'name: "安全\\L生产"\n')
add("QD006-nul-escape@1.7.yaml", 'name: "安全\\0生产"\n')
add("QD006-bel-escape@1.7.yaml", 'name: "安全\\a生产"\n')
add("QD006-bom-escape@1.7.yaml", 'name: "\\ufeff安全生产"\n')
# ---- QD002 encodings
add("QD002-gbk@4.10.yaml", "qingdan: 1\nlist:\n  id: T\n  title: 测试镇履行职责事项清单\n".encode("gbk"))
add("QD002-latin1@1.10.yaml", "issuer: Caf\xe9 municipal\n".encode("latin-1"))
add("QD002-utf16-bom@1.1.yaml", "qingdan: 1\n".encode("utf-16"))
add("QD002-truncated-utf8@1.7.yaml", "name: 安全".encode()[:-1])
add(
    "QD002-gbk-after-utf8@3.9.yaml",
    "qingdan: 1\nname: 安全生产监督检查\nnote: ".encode() + "已核对".encode("gbk") + b"\n",
)
# ---- QD003 line endings
add("QD003-crlf-then-lf@2.5.yaml", b"a: 1\r\nb: 2\nc: 3\r\n")
add("QD003-lf-then-crlf@1.5.yaml", b"a: 1\nb: 2\r\n")
add("QD003-lone-cr@1.5.yaml", b"a: 1\rb: 2\n")
add("QD003-cr-only@1.5.yaml", b"a: 1\rb: 2\r")
# ---- QD007 several documents
add("QD007-two-documents@2.1.yaml", "qingdan: 1\n---\nqingdan: 1\n")
add("QD007-document-end-then-start@4.1.yaml", "---\nqingdan: 1\n...\n---\nqingdan: 1\n")
add("QD007-two-empty-documents@2.1.yaml", "---\n---\n")
# ---- QD008 empty
add("QD008-empty-file@1.1.yaml", b"")
add("QD008-comments-only@1.1.yaml", "# 清单\n# 尚未填写\n")
add("QD008-document-start-only@1.1.yaml", "---\n")
add("QD008-whitespace-only@1.1.yaml", "\n   \n\n")
add("QD008-null-document@1.1.yaml", "~\n")
add("QD008-bom-only@1.1.yaml", b"\xef\xbb\xbf")
# ---- QD018 not a mapping
add("QD018-top-level-list@1.1.yaml", "- id: T-0001\n  name: 安全生产监督检查\n")
add("QD018-top-level-scalar@1.1.yaml", "安全生产监督检查\n")
add("QD018-top-level-number@1.1.yaml", "1\n")
# ---- QD016 explicit tags
add("QD016-python-object-apply@1.7.yaml", 'name: !!python/object/apply:os.system ["echo pwned"]\n')
add("QD016-str-tag@1.7.yaml", "name: !!str 安全生产监督检查\n")
add("QD016-custom-tag@1.7.yaml", "name: !custom 安全生产监督检查\n")
add("QD016-tag-on-mapping@2.7.yaml", "qingdan: 1\nlist: !!map\n  id: T\n")
add("QD016-tag-on-sequence@2.8.yaml", "qingdan: 1\nitems: !!seq\n  - id: T-0001\n")
add("QD016-verbatim-tag@1.10.yaml", "qingdan: !<tag:yaml.org,2002:int> 1\n")
add("QD016-binary@1.7.yaml", "name: !!binary 5a6J5YWo\n")
add("QD016-tag-on-root@1.1.yaml", "!!map\nqingdan: 1\n")
# ---- QD004 conflict markers
add(
    "QD004-conflict-markers@3.1.yaml",
    "qingdan: 1\nitems:\n<<<<<<< HEAD\n  - id: T-0001\n=======\n  - id: T-0002\n>>>>>>> feature\n",
)
add("QD004-separator-only@3.1.yaml", "qingdan: 1\nname: 安全生产监督检查\n=======\n")
add("QD004-closing-marker-only@2.1.yaml", "qingdan: 1\n>>>>>>> 3f2a9c1 (调整事项)\n")
add(
    "QD004-diff3-base-marker@3.1.yaml",
    "qingdan: 1\nname: 安全生产监督检查\n||||||| merged common ancestors\n",
)
add(
    "QD004-in-double-quoted@3.1.yaml",
    'qingdan: 1\nnote: "第一行\n<<<<<<< HEAD\n镇里负责\n=======\n县里负责\n>>>>>>> feature\n"\n',
)
add(
    "QD004-in-block-scalar@4.1.yaml",
    "qingdan: 1\ncontent: |\n  对辖区内生产经营单位开展巡查。\n<<<<<<< HEAD\n  每月一次。\n=======\n  每季度一次。\n>>>>>>> feature\n",
)
add("QD004-in-plain-multiline@3.1.yaml", "qingdan: 1\nnote: 第一行\n<<<<<<< HEAD\n  镇里负责\n")
# ---- QD012 depth
add("QD012-flow-depth-100000@1.65.yaml", "[" * 100000 + "]" * 100000 + "\n")
lines = []
for d in range(100):
    lines.append("  " * d + "a:")
lines[-1] += " 1"
add("QD012-block-depth-100@64.127.yaml", "\n".join(lines) + "\n")
add("QD012-flow-mapping-depth@1.256.yaml", "a: " + "{a: " * 200 + "1" + "}" * 200 + "\n")
# ---- QD001 syntax errors
add("QD001-unclosed-quote.yaml", 'qingdan: 1\nname: "安全生产监督检查\nstatus: active\n')
add("QD001-bad-indentation@3.8.yaml", "list:\n  id: T\n   title: 测试镇履行职责事项清单\n")
add(
    "QD001-unclosed-flow-sequence.yaml",
    "qingdan: 1\ncooperating_departments: [县应急管理局, 县消防救援大队\n",
)
add("QD001-colon-in-plain-value@1.9.yaml", "name: a: b\n")
add("QD001-item-dedented.yaml", "items:\n  - id: T-0001\n name: 安全生产监督检查\n")


def main():
    for p in OUT.iterdir():
        if p.name != "QD010-nested-duplicate@4.3.yaml":
            p.unlink()
    for name, data in H:
        (OUT / name).write_bytes(data)
    print(len(H), "files")


LIST = """qingdan: 1
list:
  id: T
  title: 测试镇履行职责事项清单
  kind: township
  unit: {name: 测试镇, type: township, code: "990102101000"}
  issuer: 中共测试县委 测试县人民政府
  revision: "2025.2"
  effective: 2025-09-01
  baseline: "2024.1"
items:
  - id: T-0001
    name: 安全生产监督检查
    category: basic
    domain: 平安法治
    content: 按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促整改事故隐患。
    basis:
      - instrument: 安全生产法
        article: 第九条第二款
    status: active
    since: "2024.1"
"""


def fix(name, data):
    global H
    H = [(n, d) for n, d in H if not n.startswith(name.split("@")[0].rsplit(".", 1)[0] + "@") and n != name]
    add(name, data)


H = [(n, d) for n, d in H if not n.startswith(("QD017-date-key", "QD015-alias-merge"))]
H = [
    (n, d)
    for n, d in H
    if not n.startswith(
        (
            "QD001-bad-indentation",
            "QD001-colon-in-plain",
            "QD002-gbk-after",
            "QD002-latin1",
            "QD002-truncated",
            "QD005-tab-in-value",
            "QD010-flow-mapping",
            "QD012-block-depth",
            "QD013-",
        )
    )
]
add("QD001-bad-indentation@3.9.yaml", "list:\n  id: T\n   title: 测试镇履行职责事项清单\n")
add("QD001-colon-in-plain-value@1.8.yaml", "name: a: b\n")
add(
    "QD002-gbk-after-utf8@3.7.yaml",
    "qingdan: 1\nname: 安全生产监督检查\nnote: ".encode() + "已核对".encode("gbk") + b"\n",
)
add("QD002-latin1@1.12.yaml", "issuer: Caf\xe9 municipal\n".encode("latin-1"))
add("QD002-truncated-utf8@1.8.yaml", "name: 安全".encode()[:-1])
add("QD005-tab-in-value@1.11.yaml", "name: 安全生产\t监督检查\n")
add("QD010-flow-mapping-duplicate@1.35.yaml", "unit: {name: 测试镇, type: township, name: 测试乡}\n")
add("QD012-block-depth-100@65.129.yaml", "\n".join(lines) + "\n")
add("QD013-february-30@2.14.yaml", "list:\n  effective: 2024-02-30\n")
add("QD013-month-13@2.14.yaml", "list:\n  effective: 2023-13-01\n")
add("QD013-invalid-datetime@1.11.yaml", "approved: 2025-05-20 25:00:00\n")
add("QD013-5000-digit-integer@1.11.yaml", "staffing: " + "9" * 5000 + "\n")
add(
    "QD013-invalid-date-in-list@20.41.yaml",
    LIST.replace(
        "    status: active\n", "    review: {interval_months: 12, next: 2026-06-31}\n    status: active\n", 1
    ),
)
add(
    "QD015-anchor-before-merge@1.7.yaml",
    "base: &base {category: basic, domain: 平安法治}\nitem:\n  <<: *base\n",
)
add("QD003-lone-cr-in-crlf-file@1.5.yaml", b"a: 1\rb: 2\r\n")
add(
    "QD003-crlf-list-with-lf-line@4.21.yaml",
    LIST.replace("\n", "\r\n").replace("测试镇履行职责事项清单\r\n", "测试镇履行职责事项清单\n").encode(),
)
add(
    "QD020-unquoted-revision@8.3.yaml",
    LIST.replace('revision: "2025.2"', "revision: 2025.10").replace(
        "effective: 2025-09-01", "effective: 2025-12-01"
    ),
)
add("QD020-unquoted-division-code@6.37.yaml", LIST.replace('code: "990102101000"', "code: 990102101000"))
add("QD020-unquoted-since@21.5.yaml", LIST.replace('since: "2024.1"', "since: 2024.1"))
main()
