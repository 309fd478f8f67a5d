"""The refused-disclosure breakdown from Python (requests only), printed as a table.

Usage: python3 examples/refused_breakdown.py [GRAPHQL_URL]   (default http://localhost:4000/graphql)
"""
import json
import os
import pathlib
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

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
    """A share as a percentage with one decimal, rounded half away from zero on the decimal the
    server sent (repr is the shortest text that reads back as the same float, as in the JSON):
    0.0125 prints 1.3%, as in the Node example. Formatting the float directly (f"{x:.1%}") rounds
    its binary value half to even and prints 1.2%."""
    if x is None:
        return ""
    return f"{(Decimal(repr(x)) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def width(text):
    """Display width on a terminal: East Asian Wide and Fullwidth characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text, size, right=False):
    fill = " " * (size - width(text))
    return fill + text if right else text + fill


header = ["year", "province", "reason", "count", "of refusals", "of processed"]
numeric = [False, False, False, True, True, True]
rows = []
for row in body["data"]["refusedBreakdown"]:
    for r in row["reasons"]:
        count = "" if r["count"] is None else f"{r['count']:g}"
        rows.append([str(row["year"]), row["groupName"], r["label"], count,
                     pct(r["shareOfRefusals"]), pct(r["shareOfProcessed"])])
sizes = [max(width(line[i]) for line in [header, *rows]) for i in range(len(header))]
for line in [header, *rows]:
    print("  ".join(pad(cell, size, right) for cell, size, right in zip(line, sizes, numeric)).rstrip())
