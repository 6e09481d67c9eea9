"""The fast path between documents and the model, through msgspec (private).

The cattrs converter (:mod:`serviceplan.io.converter`) is the
reference: strict, and it reports every problem in a document with its path.
It is also slow on big plans, because it validates field by field in Python.

This module mirrors every model class as a msgspec ``Struct`` of the same
shape (read from the one description, ``serviceplan.io.fields``), with the
same strictness (text stays text, whole numbers fit in 64 bits, unknown keys
are refused, a string is never a list), so that msgspec decodes and
validates a document in C. Generated code then builds the attrs objects from
the mirror, reading each value type's text through its own
``parse``; going out, generated code turns the model into mirrors and msgspec
writes them.

The fast path is only ever a shortcut. When it refuses a document, for any
reason, :func:`fast_structure` and :func:`fast_json_loads` return
:data:`REFUSED` and the caller goes through the converter, which either
accepts the document or explains every problem. The test suite checks that
the two agree on every example, on generated plans and on the hostile corpus.
"""

from __future__ import annotations

import inspect
import itertools
import threading
import types
from collections.abc import Callable
from typing import Annotated, Any, Literal

import attrs
import msgspec

from serviceplan._gc import collector_paused as _collector_paused
from serviceplan._strict import decimal_text
from serviceplan.io.converter import FORMAT_VERSION, structure_decimal
from serviceplan.io.fields import FieldSpec, Kind, Shape, TextType, as_text, fields_of
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.model._base import (
    EachOf,
    EnumCheck,
    check_optional_text,
    check_text,
    optional_period,
    to_period,
    to_tuple,
)
from serviceplan.values.periods import Period

__all__ = ["REFUSED", "fast_json_dumps", "fast_json_loads", "fast_structure", "mirrors"]

REFUSED: Any = object()
"""Returned when the fast path will not take a document: use the converter."""

_INT = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_AS_IT_IS = (Kind.STR, Kind.BOOL, Kind.DATE, Kind.ENUM)  # msgspec carries these itself
_KINDS = (("service_plan", ServicePlan), ("plan_set", PlanSet))


def _other_factory(field: FieldSpec) -> Callable[[], Any] | None:
    """The factory of a field's default, unless there is none or it is ``tuple``."""
    return None if field.factory is tuple else field.factory


def _type_only(field: FieldSpec) -> bool:
    """A validator that only checks what the mirror has checked already: that text is text, an enum a member."""
    validator = field.attribute.validator
    if isinstance(validator, EnumCheck):  # msgspec decodes an enum field to a member, or refuses
        shape = field.shape.inner
        optional = field.shape.kind is Kind.OPTIONAL
        return shape.kind is Kind.ENUM and shape.type is validator.enum and optional is validator.optional
    if isinstance(validator, EachOf):  # the mirror gives a tuple of its items' type, or refuses
        return field.shape.kind is Kind.TUPLE
    if validator is check_text:
        return field.shape.kind is Kind.STR
    if validator is check_optional_text:
        return field.shape.kind is Kind.OPTIONAL and field.shape.inner.kind is Kind.STR
    return False


def _mirrored(converter: Any, shape: Shape) -> bool:
    """A converter with nothing left to do on what the mirror gives for a field of ``shape``.

    The mirror gives a tuple for a tuple field and a :class:`Period` (read by
    ``Period.parse``) for a period field: ``to_tuple``, ``to_period`` and
    ``optional_period`` would return them as they are.
    """
    if converter is None:
        return True
    if converter is to_tuple:
        return shape.kind is Kind.TUPLE
    if converter is to_period:
        return shape.kind is Kind.TEXT_VALUE and shape.type is Period
    if converter is optional_period:
        return shape.kind is Kind.OPTIONAL and shape.inner.kind is Kind.TEXT_VALUE and shape.inner.type is Period
    return False


def _slot_by_slot(cls: type) -> bool:
    """Whether the fast path may build ``cls`` by filling its slots (see ``_direct_builder``)."""
    for field in fields_of(cls):
        if not _mirrored(field.attribute.converter, field.shape):
            return False
        if not isinstance(inspect.getattr_static(cls, field.name, None), types.MemberDescriptorType):
            return False
    return not hasattr(cls, "__attrs_pre_init__")


def _text_parser(text: TextType) -> Callable[[Any], Any]:
    parse = text.parse
    if not text.allow_int:
        return parse

    def read(value: Any) -> Any:
        return parse(str(value)) if type(value) is int else parse(value)

    return read


class _Compiler:
    """Builds the mirror Structs and the generated build / unbuild functions, once."""

    def __init__(self) -> None:
        self.mirrors: dict[type, Any] = {}
        self.namespace: dict[str, Any] = {"UNSET": msgspec.UNSET, "tuple": tuple, "map": map, "_new": object.__new__}
        self.names = itertools.count()
        self.building: set[type] = set()
        self.roots: dict[str, Any] = {}
        self.generated: dict[tuple[Any, ...], str] = {}

    def _name(self, obj: Any, prefix: str) -> str:
        name = f"{prefix}{next(self.names)}"
        self.namespace[name] = obj
        return name

    # -- types --------------------------------------------------------------

    def mirror_type(self, shape: Shape) -> Any:
        """The msgspec type that carries a value of this shape in a document."""
        kind = shape.kind
        if kind is Kind.OPTIONAL and shape.item is not None:
            return self.mirror_type(shape.item) | None
        if kind is Kind.TUPLE and shape.item is not None:
            return tuple[self.mirror_type(shape.item), ...]  # type: ignore[misc]
        if kind is Kind.TEXT_VALUE and shape.text is not None:
            return str | int if shape.text.allow_int else str
        if kind is Kind.INT:
            return _INT
        if kind is Kind.DECIMAL:
            return str | int
        if kind in _AS_IT_IS:
            return shape.type
        if kind is Kind.ENTITY:
            return self.mirror(shape.type)
        raise TypeError(f"no mirror for {shape!r}")  # pragma: no cover - a new Kind the mirror must learn

    def mirror(self, cls: type) -> Any:
        """The Struct mirroring an attrs class (built once)."""
        if cls in self.mirrors:
            return self.mirrors[cls]
        if cls in self.building:  # pragma: no cover - the model is not recursive
            raise TypeError(f"{cls.__name__} is recursive; the fast path does not support that")
        self.building.add(cls)
        struct = msgspec.defstruct(
            f"Mirror{cls.__name__}",
            self.fields(cls),
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,  # a mirror lives for one load or dump and holds no cycles: the collector need not walk it
            module=__name__,
        )
        self.mirrors[cls] = struct
        return struct

    def fields(self, cls: type) -> list[tuple[str, Any, Any]]:
        out: list[tuple[str, Any, Any]] = []
        for field in fields_of(cls):
            t = self.mirror_type(field.shape)
            default = field.default
            if field.required:
                out.append((field.name, t, msgspec.NODEFAULT))
            elif field.factory is not None:
                if field.factory is tuple:
                    out.append((field.name, t, ()))
                else:
                    out.append((field.name, t | msgspec.UnsetType, msgspec.UNSET))
            elif default is None or isinstance(default, (bool, int, str)):
                out.append((field.name, t, default))
            else:  # pragma: no cover - the model has no other defaults
                raise TypeError(f"no mirror for the default of {cls.__name__}.{field.name}")
        return out

    # -- expressions --------------------------------------------------------

    def build_expr(self, shape: Shape, var: str) -> str | None:
        """Python text turning mirror value ``var`` into a model value of ``shape`` (``None``: as it is)."""
        return self._expr(shape, var, inward=True)

    def unbuild_expr(self, shape: Shape, var: str) -> str | None:
        """Python text turning model value ``var`` of ``shape`` into its mirror (``None``: as it is)."""
        return self._expr(shape, var, inward=False)

    def _expr(self, shape: Shape, var: str, *, inward: bool) -> str | None:
        kind = shape.kind
        if kind is Kind.OPTIONAL and shape.item is not None:
            expr = self._expr(shape.item, var, inward=inward)
            return None if expr is None else f"(None if {var} is None else {expr})"
        if kind is Kind.TUPLE and shape.item is not None:
            item = f"i{next(self.names)}"
            expr = self._expr(shape.item, item, inward=inward)
            if expr is None:
                return None
            if shape.item.kind is Kind.ENTITY:
                return f"tuple(map({self._function(shape.item.type, inward=inward)}, {var}))"
            return f"tuple([{expr} for {item} in {var}])"
        if kind is Kind.TEXT_VALUE and shape.text is not None:
            convert = _text_parser(shape.text) if inward else as_text
            return f"{self._name(convert, 'p')}({var})"
        if kind is Kind.DECIMAL:
            return f"{self._name(structure_decimal if inward else decimal_text, 'd')}({var})"
        if kind is Kind.ENTITY:
            return f"{self._function(shape.type, inward=inward)}({var})"
        return None

    def _function(self, cls: type, *, inward: bool) -> str:
        return self.builder(cls) if inward else self.unbuilder(cls)

    # -- functions ----------------------------------------------------------

    def builder(self, cls: type) -> str:
        """Name of the generated function building ``cls`` from its mirror."""
        key = ("build", cls)
        if key in self.generated:
            return self.generated[key]
        name = f"build_{cls.__name__}_{next(self.names)}"
        self.generated[key] = name
        if _slot_by_slot(cls):
            self._direct_builder(cls, name)
            return name
        lines = [f"def {name}(s):"]
        assigns = []
        kwargs = []
        for field in fields_of(cls):
            var = f"v{next(self.names)}"
            expr = self.build_expr(field.shape, var)
            if _other_factory(field) is not None:
                factory = self._name(_other_factory(field), "f")
                assigns.append(f"    {var} = s.{field.name}")
                kwargs.append(f"{field.name}={factory}() if {var} is UNSET else {expr or var}")
            elif expr is None:
                kwargs.append(f"{field.name}=s.{field.name}")
            else:
                assigns.append(f"    {var} = s.{field.name}")
                kwargs.append(f"{field.name}={expr}")
        cls_name = self._name(cls, "c")
        lines.extend(assigns)
        lines.append(f"    return {cls_name}({', '.join(kwargs)})")
        exec("\n".join(lines), self.namespace)  # noqa: S102 - generated from the model's own fields
        return name

    def _direct_builder(self, cls: type, name: str) -> None:
        """Generate a builder that fills the slots itself, then runs what ``__init__`` would run.

        The mirror has already checked every type, so the model's type-only
        validators (text is text) and its tuple and period converters have
        nothing left to do; every other validator runs, in field order, and then
        ``__attrs_post_init__``, exactly as attrs' ``__init__`` does. This is
        about twice as fast as calling ``__init__`` with keywords.
        """
        lines = [f"def {name}(s):", f"    o = _new({self._name(cls, 'c')})"]
        checks = []
        for field in fields_of(cls):
            var = f"v{next(self.names)}"
            expr = self.build_expr(field.shape, var)
            setter = self._name(inspect.getattr_static(cls, field.name).__set__, "s")
            lines.append(f"    {var} = s.{field.name}")
            factory = _other_factory(field)
            if factory is not None:
                value = f"{self._name(factory, 'f')}() if {var} is UNSET else {expr or var}"
            else:
                value = expr or var
            lines.append(f"    {setter}(o, {value})")
            validator = field.attribute.validator
            if validator is not None and not _type_only(field):
                check = self._name(validator, "k")
                checks.append(f"    {check}(o, {self._name(field.attribute, 'a')}, o.{field.name})")
        lines.extend(checks)
        if hasattr(cls, "__attrs_post_init__"):
            lines.append("    o.__attrs_post_init__()")
        lines.append("    return o")
        exec("\n".join(lines), self.namespace)  # noqa: S102 - generated from the model's own fields

    def unbuilder(self, cls: type, *, root: str | None = None) -> str:
        """Name of the generated function turning a ``cls`` into its mirror (or a root document)."""
        key = ("unbuild", cls, root)
        if key in self.generated:
            return self.generated[key]
        name = f"unbuild_{cls.__name__}_{next(self.names)}"
        self.generated[key] = name
        assigns = []
        kwargs = [f"format_version={FORMAT_VERSION}", f"kind={root!r}"] if root else []
        for field in fields_of(cls):
            var = f"v{next(self.names)}"
            expr = self.unbuild_expr(field.shape, var)
            if _other_factory(field) is not None:
                factory = self._name(_other_factory(field), "f")
                assigns.append(f"    {var} = o.{field.name}")
                kwargs.append(f"{field.name}=UNSET if {var} == {factory}() else {expr or var}")
            elif expr is None:
                kwargs.append(f"{field.name}=o.{field.name}")
            else:
                assigns.append(f"    {var} = o.{field.name}")
                kwargs.append(f"{field.name}={expr}")
        struct = self._name(self.roots[root] if root is not None else self.mirror(cls), "m")
        lines = [f"def {name}(o):", *assigns, f"    return {struct}({', '.join(kwargs)})"]
        exec("\n".join(lines), self.namespace)  # noqa: S102 - generated from the model's own fields
        return name

    def root(self, kind: str, cls: type) -> Any:
        """The Struct of a whole document: ``format_version`` and ``kind`` first, then the fields."""
        struct = msgspec.defstruct(
            f"Document{cls.__name__}",
            [("format_version", _INT), ("kind", Literal[kind]), *self.fields(cls)],
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,  # a mirror lives for one load or dump and holds no cycles: the collector need not walk it
            module=__name__,
        )
        self.roots[kind] = struct
        return struct


@attrs.frozen
class _Document:
    kind: str
    cls: type
    struct: Any
    decoder: msgspec.json.Decoder[Any]
    build: Callable[[Any], Any]
    unbuild: Callable[[Any], Any]
    mirrors: dict[type, Any] = attrs.field(eq=False, repr=False)  #: every class's Struct (shared)


_LOCK = threading.Lock()
_DOCUMENTS: tuple[_Document, ...] = ()


def _documents() -> tuple[_Document, ...]:
    """The compiled documents (service plan, plan set), built on first use."""
    global _DOCUMENTS
    if _DOCUMENTS:
        return _DOCUMENTS
    with _LOCK:
        if not _DOCUMENTS:
            compiler = _Compiler()
            found = []
            for kind, cls in _KINDS:
                struct = compiler.root(kind, cls)
                found.append(
                    _Document(
                        kind=kind,
                        cls=cls,
                        struct=struct,
                        decoder=msgspec.json.Decoder(struct),
                        build=compiler.namespace[compiler.builder(cls)],
                        unbuild=compiler.namespace[compiler.unbuilder(cls, root=kind)],
                        mirrors=compiler.mirrors,
                    )
                )
            _DOCUMENTS = tuple(found)
    return _DOCUMENTS


def mirrors() -> dict[type, Any]:
    """The msgspec Struct mirroring each model class, by class.

    A class that is only ever a whole document (:class:`PlanSet`) is mirrored
    by its document's Struct, which also holds ``format_version`` and ``kind``.
    """
    documents = _documents()
    found = dict(documents[0].mirrors)
    for document in documents:
        found.setdefault(document.cls, document.struct)
    return found


def _build(document: _Document, mirror: Any) -> Any:
    if mirror.format_version != FORMAT_VERSION:
        return REFUSED
    try:
        return document.build(mirror)
    except Exception:  # a value's parse or a model validator refused: the converter will say where
        return REFUSED


def fast_structure(data: Any) -> Any:
    """A plan or plan set from canonical plain data, or :data:`REFUSED`."""
    if not isinstance(data, dict):
        return REFUSED
    kind = data.get("kind")
    for document in _documents():
        if document.kind == kind:
            with _collector_paused():
                try:
                    mirror = msgspec.convert(data, document.struct, strict=True)
                except (msgspec.MsgspecError, ValueError, TypeError, RecursionError):  # the careful way will say what
                    return REFUSED
                return _build(document, mirror)
    return REFUSED


_KIND_AT = (b'"kind":"service_plan"', b'"kind":"plan_set"')


def fast_json_loads(data: bytes) -> Any:
    """A plan or plan set from JSON bytes, or :data:`REFUSED`.

    Accepted only when the document is exactly what :func:`fast_json_dumps`
    writes for what it decodes to: that proves it has no duplicate keys
    (msgspec, like most JSON readers, would keep the last of two), no byte
    order mark and nothing after the value. Anything else goes the careful way.
    """
    head = data[:64]
    for document, marker in zip(_documents(), _KIND_AT, strict=True):
        if marker in head:
            with _collector_paused():
                try:
                    mirror = document.decoder.decode(data)
                except (msgspec.MsgspecError, ValueError, TypeError, RecursionError):  # the careful way will say what
                    return REFUSED
                if _ENCODER.encode(mirror) != data.rstrip(b"\n"):
                    return REFUSED
                return _build(document, mirror)
    return REFUSED


_ENCODER = msgspec.json.Encoder()


def _mirror_of(plan: ServicePlan | PlanSet) -> Any:
    for document in _documents():
        if type(plan) is document.cls:
            return document.unbuild(plan)
    raise TypeError(f"expected a ServicePlan or PlanSet, not {type(plan).__name__}")


def fast_json_dumps(plan: ServicePlan | PlanSet, indent: int | None = None) -> bytes:
    """JSON bytes of a plan (compact unless ``indent``), with a final newline."""
    with _collector_paused():
        body = _ENCODER.encode(_mirror_of(plan))
    if indent is not None:
        body = msgspec.json.format(body, indent=indent)
    return body + b"\n"
