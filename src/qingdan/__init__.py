"""qingdan: grassroots duty lists (履行职责事项清单) kept as code."""

from __future__ import annotations

__version__ = "0.1.0"

# Where the project is published (pyproject's [project.urls] Source repeats it): the generated CI
# installs qingdan from here at the tag of this version, and SARIF links each rule's documentation.
HOME_URL = "https://github.com/qingdan/qingdan"


def home_url() -> str:
    return HOME_URL


__all__ = ["HOME_URL", "__version__", "home_url"]
