#!/usr/bin/env python3
"""Are a notebook's stored outputs what it prints today?

    nbstale.py STORED.ipynb EXECUTED.ipynb

compares the outputs stored in STORED (the committed notebook) with those of EXECUTED (the same notebook
just run by `jupyter nbconvert --execute`), cell by cell, after masking what legitimately changes between
runs. Exit status 0: equal; 1: stale (one line per differing cell, then a diff of the first); 2: bad input.

What is compared, per code cell (markdown cells have no outputs):
  * the cell's source (a stored notebook whose cells were edited after the run is stale);
  * stream output (stdout/stderr) and the text/plain, text/html, text/markdown and text/latex forms of results
    and displays, with volatile parts masked (see MASKS): temporary paths, object addresses, durations;
  * images (image/png, image/svg+xml, ...) by kind only: the pixels depend on fonts and library versions, and a
    picture that changes because its data changed is caught by the text the same cell prints and asserts;
  * errors (a stored error output is itself a failure: the stored run did not succeed).
The stored notebook must also have been executed top to bottom in one run: execution counts 1, 2, 3, ... in
order, no code cell left unexecuted. Nothing here needs anything but the standard library.
"""
import difflib
import json
import re
import sys

# (pattern, replacement): what changes from run to run without the notebook's content changing.
MASKS = [
    (re.compile(r"/tmp/[\w.\-/]+"), "<tmp>"),                       # tempfile.mkdtemp() folders
    (re.compile(r"\b0x[0-9a-fA-F]{6,}\b"), "<address>"),           # <object at 0x7f...>
    (re.compile(r"\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\s?(?:ms|µs|us|ns|s|sec|seconds)\b(?![\w(])"), "<duration>"),
]
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex")


def mask(text):
    for pattern, repl in MASKS:
        text = pattern.sub(repl, text)
    return text


def joined(value):
    return "".join(value) if isinstance(value, list) else value


def output_lines(output):
    """One output as a list of comparable lines."""
    kind = output.get("output_type")
    if kind == "stream":
        return [f"[{output.get('name')}]"] + mask(joined(output.get("text", ""))).splitlines()
    if kind in ("display_data", "execute_result"):
        lines = [f"[{kind}]"]
        for mime in sorted(output.get("data", {})):
            if mime in TEXT_MIMES:
                lines += [f"{mime}:"] + mask(joined(output["data"][mime])).splitlines()
            else:
                lines.append(f"{mime}: <not compared>")
        return lines
    if kind == "error":
        return [f"[error] {output.get('ename')}: {mask(output.get('evalue', ''))}"]
    return [f"[{kind}]"]


def cell_lines(cell):
    lines = ["[source]"] + joined(cell.get("source", "")).splitlines()
    for output in cell.get("outputs", []):
        lines += output_lines(output)
    return lines


def code_cells(nb):
    return [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def run_order_problems(nb):
    """Problems with the stored run itself: unexecuted cells, out-of-order counts, stored errors."""
    problems = []
    expected = 1
    for i, cell in enumerate(code_cells(nb)):
        count = cell.get("execution_count")
        if count is None:
            problems.append(f"code cell {i} was never executed")
        elif count != expected:
            problems.append(f"code cell {i} has execution count {count}, expected {expected} "
                            f"(not run top to bottom in one session)")
        expected = (count or expected) + 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"code cell {i} stores an error: {output.get('ename')}")
    return problems


def compare(stored, executed):
    """@return a list of human-readable differences (empty: up to date)."""
    problems = run_order_problems(stored)
    a, b = code_cells(stored), code_cells(executed)
    if len(a) != len(b):
        return problems + [f"stored notebook has {len(a)} code cells, executed {len(b)}"]
    first_diff = None
    for i, (ca, cb) in enumerate(zip(a, b)):
        la, lb = cell_lines(ca), cell_lines(cb)
        if la != lb:
            problems.append(f"code cell {i}: stored outputs differ from a fresh run")
            if first_diff is None:
                first_diff = list(difflib.unified_diff(la, lb, "stored", "fresh run", lineterm="", n=2))
    if first_diff:
        problems += first_diff[:60]
    return problems


def main(argv):
    if len(argv) != 3:
        print("usage: nbstale.py STORED.ipynb EXECUTED.ipynb", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        stored = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        executed = json.load(f)
    problems = compare(stored, executed)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
