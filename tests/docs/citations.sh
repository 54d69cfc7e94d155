#!/bin/bash
# Comments cite documents that are in the repository: every docs/<name>.md a C, header, Lua or
# CMake file names exists, and no comment cites the research files that are not in it
# ("signing.md" or "Part A/B" without docs/).
ROOT=${1:?usage: $0 SOURCE_DIR}
cd "$ROOT" || exit 2
fail=0
files=$(git ls-files '*.c' '*.h' '*.lua' '*.cmake' 'CMakeLists.txt' 2>/dev/null ||
        find . -name '*.[ch]' -o -name '*.lua' -o -name '*.cmake' -o -name CMakeLists.txt)
for doc in $(grep -oh 'docs/[A-Za-z0-9_-]*\.md' $files | sort -u); do
    if [ -f "$doc" ]; then echo "ok   - $doc exists"; else echo "FAIL - $doc is cited but missing"; fail=1; fi
done
stray=$(grep -n 'signing\.md\|service-behaviour\.md\|Part [AB]' $files |
        grep -v 'docs/signing\.md\|docs/service-behaviour\.md' |
        grep -v '^tests/docs/')
if [ -n "$stray" ]; then
    echo "FAIL - citations of documents outside the repository:"
    echo "$stray" | sed 's/^/       /'
    fail=1
else
    echo "ok   - every citation names a file under docs/"
fi
exit $fail
