"""Malformed input: each raises the library's own error naming the path; nothing escapes as KeyError & co."""

from __future__ import annotations

import json
import pickle

import pytest

import serviceplan
from serviceplan import LoadError

BASE = {
    "format_version": 1,
    "id": "p",
    "title": "Plan",
    "priorities": [{"id": "1", "title": "Priority"}],
    "actions": [{"id": "1", "title": "Action", "priorities": ["1"], "deadline": "March 2011"}],
    "risks": [{"id": "D", "title": "Pay Review", "assessments": [{"kind": "current", "score": 16}]}],
    "indicators": [{"code": "NI 181", "title": "Time", "targets": [{"period": "2008/09", "value": "21 days"}]}],
    "budgets": [{"id": "b", "title": "Financial", "lines": [{"label": "Finance", "gross": "6,025,000"}]}],
}


def patched(path: str, value: object) -> str:
    data = json.loads(json.dumps(BASE))
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return json.dumps(data)


DELETE = object()

# (case, JSON text, path named in the error, words in the message)
CASES = [
    ("id is a number", patched("id", 3), "id", "expected text"),
    ("title missing", patched("title", DELETE), "title", "required"),
    ("unknown top key", patched("colour", "red"), "", "unknown key: colour"),
    ("unknown nested key", patched("actions.0.owner", "x"), "actions[0]", "unknown key: owner"),
    ("unreadable deadline", patched("actions.0.deadline", "Marhc 2011"), "actions[0].deadline", "Marhc 2011"),
    ("impossible date", patched("actions.0.deadline", "31/02/2010"), "actions[0].deadline", "31/02/2010"),
    ("deadline a number", patched("actions.0.deadline", 2011), "actions[0].deadline", "expected text"),
    ("priorities a string", patched("actions.0.priorities", "12"), "actions[0].priorities", "expected a list"),
    ("priority id a number", patched("actions.0.priorities", [1]), "actions[0].priorities[0]", "expected text"),
    (
        "likelihood 0",
        patched("risks.0.assessments.0", {"kind": "current", "likelihood": 0, "impact": 2}),
        "risks[0].assessments[0]",
        "likelihood must be",
    ),
    (
        "likelihood 13",
        patched("risks.0.assessments.0", {"kind": "current", "likelihood": 13, "impact": 2}),
        "risks[0].assessments[0]",
        "likelihood must be",
    ),
    (
        "likelihood a float",
        patched("risks.0.assessments.0", {"kind": "current", "likelihood": 2.5, "impact": 2}),
        "",
        "decimal number",
    ),
    (
        "likelihood without impact",
        patched("risks.0.assessments.0", {"kind": "current", "likelihood": 2}),
        "risks[0].assessments[0]",
        "go together",
    ),
    (
        "empty assessment",
        patched("risks.0.assessments.0", {"kind": "current"}),
        "risks[0].assessments[0]",
        "needs a score",
    ),
    ("score a string", patched("risks.0.assessments.0.score", "16"), "risks[0].assessments[0].score", "whole number"),
    ("score a bool", patched("risks.0.assessments.0.score", True), "risks[0].assessments[0].score", "whole number"),
    (
        "unknown assessment kind",
        patched("risks.0.assessments.0.kind", "residual"),
        "risks[0].assessments[0].kind",
        "not one of",
    ),
    ("bad money", patched("budgets.0.lines.0.gross", "six million"), "budgets[0].lines[0].gross", "six million"),
    ("money a bool", patched("budgets.0.lines.0.gross", False), "budgets[0].lines[0].gross", "expected text"),
    ("bad target", patched("indicators.0.targets.0.value", "lots"), "indicators[0].targets[0].value", "lots"),
    ("bad period", patched("indicators.0.targets.0.period", "2008/10"), "indicators[0].targets[0].period", "2008/10"),
    ("list where mapping belongs", patched("risks.0", ["D", "Pay"]), "risks[0]", "expected a mapping"),
    ("mapping where list belongs", patched("actions", {"id": "1"}), "actions", "expected a list"),
    ("null for required text", patched("title", None), "title", "expected text"),
    ("wrong format version", patched("format_version", 2), "format_version", "reads version 1"),
    ("no format version", patched("format_version", DELETE), "format_version", "required"),
    ("unknown kind", patched("kind", "budget"), "kind", "expected one of"),
    ("top level is a list", "[1, 2]", "", "expected a mapping"),
    ("truncated JSON", json.dumps(BASE)[:-20], "", "not valid JSON"),
    ("NaN", patched("id", "x").replace('"x"', "NaN"), "", "NaN"),
    ("bad ISO date", patched("report", {"dates": ["13 th October 2010"]}), "report.dates[0]", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("case", "text", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_malformed_json(case: str, text: str, path: str, words: str) -> None:
    with pytest.raises(LoadError) as info:
        serviceplan.loads(text, format="json")
    err = info.value
    assert isinstance(err, ValueError)
    assert any(p.path == path and words in p.message for p in err.problems), str(err)
    assert words in str(err)


def test_all_problems_reported_together() -> None:
    data = json.loads(json.dumps(BASE))
    data["actions"].append({"id": "2", "title": "x", "deadline": "Marhc 2011"})
    data["actions"].append({"id": "3", "title": "y", "deadline": "Jnue 2011"})
    data["risks"][0]["assessments"][0] = {"kind": "current", "likelihood": 13, "impact": 1}
    with pytest.raises(LoadError) as info:
        serviceplan.loads(json.dumps(data), format="json")
    paths = [p.path for p in info.value.problems]
    assert paths == ["actions[1].deadline", "actions[2].deadline", "risks[0].assessments[0]"]
    assert "actions[1].deadline: cannot read deadline 'Marhc 2011'" in str(info.value)


YAML_CASES = [
    ("python object tag", "!!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
    ("python tag in a field", "format_version: 1\nid: !!python/name:os.system\ntitle: x\n", "not valid YAML"),
    ("alias", "format_version: 1\nid: &a x\ntitle: *a\n", "aliases are not allowed"),
    ("alias bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", "aliases are not allowed"),
    ("truncated", 'format_version: 1\nid: "p\n', "not valid YAML"),
    ("yes is text", "format_version: 1\nid: p\ntitle: x\nreport: {key_decision: No}\n", "expected true or false"),
    ("float is text", "format_version: 1\nid: p\ntitle: x\npolicy: {max_priorities: 6.0}\n", "whole number"),
    ("not utf-8", b"format_version: 1\nid: \xff\xfe\n", "not UTF-8"),
    ("empty", "", "expected a mapping"),
    ("deep nesting", "a: " + "[" * 200 + "]" * 200 + "\n", "nested"),
]


@pytest.mark.parametrize(("case", "text", "words"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_malformed_yaml(case: str, text: str | bytes, words: str) -> None:
    with pytest.raises(LoadError, match=words):
        serviceplan.loads(text, format="yaml")


def test_bom_and_limits() -> None:
    text = json.dumps(BASE)
    assert serviceplan.loads("\ufeff" + text, format="json").id == "p"
    assert serviceplan.loads(b"\xef\xbb\xbf" + text.encode(), format="json").id == "p"
    with pytest.raises(LoadError, match="nested"):
        serviceplan.loads("[" * 100_000 + "]" * 100_000, format="json")


def test_load_error_pickles() -> None:
    with pytest.raises(LoadError) as info:
        serviceplan.loads(patched("actions.0.deadline", "Marhc 2011"), format="json")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert again.problems == info.value.problems


def test_half_a_character_is_refused_on_the_way_in_and_out() -> None:
    """A lone surrogate is not text: refused when read (as text or as a JSON escape) and when written."""
    with pytest.raises(LoadError, match=r"half a character \(U\+D800 at 3\)"):
        serviceplan.loads('{"a\ud800": 1}', format="json")
    with pytest.raises(LoadError, match="half a character"):
        serviceplan.loads('title: "\ud800"', format="yaml")
    escaped = json.dumps({**BASE, "title": "\ud800"}).encode()  # json writes it as the escape \ud800
    assert b"\\ud800" in escaped
    with pytest.raises(LoadError, match=r"an escape stands for half a character \('\\ud800'\)"):
        serviceplan.loads(escaped, format="json")
    pair = json.dumps({**BASE, "title": "\U0001f600"}).encode()  # a whole character, as two escapes
    assert serviceplan.loads(pair, format="json").title == "\U0001f600"
    plan = serviceplan.ServicePlan(id="p", title="\ud800")
    for fmt in ("json", "csv"):
        with pytest.raises(serviceplan.errors.DumpError, match="half a character"):
            serviceplan.dumps(plan, format=fmt)
