"""Change reports as Markdown, JSON and HTML: the file formats live in qingdan.reportfile, where
`qingdan report` and the freshness check of `qingdan check` write and compare them."""

from __future__ import annotations

from qingdan.reportfile import RENDERERS as RENDERERS
from qingdan.reportfile import as_json as as_json
from qingdan.reportfile import markdown as markdown
from qingdan.reportfile import render_html as render_html
from qingdan.reportfile import render_json as render_json
