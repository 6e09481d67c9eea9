"""How-to: embed serviceplan in an application: validate, report errors with paths, pickle, use threads.

Run: python examples/embed_in_app.py
"""

import json
import pickle
from concurrent.futures import ThreadPoolExecutor

import jsonschema

import serviceplan

# 1. Other languages validate files against the shipped JSON Schema.
plain = json.loads(
    serviceplan.dumps(serviceplan.load(serviceplan.example_path("sefton-integration-2010")), format="json")
)
jsonschema.validate(plain, serviceplan.io.json_schema())
print("valid against the JSON Schema of format version", plain["format_version"])

# 2. Bad input: one error listing every problem with its path (an application can show them per field).
plain["actions"][3]["deadline"] = "Marhc 2011"
plain["risks"] = [{"id": "D", "title": "Pay", "assessments": [{"kind": "current", "likelihood": 9, "impact": 1}]}]
try:
    serviceplan.loads(json.dumps(plain), format="json")
except serviceplan.LoadError as err:
    for problem in err.problems:
        print(f"  {problem.path}: {problem.message}")
    # 3. Errors and plans pickle: they cross process boundaries (Dask, multiprocessing, task queues).
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own object, pickled in this process
    print("the error survives pickling:", again.problems == err.problems)

# 4. Plans are immutable, so threads share them freely.
with ThreadPoolExecutor(max_workers=4) as pool:
    plans = list(pool.map(serviceplan.load, [serviceplan.example_path(n) for n in serviceplan.available_examples()]))
print("loaded in threads:", ", ".join(p.id for p in plans))
