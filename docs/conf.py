"""Sphinx configuration for the serviceplan documentation.

Build (both run in CI, warnings are errors, every cross-reference must resolve)::

    python -m sphinx -q -n -W --keep-going -b html docs docs/_build/html
    python -m sphinx -q -n -W --keep-going -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "src"))  # harmless when the package is installed

import attrs  # noqa: E402

import serviceplan  # noqa: E402

project = "serviceplan"
author = "serviceplan developers"
copyright = "serviceplan developers"
version = serviceplan.__version__
release = serviceplan.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "myst_nb",  # MyST Markdown, and notebooks executed at build time (the walkthrough, the gallery)
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# -- MyST ---------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- notebooks (myst-nb) ----------------------------------------------------------

# The walkthrough (examples/walkthrough.ipynb, linked into docs/) and the gallery are
# run afresh at every build, so their tables and pictures are what today's code draws;
# an error in a cell fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_output_stderr = "remove-warn"

# -- autodoc and napoleon -------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Types of documented parameters and return types go in the description; the
# fields of the model classes are listed once, as typed attributes, rather
# than again as constructor parameters.
autodoc_typehints_description_target = "documented_params"
autodoc_typehints_format = "short"
autodoc_class_signature = "mixed"
autodoc_type_aliases = {
    "PlanLike": "serviceplan.typing.PlanLike",
    "TextFormat": "serviceplan.typing.TextFormat",
    "BinaryFormat": "serviceplan.typing.BinaryFormat",
}
autodoc_default_options = {"exclude-members": "__init__, __new__"}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- doctest --------------------------------------------------------------------

# Every doctest (in the pages and in the docstrings autodoc pulls in) starts
# with the public names imported, as a reader of the API page would have them.
doctest_global_setup = f"""
import serviceplan
from serviceplan import *
from serviceplan.values import *
from serviceplan.model import *
from serviceplan.risk import *
from serviceplan.calc import *
from serviceplan.checks import *
from serviceplan.io import *
from serviceplan.render import *
from serviceplan.errors import *
from datetime import date
from decimal import Decimal
DOCS = {str(DOCS)!r}
"""

# -- nitpicky -------------------------------------------------------------------

# Without intersphinx (the build machine has no network) references to the
# standard library and to third-party packages cannot resolve; ignore those
# modules only. serviceplan's own names must always resolve.
_FOREIGN = (
    r"(?:builtins|datetime|decimal|pathlib|os|enum|typing|collections|collections\.abc|types"
    r"|attrs|attr|cattrs|yaml|numpy|np|pandas|pd|matplotlib)"
)
nitpick_ignore_regex = [(r"py:.*", rf"{_FOREIGN}(?:\..+)?")]
# matplotlib types imported for type checking only appear by their bare names.
nitpick_ignore = [("py:class", "Figure"), ("py:class", "Axes")]

# -- attribute docstrings -------------------------------------------------------

# serviceplan documents fields with ``#:`` comments written "meaning: example"
# (``#: an exact day: "31 st March 2011"``). Napoleon would read the words
# before the colon as the attribute's type (Google style "type: description"),
# so attribute, data and property docstrings bypass it: the lines are saved
# just before napoleon runs (priority 500) and put back just after. Types come
# from the annotations instead.
_NOT_NAPOLEON = frozenset({"attribute", "data", "property"})
_saved: dict[str, list[str]] = {}


# Sphinx calls event handlers with positional arguments, hence the noqa.
def _save_lines(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:  # noqa: PLR0917
    if what in _NOT_NAPOLEON:
        _saved[name] = list(lines)


def _restore_lines(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:  # noqa: PLR0917
    if what in _NOT_NAPOLEON and name in _saved:
        lines[:] = _saved.pop(name)


# -- constructor signatures of attrs classes ---------------------------------------

# attrs writes a field with a default factory as ``priorities=NOTHING``; show
# what the factory makes instead (``priorities=()``).


def _attrs_signature(  # noqa: PLR0917
    app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None, return_annotation: str | None
) -> tuple[str | None, str | None] | None:
    if what not in ("class", "exception") or not attrs.has(obj) or not signature:
        return None
    parts: list[str] = []
    star = False
    for field in attrs.fields(obj):
        if not field.init:
            continue
        if field.kw_only and not star:
            parts.append("*")
            star = True
        default = field.default
        if default is attrs.NOTHING:
            parts.append(field.name)
        elif isinstance(default, attrs.Factory) and not default.takes_self:
            parts.append(f"{field.name}={default.factory()!r}")
        else:
            parts.append(f"{field.name}={default!r}")
    return f"({', '.join(parts)})", return_annotation


# -- the front door -------------------------------------------------------------

# ``serviceplan.load`` is documented at its home, ``serviceplan.io.load``; a
# reference through the front door resolves there.


def _front_door(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("serviceplan."):
        return None
    name = target.removeprefix("serviceplan.")
    home = serviceplan._EVERYDAY.get(name) or serviceplan._MOVED.get(name)
    if home is None:
        return None
    domain = env.get_domain("py")
    node["reftarget"] = f"serviceplan.{home}.{name}"
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], node["reftarget"], node, contnode)


def setup(app: Any) -> None:
    """Wire the attribute-docstring guard around napoleon, the attrs signatures and the front door."""
    app.connect("missing-reference", _front_door)
    app.connect("autodoc-process-signature", _attrs_signature)
    app.connect("autodoc-process-docstring", _save_lines, priority=499)
    app.connect("autodoc-process-docstring", _restore_lines, priority=501)


# -- HTML -----------------------------------------------------------------------

html_theme = "furo"
html_title = f"serviceplan {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]  # code and wide tables wrap instead of running off the page
