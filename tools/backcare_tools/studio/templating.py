"""The studio's generated texts, from Jinja templates in templates/.

HTML is autoescaped (a business name is the studio's own text); a name a
template does not get is an error, never an empty string.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).with_name("templates")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|!])")


def markdown_text(value: object) -> str:
    """Text set in Markdown as it is written (a name with * stays a name)."""
    return _MARKDOWN.sub(r"\\\1", str(value))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_text
    return env


def render(template: str, /, **values: Any) -> str:
    return environment().get_template(template).render(**values)
