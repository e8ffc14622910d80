"""The safe YAML loader of kepil's files (`kepil.data.load_yaml`): PyYAML's, through libyaml's C parser when
present, with a timestamp constructor that refuses a date that is no day of the calendar as a YAML error
marking its line and column (PyYAML raises a bare ValueError: a traceback, or an HTTP 500 for a reform
posted to the API), and mappings that refuse a key given twice (PyYAML keeps the last one silently)."""

from __future__ import annotations

from typing import Any

import yaml

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ImpossibleDate(yaml.constructor.ConstructorError):
    """A YAML date that is no day of the calendar (`2026-02-30`): `.value`, `.problem_mark`."""

    def __init__(self, value: str, mark: Any) -> None:
        super().__init__(None, None, f"{value!r} is not a date", mark)
        self.value = value


class DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping giving one key twice (`rules:` twice): PyYAML keeps the last and drops the first without a
    word. `.key`, `.problem_mark` (the second one)."""

    def __init__(self, key: str, mark: Any) -> None:
        super().__init__(None, None, f"the key {key!r} is given twice", mark)
        self.key = key


class SafeLoader(_BASE):  # libyaml's parser when present
    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key, _value in node.value:  # before merges (`<<:`) are flattened: an override is no repeat
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise DuplicateKey(key.value, key.start_mark)
                seen.add(key.value)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise ImpossibleDate(node.value, node.start_mark) from None


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)
