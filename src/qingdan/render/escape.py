"""The escaping layer every renderer uses (it lives in qingdan.escape, where the report files that core
modules write reach it too)."""

from __future__ import annotations

from qingdan.escape import CSP as CSP
from qingdan.escape import INVALID_MARK as INVALID_MARK
from qingdan.escape import html_page as html_page
from qingdan.escape import html_text as html_text
from qingdan.escape import md as md
from qingdan.escape import md_code as md_code
from qingdan.escape import md_id as md_id
from qingdan.escape import md_revision as md_revision
