#!/usr/bin/env bash
# Smoke test with curl only, against a running server: BASE=http://127.0.0.1:8000 tests/smoke.sh
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:8000}
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

# status CODE PATH: the request answers CODE; the body is left in $body.
status() {
  local want=$1 path=$2 got
  got=$(curl -sS -o /tmp/smoke.$$ -w '%{http_code}' "$BASE$path") || fail "no answer from $BASE$path"
  body=$(cat /tmp/smoke.$$); rm -f /tmp/smoke.$$
  [ "$got" = "$want" ] || fail "$path answered $got, expected $want: $body"
}
has() { grep -q -- "$1" <<<"$body" || fail "expected '$1' in: ${body:0:300}"; }

status 200 /healthz;                          has '"ok"'
status 200 /readyz;                           has '"ready"'
status 200 '/articles?limit=2';               has '"total":5'; has '"next":"'
status 200 /outlets;                          has '"article_count"'
status 200 '/search?q=Pyongyang';             has '<mark>'
id=$(sed -E 's/.*"id":"([^"]+)".*/\1/' <<<"$body" | head -c 64)
status 200 "/articles/$id";                   has '"body"'
status 404 /articles/no-such-article;         has '"status":404'
status 422 '/articles?limit=1000';            has 'limit'
status 200 /docs;                             has 'swagger-ui'
status 200 '/search?q=Korea&facets=outlet,date'; has '"facets"'; has '"highlights"'
status 200 '/search/export?q=Korea&format=atom'; has '<feed xmlns="http://www.w3.org/2005/Atom">'
status 200 /;                                 has '/ui/app.js'
status 200 /metrics;                          has 'newsstore_http_requests_total{'
status 422 '/articles?outlet=Rubryka';        has "'rubryka'"
etag=$(curl -sS -D - -o /dev/null "$BASE/outlets" | tr -d '\r' | sed -n 's/^etag: //Ip')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$BASE/outlets")" = 304 ] \
  || fail "/outlets with If-None-Match: $etag did not answer 304"
echo "smoke: 16 passed, 0 failed"
