#!/usr/bin/python3
"""Checks that Jupyter notebooks hold no results: every code cell has no outputs and
execution_count null. With --fix, clears them in place (atomically) instead of failing.

    docker/notebooks-clean.py [--fix] notebooks/*.ipynb
Exit 0 when all are clean (or were fixed), 1 when one is not, 2 on bad input.
"""
import json
import os
import sys
import tempfile


def dirty_cells(nb, path):
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path}: not a Jupyter notebook (no 'cells' list)")
    bad = []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            bad.append(i)
    return bad


def clear(nb):
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def main(argv):
    fix = "--fix" in argv
    paths = [a for a in argv if a != "--fix"]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                nb = json.load(f)
            bad = dirty_cells(nb, path)
        except (OSError, ValueError) as e:
            print(f"notebooks-clean: {e}", file=sys.stderr)
            return 2
        if not bad:
            continue
        if fix:
            clear(nb)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(nb, f, indent=1, ensure_ascii=False)
                f.write("\n")
            os.replace(tmp, path)
            print(f"notebooks-clean: cleared outputs of {len(bad)} cells in {path}")
        else:
            print(f"notebooks-clean: {path}: code cells {bad} have outputs or an execution count; "
                  f"run docker/notebooks-clean.py --fix {path}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
