"""Every finding code qingdan can report: severity, message, explanation and examples, in two languages.

Codes are stable: QD0xx file and YAML (format rule 1), QD1xx schema, QD2xx ids (rule 2), QD3xx legal
basis (rule 3), QD4xx forbidden sole basis (rule 4), QD5xx departments (rule 5), QD6xx devolved items
(rule 6), QD7xx admission (rule 7), QD8xx retirement (rule 8), QD90x near-duplicates (rule 9),
QD91x vocabulary (rule 10), QD92x registries, QD95x history, QD97x change reports,
QD93x adoption of a template (from, not_applicable), QD94x units served (applies_to),
QD98x assessments (assessments/*.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.i18n import Text

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Rule:
    code: str
    group: int  # the FORMAT.md rule number; 0 for schema, 11 registries, 12 history, 13 reports
    severity: str
    title: Text
    message: Text
    explain: Text
    bad: str = ""
    good: str = ""


def _r(
    code: str,
    group: int,
    severity: str,
    title: tuple[str, str],
    message: tuple[str, str],
    explain: tuple[str, str],
    bad: str = "",
    good: str = "",
) -> Rule:
    return Rule(
        code, group, severity, Text(*title), Text(*message), Text(*explain), bad.strip("\n"), good.strip("\n")
    )


_ITEM = """items:
  - id: CX-QSZ-0001
    name: 安全生产监督检查
    category: basic
    domain: 平安法治
"""

RULES: tuple[Rule, ...] = (
    # ---- rule 1: the file and its YAML -------------------------------------------------------
    _r(
        "QD001",
        1,
        ERROR,
        ("YAML 语法错误", "YAML syntax error"),
        ("YAML 语法错误：{problem_zh}", "YAML syntax error: {problem}"),
        (
            "文件必须是合法的 YAML 1.2。常见原因：缩进不一致、冒号后缺少空格、引号未闭合。",
            "The file must be valid YAML 1.2. Usual causes: inconsistent indentation, a colon without a "
            "following space, an unclosed quote.",
        ),
        'name: "安全生产监督检查\n',
        'name: "安全生产监督检查"\n',
    ),
    _r(
        "QD002",
        1,
        ERROR,
        ("不是 UTF-8 编码", "not UTF-8"),
        ("文件不是 UTF-8 编码{guess_zh}", "the file is not UTF-8{guess_en}"),
        (
            "清单文件一律使用 UTF-8 编码。从 Word/Excel 或旧系统导出的文件常为 GBK，请用编辑器“另存为 UTF-8”。",
            "List files are UTF-8. Files exported from Word/Excel or old systems are often GBK: save them "
            "again as UTF-8.",
        ),
        "（GBK 编码的字节）",
        "（UTF-8 编码的同一文本）",
    ),
    _r(
        "QD003",
        1,
        ERROR,
        ("换行符不一致", "inconsistent line endings"),
        (
            "换行符不一致（LF 与 CRLF 混用，或单独的 CR），请统一为 LF 或 CRLF",
            "inconsistent line endings (LF mixed with CRLF, or a lone CR); use LF or CRLF throughout",
        ),
        (
            "一个文件只能使用一种换行符（LF 或 CRLF），否则编辑后无法逐字节保持原样。",
            "A file uses one kind of line ending (LF or CRLF) so that edits can keep it byte for byte.",
        ),
        "a: 1\\r\\nb: 2\\n",
        "a: 1\\nb: 2\\n",
    ),
    _r(
        "QD004",
        1,
        ERROR,
        ("未解决的合并冲突", "unresolved merge conflict"),
        ("第 {line} 行有未解决的 git 合并冲突标记", "unresolved git merge conflict marker at line {line}"),
        (
            "文件中残留 <<<<<<< / ======= / >>>>>>> 冲突标记。它们可能藏在多行文本中被当作正文读入，必须先解决冲突。",
            "Conflict markers <<<<<<< / ======= / >>>>>>> remain in the file. Inside a multi-line text they "
            "would be read silently as content, so resolve the conflict first.",
        ),
        "<<<<<<< HEAD\n    name: 安全生产检查\n=======\n    name: 安全生产监督检查\n>>>>>>> feature\n",
        "    name: 安全生产监督检查\n",
    ),
    _r(
        "QD005",
        1,
        ERROR,
        ("使用了制表符", "tab character"),
        ("使用了制表符（Tab），请改用空格", "tab character; use spaces"),
        (
            "YAML 缩进只能用空格；值中的制表符在不同解析器中表现不一，一律禁止。",
            "YAML indents with spaces; tabs inside values parse differently across parsers, so none are allowed.",
        ),
        "list:\n\tid: CX-QSZ\n",
        "list:\n  id: CX-QSZ\n",
    ),
    _r(
        "QD006",
        1,
        ERROR,
        ("非法字符", "forbidden character"),
        (
            "含有不允许的字符 {char}（控制字符、行分隔符或字节顺序标记）",
            "forbidden character {char} (control character, line separator or byte order mark)",
        ),
        (
            "控制字符、U+0085、U+2028/2029、文件中间的 BOM 和孤立代理项会在读写时被悄悄改变，必须删除。",
            "Control characters, U+0085, U+2028/2029, a BOM after the start and lone surrogates are changed "
            "silently on a round trip, so they are rejected.",
        ),
        'name: "安全\\u2028检查"\n',
        "name: 安全检查\n",
    ),
    _r(
        "QD007",
        1,
        ERROR,
        ("多个文档", "several documents"),
        ("一个文件只能包含一个 YAML 文档", "a file holds exactly one YAML document"),
        (
            "每份清单是一个文件中的一个文档；不要用 --- 分隔多个文档。",
            "Each list is one document in one file; do not separate documents with ---.",
        ),
        "qingdan: 1\n---\nqingdan: 1\n",
        "qingdan: 1\n",
    ),
    _r(
        "QD008",
        1,
        ERROR,
        ("空文件", "empty document"),
        ("文件为空（没有任何内容）", "the document is empty"),
        ("文件必须包含清单内容。", "The file must hold a list."),
        "# 只有注释\n",
        "qingdan: 1\nlist: ...\n",
    ),
    _r(
        "QD009",
        1,
        ERROR,
        ("YAML 指令", "YAML directive"),
        ("不允许使用 %YAML / %TAG 指令", "%YAML and %TAG directives are not allowed"),
        (
            "%YAML 1.1 会把 no、010 等读成布尔值和八进制数，清单一律按 YAML 1.2 解析。",
            "%YAML 1.1 turns no and 010 into booleans and octal numbers; lists are always YAML 1.2.",
        ),
        "%YAML 1.1\n---\nqingdan: 1\n",
        "qingdan: 1\n",
    ),
    _r(
        "QD010",
        1,
        ERROR,
        ("重复的键", "duplicate key"),
        ("键「{key}」重复出现", "duplicate key '{key}'"),
        (
            "同一层级中重复的键会让后一个值悄悄覆盖前一个值。",
            "A repeated key silently replaces the earlier value.",
        ),
        "    name: 安全生产检查\n    name: 安全生产监督检查\n",
        "    name: 安全生产监督检查\n",
    ),
    _r(
        "QD011",
        1,
        ERROR,
        ("文件过大", "file too large"),
        ("文件过大（{size} 字节，上限 {limit} 字节）", "file too large ({size} bytes, limit {limit})"),
        (
            "一份清单远小于 2 MB；过大的文件多半不是清单，或是被误写入的数据。",
            "A list is far below 2 MB; a larger file is not a list or holds stray data.",
        ),
        "",
        "",
    ),
    _r(
        "QD012",
        1,
        ERROR,
        ("嵌套过深", "nesting too deep"),
        ("嵌套层级过深（上限 {limit} 层）", "nesting too deep (limit {limit} levels)"),
        (
            "清单的结构最多几层；极深的嵌套会耗尽解析器的栈。",
            "Lists are a few levels deep; extreme nesting exhausts the parser.",
        ),
        "a: [[[[[[[[...]]]]]]]]\n",
        "a: [1]\n",
    ),
    _r(
        "QD013",
        1,
        ERROR,
        ("无效的日期或数值", "invalid date or number"),
        ("无效的日期或数值：{value}", "invalid date or number: {value}"),
        (
            "日期必须真实存在（YYYY-MM-DD），数值不得超长。",
            "Dates must exist (YYYY-MM-DD) and numbers must be of sane length.",
        ),
        "effective: 2025-02-30\n",
        "effective: 2025-02-28\n",
    ),
    _r(
        "QD014",
        1,
        ERROR,
        ("合并键", "merge key"),
        ("不允许使用合并键 <<", "merge keys (<<) are not allowed"),
        (
            "合并键依赖锚点与别名，会让同一内容出现在多个事项中而难以审阅。",
            "Merge keys need anchors and aliases and make one text appear in several items unseen.",
        ),
        "  - <<: *common\n",
        "  - id: CX-QSZ-0002\n",
    ),
    _r(
        "QD015",
        1,
        ERROR,
        ("锚点或别名", "anchor or alias"),
        ("不允许使用锚点（&）或别名（*）", "anchors (&) and aliases (*) are not allowed"),
        (
            "别名可以构造“十亿笑声”式的炸弹文件，也让审阅者看不到真实内容；每个值都要写全。",
            "Aliases allow 'billion laughs' bombs and hide content from reviewers; write every value out.",
        ),
        "basis: &b [...]\nother: *b\n",
        "basis: [...]\n",
    ),
    _r(
        "QD016",
        1,
        ERROR,
        ("显式标签", "explicit tag"),
        ("不允许使用显式标签 {tag}", "explicit tag {tag} is not allowed"),
        (
            "!!python/... 等标签可能被用来执行代码，!!str 之类也会改变值的类型；清单中不需要标签。",
            "Tags such as !!python/... can be used to run code, and !!str changes types; lists need none.",
        ),
        "name: !!str 安全检查\n",
        "name: 安全检查\n",
    ),
    _r(
        "QD017",
        1,
        ERROR,
        ("非字符串键", "non-string key"),
        ("键必须是普通字符串", "keys must be plain strings"),
        (
            "1:、true:、? [a, b] 这样的键会被读成数字、布尔值或元组。",
            "Keys like 1:, true: or ? [a, b] become numbers, booleans or tuples.",
        ),
        "1: 安全检查\n",
        "name: 安全检查\n",
    ),
    _r(
        "QD018",
        1,
        ERROR,
        ("不是映射", "not a mapping"),
        ("文件顶层必须是键值映射（实际为 {kind}）", "the top level must be a mapping (found {kind})"),
        (
            "清单文件顶层是 qingdan / list / items 三个键。",
            "A list file has the top-level keys qingdan, list and items.",
        ),
        "- 安全检查\n",
        "qingdan: 1\n",
    ),
    _r(
        "QD019",
        1,
        ERROR,
        ("无法读取文件", "cannot read file"),
        ("无法读取文件：{error}", "cannot read the file: {error}"),
        ("文件不存在、是目录，或没有读取权限。", "The file is missing, is a folder, or cannot be read."),
        "",
        "",
    ),
    _r(
        "QD020",
        1,
        ERROR,
        ("须加引号的字符串", "string must be quoted"),
        (
            '「{key}」必须是字符串，请写作 "{raw}"（未加引号时被读作 {value}）',
            "'{key}' must be a string: write \"{raw}\" (unquoted it reads as {value})",
        ),
        (
            '版次、编号、区划代码必须加引号：未加引号的 2025.10 会被读成小数 2025.1，"010" 会丢失前导零。',
            "Revisions, ids and codes are quoted: an unquoted 2025.10 reads as the number 2025.1 and 010 loses "
            "its zero.",
        ),
        "  revision: 2025.10\n",
        '  revision: "2025.10"\n',
    ),
    _r(
        "QD021",
        1,
        ERROR,
        ("无法解析", "cannot parse"),
        ("无法解析：{problem}", "cannot parse: {problem}"),
        (
            "解析器遇到了不支持的写法（例如键与值之间的多行注释）。请简化该处写法。",
            "The parser met an unsupported construct (such as a multi-line comment between a key and its value). "
            "Simplify it.",
        ),
        "",
        "",
    ),
    _r(
        "QD022",
        1,
        ERROR,
        ("注释无法保留", "comment would be lost"),
        (
            "第 {line} 行的注释「{comment}」在整理格式时无法保留，未改动此文件；请把注释移到键的同一行或单独一行",
            "the comment '{comment}' on line {line} cannot be kept when formatting; the file was left alone. "
            "Move the comment onto the key's line or a line of its own",
        ),
        (
            "键和值之间跨行的注释会被 YAML 库丢弃；qingdan fmt 宁可不整理，也不丢注释。",
            "The YAML library drops comments placed between a key and its value on another line; qingdan fmt leaves "
            "such a file alone rather than lose a comment.",
        ),
        "名称:\n  # 说明\n  安全生产检查\n",
        "名称: 安全生产检查  # 说明\n",
    ),
    # ---- names, ids and titles: visible text on one line (rules/characters.py) ---------------
    _r(
        "QD028",
        1,
        ERROR,
        ("名称、编号或标题中有双向文本控制字符", "bidirectional control in a name, id or title"),
        (
            "「{field}」含有双向文本控制字符 {char}：显示出的文字顺序与实际内容不同，必须删除",
            "'{field}' contains the bidirectional control character {char}: the text shows in another "
            "order than it is stored; remove it",
        ),
        (
            "U+202E（从右向左强制）等双向控制字符会让表格中的文字倒序显示，审核人员看到的与清单实际写的不一致。"
            "名称、编号、标题、单位、部门和法规名称中不得出现 U+202A–U+202E、U+2066–U+2069、U+200E、U+200F、U+061C。",
            "Bidirectional controls such as U+202E (right-to-left override) make a table cell show its text "
            "reversed, so a reviewer reads something other than what the list says. Names, ids, titles, units, "
            "departments and instruments may not contain U+202A-U+202E, U+2066-U+2069, U+200E, U+200F or U+061C.",
        ),
        '    name: "安全生产\\u202e查检督监"\n',
        "    name: 安全生产监督检查\n",
    ),
    _r(
        "QD029",
        1,
        ERROR,
        ("名称、编号或标题中有不可见字符或换行", "invisible character or line break in a name, id or title"),
        (
            "「{field}」含有不可见字符或换行 {char}，必须删除",
            "'{field}' contains the invisible character or line break {char}; remove it",
        ),
        (
            "零宽空格（U+200B）、零宽连接符等不可见字符让看起来相同的两个编号或名称实际不同；回车（CR）和换行会把"
            "单行字段拆到表格的几行中。名称、编号、标题、单位、部门和法规名称只能是一行可见文字。",
            "Zero-width spaces (U+200B), joiners and other invisible characters make two ids or names that look "
            "the same differ; a CR or line break splits a one-line field across table rows. Names, ids, titles, "
            "units, departments and instruments are one line of visible text.",
        ),
        '  title: "青石镇履行职责事项清单\\r"\n',
        "  title: 青石镇履行职责事项清单\n",
    ),
    _r(
        "QD023",
        1,
        ERROR,
        ("不是普通文件", "not a regular file"),
        (
            "不是普通文件（命名管道、设备或其他特殊文件），未读取",
            "not a regular file (a FIFO, a device or another special file); not read",
        ),
        (
            "清单只能是普通文件。读取命名管道会一直等待，读取 /dev/zero 之类的设备永无止境，所以 qingdan 不读它们。",
            "A list is a regular file. Reading a FIFO waits for ever and a device such as /dev/zero never ends, "
            "so qingdan does not read them.",
        ),
        "lists/a.yaml -> /dev/zero\n",
        "lists/a.yaml（普通文件）\n",
    ),
    _r(
        "QD024",
        1,
        ERROR,
        ("指向仓库外的符号链接", "symlink leaves the repository"),
        (
            "是指向清单仓库之外的符号链接，未读取",
            "is a symlink to a file outside the list repository; not read",
        ),
        (
            "仓库中的符号链接可能来自他人的合并请求；读取仓库外的文件会把其内容泄露到检查结果中。"
            "请把文件本身放进仓库，或让链接指向仓库内的文件。",
            "A symlink in the repository may come from someone else's pull request; reading a file outside "
            "the repository would leak its content into the findings. Put the file itself in the repository, or "
            "link to a file inside it.",
        ),
        "lists/a.yaml -> ../../etc/secret.yaml\n",
        "lists/a.yaml -> ../shared/a.yaml（仓库内）\n",
    ),
    _r(
        "QD030",
        1,
        ERROR,
        ("值过多", "too many values"),
        (
            "文件中的值过多（超过 {limit} 个键、值和列表项），未再读取",
            "too many values in the file (more than {limit} keys, values and entries); it was not read further",
        ),
        (
            "一份清单只有几万个值；一个 2 MB 以内的文件也可以写出上百万个空的小条目，逐个读取和校验会耗尽内存和时间。",
            "A list holds some ten thousand values; a file under 2 MB can still spell out millions of tiny entries, "
            "and reading and checking each would exhaust memory and time.",
        ),
        "items: [{a: 1}, {a: 1}, {a: 1}, ...]   # 数十万项\n",
        "",
    ),
    _r(
        "QD031",
        1,
        ERROR,
        ("事项过多", "too many items"),
        (
            "清单有 {count} 个事项，超过上限 {limit}；未再校验",
            "the list has {count} items, more than the limit of {limit}; it was not checked further",
        ),
        (
            "全国乡镇清单平均约 340 项；上千项的清单多半是误写入的数据。请拆分清单。",
            "A township list averages about 340 items; one with thousands is most likely stray data. Split the list.",
        ),
        "",
        "",
    ),
    _r(
        "QD032",
        1,
        INFO,
        ("其余问题未显示", "more findings not shown"),
        (
            "{where}另有 {count} 个问题未显示（先改正上面的问题）",
            "{where_en}{count} more findings not shown (fix those above first)",
        ),
        (
            "一个文件最多显示 100 个问题、一次运行最多 1000 个，其余只计数，免得输出和内存随坏文件无限增长。",
            "At most 100 findings are shown per file and 1000 per run; the rest are counted, so that output "
            "and memory do not grow without bound with a broken file.",
        ),
        "",
        "",
    ),
    # ---- schema ------------------------------------------------------------------------------
    _r(
        "QD101",
        0,
        ERROR,
        ("缺少必填字段", "missing required key"),
        ("缺少必填字段「{key}」（{title}）", "missing required key '{key}' ({title})"),
        (
            "清单、事项和各记录都有必填字段，见 schemas/*.schema.json。",
            "Lists, items and records have required keys; see schemas/*.schema.json.",
        ),
        _ITEM.replace("    domain: 平安法治\n", ""),
        _ITEM,
    ),
    _r(
        "QD102",
        0,
        ERROR,
        ("未知字段", "unknown key"),
        ("未知字段「{key}」{hint_zh}", "unknown key '{key}'{hint_en}"),
        (
            "格式只接受定义过的字段，拼写错误不会被悄悄忽略。",
            "The format accepts only the keys it defines, so a misspelt key is never ignored.",
        ),
        _ITEM + "    catgory: basic\n",
        _ITEM,
    ),
    _r(
        "QD103",
        0,
        ERROR,
        ("类型错误", "wrong type"),
        (
            "「{key}」应为{expected_zh}，实际为{actual_zh}",
            "'{key}' should be {expected_en}, found {actual_en}",
        ),
        (
            "每个字段有确定的类型：文本、数字、日期、列表或映射。",
            "Each key has one type: text, number, date, list or mapping.",
        ),
        "    devolved: 是\n",
        "    devolved: true\n",
    ),
    _r(
        "QD104",
        0,
        ERROR,
        ("取值不允许", "value not allowed"),
        (
            "「{key}」的取值 {value} 不在允许范围内：{allowed}",
            "'{key}' value {value} is not one of: {allowed}",
        ),
        (
            "类别、状态、原因等字段只能取规定的值。",
            "Categories, statuses and reasons take one of the listed values.",
        ),
        "    status: activ\n",
        "    status: active\n",
    ),
    _r(
        "QD105",
        0,
        ERROR,
        ("格式不符", "wrong format"),
        (
            "「{key}」的取值 {value} 格式不符：{expected}",
            "'{key}' value {value} has the wrong format: {expected}",
        ),
        (
            "编号、版次、日期、区划代码和条款号有固定格式。",
            "Ids, revisions, dates, division codes and article numbers have fixed formats.",
        ),
        "  - id: QSZ-1\n",
        "  - id: CX-QSZ-0001\n",
    ),
    _r(
        "QD106",
        0,
        ERROR,
        ("约束不满足", "constraint not met"),
        ("「{key}」不满足约束：{detail_zh}", "'{key}' does not meet a constraint: {detail_en}"),
        ("长度、数量、取值范围或唯一性的约束。", "A length, count, range or uniqueness constraint."),
        "    name: ''\n",
        "    name: 安全生产监督检查\n",
    ),
    # ---- rule 2: ids -------------------------------------------------------------------------
    _r(
        "QD201",
        2,
        ERROR,
        ("事项编号重复", "duplicate item id"),
        ("事项编号 {id} 重复（另见 {other}）", "item id {id} is used twice (also at {other})"),
        (
            "事项编号在整个清单仓库中唯一，一经分配永不复用。",
            "Item ids are unique across the repository and never reused.",
        ),
        "  - id: CX-QSZ-0001\n  ...\n  - id: CX-QSZ-0001\n",
        "  - id: CX-QSZ-0001\n  ...\n  - id: CX-QSZ-0002\n",
    ),
    _r(
        "QD202",
        2,
        ERROR,
        ("编号与清单不符", "id does not match its list"),
        (
            "事项编号 {id} 应为「{list}-四位以上数字」",
            "item id {id} should be '{list}-' followed by 4+ digits",
        ),
        (
            "事项编号以所属清单编号开头，后接四位以上数字。",
            "An item id is its list's id, a hyphen and four or more digits.",
        ),
        "list:\n  id: CX-QSZ\nitems:\n  - id: CX-LTJD-0001\n",
        "list:\n  id: CX-QSZ\nitems:\n  - id: CX-QSZ-0001\n",
    ),
    _r(
        "QD203",
        2,
        ERROR,
        ("曾用编号冲突", "previous id collides"),
        (
            "曾用编号 {id} 与现有事项编号冲突（{other}）",
            "previous id {id} collides with a live item id ({other})",
        ),
        (
            "previous_ids 记录重新编号前的旧编号，不能与任何现有编号相同，否则引用会指向两个事项。",
            "previous_ids records ids from before a renumbering; none may equal a live id, or references become ambiguous.",
        ),
        "    previous_ids: [CX-QSZ-0002]   # CX-QSZ-0002 仍在使用\n",
        "    previous_ids: [CX-QSZ-0100]\n",
    ),
    _r(
        "QD204",
        2,
        ERROR,
        ("清单编号重复", "duplicate list id"),
        ("清单编号 {list} 重复（另见 {other}）", "list id {list} is used twice (also in {other})"),
        ("每份清单的编号在仓库中唯一。", "Every list id is unique in the repository."),
        "# a.yaml 与 b.yaml 都写 id: CX-QSZ\n",
        "# b.yaml 改为 id: CX-LTJD\n",
    ),
    # ---- rule 3: legal basis -----------------------------------------------------------------
    _r(
        "QD301",
        3,
        ERROR,
        ("缺少履职依据", "no legal basis"),
        ("有效事项没有履职依据", "active item has no legal basis"),
        (
            "每个有效事项至少列出一条法律、法规或规范性文件依据。",
            "Every active item cites at least one legal provision.",
        ),
        _ITEM,
        _ITEM + "    basis:\n      - instrument: 中华人民共和国安全生产法\n        article: 第九条第二款\n",
    ),
    _r(
        "QD302",
        3,
        ERROR,
        ("未登记的法律文件", "unregistered instrument"),
        (
            "法律文件「{name}」未在法规库中登记{hint_zh}",
            "instrument '{name}' is not in the registry{hint_en}",
        ),
        (
            "依据必须引用 laws.yaml 中登记的名称或简称，以便核对条文数、版本和废止情况。",
            "A basis names a title or alias registered in laws.yaml, so that articles, versions and repeal can be checked.",
        ),
        "      - instrument: 安全生产条例\n",
        "      - instrument: 中华人民共和国安全生产法\n",
    ),
    _r(
        "QD303",
        3,
        ERROR,
        ("条款超出范围", "article out of range"),
        (
            "{title}（{version} 版）只有 {count} 条，不存在{article}",
            "{title} ({version}) has {count} articles; {article} does not exist",
        ),
        (
            "所引条款号不能超过所引版本的条文总数；法律修订后条文常被重新编号。",
            "The article number must exist in the cited version; revisions often renumber articles.",
        ),
        "      - instrument: 中华人民共和国安全生产法\n        article: 第二百条\n",
        "      - instrument: 中华人民共和国安全生产法\n        article: 第九条\n",
    ),
    _r(
        "QD304",
        3,
        ERROR,
        ("依据已废止", "repealed instrument"),
        (
            "「{title}」已于 {repealed} 废止，早于清单生效日期 {effective}",
            "'{title}' was repealed on {repealed}, before the list takes effect ({effective})",
        ),
        (
            "清单生效时已废止的文件不能作为履职依据；请改引现行依据，或将事项销号（law_repealed）。",
            "An instrument repealed before the list takes effect cannot be a basis; cite the current one or retire the item (law_repealed).",
        ),
        "",
        "",
    ),
    _r(
        "QD305",
        3,
        WARNING,
        ("引用旧版本", "stale citation"),
        (
            "引用了「{title}」{version} 版，已有更新的 {newest} 版",
            "cites the {version} version of '{title}'; {newest} is newer",
        ),
        (
            "固定引用的版本已被修订：请核对条款号和内容后改引新版本。",
            "The pinned version has been revised: check the article and cite the new version.",
        ),
        "        version: 2009-06-27\n",
        "        version: 2024-09-13\n",
    ),
    _r(
        "QD306",
        3,
        ERROR,
        ("版本未登记", "unknown version"),
        ("「{title}」没有登记 {version} 版", "'{title}' has no registered version of {version}"),
        (
            "固定引用的版本日期必须是法规库中登记的某个版本。",
            "A pinned version date must be one of the registered versions.",
        ),
        "        version: 2020-01-01\n",
        "        version: 2021-06-10\n",
    ),
    _r(
        "QD307",
        3,
        ERROR,
        ("条款不存在", "article not in text"),
        ("{title}（{version} 版）中不存在{article}", "{article} does not exist in {title} ({version})"),
        (
            "配置了法律文本目录时，所引条、款、项必须在所引版本的文本中确实存在。",
            "With law texts configured, the cited article, paragraph and item must exist in that version's text.",
        ),
        "        article: 第九条第五款\n",
        "        article: 第九条第二款\n",
    ),
    _r(
        "QD308",
        3,
        ERROR,
        ("依据尚未施行", "not yet in force"),
        (
            "清单生效日期 {effective} 时「{title}」尚无施行的版本",
            "no version of '{title}' is in force on the list's effective date {effective}",
        ),
        ("依据必须在清单生效时已经施行。", "A basis must be in force when the list takes effect."),
        "",
        "",
    ),
    _r(
        "QD309",
        3,
        ERROR,
        ("新生效日期改变了未固定版本的依据", "effective date moves an unpinned citation"),
        (
            "「{title}」{article}未固定版本：起草时（{since} 版，{drafted}）指 {meant} 版，而清单生效日期 {effective} 时"
            "施行的是 {now} 版（{now_effective} 起施行）；请对照新版本重新审查该条款，并用 version 写明所引版本",
            "'{title}' {article} is not pinned: drafted under the {meant} version ({since}, {drafted}), while the "
            "{now} version (in force {now_effective}) applies on the list's effective date {effective}; re-examine "
            "the article against it and pin the version meant with version:",
        ),
        (
            "未写 version 的依据指起草时施行的版本：事项纳入版次（since）的生效日期那天施行的版本（由 git 历史得知；"
            "没有历史时取已提交的该版次调整说明；都无从得知时取清单的生效日期）。validate、impact 等所有命令都这样解读。"
            "新版次把清单的生效日期推到法律新版本施行之后，条文可能已重新编号或改写，这条依据的含义就不再清楚。"
            "请对照新版本核对条款号和内容：仍按旧版本理解的，写上旧版本的日期；改按新版本引用的，"
            "改正条款号并写上新版本的日期。",
            "A citation without version: means the version in force when it was drafted: on the effective date "
            "of the revision that introduced its item (its since), known from git history, else from that "
            "revision's recorded change report, else the list's effective date. Every command (validate, "
            "impact, ...) reads it so. When a new revision moves the list's effective date past a newer "
            "version of the law, the articles may have been renumbered or reworded and the citation no longer "
            "says what it means. Check the article against the new version: pin the old version's date if the "
            "old text is meant, or correct the article and pin the new version.",
        ),
        "# 事项 since 2024.1（2024-07-01 施行）；清单现为 2025.2，2025-09-01 施行\n"
        "      - instrument: 中华人民共和国统计法\n        article: 第七条\n",
        "# 对照 2024 年修正文本核对后固定版本\n"
        "      - instrument: 中华人民共和国统计法\n        article: 第七条\n        version: 2024-09-13\n",
    ),
    # ---- rule 4 ------------------------------------------------------------------------------
    # ---- QD31x: bases as real annexes give them (依据待补, cells kept verbatim, numerals) ---------
    _r(
        "QD310",
        3,
        WARNING,
        ("依据待补", "basis to be supplied"),
        (
            "事项注明原清单未列履职依据（依据待补）{note_zh}",
            "the item records that its source gives no basis (basis to be supplied){note_en}",
        ),
        (
            "导入的清单常常没有依据列。事项写上 no_basis（可附说明）表示「依据待补」：它是一项待办，"
            "默认为警告而不是 QD301 的错误；qingdan stats 按清单统计待补数量，qingdan cite 可帮助查找条文。"
            "可在 qingdan.yaml 的 rules 中把 QD310 调整为 error 或 info。",
            "Imported lists often lack a basis column. An item carrying no_basis (with an optional note) "
            "records that the basis is still to be found: a backlog, a warning by default instead of QD301's "
            "error; qingdan stats counts it per list and qingdan cite suggests articles. Set QD310 to error or "
            "info under rules in qingdan.yaml.",
        ),
        _ITEM,
        _ITEM + "    no_basis: {note: 原清单未列履职依据}\n",
    ),
    _r(
        "QD311",
        3,
        WARNING,
        ("依据原文未能解析", "basis text not read"),
        (
            "履职依据原文未能完全解析为条款，已原样保留：{text}",
            "the basis text could not be read into citations and is kept verbatim: {text}",
        ),
        (
            "导入时无法解析的依据单元格原样保存在 basis_text 中，附件中的内容一字不丢。"
            "请把它改写为 basis 中的条目（《法律名称》第X条），然后删除 basis_text。",
            "A basis cell that import could not read is kept verbatim in basis_text, so nothing of the annex is "
            "lost. Rewrite it as basis entries (《title》第X条) and then remove basis_text.",
        ),
        _ITEM + "    basis_text: 县政府第12次常务会议纪要\n",
        _ITEM + "    basis:\n      - instrument: 中华人民共和国安全生产法\n        article: 第九条第二款\n",
    ),
    _r(
        "QD312",
        3,
        ERROR,
        ("条款号数字无法识别", "article numeral not read"),
        (
            "条款号「{article}」中的数字不是规范写法（应为「第九十九条」或「第99条」）",
            "the numeral of article '{article}' is not written in a form qingdan reads (第九十九条 or 第99条)",
        ),
        (
            "条款号须为规范的中文数字（九、二十一、一百零五）或不带前导零的阿拉伯数字。"
            "「九九」「一百五」「第九十九99条」这类写法有歧义，qingdan 不猜测其含义。qingdan 写入时统一使用中文数字。",
            "Article numbers are canonical Chinese numerals (九, 二十一, 一百零五) or Arabic digits without a "
            "leading zero. Spellings such as 九九, 一百五 or 第九十九99条 are ambiguous and qingdan does not guess. "
            "qingdan itself writes Chinese numerals.",
        ),
        _ITEM + "    basis:\n      - instrument: 中华人民共和国安全生产法\n        article: 第九十九99条\n",
        _ITEM + "    basis:\n      - instrument: 中华人民共和国安全生产法\n        article: 第九十九条\n",
    ),
    _r(
        "QD401",
        4,
        ERROR,
        ("依据仅为部门文件", "forbidden sole basis"),
        (
            "事项的依据全部是部门文件、会议纪要或领导批示{general_zh}",
            "every basis of this item is a department document, meeting minutes or a leader's instruction{general_en}",
        ),
        (
            "《整治形式主义为基层减负若干规定》：部门不得以部门文件、会议纪要、领导批示等形式向基层派任务，法律另有规定的除外。"
            "至少要有一条法律、法规、规章或规范性文件依据。只规定一般职权的条款（默认：宪法第一百零五条、第一百零七条，"
            "地方组织法第七十三条、第七十六条、第八十六条；可在 qingdan.yaml 的 basis.general_provisions 中配置）不算具体依据："
            "在部门通知旁加引这些条款，仍按本规则处理。",
            "The 2024 rules on reducing grassroots burdens forbid departments to assign tasks through their own "
            "documents, meeting minutes or a leader's signature unless a law says so; cite at least one law, "
            "regulation, rule or normative document. Provisions that state general competence only (by default the "
            "Constitution arts. 105 and 107 and the Local Organisation Law arts. 73, 76 and 86; configure "
            "basis.general_provisions in qingdan.yaml) are no specific basis: citing them beside a department's notice "
            "is still a forbidden sole basis.",
        ),
        "    basis:\n      - instrument: 县应急管理局关于开展安全检查的通知\n"
        "      - instrument: 地方组织法\n        article: 第七十六条\n",
        "    basis:\n      - instrument: 中华人民共和国安全生产法\n        article: 第九条第二款\n",
    ),
    # ---- rule 5 ------------------------------------------------------------------------------
    _r(
        "QD501",
        5,
        ERROR,
        ("配合事项缺少分工", "cooperative item incomplete"),
        ("配合履职事项缺少「{key}」", "cooperative item lacks '{key}'"),
        (
            "配合履职事项要写明牵头部门（lead_department）、部门主责（department_duty）和乡镇配合职责（township_duty）。",
            "A cooperative item names the lead department, the department's duty and the township's duty.",
        ),
        "    category: cooperative\n    lead_department: 县应急管理局\n",
        "    category: cooperative\n    lead_department: 县应急管理局\n    department_duty: 负责行业监管\n    township_duty: 配合开展排查\n",
    ),
    _r(
        "QD502",
        5,
        ERROR,
        ("收回事项缺少承接部门", "recalled item has no receiver"),
        (
            "收回事项缺少承接部门（lead_department）",
            "recalled item lacks the receiving department (lead_department)",
        ),
        ("收回事项写明承接的上级部门。", "A recalled item names the department that takes it back."),
        "    category: recalled\n",
        "    category: recalled\n    lead_department: 县自然资源和规划局\n",
    ),
    _r(
        "QD503",
        5,
        ERROR,
        ("收回事项仍有乡镇职责", "recalled item keeps a township duty"),
        (
            "收回事项不应再写乡镇配合职责（township_duty）",
            "a recalled item has no township duty (township_duty)",
        ),
        (
            "事项已由上级部门收回，乡镇不再承担职责，否则“收回”只是换了名目。",
            "The department has taken the item back; a township duty would make the recall a relabelling.",
        ),
        "    category: recalled\n    lead_department: 县自然资源和规划局\n    township_duty: 配合巡查\n",
        "    category: recalled\n    lead_department: 县自然资源和规划局\n",
    ),
    _r(
        "QD504",
        5,
        ERROR,
        ("部门未登记", "unregistered department"),
        (
            "部门「{name}」未在部门名录中登记{hint_zh}",
            "department '{name}' is not in the departments registry{hint_en}",
        ),
        (
            "存在 departments.yaml 时，事项中的部门名称必须是登记的名称或别名。",
            "When departments.yaml exists, department names must be registered names or aliases.",
        ),
        "    lead_department: 应急局\n",
        "    lead_department: 县应急管理局\n",
    ),
    # ---- rule 6 ------------------------------------------------------------------------------
    _r(
        "QD601",
        6,
        ERROR,
        ("下沉事项缺少资源保障", "devolved item lacks resources"),
        ("下沉事项缺少资源保障：{missing}", "devolved item lacks resources: {missing}"),
        (
            "权随事转、人随事转、费随事转：下沉事项写明编制、经费、装备、培训四项。",
            "Authority, staff and money follow the task: a devolved item states staffing, funding, equipment and training.",
        ),
        "    devolved: true\n    resources: {staffing: 2}\n",
        "    devolved: true\n    resources: {staffing: 2, funding: 20, equipment: 执法记录仪 4 台, training: 每年两次}\n",
    ),
    _r(
        "QD602",
        6,
        ERROR,
        ("下沉事项缺少评估安排", "devolved item has no review"),
        ("下沉事项缺少定期评估安排（review）", "devolved item has no review schedule (review)"),
        (
            "下沉、赋权事项要定期评估，不适宜的及时退出（行政处罚法第二十四条）。",
            "Devolved powers are evaluated periodically and withdrawn when unfit (Administrative Penalty Law art. 24).",
        ),
        "    devolved: true\n",
        "    devolved: true\n    review: {interval_months: 12, next: 2027-06-30}\n",
    ),
    _r(
        "QD603",
        6,
        WARNING,
        ("评估已到期", "review overdue"),
        ("定期评估已于 {next} 到期", "the periodic review was due on {next}"),
        (
            "下次评估日期已过：请组织评估并更新 review.next（qingdan review 列出全部到期事项）。",
            "The review date has passed: evaluate the item and update review.next (qingdan review lists them all).",
        ),
        "    review: {interval_months: 12, next: 2024-06-30}\n",
        "    review: {interval_months: 12, next: 2027-06-30, last: 2026-06-20}\n",
    ),
    _r(
        "QD605",
        6,
        ERROR,
        ("下沉事项没有划转编制", "devolved item transfers no post"),
        (
            "下沉事项的人员编制为 {staffing}，且没有写明不划转编制的理由（resources.no_staffing_reason）",
            "devolved item transfers {staffing} posts and gives no reason why none (resources.no_staffing_reason)",
        ),
        (
            "人随事转：下沉事项至少随事项划转 1 名编制或人员；确实不划转的（如由现有执法队伍承担、上级部门派员驻点），"
            "在 resources.no_staffing_reason 中写明理由。「无」「暂无」之类不算理由。",
            "Staff follow the task: a devolved item transfers at least one post; where none is transferred (the "
            "existing enforcement team takes it on, the department seconds staff), resources.no_staffing_reason says "
            "why. Words such as 无 or 暂无 are no reason.",
        ),
        "    resources: {staffing: 0, funding: 20, equipment: 执法记录仪 4 台, training: 每年两次}\n",
        "    resources:\n      staffing: 0\n      no_staffing_reason: 由镇综合行政执法队现有人员承担，县市场监管局派员驻镇指导一年\n"
        "      funding: 20\n      equipment: 执法记录仪 4 台\n      training: 每年两次\n",
    ),
    _r(
        "QD606",
        6,
        ERROR,
        ("下沉事项没有经费", "devolved item has no funding"),
        ("下沉事项的经费为 {funding} 万元", "devolved item is funded with {funding} (10,000 yuan)"),
        (
            "费随事转：下沉事项每年随事项划转的经费（万元）须大于 0。",
            "Money follows the task: the yearly funding of a devolved item (in 10,000 yuan) is more than 0.",
        ),
        "    resources: {staffing: 2, funding: 0, equipment: 执法记录仪 4 台, training: 每年两次}\n",
        "    resources: {staffing: 2, funding: 20.5, equipment: 执法记录仪 4 台, training: 每年两次}\n",
    ),
    _r(
        "QD607",
        6,
        ERROR,
        ("下沉事项的装备或培训是空话", "devolved item's equipment or training is a placeholder"),
        (
            "下沉事项的「{key}」写的是「{value}」，没有写明实际配备的内容",
            "the '{key}' of a devolved item reads '{value}': nothing is actually provided",
        ),
        (
            "下沉事项要写明实际配备的装备和培训安排；「无」「暂无」「待定」「none」「-」之类的占位词等于没有。",
            "A devolved item names the equipment and training actually provided; placeholders such as 无, 暂无, "
            "待定, none or - mean nothing is.",
        ),
        "    resources: {staffing: 2, funding: 20.5, equipment: 无, training: 暂无}\n",
        "    resources: {staffing: 2, funding: 20.5, equipment: 执法记录仪 4 台, training: 每年两次业务培训，由县市场监管局负责}\n",
    ),
    # ---- rule 7 ------------------------------------------------------------------------------
    _r(
        "QD701",
        7,
        ERROR,
        ("新增事项缺少准入记录", "no admission record"),
        (
            "事项在基准版次 {baseline} 之后（{since}）纳入，缺少准入记录（admission）",
            "item added in {since}, after the baseline {baseline}, has no admission record (admission)",
        ),
        (
            "清单之外的事项确需交由基层承担的，须经省委、省政府审批，并经必要性合理性论证和公示。",
            "A task outside the list reaches the grassroots only after provincial approval, a necessity argument and a public notice.",
        ),
        '    since: "2025.2"\n',
        '    since: "2025.2"\n    admission:\n      approver: 中共江川省委 江川省人民政府\n      document: 江川委办发〔2025〕12号\n'
        "      approved: 2025-05-20\n      justification: …\n      publicity: {start: 2025-05-06, end: 2025-05-15}\n",
    ),
    _r(
        "QD702",
        7,
        ERROR,
        ("审批机关不符", "approver not allowed"),
        (
            "审批机关「{approver}」不在允许范围内（须含：{allowed}）",
            "approver '{approver}' is not allowed (must name one of: {allowed})",
        ),
        (
            "默认须由省级党委和政府审批：省委、省人民政府，自治区党委、自治区人民政府，北京、天津、上海、重庆的市委、市人民政府"
            "（全称「中共某省委员会」亦可）；地市、县区及其部门、办公厅不能审批。可在 qingdan.yaml 的 admission.approvers 中配置。",
            "By default a provincial-level party committee and government approve: of a province (省委, 省人民政府), an "
            "autonomous region (自治区党委, 自治区人民政府) or one of the municipalities Beijing, Tianjin, Shanghai and "
            "Chongqing (市委, 市人民政府), full names such as 中共某省委员会 included; prefectures, counties, districts and "
            "the offices or departments of any body cannot. Configure admission.approvers in qingdan.yaml.",
        ),
        "      approver: 县应急管理局\n",
        "      approver: 中共江川省委 江川省人民政府\n",
    ),
    _r(
        "QD703",
        7,
        ERROR,
        ("准入记录不完整", "admission record incomplete"),
        ("准入记录缺少「{key}」", "admission record lacks '{key}'"),
        (
            "准入记录包括审批机关、文号、批准日期、论证和公示期。",
            "An admission record has the approver, document number, approval date, justification and public notice.",
        ),
        "    admission:\n      approver: 中共江川省委 江川省人民政府\n",
        "",
    ),
    _r(
        "QD704",
        7,
        ERROR,
        ("公示期不足", "public notice too short"),
        ("公示期只有 {days} 天，少于 {min} 天", "public notice lasted {days} days, less than {min}"),
        (
            "公示期（含首尾两天）不得少于配置的天数（默认 7 天）。",
            "The notice, counting both ends, lasts at least the configured days (default 7).",
        ),
        "      publicity: {start: 2025-05-10, end: 2025-05-12}\n",
        "      publicity: {start: 2025-05-06, end: 2025-05-15}\n",
    ),
    _r(
        "QD705",
        7,
        ERROR,
        ("公示晚于批准", "notice after approval"),
        (
            "公示于 {end} 结束，晚于批准日期 {approved}",
            "the public notice ended on {end}, after approval on {approved}",
        ),
        ("公示在批准之前完成。", "The public notice ends before approval."),
        "      approved: 2025-05-10\n      publicity: {start: 2025-05-06, end: 2025-05-15}\n",
        "      approved: 2025-05-20\n      publicity: {start: 2025-05-06, end: 2025-05-15}\n",
    ),
    _r(
        "QD706",
        7,
        ERROR,
        ("批准晚于生效", "approved after effective date"),
        (
            "批准日期 {approved} 晚于清单生效日期 {effective}",
            "approved on {approved}, after the list takes effect on {effective}",
        ),
        ("事项须在清单生效前获得批准。", "An item is approved before the list takes effect."),
        "",
        "",
    ),
    _r(
        "QD707",
        7,
        ERROR,
        ("纳入版次超前", "since after current revision"),
        (
            "纳入版次 {since} 晚于清单当前版次 {revision}",
            "since {since} is later than the list's revision {revision}",
        ),
        (
            "事项的纳入版次不能晚于清单本身的版次。",
            "An item cannot be introduced after the list's own revision.",
        ),
        '  revision: "2025.1"\n...\n    since: "2025.2"\n',
        '  revision: "2025.2"\n...\n    since: "2025.2"\n',
    ),
    _r(
        "QD708",
        7,
        ERROR,
        ("准入文号格式不符", "admission document is not a document number"),
        (
            "准入文号「{document}」不是发文字号（机关代字〔年份〕序号号，例如 江川委办发〔2025〕12号）",
            "admission document '{document}' is not a document number (issuer code〔year〕number号, "
            "e.g. 江川委办发〔2025〕12号)",
        ),
        (
            "准入记录的 document 写审批机关印发文件的发文字号：机关代字、用六角括号括起的四位年份、序号和「号」字"
            "（GB/T 9704《党政机关公文格式》），几个文件之间用顿号分隔。会议纪要、通知标题或日期都不是文号。",
            "The admission record's document is the document number under which the approving bodies issued it: the "
            "issuer code, the four-digit year in 〔〕, the serial number and 号 (GB/T 9704); several numbers are "
            "separated by 、. Minutes, a notice's title or a date are not document numbers.",
        ),
        "      document: 2025年5月20日第12号\n",
        "      document: 江川委办发〔2025〕12号\n",
    ),
    _r(
        "QD709",
        7,
        ERROR,
        ("准入文号不是审批机关的", "document number not of the approving bodies"),
        (
            "准入文号「{document}」的机关代字「{prefix}」是县、乡镇或部门的，不是审批机关的",
            "the issuer code '{prefix}' of admission document '{document}' is a county's, township's or "
            "department's, not the approving bodies'",
        ),
        (
            "准入由审批机关（默认省级党委和政府）批准，文号是审批机关的发文字号；机关代字含「县」「乡」「镇」「街道」「局」的"
            "是县乡或部门自己的文件，不能代替审批。",
            "Admission is granted by the approving bodies (by default the provincial-level committee and government), "
            "so the document number is theirs; an issuer code with 县, 乡, 镇, 街道 or 局 marks a county's, "
            "township's or department's own document, which approves nothing.",
        ),
        "      document: 澄县委办发〔2025〕8号\n",
        "      document: 江川委办发〔2025〕12号\n",
    ),
    _r(
        "QD710",
        7,
        INFO,
        ("准入文号写法不规范", "document number in a non-standard form"),
        (
            "准入文号「{document}」写法不规范（{problem_zh}）；规范写法为 {standard}",
            "admission document '{document}' is written in a non-standard form ({problem_en}); the standard form "
            "is {standard}",
        ),
        (
            "GB/T 9704 规定年份用六角括号〔〕括起、序号不编虚位（不写 0 开头，不加「第」）、数字用阿拉伯数字。"
            "方括号、圆括号、全角数字等常见写法仍按文号接受，但 qingdan 不会自动改写文件：请照原件核对后手工修改。",
            "GB/T 9704 puts the year in 〔〕, writes the serial number without leading zeros or 第, in ASCII digits. "
            "Square or round brackets and full-width digits are still accepted as a document number, but qingdan "
            "never rewrites the file: check against the original document and correct it by hand.",
        ),
        "      document: 江川委办发[2025]12号\n",
        "      document: 江川委办发〔2025〕12号\n",
    ),
    _r(
        "QD711",
        7,
        ERROR,
        ("以会议纪要、批示或部门通知准入", "admission rests on minutes, an instruction or a notice"),
        (
            "准入记录的「{key}」依据{source_zh}（「{quote}」）；准入须经审批机关正式审批",
            "the admission record's '{key}' rests on {source_en} ('{quote}'); admission needs the approving "
            "bodies' formal approval",
        ),
        (
            "《整治形式主义为基层减负若干规定》：不得以部门文件、会议纪要、领导批示等形式向基层派任务。准入记录的文号和论证"
            "不能以会议纪要（纪要）、领导批示（批示、签批）或部门通知（某局、某办公室……的通知）为据，须写明审批机关的正式审批。",
            "The 2024 rules on reducing grassroots burdens forbid assigning tasks through department documents, "
            "meeting minutes or a leader's instruction. An admission record's document and justification cannot rest on "
            "minutes (纪要), an instruction (批示, 签批) or a department's notice (a 局's or 办公室's 通知); they record "
            "the approving bodies' formal approval.",
        ),
        "      document: 县政府第12次常务会议纪要\n",
        "      document: 江川委办发〔2025〕12号\n",
    ),
    # rule 7 over history (qingdan check): changes that give a township more work, and the baseline
    _r(
        "QD712",
        7,
        ERROR,
        ("增加乡镇工作的调整缺少准入记录", "a change that adds township work has no admission record"),
        (
            "事项 {id} {change_zh}，增加了乡镇的工作，缺少该调整的准入记录（admissions 中 change: {change}、"
            'revision: "{revision}"）',
            "item {id}: {change_en}, which gives the township more work, has no admission record for that change "
            '(an admissions entry with change: {change}, revision: "{revision}")',
        ),
        (
            "把收回或配合事项改为基本履职事项、把事项改为下沉（devolved: true）、在基准版次之后改动配合事项的乡镇职责"
            "（township_duty），和新增事项一样是准入事件：须经审批机关（默认省级党委和政府）审批、论证和公示。"
            "每一次这样的调整在事项的 admissions 中登记一条准入记录，写明调整（change: to_basic | devolved | "
            "township_duty）和所在版次（revision），其余键与 admission 相同；原有的 admission 保持不变。"
            "qingdan check 比较基准提交和工作区时检查；清单整体审定的版次（基准版次）内的调整不需要单独的准入记录。",
            "Recategorising a recalled or cooperative item to basic, turning devolved on, and changing a cooperative "
            "item's township_duty after the baseline are admission events, exactly like a new item: the approving "
            "bodies (by default the provincial-level committee and government) approve them after a justification "
            "and a public notice. Each such change gets its own entry in the item's admissions, naming the change "
            "(change: to_basic | devolved | township_duty) and its revision, with the keys of admission; the "
            "original admission stays as it is. qingdan check compares the base commit with the work tree; a change "
            "made in the revision that approves the whole list (the baseline) needs no record of its own.",
        ),
        "  - id: CX-QSZ-0031\n    category: basic   # 原为 recalled\n",
        "  - id: CX-QSZ-0031\n    category: basic\n    admissions:\n      - change: to_basic\n"
        '        revision: "2025.3"\n        approver: 中共江川省委 江川省人民政府\n'
        "        document: 江川委办发〔2026〕5号\n        approved: 2026-02-10\n"
        "        justification: …\n        publicity: {start: 2026-01-12, end: 2026-01-23}\n",
    ),
    _r(
        "QD713",
        7,
        ERROR,
        ("准入记录的版次超前", "admission record after the current revision"),
        (
            "准入记录的版次 {record} 晚于清单当前版次 {revision}",
            "the admission record's revision {record} is later than the list's revision {revision}",
        ),
        (
            "admissions 中每条准入记录写明它所准入的调整发生在哪个版次，不能晚于清单本身的版次。",
            "Each admissions entry names the revision of the change it admits, which cannot be later than the "
            "list's own revision.",
        ),
        '  revision: "2025.2"\n...\n      - change: devolved\n        revision: "2025.3"\n',
        '  revision: "2025.3"\n...\n      - change: devolved\n        revision: "2025.3"\n',
    ),
    _r(
        "QD714",
        7,
        ERROR,
        ("基准版次未经整体审定而移动", "baseline moved without a whole-list approval"),
        (
            "清单 {list} 的基准版次由 {old} 改为 {new}，但{problem_zh}；基准版次只能随整体审定并印发的版次移动",
            "list {list} moved its baseline from {old} to {new}, but {problem_en}; the baseline moves only with a "
            "revision that is approved as a whole and issued",
        ),
        (
            "基准版次之后新增的事项须有准入记录；移动基准版次会让这些事项不再需要准入记录。只有当本版次清单经县委、县政府"
            "整体审定并印发（清单信息中有本版次完整的 approval：approver、document、date，沿用上一版次的不算），且新的基准版次等于清单当前版次时，"
            "基准版次才能移动；手工改动、改到别的版次、倒退或删除都是错误。",
            "Items added after the baseline need an admission record; moving the baseline exempts them. The baseline "
            "may move only when the current revision was approved as a whole and issued (the list header has a "
            "complete approval of this revision: approver, document, date; one kept from an earlier revision does not count) "
            "and the new baseline is the list's current revision; an "
            "edit by hand, a move to any other revision, backwards, or removing it is an error.",
        ),
        '  revision: "2025.3"\n  baseline: "2025.3"   # 原为 "2024.1"，没有 approval\n',
        '  revision: "2025.3"\n  baseline: "2025.3"\n'
        "  approval: {approver: 中共澄溪县委员会 澄溪县人民政府, document: 澄委发〔2026〕2号, date: 2026-02-20}\n",
    ),
    _r(
        "QD715",
        7,
        INFO,
        ("基准版次随整体审定移动", "baseline moved with a whole-list approval"),
        (
            "清单 {list} 的基准版次随整体审定由 {old} 移至 {new}（{approver}，{document}，{date}）",
            "list {list} moved its baseline from {old} to {new} with the approval of the whole list ({approver}, "
            "{document}, {date})",
        ),
        (
            "清单本版次经整体审定并印发，基准版次随之移到本版次：此前新增的事项由整体审定覆盖，不再需要单独的准入记录。"
            "这是一条提示，供审核人员核对审定文件。",
            "The current revision was approved as a whole and issued, and the baseline moved to it: the items added "
            "before are covered by that approval and need no admission record of their own. A note for reviewers "
            "to check against the approval document.",
        ),
        "",
        "",
    ),
    # ---- rule 8 ------------------------------------------------------------------------------
    _r(
        "QD801",
        8,
        ERROR,
        ("销号事项缺少销号记录", "retired item without tombstone"),
        ("已销号事项缺少销号记录（retired）", "retired item has no tombstone (retired)"),
        (
            "销号事项保留在文件中，并写明销号版次、日期和原因。",
            "A retired item stays in the file with the revision, date and reason.",
        ),
        "    status: retired\n",
        '    status: retired\n    retired: {revision: "2025.2", date: 2025-09-01, reason: completed}\n',
    ),
    _r(
        "QD802",
        8,
        ERROR,
        ("销号缺少法律依据", "repeal without basis"),
        (
            "以「{reason}」销号须写明依据（retired.basis）",
            "retirement for '{reason}' needs a basis (retired.basis)",
        ),
        (
            "因法律废止或修改而销号的，写明相应的法律文件。",
            "Retiring an item because a law was repealed or amended cites that law.",
        ),
        "",
        "",
    ),
    _r(
        "QD803",
        8,
        ERROR,
        ("合并缺少承接事项", "merge without successor"),
        (
            "以「{reason}」销号须写明承接事项（retired.replaced_by）",
            "retirement for '{reason}' needs replaced_by",
        ),
        (
            "合并或重复销号的事项写明承接它的有效事项。",
            "A merged or duplicate item names the active item that takes it over.",
        ),
        "",
        "",
    ),
    _r(
        "QD804",
        8,
        ERROR,
        ("承接事项无效", "successor not active"),
        ("承接事项 {id} {problem_zh}", "successor {id} {problem_en}"),
        ("replaced_by 指向的事项必须存在且有效。", "replaced_by must point at existing, active items."),
        "",
        "",
    ),
    _r(
        "QD805",
        8,
        ERROR,
        ("引用了不存在的事项", "dangling item reference"),
        ("{key} 引用的事项 {id} 不存在", "{key} refers to {id}, which does not exist"),
        (
            "merged_from 与 replaced_by 中的编号必须是仓库中存在的事项。",
            "Ids in merged_from and replaced_by must exist in the repository.",
        ),
        "",
        "",
    ),
    _r(
        "QD806",
        8,
        ERROR,
        ("有效事项带销号记录", "active item with tombstone"),
        (
            "有效事项带有销号记录；恢复事项须写恢复记录（reinstated）",
            "an active item carries a tombstone; a reinstated item needs a reinstated record",
        ),
        (
            "销号事项恢复时写明 reinstated 记录，否则 status 与 retired 互相矛盾。",
            "When a retired item is reinstated, add a reinstated record; otherwise status and retired contradict.",
        ),
        "",
        "",
    ),
    _r(
        "QD807",
        8,
        ERROR,
        ("销号版次不合理", "retirement revision out of order"),
        (
            "销号版次 {retired} 须晚于纳入版次 {since}，且不晚于清单版次 {revision}",
            "retirement revision {retired} must be after since {since} and not after the list's revision {revision}",
        ),
        (
            "事项只能在纳入之后、当前版次或之前销号；尚未印发（没有 list.approval）的版次新增的事项，可在本版次内撤回销号。",
            "An item is retired after it was introduced and no later than the current revision; an item added by a "
            "revision not yet published (no list.approval) may be withdrawn within that revision.",
        ),
        "",
        "",
    ),
    _r(
        "QD808",
        8,
        ERROR,
        ("下沉事项销号缺少评估", "devolved item retired without evaluation"),
        (
            "下沉事项以「{reason_zh}」销号，缺少评估记录{missing_zh}",
            "devolved item retired as '{reason_en}' lacks an evaluation record{missing_en}",
        ),
        (
            "下沉事项因不宜由基层承担（unsuitable）、实际作用不大（ineffective）或阶段性任务完成（completed）而退出的，"
            "要以科学评估和基层反馈为据：retired.evaluation 写明评估日期（date）、评估结论（conclusion）和所依据的基层反馈"
            "（feedback）。「无」「暂无」之类不算记录。",
            "A devolved item withdrawn as unsuitable, ineffective or completed rests on an evaluation and grassroots "
            "feedback: retired.evaluation records the date, the conclusion and the feedback it rests on. Words such "
            "as 无 or 暂无 are no record.",
        ),
        '    devolved: true\n    status: retired\n    retired: {revision: "2025.2", date: 2025-09-01, reason: unsuitable}\n',
        '    devolved: true\n    status: retired\n    retired:\n      revision: "2025.2"\n      date: 2025-09-01\n'
        "      reason: unsuitable\n      evaluation:\n        date: 2025-06-30\n"
        "        conclusion: 专业检测依赖县局，赋权未发挥作用\n        feedback: 镇执法队和 6 个村（社区）反映缺少检测资质\n",
    ),
    _r(
        "QD809",
        8,
        ERROR,
        ("销号评估晚于销号", "evaluation after retirement"),
        (
            "销号评估日期 {evaluated} 晚于销号日期 {retired}",
            "the evaluation of {evaluated} is dated after the retirement of {retired}",
        ),
        (
            "销号以评估为据，评估应在销号之前完成。",
            "A retirement rests on its evaluation, so the evaluation comes first.",
        ),
        "    retired:\n      date: 2025-09-01\n      evaluation: {date: 2025-10-15, conclusion: …, feedback: …}\n",
        "    retired:\n      date: 2025-09-01\n      evaluation: {date: 2025-06-30, conclusion: …, feedback: …}\n",
    ),
    # ---- rule 9 and 10 -----------------------------------------------------------------------
    _r(
        "QD901",
        9,
        WARNING,
        ("疑似重复事项", "near-duplicate items"),
        (
            "与 {other}「{other_name}」名称近似（同为{category}），疑似重复事项",
            "name close to {other} '{other_name}' (both {category}): a likely duplicate",
        ),
        (
            "同一清单中同类别、名称几乎相同的事项，往往是同一项工作列了两次——正是清单改革要去除的。",
            "Two items of one category with near-identical names are usually the same work listed twice, which the reform removes.",
        ),
        "  - name: 安全生产监督检查\n  - name: 安全生产监督检查工作\n",
        "  - name: 安全生产监督检查\n",
    ),
    _r(
        "QD911",
        10,
        ERROR,
        ("领域不在词表中", "unknown domain"),
        ("领域「{domain}」不在词表中：{allowed}", "domain '{domain}' is not in the vocabulary: {allowed}"),
        (
            "领域取自配置的词表（qingdan.yaml 的 domains）。",
            "Domains come from the configured vocabulary (domains in qingdan.yaml).",
        ),
        "    domain: 安全生产\n",
        "    domain: 平安法治\n",
    ),
    _r(
        "QD912",
        10,
        ERROR,
        ("类别与清单类型不符", "category does not fit the list"),
        (
            "{kind_zh}清单不能使用类别 {category}（可用：{allowed}）",
            "a {kind} list cannot use category {category} (use: {allowed})",
        ),
        (
            "乡镇清单用 basic / cooperative / recalled；村（社区）清单用 self_governance / assist_government / prohibited。",
            "Township lists use basic / cooperative / recalled; village lists use self_governance / assist_government / prohibited.",
        ),
        "  kind: village\n...\n    category: basic\n",
        "  kind: village\n...\n    category: self_governance\n",
    ),
    # ---- registries --------------------------------------------------------------------------
    _r(
        "QD921",
        11,
        ERROR,
        ("法规库名称重复", "duplicate registry name"),
        ("名称「{name}」在登记册中出现两次", "name '{name}' appears twice in the registry"),
        (
            "法规库和部门名录中的名称、简称各自唯一，否则引用无法确定指向。",
            "Names and aliases are unique within a registry, or references are ambiguous.",
        ),
        "",
        "",
    ),
    _r(
        "QD922",
        11,
        ERROR,
        ("版本顺序错误", "versions out of order"),
        ("「{title}」的版本应按日期从新到旧排列", "versions of '{title}' must be listed newest first"),
        ("versions 第一项是最新版本。", "The first entry of versions is the newest."),
        "",
        "",
    ),
    _r(
        "QD923",
        11,
        ERROR,
        ("废止信息不一致", "inconsistent repeal"),
        ("「{title}」的 status 与 repealed 日期不一致", "status and repealed date of '{title}' disagree"),
        (
            "status: repealed 时写明废止日期；现行有效时 repealed 为空。",
            "A repealed instrument has a repeal date; one in force has none.",
        ),
        "",
        "",
    ),
    _r(
        "QD924",
        11,
        ERROR,
        ("缺少登记册", "registry missing"),
        ("找不到法规库 {path}", "the legal-instrument registry {path} is missing"),
        (
            "清单仓库需要 lists/laws.yaml（路径可在 qingdan.yaml 中配置）；qingdan init 会生成一份。",
            "A list repository needs lists/laws.yaml (path configurable in qingdan.yaml); qingdan init writes one.",
        ),
        "",
        "",
    ),
    _r(
        "QD925",
        11,
        ERROR,
        ("配置错误", "bad configuration"),
        ("配置项「{key}」无效：{detail_zh}", "configuration '{key}' is invalid: {detail_en}"),
        (
            "qingdan.yaml 必须符合 schemas/config.schema.json。",
            "qingdan.yaml must match schemas/config.schema.json.",
        ),
        "",
        "",
    ),
    # ---- adopting a template item by item: list.template, from, not_applicable --------------------
    _r(
        "QD930",
        16,
        ERROR,
        ("模板清单不存在", "template list does not exist"),
        (
            "list.template 指定的模板清单 {template} 不存在{hint_zh}",
            "list.template names {template}, which is not a list in the repository{hint_en}",
        ),
        (
            "list.template 写本清单据以细化的模板清单编号（县级或省级模板的 list.id），模板清单须在仓库中，"
            "qingdan 才能核对每个事项的 from 和 not_applicable。",
            "list.template names the template this list tailors by its list id; the template must be a list in the "
            "repository, so that each item's from and the not_applicable records can be checked against it.",
        ),
        "  template: CX-TEMPLAT\n",
        "  template: CX-TEMPLATE\n",
    ),
    _r(
        "QD931",
        16,
        ERROR,
        ("指定的清单不是模板", "template names a list that is not a template"),
        (
            "list.template 指定的 {template} {what_zh}，不能作为模板",
            "list.template names {template}, {what_en}, which cannot serve as a template",
        ),
        (
            "模板是县级或省级的指导目录（unit.type 为 county、city 或 province，且没有 applies_to），由乡镇（街道）、村（社区）清单采用；"
            "一个单位自己的清单（或清单本身）不能作为模板。",
            "A template is a county's or province's guiding list (unit.type county, city or province, without applies_to) "
            "that grassroots lists adopt; a unit's own list (or the list itself) is not a template.",
        ),
        "  template: CX-LTJD   # 柳塘街道的清单\n",
        "  template: CX-TEMPLATE\n",
    ),
    _r(
        "QD932",
        16,
        ERROR,
        ("采用的模板事项不存在", "from names no item of the template"),
        (
            "事项 {id} 的 from 指向 {source}，{why_zh}",
            "item {id} adopts {source} (from), {why_en}",
        ),
        (
            "from 写本事项采用的模板事项编号，该事项须在 list.template 指定的模板清单中。编号写错、指向别的清单，"
            "或清单没有写 list.template，都无法核对采用关系。",
            "from names the template item this item adopts; it must be an item of the list named by list.template. A "
            "mistyped id, an item of another list, or a list without list.template cannot be checked.",
        ),
        "    from: CX-TEMPLATE-9999\n",
        "    from: CX-TEMPLATE-0008\n",
    ),
    _r(
        "QD933",
        16,
        ERROR,
        ("采用的模板事项已销号", "from names a retired template item"),
        (
            "事项 {id} 采用的模板事项 {source}「{source_name}」已在模板中销号",
            "item {id} adopts template item {source} ({source_name}), which the template has retired",
        ),
        (
            "模板销号的事项不再是统一清单的内容：采用它的事项须随模板销号（写明模板的销号理由），或改为本地事项（删去 from）并按准入程序办理。",
            "A template item the template has retired is no longer part of the common list: the item adopting it is retired "
            "with the template's reason, or becomes a local item (without from) admitted on its own.",
        ),
        "    from: CX-TEMPLATE-0014   # 模板中 status: retired\n",
        "    from: CX-TEMPLATE-0040\n",
    ),
    _r(
        "QD934",
        16,
        ERROR,
        ("改变模板类别未写调整理由", "category changed without a recorded adjustment"),
        (
            "事项 {id} 采用模板事项 {source}，类别由模板的{template_category_zh}改为{category_zh}，但没有在 adjustment 中写明调整理由",
            "item {id} adopts template item {source} but changes its category from {template_category_en} to {category_en} without an adjustment reason",
        ),
        (
            "采用模板事项时应保持模板的事项类别（基本、配合、收回）；确需本地调整的，在事项的 adjustment: {reason: …} 中写明理由，"
            "让审核的人看到这是有意的调整，而不是抄错。",
            "An adopted item keeps the template's category (basic, cooperative, recalled); a deliberate local change records "
            "its reason in adjustment: {reason: …}, so that reviewers see a decision rather than a copying slip.",
        ),
        "    from: CX-TEMPLATE-0015   # 模板为 cooperative\n    category: basic\n",
        "    from: CX-TEMPLATE-0015\n    category: cooperative\n",
    ),
    _r(
        "QD935",
        16,
        ERROR,
        ("本地调整增加乡镇工作未经准入", "local adjustment adds work without admission"),
        (
            "事项 {id} 把模板事项 {source} 由{template_category_zh}改为{category_zh}，增加了乡镇的工作，但没有准入记录（admission 或 admissions）",
            "item {id} turns template item {source} from {template_category_en} into {category_en}, which gives the township more work, without an admission record (admission or admissions)",
        ),
        (
            "把模板中的收回事项或配合事项在本地改为基本履职事项（或把收回事项改为配合事项），就是给乡镇增加了工作，"
            "与新增事项一样须经准入：在事项中写完整的 admission 记录，或在 admissions 中登记 change: to_basic 的一条（按 QD70x 校验）。",
            "Turning a template's recalled or cooperative item into a basic one locally (or a recalled item into a cooperative "
            "one) gives the township more work, and like a new item it passes admission: a complete admission record on the "
            "item, or an admissions entry with change: to_basic (checked as QD70x).",
        ),
        "    from: CX-TEMPLATE-0025   # 模板为 recalled\n    category: basic\n    adjustment: {reason: …}\n",
        "    category: basic\n    adjustment: {reason: …}\n    admissions:\n      - change: to_basic\n        …\n",
    ),
    _r(
        "QD936",
        16,
        ERROR,
        ("模板事项重复登记", "template item accounted for twice"),
        (
            "模板事项 {source} {what_zh}",
            "template item {source} {what_en}",
        ),
        (
            "每个模板事项在采用清单中只登记一次：由一个在册事项采用（from），或记为不适用（not_applicable）。两个事项采用同一模板事项是重复事项；"
            "既采用又记为不适用则自相矛盾。",
            "Each template item is accounted for once in an adopting list: adopted by one active item (from), or recorded as "
            "not applicable. Two items adopting one template item list the same work twice; adopted and not applicable at once "
            "contradicts itself.",
        ),
        "not_applicable:\n  - {item: CX-TEMPLATE-0004, reason: …}\nitems:\n  - id: CX-QSZ-0060\n    from: CX-TEMPLATE-0004\n",
        "items:\n  - id: CX-QSZ-0060\n    from: CX-TEMPLATE-0004\n",
    ),
    _r(
        "QD937",
        16,
        ERROR,
        ("不适用记录指向未知模板事项", "not_applicable names no template item"),
        (
            "not_applicable 记录的 {source} {why_zh}",
            "not_applicable records {source}, {why_en}",
        ),
        (
            "not_applicable 的 item 写模板清单（list.template）中的事项编号。",
            "The item of a not_applicable entry is an item id of the template named by list.template.",
        ),
        "  - {item: CX-TEMPLATE-0400, reason: 本镇无草原}\n",
        "  - {item: CX-TEMPLATE-0004, reason: 本镇无草原}\n",
    ),
    _r(
        "QD938",
        16,
        ERROR,
        ("不适用记录没有理由", "not_applicable entry without a reason"),
        (
            "模板事项 {source} 记为不适用，但没有写明理由（reason）",
            "template item {source} is recorded as not applicable without a reason",
        ),
        (
            "模板事项不适用于本单位时须写明理由（例如「本镇无草原」），审核的人才能判断是确实不适用还是漏列、推卸。",
            "A template item that does not apply says why (e.g. 本镇无草原, the town has no grassland), so that reviewers can tell "
            "a real exception from an omission or a duty shed.",
        ),
        "  - {item: CX-TEMPLATE-0004}\n",
        "  - {item: CX-TEMPLATE-0004, reason: 本镇村庄规划纳入镇总体规划统一编制}\n",
    ),
    _r(
        "QD939",
        16,
        ERROR,
        ("模板事项未采用也未记为不适用", "template item neither adopted nor recorded as not applicable"),
        (
            "模板 {template} 的事项 {source}「{source_name}」在本清单中既没有事项采用（from），也没有记为不适用（not_applicable）",
            "template {template}'s item {source} ({source_name}) is neither adopted by an item (from) nor recorded as not applicable",
        ),
        (
            "按模板逐项采用的清单（有事项写了 from 或有 not_applicable 记录）须交代模板的每个在册事项：由一个事项采用，"
            "或在 not_applicable 中写明不适用的理由。漏掉的模板事项就是统一清单在本镇走了样。只有 list.template 而没有逐项采用的旧清单不受此规则约束。",
            "A list that adopts its template item by item (an item has from, or there are not_applicable records) accounts for "
            "every active template item: adopted by an item, or recorded as not applicable with a reason. A template item left "
            "out is where the common list went astray in this town. A list that only names its template, adopting nothing item "
            "by item, is not held to this rule.",
        ),
        "",
        "",
    ),
    # ---- one list for many units: list.applies_to ------------------------------------------------
    _r(
        "QD940",
        15,
        ERROR,
        ("适用单位区划代码格式错误", "applies_to code is not a 12-digit code"),
        (
            "适用单位 {name} 的区划代码 {division} 不是 12 位数字",
            "the division code {division} of unit {name} is not 12 digits",
        ),
        (
            '适用单位的 code 是 12 位统计用区划代码（字符串，须加引号），例如 "330122101000"；按代码才能把清单计入每个单位。',
            "The code of a unit in applies_to is its 12-digit statistical division code (a quoted string), e.g. "
            '"330122101000"; the code is how the list is counted for each unit.',
        ),
        '    - {name: 青石镇, type: township, code: "33012210100"}\n',
        '    - {name: 青石镇, type: township, code: "990102101000"}\n',
    ),
    _r(
        "QD941",
        15,
        ERROR,
        ("适用单位重复", "unit listed twice in applies_to"),
        (
            "适用单位 {name}（{division}）重复列出（又见第 {other} 个）",
            "unit {name} ({division}) is listed twice in applies_to (also entry {other})",
        ),
        (
            "同一单位（同名或同一区划代码）只列一次，否则清单会被重复计入该单位。",
            "Each unit (by name or by code) is listed once; otherwise the list is counted twice for it.",
        ),
        "",
        "",
    ),
    _r(
        "QD942",
        15,
        WARNING,
        ("适用单位与该单位的清单不一致", "applies_to disagrees with the unit's own list"),
        (
            "适用单位 {name} 的区划代码 {division} 与清单 {list} 所写的 {other_division} 不一致",
            "unit {name} has code {division} here but {other_division} in list {list}",
        ),
        (
            "适用单位按区划代码对应到仓库中该单位自己的清单；名称相同而代码不同，说明其中一处写错。",
            "A unit in applies_to is matched to the unit's own list by its code; the same name with another code "
            "means one of the two is wrong.",
        ),
        "",
        "",
    ),
    # ---- history (checked against a base revision by qingdan check) ----------------------------
    _r(
        "QD951",
        12,
        ERROR,
        ("事项被删除", "item deleted"),
        (
            "事项 {id}（{name}）在 {base} 中存在，现已从清单中删除；事项只能销号，不能删除",
            "item {id} ({name}) existed at {base} and has been deleted; items are retired, never deleted",
        ),
        (
            "事项一经列入永不删除：不再履行的事项用 qingdan retire 销号，保留销号记录。",
            "An item once listed is never deleted: retire it with qingdan retire so that its tombstone stays.",
        ),
        "# 删除了整个事项\n",
        '    status: retired\n    retired: {revision: "2025.2", date: 2025-09-01, reason: unsuitable}\n',
    ),
    _r(
        "QD952",
        12,
        ERROR,
        ("销号事项被恢复", "retired item reactivated"),
        (
            "已销号事项 {id} 重新变为有效，但没有恢复记录（reinstated）",
            "retired item {id} is active again without a reinstated record",
        ),
        (
            "销号编号不能悄悄恢复或挪作他用；确需恢复时写明 reinstated（版次、日期、理由、批准文号）。",
            "A retired id is never reactivated or reused silently; a real reinstatement carries a reinstated record.",
        ),
        "    status: active   # 原为 retired\n",
        '    status: active\n    reinstated: {revision: "2025.3", date: 2026-03-01, reason: …, document: …}\n',
    ),
    _r(
        "QD953",
        12,
        ERROR,
        ("复用曾用编号", "reused previous id"),
        (
            "新事项使用了编号 {id}，它在 {base} 中是 {owner} 的曾用编号",
            "a new item uses {id}, which was a previous id of {owner} at {base}",
        ),
        (
            "曾用编号（previous_ids）和合并来源编号永不再分配。",
            "Previous ids and merged ids are never assigned again.",
        ),
        "",
        "",
    ),
    _r(
        "QD954",
        12,
        ERROR,
        ("编号被改动", "id changed"),
        (
            "事项「{name}」的编号由 {old} 改为 {new}，但没有在 previous_ids 中登记旧编号",
            "item '{name}' changed its id from {old} to {new} without recording the old id in previous_ids",
        ),
        (
            "编号一经分配永不改变；历史清单确需重新编号时，在 previous_ids 中登记旧编号。",
            "Ids never change; when a legacy list is renumbered, record the old id in previous_ids.",
        ),
        "  - id: CX-QSZ-0102   # 原为 CX-QSZ-0002\n",
        "  - id: CX-QSZ-0102\n    previous_ids: [CX-QSZ-0002]\n",
    ),
    _r(
        "QD955",
        12,
        ERROR,
        ("纳入版次被改动", "since changed"),
        ("事项 {id} 的纳入版次由 {old} 改为 {new}", "item {id} changed its since from {old} to {new}"),
        (
            "since 记录事项首次列入的版次，永不改变。",
            "since records the revision that introduced the item; it never changes.",
        ),
        "",
        "",
    ),
    _r(
        "QD956",
        12,
        ERROR,
        ("新增事项的纳入版次不对", "stale since on a new item"),
        (
            "新增事项 {id} 的纳入版次为 {since}，应为清单当前版次 {revision}",
            "new item {id} has since {since}; it should be the list's revision {revision}",
        ),
        (
            "在基准版本之后新增的事项，since 等于清单的当前版次（qingdan add 会自动填写）。",
            "An item added after the base carries the list's current revision as since (qingdan add sets it).",
        ),
        '    since: "2024.1"\n',
        '    since: "2025.3"\n',
    ),
    _r(
        "QD957",
        12,
        ERROR,
        ("事项变更但版次未变", "changes without a new revision"),
        (
            "清单 {list} 的事项有变更（{n} 项），但版次仍为 {revision}；请先运行 qingdan revision {list}",
            "list {list} has {n} changed item(s) but its revision is still {revision}; run qingdan revision {list} first",
        ),
        (
            "清单的每一次调整都形成新的版次，以便审批、公布和编写调整说明；勘误提交（Qingdan-Change: errata）除外。",
            "Every adjustment of a list makes a new revision, to be approved, published and explained; errata commits excepted.",
        ),
        "",
        "",
    ),
    _r(
        "QD958",
        12,
        ERROR,
        ("版次倒退", "revision went backwards"),
        (
            "清单 {list} 的版次由 {old} 变为 {new}，版次必须严格递增",
            "list {list} went from revision {old} to {new}; revisions strictly increase",
        ),
        ("版次只增不减。", "Revisions only ever increase."),
        "",
        "",
    ),
    _r(
        "QD959",
        12,
        INFO,
        ("无法比较历史", "history not compared"),
        ("{reason}", "{reason_en}"),
        (
            "没有可比较的基准版本（仓库只有一个提交，或基准版本中的文件无法解析），历史规则未检查。",
            "There is no base to compare with (a single commit, or the base's files do not parse); history rules were skipped.",
        ),
        "",
        "",
    ),
    # ---- change reports ------------------------------------------------------------------------
    _r(
        "QD961",
        12,
        ERROR,
        ("清单信息变更但版次未变", "list header changed without a new revision"),
        (
            "清单 {list} 的 {fields} 有变更，但版次仍为 {revision}；请先运行 qingdan revision {list}",
            "the {fields} of list {list} changed but its revision is still {revision}; run qingdan revision {list} first",
        ),
        (
            "生效日期、基准版次、标题、发布机关等清单信息的调整同样形成新的版次；移动基准版次会让事项不再需要准入记录，必须经过审批留痕。",
            "Changing the effective date, baseline, title, issuer or other list information also makes a new revision; "
            "moving the baseline exempts items from admission and must leave a trace.",
        ),
        '  baseline: "2025.2"   # 原为 "2024.1"\n',
        '  revision: "2025.3"\n  baseline: "2025.2"\n',
    ),
    _r(
        "QD971",
        13,
        ERROR,
        ("缺少调整说明", "change report missing"),
        (
            "缺少清单 {list} {revision} 版的调整说明 {path}；请运行 qingdan report {list}",
            "the change report {path} of list {list}, revision {revision}, is missing; run qingdan report {list}",
        ),
        (
            "每个版次都有由 qingdan 生成并提交的调整说明（reports/<清单编号>/<版次>.md 与 .json）。",
            "Every revision has a change report generated by qingdan and committed (reports/<list id>/<revision>.md and .json).",
        ),
        "",
        "",
    ),
    _r(
        "QD972",
        13,
        ERROR,
        ("调整说明已过时", "change report stale"),
        (
            "调整说明 {path} 与清单当前内容不一致；请运行 qingdan report {list} 重新生成",
            "the change report {path} no longer matches the list; run qingdan report {list} to regenerate it",
        ),
        (
            "调整说明必须与清单和历史一致：重新生成不应有任何改动。",
            "A change report matches the list and its history: regenerating it changes nothing.",
        ),
        "",
        "",
    ),
    # ---- assessment by the list (考核以清单为准): assessments/*.yaml ----------------------------------
    _r(
        "QD980",
        14,
        ERROR,
        ("考核指标没有对应清单事项", "indicator maps to no list item"),
        (
            "考核指标 {indicator}「{name}」没有对应任何清单事项：借考核下压清单以外的任务",
            "indicator {indicator} ({name}) maps to no list item: a task pushed down through assessment",
        ),
        (
            "考核以清单为准：每项考核指标都要在 items 中写明它考核的清单事项编号。没有对应事项的指标，"
            "就是把清单以外的工作通过考核压给乡镇，须删除该指标，或先按准入程序把事项列入清单。",
            "Assessment follows the list: every indicator names, under items, the list items it measures. An "
            "indicator that names none pushes work that is not on the list down to the township through "
            "assessment; drop it, or admit the item to the list first.",
        ),
        "  - id: KH-01\n    name: 创建示范村数量\n    points: 10\n",
        "  - id: KH-01\n    name: 落实安全生产网格化监管\n    points: 10\n    items: [CX-QSZ-0002]\n",
    ),
    _r(
        "QD981",
        14,
        ERROR,
        ("考核未知清单", "assessment of an unknown list"),
        (
            "考核方案 {assessment} 所考核的清单 {list} 不存在{hint_zh}",
            "assessment {assessment} assesses list {list}, which does not exist{hint_en}",
        ),
        (
            "assessment.lists 写被考核乡镇（街道）清单的编号（清单文件 list.id），必须是仓库中存在的清单。",
            "assessment.lists names the lists of the assessed townships by their list id; each must exist in the repository.",
        ),
        "  lists: [CX-QZS]\n",
        "  lists: [CX-QSZ]\n",
    ),
    _r(
        "QD982",
        14,
        ERROR,
        ("指标对应的事项不在所考核清单中", "indicator names an item outside the assessed lists"),
        (
            "考核指标 {indicator} 对应的事项 {item} {where_zh}",
            "indicator {indicator} names item {item}, which {where_en}",
        ),
        (
            "指标只能对应所考核清单（assessment.lists）中的事项；编号写错或事项属于其他清单都会使考核脱离清单。",
            "An indicator may only name items of the assessed lists (assessment.lists); a mistyped id or an item of "
            "another list takes the assessment off the list.",
        ),
        "    items: [CX-QSZ-9999]\n",
        "    items: [CX-QSZ-0002]\n",
    ),
    _r(
        "QD983",
        14,
        ERROR,
        ("考核已收回事项", "indicator measures a recalled item"),
        (
            "考核指标 {indicator} 考核的事项 {item}「{item_name}」已由 {department} 收回：不得再考核乡镇",
            "indicator {indicator} measures item {item} ({item_name}), which {department} has taken back: the township may not be assessed on it",
        ),
        (
            "上级部门收回事项由承接部门负责，乡镇不再承担，考核乡镇就是把部门的工作重新压回乡镇。",
            "A recalled item is the receiving department's work; the township no longer does it, and assessing the "
            "township on it pushes the department's work back down.",
        ),
        "    items: [CX-QSZ-0009]   # category: recalled\n",
        "    items: [CX-QSZ-0002]   # category: basic\n",
    ),
    _r(
        "QD984",
        14,
        ERROR,
        ("考核已销号事项", "indicator measures a retired item"),
        (
            "考核指标 {indicator} 考核的事项 {item}「{item_name}」已销号",
            "indicator {indicator} measures item {item} ({item_name}), which is retired",
        ),
        (
            "销号事项不再是乡镇的职责，考核指标须随清单调整删除或改为对应在册事项。",
            "A retired item is no longer the township's duty; the indicator goes with it or names an active item.",
        ),
        "    items: [CX-QSZ-0012]   # status: retired\n",
        "    items: [CX-QSZ-0002]\n",
    ),
    _r(
        "QD985",
        14,
        ERROR,
        ("以部门职责考核乡镇", "indicator measures the department's part of a cooperative item"),
        (
            "考核指标 {indicator}「{name}」考核的是配合事项 {item} 中 {department} 的职责（{department_duty}），不是乡镇的配合职责（{township_duty}）",
            "indicator {indicator} ({name}) measures what {department} does in cooperative item {item} ({department_duty}), not the township's part ({township_duty})",
        ),
        (
            "配合履职事项由部门承担主体责任、乡镇承担配合责任。对乡镇的考核只能考核清单写明的乡镇配合职责"
            "（township_duty）；指标名称与部门职责（department_duty）相近而与乡镇职责不相近时，就是部门以自己的工作考核乡镇。"
            "比较的是指标名称与两段职责文字的字词重合程度。",
            "In a cooperative item the department holds the primary and the township the secondary responsibility. "
            "The township may only be assessed on its own part as the list words it (township_duty); an indicator "
            "whose name is closer to the department's duty (department_duty) than to the township's is the department "
            "assessing the township on its own work. The comparison is the overlap of words between the indicator's "
            "name and the two duties.",
        ),
        "    name: 森林防火监督检查和隐患整改督办\n    items: [CX-QSZ-0005]\n",
        "    name: 组织村（社区）巡山护林和隐患排查报告\n    items: [CX-QSZ-0005]\n",
    ),
    _r(
        "QD986",
        14,
        WARNING,
        ("考核以留痕或简单量化为依据", "evidence by paper trail or simple counts"),
        (
            "考核指标 {indicator} 以「{word}」作为考核依据：不得以照片、截图、留痕台账或简单量化考核",
            "indicator {indicator} asks for {word_en} as evidence: photos, screenshots, paper-trail ledgers and simple counts are not to be assessed",
        ),
        (
            "《整治形式主义为基层减负若干规定》要求不得简单以留痕多少评判工作好坏，不得要求基层以拍照、截图、"
            "台账等方式证明工作；考核应看履职实效。",
            "The 2025 rules on reducing formalism forbid judging work by its paper trail and asking the grassroots to "
            "prove work by photos, screenshots or ledgers; assess what the work achieved.",
        ),
        "    evidence: 现场照片和工作台账\n",
        "    evidence: 年度隐患整改完成情况抽查\n",
    ),
    _r(
        "QD987",
        14,
        WARNING,
        ("重复考核", "the same item assessed twice"),
        (
            "考核指标 {indicator} 与 {other_assessment} 的指标 {other}（{other_assessor}）考核同一事项 {item}：重复考核",
            "indicator {indicator} and indicator {other} of {other_assessment} ({other_assessor}) assess the same item {item}: assessed twice",
        ),
        (
            "同一事项被两个考核方案（两个部门，或同一部门的两个方案）分别考核，乡镇为同一件事迎检两次；"
            "应合并到一个考核方案，或由一方采信另一方的结果。",
            "When two assessments (two departments, or one department twice) measure the same item, the township is "
            "inspected twice for one duty; merge the indicators into one assessment or let one use the other's result.",
        ),
        "",
        "",
    ),
    _r(
        "QD988",
        14,
        ERROR,
        ("考核方案或指标编号重复", "duplicate assessment or indicator id"),
        (
            "编号 {id} 重复（又见 {other}）",
            "the id {id} is used twice (also at {other})",
        ),
        (
            "考核方案编号在全仓库唯一，指标编号在方案内唯一，以便引用和比较。",
            "Assessment ids are unique in the repository and indicator ids within their assessment.",
        ),
        "  - id: KH-01\n  - id: KH-01\n",
        "  - id: KH-01\n  - id: KH-02\n",
    ),
    _r(
        "QD989",
        14,
        ERROR,
        ("考核部门不在部门名录中", "assessor not in the departments registry"),
        (
            "考核部门 {assessor} 不在部门名录中{hint_zh}",
            "the assessor {assessor} is not in the departments registry{hint_en}",
        ),
        (
            "有部门名录（departments.yaml）时，考核部门写名录中的名称或别名，统计才能按部门汇总；县委县政府的综合考核"
            "也须在名录中登记。",
            "With a departments registry the assessor is a registered name or alias, so that counts per department add "
            "up; a county's overall assessment is registered too.",
        ),
        "  assessor: 县应急局\n",
        "  assessor: 县应急管理局\n",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
