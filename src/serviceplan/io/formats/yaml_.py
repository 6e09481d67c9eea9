"""YAML: the canonical plain data, in YAML a person can read and edit.

Loading is safe and literal: no tags that build objects, no anchors or
aliases (so no alias bombs), and only the YAML 1.2 core scalars ``true``,
``false``, ``null`` and integers are resolved. Everything else stays text:
``No`` is the word "No", ``2010-10-13`` is text until the model reads it as a
date, ``0.90`` is the text "0.90".
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs

from serviceplan._optional import require
from serviceplan.errors import LoadError, Problem
from serviceplan.io.converter import structure, unstructure
from serviceplan.io.limits import check_depth, decode_text
from serviceplan.typing import PlanLike

__all__ = ["YAML", "YamlSerialiser"]


def _yaml() -> Any:
    return require("yaml", purpose="YAML")


_BOOL = re.compile(r"^(?:true|false)$")
_NULL = re.compile(r"^(?:~|null|)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")  # ASCII digits, no base 60, no "_", no 0x / 0o
_LOADER: Any = None


def _core_scalar(yaml: Any, tag: str, pattern: re.Pattern[str], convert: Any) -> Any:
    """A constructor that reads only the YAML 1.2 core form of ``!!tag``."""

    def construct(loader: Any, node: Any) -> Any:
        value = loader.construct_scalar(node)
        if not isinstance(value, str) or not pattern.match(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"!!{tag} {value!r} is not in the form of YAML's core schema", node.start_mark
            )
        return convert(value)

    return construct


_DUMPER: Any = None


def _loader() -> Any:
    global _LOADER
    if _LOADER is None:
        yaml = _yaml()

        class Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
            """Safe, literal, alias-free loader."""

            yaml_implicit_resolvers: ClassVar[dict[str, Any]] = {}

            def construct_mapping(self, node: Any, deep: bool = False) -> Any:
                keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
                for position, key in enumerate(keys):
                    if key in keys[:position]:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            f"the key {key!r} appears twice in one mapping",
                            node.value[position][0].start_mark,
                        )
                return super().construct_mapping(node, deep=deep)

            def compose_node(self, parent: Any, index: Any) -> Any:
                if self.check_event(yaml.AliasEvent):
                    event = self.peek_event()
                    raise yaml.composer.ComposerError(
                        None, None, "anchors and aliases are not allowed", event.start_mark
                    )
                return super().compose_node(parent, index)

        Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tf"))
        Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", ""])
        Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
        # An explicit tag takes the same core forms and nothing else: PyYAML's own
        # constructors read "!!int 1:30" as 90 (base 60), "!!int 1_0" as 10, "!!int 0x10"
        # as 16 and "!!bool yes" as True, and "!!float", "!!timestamp", "!!binary",
        # "!!set", "!!omap" and "!!pairs" build values the plain data never holds.
        Loader.yaml_constructors = {
            tag: constructor
            for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
            if tag in (None, "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
        }
        for tag, pattern, convert in (
            ("int", _INT, int),
            ("bool", _BOOL, lambda word: word == "true"),
            ("null", _NULL, lambda _: None),
        ):
            Loader.add_constructor(f"tag:yaml.org,2002:{tag}", _core_scalar(yaml, tag, pattern, convert))
        _LOADER = Loader
    return _LOADER


def _dumper() -> Any:
    global _DUMPER
    if _DUMPER is None:
        yaml = _yaml()

        class Dumper(yaml.SafeDumper):  # type: ignore[misc,name-defined]
            """Writes text that the literal loader reads back as text."""

        def represent_str(dumper: Any, value: str) -> Any:
            # YAML folds other line breaks (CR, NEL, LS, PS) into "\n" unless they are escaped.
            if any(c in value for c in "\r\x85\u2028\u2029"):
                style: str | None = '"'
            else:
                style = "|" if "\n" in value else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Dumper.add_representer(str, represent_str)
        _DUMPER = Dumper
    return _DUMPER


@attrs.frozen(kw_only=True)
class YamlSerialiser:
    """YAML serialiser (needs the ``yaml`` extra)."""

    name: str = "yaml"
    suffixes: tuple[str, ...] = (".yaml", ".yml")
    binary: bool = False

    def loads(self, data: bytes | str, *, source: str | None = None) -> PlanLike:
        """Read a plan from YAML text or UTF-8 bytes."""
        yaml = _yaml()
        text = decode_text(data, source)
        try:
            plain = yaml.load(text, Loader=_loader())
        except yaml.YAMLError as err:
            raise LoadError([Problem("", f"not valid YAML: {_yaml_message(err)}")], source) from None
        except RecursionError:
            raise LoadError([Problem("", "input is nested too deeply")], source) from None
        check_depth(plain, source)
        return structure(plain, source=source)

    def dumps(self, plan: PlanLike) -> str:
        """Write a plan as block-style YAML."""
        yaml = _yaml()
        text: str = yaml.dump(
            unstructure(plan),
            Dumper=_dumper(),
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
        return text


def _yaml_message(err: Any) -> str:
    problem = getattr(err, "problem", None) or str(err)
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        return f"{problem} at line {mark.line + 1} column {mark.column + 1}"
    return str(problem)


YAML = YamlSerialiser()
