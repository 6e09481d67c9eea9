"""YAML: the canonical plain data, in YAML a person can read and edit.

Loading is safe and literal: no tags that build objects, no anchors or
aliases (so no alias bombs), and only the YAML 1.2 core scalars ``true``,
``false``, ``null`` and integers are resolved. Everything else stays text:
``No`` is the word "No", ``2010-10-13`` is text until the model reads it as a
date, ``0.90`` is the text "0.90". Keys are text; an explicit tag other than
``!!str``, ``!!int``, ``!!bool``, ``!!null``, ``!!seq`` and ``!!map`` (such as
``!!timestamp``, ``!!float``, ``!!binary``, ``!!set`` or a merge key ``<<``)
is refused with its line and column, never half-read.

Documents are scanned by libyaml when PyYAML has it (the usual wheels do),
else by PyYAML's own scanner, and written by libyaml's emitter likewise; either way they are bounded by
:attr:`~serviceplan.io.limits.Limits.max_yaml_bytes`,
:attr:`~serviceplan.io.limits.Limits.max_depth` and
:attr:`~serviceplan.io.limits.Limits.max_digits`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs

from serviceplan._optional import require
from serviceplan.errors import LimitError, LoadError, Problem
from serviceplan.io.converter import structure, unstructure
from serviceplan.io.limits import check_depth, check_digits, current_limits, decode_text, utf8
from serviceplan.typing import PlanLike

__all__ = ["YAML", "YamlSerialiser", "read_plain"]


def _yaml() -> Any:
    return require("yaml", purpose="YAML")


_LOADER: Any = None
_DUMPER: Any = None

_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = ("", "~", "null", "Null", "NULL")
_KINDS = {int: "a whole number", bool: "true or false", type(None): "null", list: "a list", dict: "a mapping"}


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else f"{text[:36]!r}… ({len(text):,} characters)"


def _tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _TooDeep(Exception):
    def __init__(self, mark: Any, limit: int) -> None:
        super().__init__(mark, limit)
        self.mark = mark
        self.limit = limit


class _TooMany(_TooDeep):
    pass


def _loader() -> Any:
    global _LOADER
    if _LOADER is None:
        _LOADER = _make_loader(_yaml())
    return _LOADER


def _make_loader(yaml: Any) -> Any:
    """The safe, literal, alias-free loader, over libyaml's parser when PyYAML has it."""
    composer = yaml.composer.Composer
    constructor = yaml.constructor.SafeConstructor
    error = yaml.constructor.ConstructorError
    c_parser = getattr(getattr(yaml, "_yaml", None), "CParser", None) if yaml.__with_libyaml__ else None

    if c_parser is not None:

        class Base(c_parser, composer, constructor, yaml.resolver.Resolver):  # type: ignore[misc,valid-type]
            def __init__(self, stream: Any) -> None:
                c_parser.__init__(self, stream)  # type: ignore[misc]
                composer.__init__(self)
                constructor.__init__(self)
                yaml.resolver.Resolver.__init__(self)

            # The events come from libyaml; the nodes are composed here, so aliases can be refused.
            check_node = composer.check_node
            get_node = composer.get_node
            get_single_node = composer.get_single_node

    else:  # pragma: no cover - PyYAML without libyaml

        class Base(yaml.SafeLoader):  # type: ignore[no-redef,misc]
            pass

    class Loader(Base):
        """Safe, literal, alias-free loader."""

        yaml_implicit_resolvers: ClassVar[dict[str, Any]] = {}
        yaml_constructors: ClassVar[dict[Any, Any]] = {}
        source: str | None = None
        depth = 0
        nodes = 0
        max_depth = 0
        max_nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, "anchors and aliases are not allowed", event.start_mark)
            self.depth += 1
            self.nodes += 1
            try:
                if self.depth > self.max_depth + 1:  # + 1: the scalars at the bottom are not a level of nesting
                    raise _TooDeep(self.peek_event().start_mark, self.max_depth)
                if self.nodes > self.max_nodes:
                    raise _TooMany(self.peek_event().start_mark, self.max_nodes)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
            if not isinstance(node, yaml.MappingNode):
                raise error(None, None, f"expected a mapping, not {_tag(node.tag)}", node.start_mark)
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _CORE + "merge":
                    raise error(None, None, "merge keys (<<) are not allowed", key_node.start_mark)
                key = self.construct_object(key_node, deep=deep)
                if type(key) is not str:
                    kind = _KINDS.get(type(key), type(key).__name__)
                    shown = f" {_shown(key_node.value)}" if isinstance(key_node, yaml.ScalarNode) else ""
                    raise error(
                        None,
                        None,
                        f"a key must be text, not{shown} ({kind}); put it in quotes if it is meant as text",
                        key_node.start_mark,
                    )
                if key in mapping:
                    raise error(None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark)
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

        def construct_int(self, node: Any) -> int:
            text = self.construct_scalar(node)
            if not _INT.fullmatch(text):
                raise error(None, None, f"cannot read {_shown(text)} as a whole number", node.start_mark)
            mark = node.start_mark
            check_digits(text, self.source, f" at line {mark.line + 1} column {mark.column + 1}")
            try:
                return int(text)
            except ValueError:  # limits raised past Python's own (sys.set_int_max_str_digits)
                raise error(None, None, f"{_shown(text)} has more digits than Python reads", mark) from None

        def construct_bool(self, node: Any) -> bool:
            text = self.construct_scalar(node)
            if text not in _BOOLS:
                raise error(None, None, f"cannot read {_shown(text)} as true or false", node.start_mark)
            return _BOOLS[text]

        def construct_null(self, node: Any) -> None:
            text = self.construct_scalar(node)
            if text not in _NULLS:
                raise error(None, None, f"cannot read {_shown(text)} as null", node.start_mark)

        def construct_refused(self, node: Any) -> Any:
            raise error(
                None,
                None,
                f"the tag {_tag(node.tag)} is not allowed (a plan holds text, whole numbers, true/false and null)",
                node.start_mark,
            )

    Loader.add_constructor(_CORE + "str", constructor.construct_yaml_str)
    Loader.add_constructor(_CORE + "seq", constructor.construct_yaml_seq)
    Loader.add_constructor(_CORE + "map", constructor.construct_yaml_map)
    Loader.add_constructor(_CORE + "int", Loader.construct_int)
    Loader.add_constructor(_CORE + "bool", Loader.construct_bool)
    Loader.add_constructor(_CORE + "null", Loader.construct_null)
    Loader.add_constructor(None, Loader.construct_refused)
    Loader.add_implicit_resolver(_CORE + "bool", re.compile(r"^(?:true|false)$"), list("tf"))
    Loader.add_implicit_resolver(_CORE + "null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])
    Loader.add_implicit_resolver(_CORE + "int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    return Loader


def read_plain(data: bytes | str, *, source: str | None = None) -> Any:
    """The plain data of a YAML document, read safely and literally (every check but the model's).

    Raises:
        LoadError: not UTF-8, not valid YAML, a refused tag, key or alias; names the line and column.
        LimitError: over :attr:`~serviceplan.io.limits.Limits.max_yaml_bytes`, ``max_depth`` or ``max_digits``.
    """
    yaml = _yaml()
    text = decode_text(data, source, yaml=True)
    if isinstance(data, str):
        utf8(text, source)  # a lone surrogate is half a character, not text
    limits = current_limits()
    loader = _loader()(text)
    loader.source = source
    loader.max_depth = limits.max_depth
    loader.max_nodes = limits.max_yaml_nodes
    try:
        plain = loader.get_single_data()
    except yaml.YAMLError as err:
        message = _yaml_message(err)
        if "maximum nesting depth" in message:  # libyaml's own bound (1,000 levels), met before ours
            raise LimitError([Problem("", f"input is nested too deeply: {message}")], source) from None
        raise LoadError([Problem("", f"not valid YAML: {message}")], source) from None
    except _TooMany as err:
        raise LimitError(
            [
                Problem(
                    "",
                    f"the YAML document has more than {err.limit:,} values (mappings, lists and scalars) at line "
                    f"{err.mark.line + 1} column {err.mark.column + 1} (Limits.max_yaml_nodes)",
                )
            ],
            source,
        ) from None
    except _TooDeep as err:
        raise LimitError(
            [
                Problem(
                    "",
                    f"input is nested more than {err.limit} levels deep at line {err.mark.line + 1} "
                    f"column {err.mark.column + 1} (Limits.max_depth)",
                )
            ],
            source,
        ) from None
    except RecursionError:
        raise LimitError([Problem("", "input is nested too deeply")], source) from None
    finally:
        loader.dispose()
    check_depth(plain, source)
    return plain


def _dumper() -> Any:
    global _DUMPER
    if _DUMPER is None:
        yaml = _yaml()

        # libyaml's emitter when PyYAML has it (about 2.5 times faster); the representers stay Python.
        base = getattr(yaml, "CSafeDumper", None) if yaml.__with_libyaml__ else None

        class Dumper(base or yaml.SafeDumper):  # type: ignore[misc]
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
        return structure(read_plain(data, source=source), source=source)

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
