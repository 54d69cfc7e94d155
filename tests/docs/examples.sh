#!/bin/bash
# Every ```lua block of docs/lua-api.md, docs/bulk.md and docs/hooks.md runs, as written and in
# order, against apigw-lua --emulate (tests/docs/examples.lua), in a directory that holds the
# api.pem and api.key the certificate examples read; then the runner is shown to catch a
# failing block, a block that does not compile and a skip without a reason, by file and line.
# Usage: examples.sh APIGW_LUA SRCDIR
set -u
lua=$(realpath "$1") src=$(realpath "$2")
T=$(mktemp -d "${TMPDIR:-/tmp}/apigw-docs.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir "$T/home" "$T/run"
bash "$src/tests/actions/mkcert.sh" "$T/run" api 90 api.example.com || exit 1
fails=0 ran=0 skipped=0
run() { # run DOC LABEL: the runner's output in $T/out, its status in $rc
  (cd "$T/run" && env -i PATH=/usr/bin:/bin HOME="$T/home" \
     "$lua" --emulate "$src/tests/docs/examples.lua" "$1" "$2") >"$T/out" 2>"$T/err" </dev/null
  rc=$?
}

for doc in docs/lua-api.md docs/bulk.md docs/hooks.md; do
  run "$src/$doc" "$doc"
  grep -E '^(ok|skip|FAIL) ' "$T/out"
  total=$(grep -E "^$doc: ran [0-9]+, skipped [0-9]+, failed [0-9]+$" "$T/out")
  if [ "$rc" -eq 0 ] && [ -n "$total" ]; then
    echo "ok   $total"
    n=$(echo "$total" | sed -E 's/.*ran ([0-9]+), skipped ([0-9]+),.*/\1 \2/')
    ran=$((ran + ${n% *})) skipped=$((skipped + ${n#* }))
  else
    echo "FAIL $doc: exit status $rc${total:+, $total}"; sed 's/^/     stderr| /' "$T/err" | head -20
    fails=1
  fi
  rm -f "$T/run/bind.journal"   # bulk.md's journal example writes it
done
echo "doc examples: $ran run, $skipped skipped"
[ "$ran" -gt 0 ] || { echo "FAIL no example ran"; fails=1; }

# the runner fails, naming the file and line
cat >"$T/bad.md" <<'MD'
# t

```lua
print("fine")
```

```lua
local x = 1
apigw.describe_domain{ GroupId = group, DomainName = "nowhere.example.com" }
```

```lua
this is not Lua
```

<!-- not run: -->
```lua
print("skipped without a reason")
```

<!-- not run: an excerpt -->
```lua
...
```
MD
run "$T/bad.md" t/bad.md
check() { if grep -qF -- "$1" "$T/out"; then echo "ok   $2"; else echo "FAIL $2"; cat "$T/out"; fails=1; fi; }
if [ "$rc" -ne 0 ]; then echo "ok   a failing block fails the run"; else echo "FAIL a failing block passes"; fails=1; fi
check "FAIL t/bad.md:7: line 9: DescribeDomain: NotFoundDomain" "a service error names the block and its line"
check "FAIL t/bad.md:12: does not compile: t/bad.md:13:" "a block that does not compile is named"
check "FAIL t/bad.md:17: 'not run' without a reason" "a skip needs a reason"
check "skip t/bad.md:22: an excerpt" "a marked block is skipped, with its reason"
check "t/bad.md: ran 1, skipped 1, failed 3" "the counts"
printf '# none\n' >"$T/none.md"
run "$T/none.md" none.md
if [ "$rc" -ne 0 ] && grep -q "FAIL none.md: no \`\`\`lua block" "$T/out"; then echo "ok   a file without a block fails"
else echo "FAIL a file without a block passes"; cat "$T/out"; fails=1; fi
exit $fails
