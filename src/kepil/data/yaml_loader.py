"""The safe YAML loader of kepil's files (`kepil.data.load_yaml`): PyYAML's, through libyaml's C parser when
present, with a timestamp constructor that refuses a date that is no day of the calendar as a YAML error
marking its line and column (PyYAML raises a bare ValueError: a traceback, or an HTTP 500 for a reform
posted to the API)."""

from __future__ import annotations

from typing import Any

import yaml

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ImpossibleDate(yaml.constructor.ConstructorError):
    """A YAML date that is no day of the calendar (`2026-02-30`): `.value`, `.problem_mark`."""

    def __init__(self, value: str, mark: Any) -> None:
        super().__init__(None, None, f"{value!r} is not a date", mark)
        self.value = value


class SafeLoader(_BASE):  # libyaml's parser when present
    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise ImpossibleDate(node.value, node.start_mark) from None


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)
