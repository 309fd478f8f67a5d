#!/usr/bin/env bash
# The refused-disclosure breakdown with curl and jq, printed as a table.
# Usage: examples/refused-breakdown.sh [GRAPHQL_URL]   (default http://localhost:4000/graphql)
set -euo pipefail
url="${1:-${GONGKAI_URL:-http://localhost:4000/graphql}}"
dir="$(cd "$(dirname "$0")" && pwd)"
body=$(jq -n --rawfile query "$dir/refused-breakdown.graphql" --slurpfile vars "$dir/variables.json" \
  '{query: $query, variables: $vars[0]}')
curl -sS "$url" -H 'content-type: application/json' -d "$body" |
  jq -r '
    if .errors then (.errors[] | "error: \(.message)") | halt_error(1) else . end
    | ["year", "province", "reason", "count", "share_of_refusals", "share_of_processed"],
      (.data.refusedBreakdown[] as $r | $r.reasons[]
        | [$r.year, $r.groupName, .label, .count, (.shareOfRefusals // "" | tostring), (.shareOfProcessed // "" | tostring)])
    | @tsv'
