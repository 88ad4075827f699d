#!/bin/sh
# Fetch a document with its headers, then verify it offline with `npm run verify -- --document`.
# Run from the repository: BASE_URL=http://localhost:8080/v1 TOKEN=… sh examples/verify/capture-and-verify.sh
set -eu
out="${OUT:-.}"
curl -sf "$BASE_URL/sleutels" > "$out/sleutels.json"
# -D saves the response headers, -o the body exactly as received (never re-format it).
curl -sf -D "$out/headers.txt" -o "$out/document.json" -H "Authorization: Bearer $TOKEN" "$BASE_URL/financiele-verplichtingen"
header() { sed -n "s/^$1: *//Ip" "$out/headers.txt" | tr -d '\r'; }
npm run -s verify -- --keys "$out/sleutels.json" --document "$out/document.json" \
  --signature "$(header Payload-Signature)" --digest "$(header Content-Digest)"
