"""YAML as the website's files are read: front matter, the event list, ``_config.yml``.

PyYAML's safe loader still expands aliases (``keep: [*a, *a, …]``: 19 KB of text became 30 MB) and raises a
plain ``ValueError`` for a date that does not exist (``date: 2025-13-45``). The website's files need neither
aliases nor impossible dates, so both are refused here as a ``YAMLError`` every reader already handles.
"""
import yaml


class YamlAliasError(yaml.YAMLError):
    def __init__(self, anchor: str):
        super().__init__(f"found an alias (*{anchor})")
        self.anchor = anchor


class YamlDateError(yaml.YAMLError):
    def __init__(self, value: str):
        super().__init__(f"not a date: {value}")
        self.value = value


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise YamlAliasError(self.peek_event().anchor)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise YamlDateError(node.value) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load_yaml(text: str):
    """The document in ``text``; ``yaml.YAMLError`` (or one of the two above) where it cannot be read."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader: no Python objects)
