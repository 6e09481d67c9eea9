"""Read the service plans councils already have: Word documents and their text exports.

:func:`read_document` finds the proforma's parts by their headings and column
headers (not by position), reads every value through the library's parsers and
returns a draft :class:`~serviceplan.model.ServicePlan` with the findings: each
paragraph, table or row it could not place, where it came from, and each value
read with low confidence. The draft is a start for a person to finish, not a
transcription: run :func:`serviceplan.check` on it and read the findings.
"""

from __future__ import annotations

import os

import attrs

from serviceplan.errors import LoadError, Problem
from serviceplan.io._files import as_path
from serviceplan.io.documents.blocks import Block, Cell, Paragraph, Row, Table, text_blocks
from serviceplan.io.documents.compare import FieldScore, field_agreement, plan_fields
from serviceplan.io.documents.recognise import DocumentFinding, recognise
from serviceplan.model import ServicePlan

__all__ = [
    "Block",
    "Cell",
    "DocumentFinding",
    "DocumentImport",
    "FieldScore",
    "Paragraph",
    "Row",
    "Table",
    "field_agreement",
    "plan_fields",
    "read_document",
    "read_text_export",
    "text_blocks",
]


@attrs.frozen(kw_only=True)
class DocumentImport:
    """A draft plan read from a document, and what the reader could not place or was unsure of."""

    plan: ServicePlan
    findings: tuple[DocumentFinding, ...]


def read_text_export(text: str, *, source: str = "text") -> DocumentImport:
    """Read the tab-separated text a Word or PDF export gives.

    >>> imported = read_text_export("Deadline\\tWhat are the main actions\\nMarch 2011\\tDo it\\n")
    >>> [(a.title, str(a.deadline)) for a in imported.plan.actions]
    [('Do it', 'March 2011')]
    """
    plan, findings = recognise(text_blocks(text), source=source)
    return DocumentImport(plan=plan, findings=findings)


def read_document(path: str | os.PathLike[str]) -> DocumentImport:
    """Read a ``.docx`` (needs the ``docx`` extra) or a text export (``.txt``) into a draft plan.

    Raises:
        LoadError: the file cannot be read, or is neither a Word document nor text.
        MissingDependencyError: a ``.docx`` without python-docx installed.
    """
    p = as_path(path, instead="read_text_export(text) reads a text export already in memory")
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from serviceplan.io.documents.docx import docx_blocks

        plan, findings = recognise(docx_blocks(p), source=p.name)
        return DocumentImport(plan=plan, findings=findings)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LoadError([Problem(path=str(p), message=f"cannot read: {e.strerror or e}")], source=str(p)) from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e:
            raise LoadError([Problem(path=str(p), message="not text: neither UTF-8 nor Windows-1252")]) from e
    return read_text_export(text, source=p.name)
