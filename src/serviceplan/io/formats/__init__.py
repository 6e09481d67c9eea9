"""The built-in formats, one module each: JSON, YAML, CSV and Parquet bundles, Excel.

Each module defines a serialiser object (``name``, ``suffixes``, ``loads``,
``dumps``) that :mod:`serviceplan.io.registry` lists by dotted path and imports
on first use. A new format is one module here plus one line in the registry's
``_BUILTINS`` (or, outside the library, an entry point in the
``serviceplan.serialisers`` group).
"""
