"""Language choice and the two-language text type used by every message."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, NamedTuple

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Text(NamedTuple):
    """A message in Chinese and English; templates use str.format fields."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, lang: str, **kw: object) -> str:
        return self.get(lang).format(**kw)


def detect_lang(env: Mapping[str, str] | None = None) -> Lang:
    """QINGDAN_LANG, then the POSIX locale variables; Chinese unless the locale is explicitly English.

    The users are Chinese officials, so a neutral locale such as C.UTF-8 means Chinese.
    """
    env = os.environ if env is None else env
    for var in ("QINGDAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "").strip().lower()
        if not value:
            continue
        if value.startswith("en"):
            return "en"
        if value.startswith("zh"):
            return "zh"
        if var == "QINGDAN_LANG":
            continue
        # C / POSIX and other locales: keep looking, default Chinese.
    return "zh"
