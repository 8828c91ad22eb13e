#!/usr/bin/python3
"""Does what `docker build` does with the build context, without an engine: selects the files of
the repository that .dockerignore lets into the context (moby's rules: patterns in order, the last
match wins, '!' re-includes, a pattern also matches every file below a matching folder), then
copies the sources of the build stage's COPY instructions into DEST as the Dockerfile lays them
out under WORKDIR. Fails, naming the instruction, when a COPY source is not in the context.

    docker/emulate-context.py DEST        then: (cd DEST && docker/build.sh && docker/stage.sh ...)
"""
import os
import re
import shutil
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pattern_regex(pattern):
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def read_ignore(path):
    rules = []
    if os.path.isfile(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            p = os.path.normpath(line[1:] if negate else line).lstrip("/")
            rules.append((negate, pattern_regex(p)))
    return rules


def included(rel, rules):
    parts = rel.split("/")
    candidates = ["/".join(parts[: k + 1]) for k in range(len(parts))]
    keep = True
    for negate, rx in rules:
        if any(rx.match(c) for c in candidates):
            keep = negate
    return keep


def context_files():
    rules = read_ignore(os.path.join(root, ".dockerignore"))
    files = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for f in filenames:
            rel = os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/")
            if included(rel, rules):
                files.add(rel)
    return files


def build_stage_copies():
    copies, stage = [], 0
    for n, line in enumerate(open(os.path.join(root, "Dockerfile"), encoding="utf-8"), 1):
        words = line.split()
        if not words:
            continue
        if words[0].upper() == "FROM":
            stage += 1
        elif words[0].upper() == "COPY" and stage == 1 and not any(w.startswith("--from") for w in words):
            args = [w for w in words[1:] if not w.startswith("--")]
            copies.append((n, args[:-1], args[-1]))
    return copies


def main(dest):
    files = context_files()
    os.makedirs(dest, exist_ok=True)
    count = 0
    for n, sources, target in build_stage_copies():
        for src in sources:
            src = os.path.normpath(src)
            chosen = sorted(f for f in files if f == src or f.startswith(src + "/"))
            if not chosen:
                sys.exit(f"emulate-context: Dockerfile line {n}: COPY source {src} is not in the build context "
                         f"(.dockerignore excludes it or it does not exist)")
            for f in chosen:
                if target.endswith("/") or target in (".", "./") or len(sources) > 1:
                    base = os.path.dirname(src) if f != src else os.path.dirname(f)
                    out = os.path.join(dest, target, os.path.relpath(f, base) if f != src else os.path.basename(f))
                else:
                    out = os.path.join(dest, target, os.path.relpath(f, src)) if f != src else os.path.join(dest, target)
                os.makedirs(os.path.dirname(out), exist_ok=True)
                shutil.copy2(os.path.join(root, f), out)
                count += 1
    print(f"emulate-context: {len(files)} files in the context, {count} copied by the build stage into {dest}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
