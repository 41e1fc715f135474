#!/usr/bin/env python3
"""Lists methods in src/ longer than 60 lines and checks that each carries a one-line reason in
scripts/long-methods.txt ("File.cs:Method: reason"). Exit 1 when a long method has no reason, or a
reason names a method that is no longer long (so the list cannot rot). Used by scripts/test.sh."""
import pathlib, re, sys

LIMIT = 60
root = pathlib.Path(__file__).resolve().parent.parent
# A member declaration: modifiers, a return type, a name, parameters; constructors and local functions count too.
declaration = re.compile(r"^\s*(?:(?:public|private|protected|internal|static|override|virtual|sealed|async|unsafe|partial|new|extern)\s+)+"
                         r"[\w<>\[\],.?() ]*?\b(\w+)\s*(?:<[^>]*>)?\s*\(")

def methods(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = declaration.match(lines[i])
        if m and not lines[i].rstrip().endswith(";") and "=>" not in lines[i] and not re.search(r"\b(class|record|struct|interface|enum)\b", lines[i]):
            # find the body's opening brace, then its match
            j, depth, opened = i, 0, False
            while j < len(lines):
                code = re.sub(r'"(?:[^"\\]|\\.)*"|//.*', "", lines[j])
                for ch in code:
                    if ch == "{":
                        depth += 1; opened = True
                    elif ch == "}":
                        depth -= 1
                if opened and depth <= 0:
                    break
                if not opened and code.rstrip().endswith(";"):
                    break
                j += 1
            if opened:
                yield m.group(1), i + 1, j - i + 1
                i = j
        i += 1

long = {}
for path in sorted((root / "src").rglob("*.cs")):
    if "/obj/" in str(path) or "/bin/" in str(path):
        continue
    for name, line, length in methods(path):
        if length > LIMIT:
            long[f"{path.name}:{name}"] = (str(path.relative_to(root)), line, length)

reasons = {}
listing = root / "scripts" / "long-methods.txt"
for raw in listing.read_text(encoding="utf-8").splitlines() if listing.exists() else []:
    if raw.strip() and not raw.startswith("#"):
        key, _, reason = raw.partition(": ")
        reasons[key.strip()] = reason.strip()

failed = False
for key, (path, line, length) in sorted(long.items()):
    reason = reasons.get(key)
    print(f"{path}:{line}: {key.split(':')[1]} is {length} lines: {reason or 'NO REASON GIVEN'}")
    failed |= not reason
for key in sorted(set(reasons) - set(long)):
    print(f"scripts/long-methods.txt names {key}, which is not over {LIMIT} lines any more: remove the line")
    failed = True
print(f"{len(long)} methods over {LIMIT} lines")
sys.exit(1 if failed else 0)
