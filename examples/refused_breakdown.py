"""The refused-disclosure breakdown from Python (requests only), printed as a table.

Usage: python3 examples/refused_breakdown.py [GRAPHQL_URL]   (default http://localhost:4000/graphql)
"""
import json
import os
import pathlib
import sys

import requests

HERE = pathlib.Path(__file__).parent
URL = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GONGKAI_URL", "http://localhost:4000/graphql")

payload = {
    "query": (HERE / "refused-breakdown.graphql").read_text(encoding="utf-8"),
    "variables": json.loads((HERE / "variables.json").read_text(encoding="utf-8")),
}
response = requests.post(URL, json=payload, timeout=60)
body = response.json()
if body.get("errors"):
    sys.exit("error: " + "; ".join(e["message"] for e in body["errors"]))


def pct(x):
    return "" if x is None else f"{x:.1%}"


print(f"{'year':<6}{'province':<12}{'reason':<20}{'count':>8}{'of refusals':>13}{'of processed':>14}")
for row in body["data"]["refusedBreakdown"]:
    for r in row["reasons"]:
        count = "" if r["count"] is None else f"{r['count']:g}"
        print(f"{row['year']:<6}{row['groupName']:<12}{r['label']:<20}{count:>8}"
              f"{pct(r['shareOfRefusals']):>13}{pct(r['shareOfProcessed']):>14}")
