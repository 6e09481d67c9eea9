"""The error tree: every error is the library's own and the fitting builtin, and pickles."""

from __future__ import annotations

import pickle

import pytest

from serviceplan import errors
from serviceplan.errors import Problem

INSTANCES = [
    errors.ParseError("deadline", "Marhc 2011"),
    errors.ParseError("money", "£5 zillion", "unknown scale 'zillion'"),
    errors.ModelError("likelihood must be a whole number from 1 to 12, not 13"),
    errors.LoadError([Problem("actions[3].deadline", "cannot read deadline 'Marhc 2011'")], "plan.yaml"),
    errors.LimitError([Problem("", "too big")]),
    errors.NotFoundError("no example named 'x'"),
    errors.UnknownFormatError("no serialiser named 'docx'"),
    errors.SerialiserExistsError("a serialiser named 'json' exists"),
    errors.MissingDependencyError("YAML needs PyYAML"),
    errors.DumpError("out/plan is a folder that is not a serviceplan bundle; not replacing it"),
    errors.MatrixError("matrix '5x5': Rare × Catastrophic = 5 falls in no band (a gap)"),
    errors.LevelError("likelihood 9 is outside the scale 1..5"),
    errors.RiskInputError("likelihood", 2, ((3, 9), (7, "Likley")), "5x5"),
]


@pytest.mark.parametrize("error", INSTANCES, ids=lambda e: type(e).__name__)
def test_errors_pickle_and_keep_their_message(error: errors.ServicePlanError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.ParseError, ValueError),
        (errors.ModelError, ValueError),
        (errors.LoadError, ValueError),
        (errors.LimitError, ValueError),
        (errors.NotFoundError, LookupError),
        (errors.UnknownFormatError, LookupError),
        (errors.SerialiserExistsError, ValueError),
        (errors.MissingDependencyError, ImportError),
        (errors.DumpError, OSError),
        (errors.MatrixError, ValueError),
        (errors.LevelError, ValueError),
        (errors.RiskInputError, ValueError),
    ],
)
def test_each_error_is_also_its_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, errors.ServicePlanError)
    assert issubclass(cls, builtin)


def test_every_error_is_listed() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.ServicePlanError)
    }
    assert defined <= set(errors.__all__)
    assert defined == {type(e).__name__ for e in INSTANCES} | {"ServicePlanError"}


def test_load_error_message_lists_paths() -> None:
    err = INSTANCES[3]
    assert str(err) == (
        "1 problem loading plan from plan.yaml:\n  actions[3].deadline: cannot read deadline 'Marhc 2011'"
    )


def _tuple_fields() -> list[tuple[type, str]]:
    import attrs

    from serviceplan.io.fields import model_classes

    return [
        (cls, field.name)
        for cls in model_classes()
        for field in attrs.fields(cls)
        if str(field.type).startswith("tuple[")
    ]


@pytest.mark.parametrize(("cls", "name"), _tuple_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_every_tuple_field_refuses_an_item_of_the_wrong_type(cls: type, name: str) -> None:
    """A model built by hand with the wrong items fails at once, naming the field and the item."""
    import attrs

    from serviceplan.model._base import EachOf

    field = attrs.fields_dict(cls)[name]
    checks = [field.validator, *getattr(field.validator, "_validators", ())]
    (each,) = [v for v in checks if isinstance(v, EachOf)]

    class Instance:
        pass

    with pytest.raises(errors.ModelError, match=rf"Instance\.{name}\[0\] must be .+, not <object"):
        each(Instance(), field, (object(),))
    each(Instance(), field, ())  # an empty tuple is always right


def test_a_plan_built_with_text_for_years_says_how_to_read_it() -> None:
    from serviceplan import ServicePlan

    words = r"ServicePlan\.years\[0\] must be FinancialYear, not '2010/11' \(read the text with FinancialYear\.parse"
    with pytest.raises(errors.ModelError, match=words):
        ServicePlan(id="p", title="t", years=["2010/11"])  # type: ignore[list-item]
