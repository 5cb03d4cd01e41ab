"""How the command line reads its words: enum options that take the labels qingdan prints, and the
parser's own messages (usage errors, help headings) in Chinese.

typer passes its own fixed words through the classic gettext API (``from gettext import gettext as
_``; panel titles and "Try … for help" are looked up once, when typer is imported), so those are
translated with a gettext translation object bound as those modules' ``_`` and set again. typer
(0.2x) ships its own copy of click whose messages are plain English f-strings, not gettext calls:
those are translated where typer prints them (``rich_utils.rich_format_error``), from the
exception's class and the fixed English template it was built from; a message we do not know stays
as it was. Exit code 2 is unchanged.
"""

from __future__ import annotations

import gettext
import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any

from qingdan import labels
from qingdan.i18n import Lang, Text

# click's and typer's messages (their msgids, word for word) and their Chinese
ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Error": "错误",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要用其中之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的 {number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值，可用：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "[required]": "[必填]",
    "[default: {}]": "[默认：{}]",
    "[env var: {}]": "[环境变量：{}]",
    "(deprecated) ": "（已弃用）",
    "deprecated": "已弃用",
    "unknown error": "未知错误",
}

# typer.rich_utils's strings that were translated once, when typer was imported
TYPER_FIXED = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


class Catalogue(gettext.NullTranslations):
    """A gettext translation held in a dict (the catalogue is small and lives in the code)."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


# the messages of typer's click copy and of pydantic (which checks typed values), as fixed templates
_MESSAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), zh)
    for pattern, zh in (
        # typer appends its suggestion in English to click's (already translated) message
        (r"^(.*?)[。.]\. Did you mean (.+)\?$", "{0}。是否要用 {1}？"),
        (r"^Invalid value for (.+?): (.*)$", "{0} 的值无效：{1}"),
        (r"^Invalid value: (.*)$", "值无效：{0}"),
        (r"^Missing argument(.*)\.$", "缺少参数{0}。"),
        (r"^Missing option(.*)\.$", "缺少选项{0}。"),
        (r"^Missing parameter(.*)\.$", "缺少参数{0}。"),
        (r"^Missing argument(.*?)\. (.*)$", "缺少参数{0}。{1}"),
        (r"^Missing option(.*?)\. (.*)$", "缺少选项{0}。{1}"),
        (r"^No such option: (\S+) \(Possible options: (.*)\)$", "没有选项 {0}（可用的选项：{1}）"),
        (r"^No such option: (.*)$", "没有选项 {0}"),
        (r"^Got unexpected extra arguments? \((.*)\)$", "多余的参数（{0}）"),
        (r"^Option (\S+) does not take a value\.$", "选项 {0} 不带值。"),
        (r"^Option (\S+) requires an argument\.$", "选项 {0} 需要一个值。"),
        (r"^Option (\S+) requires (\d+) arguments\.$", "选项 {0} 需要 {1} 个值。"),
        (r"^Value error, (.*)$", "{0}"),
        (r"^(.+) is not one of (.+)\.$", "{0} 不是 {1} 之一。"),
        (r"^Input should be a valid integer.*$", "应为整数"),
        (r"^Input should be a valid number.*$", "应为数字"),
        (r"^Input should be a valid boolean.*$", "应为 true 或 false"),
        (r"^Input should be greater than or equal to (.+)$", "应不小于 {0}"),
        (r"^Input should be less than or equal to (.+)$", "应不大于 {0}"),
        (r"^Input should be greater than (.+)$", "应大于 {0}"),
        (r"^Input should be less than (.+)$", "应小于 {0}"),
        (r"^(?:File|Directory|Path) (.+) does not exist\.$", "路径 {0} 不存在。"),
        (r"^(?:File|Directory|Path) (.+) is a file\.$", "{0} 是文件。"),
        (r"^(?:File|Directory|Path) (.+) is a directory\.$", "{0} 是目录。"),
    )
)


def translate_message(message: str, lang: Lang = "zh") -> str:
    """A click or pydantic message in Chinese, nested parts too; what is not known stays as it is.

    In English only pydantic's "Value error, " prefix (an implementation detail) goes.
    """
    if lang != "zh":
        return message.replace("Value error, ", "", 1)
    for pattern, zh in _MESSAGE_PATTERNS:
        match = pattern.match(message)
        if match:
            return zh.format(*(translate_message(g) if g else "" for g in match.groups()))
    return message


def _usage_in(lang: Lang, usage: str) -> str:
    return "用法：" + usage[len("Usage: ") :] if lang == "zh" and usage.startswith("Usage: ") else usage


def install_when_imported(lang: Lang, names: Iterable[str]) -> None:
    """install() on each named module: now if it is loaded, else the moment it is first imported.

    typer.rich_utils pulls in rich, markdown-it and pygments (half of start-up), and typer imports it
    only to print help or an error: translating it on import keeps a plain run from paying for it."""
    waiting = set()
    for name in names:
        module = sys.modules.get(name)
        if module is None:
            waiting.add(name)
        else:
            install(lang, (module,))
    if waiting:
        sys.meta_path.insert(0, _TranslateOnImport(lang, waiting))


class _TranslateOnImport(importlib.abc.MetaPathFinder):
    def __init__(self, lang: Lang, names: set[str]) -> None:
        self.lang = lang
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
            return None
        self.names.discard(fullname)  # let the normal finders find it, then wrap its loader
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        loader, lang = spec.loader, self.lang

        class Translating(importlib.abc.Loader):
            def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                loader.exec_module(module)
                install(lang, (module,))

        spec.loader = Translating()
        return spec


def install(lang: Lang, typer_modules: Iterable[ModuleType] = ()) -> None:
    """Make typer's (and its click's) words speak lang for the rest of this run."""
    catalogue = Catalogue(ZH if lang == "zh" else {})
    for module in typer_modules:
        if hasattr(module, "_"):
            module._ = catalogue.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = catalogue.ngettext  # type: ignore[attr-defined]
        for name, msgid in TYPER_FIXED.items():
            if hasattr(module, name):
                setattr(module, name, catalogue.gettext(msgid))
        original = getattr(module, "rich_format_error", None)
        if callable(original):
            module.rich_format_error = _translating(original, lang)  # type: ignore[attr-defined]
        format_help = getattr(module, "rich_format_help", None)
        if callable(format_help) and lang == "zh":
            module.rich_format_help = _usage_translating(format_help)  # type: ignore[attr-defined]
        make_text = getattr(module, "_make_rich_text", None)
        if callable(make_text):
            module._make_rich_text = _folding(make_text, catalogue)  # type: ignore[attr-defined]


def _usage_translating(format_help: Callable[..., Any]) -> Callable[..., Any]:
    """The help page's "Usage:" line in Chinese (typer's click copy writes it as a fixed prefix)."""

    def rich_format_help(*, obj: Any, ctx: Any, markup_mode: Any) -> Any:
        usage = obj.get_usage(ctx)
        obj.get_usage = lambda _ctx: _usage_in("zh", usage)
        try:
            return format_help(obj=obj, ctx=ctx, markup_mode=markup_mode)
        finally:
            del obj.get_usage

    return rich_format_help


# help texts typer's click copy writes as plain English (the help option's own help)
_HELP_TEXTS = frozenset({"Show this message and exit.", "Show the version and exit."})


def _folding(make_text: Callable[..., Any], catalogue: Catalogue) -> Callable[..., Any]:
    """Help texts that fold instead of ending in "…" when a run without spaces is wider than its column.

    rich breaks lines at spaces; a Chinese sentence has none, so in typer's help tables (whose
    columns crop with an ellipsis) it was cut. Folding breaks it between characters, which is how
    Chinese wraps; English words still wrap at spaces.
    """

    def make_rich_text(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("text") in _HELP_TEXTS:
            kwargs["text"] = catalogue.gettext(kwargs["text"])
        text = make_text(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    return make_rich_text


def _translating(original: Callable[[Any], None], lang: Lang) -> Callable[[Any], None]:
    def rich_format_error(exc: Any) -> None:
        english = exc.format_message()
        exc.format_message = lambda: translate_message(english, lang)
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            usage = ctx.get_usage()
            ctx.get_usage = lambda: _usage_in(lang, usage)
        original(exc)

    return rich_format_error


# ---- enum options that take labels ------------------------------------------------------------


class LabelChoice:
    """A parser for one enum value of the format: its code, or either label qingdan prints for it."""

    def __init__(self, table: dict[str, Text], lang: Lang) -> None:
        self.table = table
        self.lang = lang
        self.__name__ = "LabelChoice"  # typer names the parser in its help

    def __call__(self, value: Any) -> Any:
        if value is None:
            return None
        code = labels.to_code(self.table, str(value))
        if code is None:
            wanted = Text(
                "应为以下之一（代码或中文名称均可）：{choices}", "expected one of (code or label): {choices}"
            )
            # typer reports a ValueError from a parser as a usage error of this option (exit 2)
            raise ValueError(
                f"{value!r}: " + wanted.format(self.lang, choices=labels.choices_text(self.table, self.lang))
            )
        return code


def label_help(table: dict[str, Text], lang: Lang) -> str:
    """The help of such an option: every code with its Chinese label, and that both are accepted."""
    pairs = " ".join(f"{code}（{text.zh}）" for code, text in table.items())
    return f"代码或中文名称均可：{pairs}" if lang == "zh" else f"a code or its Chinese label: {pairs}"
