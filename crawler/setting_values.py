"""`-s NAME=VALUE` values checked before a run starts, against the type of the setting's default.

Scrapy parses a setting's string only where it is used, deep in a running crawl: a
typo then surfaces as a traceback and a crawl-failure exit code, which a scheduler reads
as failing sites. Checked up front, it is one line and a usage error.
"""
from __future__ import annotations

import json
from typing import Any

from scrapy.settings import default_settings

from . import settings as project_settings

_BOOL_WORDS = {"0", "1", "true", "false", "True", "False"}  # what Settings.getbool accepts


def setting_default(name: str) -> Any:
    """The value the project (else Scrapy) gives the setting; None when neither knows it."""
    if hasattr(project_settings, name):
        return getattr(project_settings, name)
    return getattr(default_settings, name, None)


def setting_error(name: str, value: str) -> str | None:
    """Why `value` cannot be the setting's value, in one sentence; None when it can."""
    default = setting_default(name)
    if isinstance(default, bool):
        if value.strip() not in _BOOL_WORDS:
            return f"{name} is a yes/no setting: use 1/0 or true/false, not {value!r}"
    elif isinstance(default, int):
        try:
            int(value)
        except ValueError:
            return f"{name} takes a whole number, not {value!r}"
    elif isinstance(default, float):
        try:
            float(value)
        except ValueError:
            return f"{name} takes a number, not {value!r}"
    elif isinstance(default, dict):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            return f"{name} takes a JSON object, e.g. '{{\"key\": 1}}', not {value!r}"
    return None
