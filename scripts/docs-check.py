#!/usr/bin/env python3
"""Keeps the docs from rotting: reads every ```sh block of README.md, docs/*.md and notebooks/README.md
and checks each command in it.

- `repay ...` commands that finish in seconds on data-samples (their inputs are data-samples, the
  committed models or what an earlier documented command wrote; small simulations) are run, in a
  scratch folder under artifacts/, in the order the docs give them, and must exit 0.
- Every other `repay` command (servers aside: full-size runs, stores behind connection strings with
  placeholders) is checked against `repay <verb> --help`: the verb exists and every option is listed.
- `curl` lines must name a route the API maps; `scripts/*.sh` must exist and be executable;
  `dotnet build|run` must name a project that exists.
Prints one line per problem and, last, "docs check: N commands run, N checked against --help, N problems".
Usage: scripts/docs-check.py [--repay "dotnet path/to/repay.dll"]
"""
import glob, os, re, shlex, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = [os.path.join(ROOT, "README.md"), *sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))), os.path.join(ROOT, "notebooks", "README.md")]
REPAY = os.environ.get("REPAY") or "dotnet " + os.path.join(ROOT, "src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll")
PLACEHOLDER = re.compile(r"<[^>]*>|\.\.\.|Host=|postgres://|\$REPAY_API_KEY|\[|\|")
# The largest simulations the check runs (accounts x days); larger ones are checked against --help.
MAX_SIMULATED = 200_000
SCRATCH = os.path.join(ROOT, "artifacts", "docs-check")

problems, ran, checked = [], 0, 0
help_cache = {}


def commands(path):
    """(line number, command text) of each command in the file's sh blocks, continuations and multi-line quotes joined."""
    lines = open(path, encoding="utf-8").read().splitlines()
    inside, pending, start = False, "", 0
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            pending = ""
            continue
        if not inside or (not pending and line.strip().startswith("#")):
            continue
        if not pending:
            start = number
        pending = pending + "\n" + line if pending else line
        if pending.endswith("\\"):
            pending = pending[:-1]
            continue
        if pending.count("'") % 2 == 1:
            continue
        if pending.strip() and not pending.strip().startswith("#"):
            yield start, pending
        pending = ""


def help_of(verbs):
    key = tuple(verbs)
    if key not in help_cache:
        result = subprocess.run(shlex.split(REPAY) + list(verbs) + ["--help"], capture_output=True, text=True, cwd=ROOT)
        help_cache[key] = result.stdout if result.returncode == 0 else None
    return help_cache[key]


def subcommands(text):
    section = text.split("Commands:", 1)[1] if text and "Commands:" in text else ""
    return {m.group(1) for m in re.finditer(r"^\s{2}([a-z][a-z-]*)", section, re.M)}


def check_repay(where, tokens):
    """Checks the verb path and options against --help; returns the verb path, or None on a problem."""
    verbs, rest = [], tokens[1:]
    while rest and not rest[0].startswith("-") and rest[0] in subcommands(help_of(verbs)):
        verbs.append(rest.pop(0))
    text = help_of(verbs)
    if text is None or (not verbs and rest and not rest[0].startswith("-")):
        problems.append(f"{where}: 'repay {' '.join(tokens[1:3])}' is not a command (repay --help)")
        return None
    listed = set(re.findall(r"(--[a-z][a-z-]*)", text))
    for token in rest:
        if token.startswith("--") and token.split("=", 1)[0] not in listed:
            problems.append(f"{where}: repay {' '.join(verbs)} has no option {token.split('=', 1)[0]} (repay {' '.join(verbs)} --help)")
            return None
    return verbs


def option(tokens, name):
    return tokens[tokens.index(name) + 1] if name in tokens and tokens.index(name) + 1 < len(tokens) else None


def runnable(verbs, tokens):
    """Whether the command finishes in seconds here: its inputs exist in the scratch folder and it is small."""
    def exists(p):
        return p is not None and os.path.exists(os.path.join(SCRATCH, p))
    verb = verbs[0] if verbs else ""
    if verb == "generate":
        return int(option(tokens, "--accounts") or 10**9) * int(option(tokens, "--days") or 120) <= MAX_SIMULATED
    if verb == "simulate":
        return int(option(tokens, "--accounts") or 10**9) * int(option(tokens, "--days") or 60) <= MAX_SIMULATED
    if verb == "train":
        return option(tokens, "--from") == "data-samples"
    if verb == "import":
        return exists(tokens[2]) and exists(option(tokens, "--store"))
    if verbs[:2] == ["db", "migrate"]:
        return option(tokens, "--store") is not None and option(tokens, "--store").startswith("artifacts/")
    source = option(tokens, "--from")
    if source is not None and not exists(source):
        return False
    store = option(tokens, "--store")
    if store is not None and verb not in ("score", "plan") and not exists(store):
        return False
    models = option(tokens, "--models")
    return models is None or exists(models)


def check_curl(where, tokens, routes):
    url = next((t for t in tokens if t.startswith("http")), None)
    if url is None:
        problems.append(f"{where}: curl without a URL")
        return
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0].rstrip("/") or "/"
    if not any(re.fullmatch(route, path) for route in routes):
        problems.append(f"{where}: the API maps no route {path}")


def api_routes():
    routes = []
    for source in glob.glob(os.path.join(ROOT, "src/RepaymentScoring.Api/**/*.cs"), recursive=True):
        group = ""
        for m in re.finditer(r'Map(Group|Get|Post|Put|Delete)\("([^"]*)"', open(source, encoding="utf-8").read()):
            if m.group(1) == "Group":
                group = m.group(2)
            else:
                template = (group + m.group(2)).rstrip("/") or "/"
                routes.append(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)))
    routes += ["/openapi/v1\\.json", "/metrics"]
    return routes


def main():
    global ran, checked
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    for shared in ("data-samples", "models", "notebooks", "scripts", "src"):
        os.symlink(os.path.join(ROOT, shared), os.path.join(SCRATCH, shared))
    routes = api_routes()
    env = dict(os.environ)
    for doc in DOCS:
        if not os.path.exists(doc):
            continue
        for number, command in commands(doc):
            where = f"{os.path.relpath(doc, ROOT)}:{number}"
            try:
                tokens = shlex.split(command, comments=True)
            except ValueError as e:
                problems.append(f"{where}: cannot be read as a shell command ({e})")
                continue
            while tokens and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", tokens[0]):
                tokens.pop(0)  # environment settings before the command
            if not tokens or tokens[0] in ("alias", "export", "cd"):
                continue
            head = tokens[0]
            if head == "repay":
                verbs = check_repay(where, tokens)
                checked += 1
                if verbs is None or PLACEHOLDER.search(command.split(" #")[0]) or not runnable(verbs, tokens):
                    print(f"{where}: checked against --help only: {' '.join(tokens[:3])}")
                    continue
                print(f"{where}: runs: {' '.join(tokens[:3])}")
                script = f'repay() {{ {REPAY} "$@"; }}\n{command}'
                result = subprocess.run(["bash", "-c", script], cwd=SCRATCH, capture_output=True, text=True, env=env, timeout=600)
                ran += 1
                if result.returncode != 0:
                    problems.append(f"{where}: exited {result.returncode}: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
            elif head == "head" or head == "cat":
                target = tokens[-1]
                if not os.path.exists(os.path.join(SCRATCH, target)) and not target.startswith("/"):
                    problems.append(f"{where}: {target} was not written by the commands before it")
            elif head == "curl":
                check_curl(where, tokens, routes)
            elif head.startswith("scripts/"):
                if not os.access(os.path.join(ROOT, head), os.X_OK):
                    problems.append(f"{where}: {head} does not exist or is not executable")
            elif head == "dotnet" and len(tokens) > 2 and tokens[1] in ("build", "run", "test"):
                project = option(tokens, "--project") or tokens[2]
                if not os.path.exists(os.path.join(ROOT, project)):
                    problems.append(f"{where}: no project {project}")
            elif shutil.which(head) is None:
                problems.append(f"{where}: unknown command {head}")
    for p in problems:
        print(p)
    print(f"docs check: {ran} commands run, {checked} checked against --help, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
