#!/usr/bin/env python3
"""Tests of nbstale.py, the stale-output check of the notebooks: every verdict is seen both ways.
Run: /usr/bin/python3 src/test/python/test_nbstale.py (python-checks.sh runs it); exits 1 on a failure."""
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbstale  # noqa: E402


def notebook(*cells):
    """A notebook of code cells, each (source, stdout text), executed in order."""
    return {"cells": [{"cell_type": "markdown", "source": "# title"}] + [
        {"cell_type": "code", "execution_count": i + 1, "source": src,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": out}]}
        for i, (src, out) in enumerate(cells)]}


BASE = notebook(("print(2 + 2)", "4\n"), ("print(work)", "wrote /tmp/convmatrix-nb-ab_12/x.png in 0.12 s\n"))


class NbStaleTest(unittest.TestCase):
    def test_identical_run_is_up_to_date(self):
        self.assertEqual(nbstale.compare(BASE, copy.deepcopy(BASE)), [])

    def test_temporary_paths_and_durations_are_masked(self):
        fresh = copy.deepcopy(BASE)
        fresh["cells"][2]["outputs"][0]["text"] = "wrote /tmp/convmatrix-nb-zz9/x.png in 3.5 s\n"
        self.assertEqual(nbstale.compare(BASE, fresh), [])

    def test_changed_output_is_stale(self):
        fresh = copy.deepcopy(BASE)
        fresh["cells"][1]["outputs"][0]["text"] = "5\n"
        problems = nbstale.compare(BASE, fresh)
        self.assertIn("code cell 0: stored outputs differ from a fresh run", problems)
        self.assertIn("+5", problems)

    def test_extra_output_line_is_stale(self):
        fresh = copy.deepcopy(BASE)
        fresh["cells"][1]["outputs"][0]["text"] = "4\nPASS a new check\n"
        self.assertTrue(nbstale.compare(BASE, fresh))

    def test_numbers_next_to_units_other_than_time_are_compared(self):
        stored = notebook(("print(x)", "stride 2, 4 taps\n"))
        fresh = notebook(("print(x)", "stride 3, 4 taps\n"))
        self.assertTrue(nbstale.compare(stored, fresh))

    def test_edited_source_is_stale(self):
        fresh = copy.deepcopy(BASE)
        fresh["cells"][1]["source"] = "print(2 + 3)"
        self.assertTrue(nbstale.compare(BASE, fresh))

    def test_images_are_compared_by_kind_only(self):
        stored = copy.deepcopy(BASE)
        fresh = copy.deepcopy(BASE)
        stored["cells"][1]["outputs"].append({"output_type": "display_data",
                                              "data": {"image/png": "AAAA", "text/plain": "<Image>"}})
        fresh["cells"][1]["outputs"].append({"output_type": "display_data",
                                             "data": {"image/png": "BBBB", "text/plain": "<Image>"}})
        self.assertEqual(nbstale.compare(stored, fresh), [])
        del fresh["cells"][1]["outputs"][-1]["data"]["image/png"]
        self.assertTrue(nbstale.compare(stored, fresh))

    def test_unexecuted_or_out_of_order_stored_run_is_stale(self):
        stored = copy.deepcopy(BASE)
        stored["cells"][2]["execution_count"] = None
        self.assertIn("code cell 1 was never executed", nbstale.compare(stored, BASE))
        stored["cells"][2]["execution_count"] = 7
        self.assertTrue(any("expected 2" in p for p in nbstale.compare(stored, BASE)))

    def test_stored_error_is_a_failure(self):
        stored = copy.deepcopy(BASE)
        stored["cells"][1]["outputs"] = [{"output_type": "error", "ename": "AssertionError", "evalue": ""}]
        fresh = copy.deepcopy(stored)
        self.assertIn("code cell 0 stores an error: AssertionError", nbstale.compare(stored, fresh))

    def test_missing_cell_is_stale(self):
        fresh = copy.deepcopy(BASE)
        del fresh["cells"][2]
        self.assertTrue(nbstale.compare(BASE, fresh))

    def test_exit_status_says_stale(self):
        import json
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            stored, fresh = os.path.join(d, "stored.ipynb"), os.path.join(d, "fresh.ipynb")
            changed = copy.deepcopy(BASE)
            changed["cells"][1]["outputs"][0]["text"] = "5\n"
            for path, nb in ((stored, BASE), (fresh, changed)):
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(nb, f)
            self.assertEqual(nbstale.main(["nbstale.py", stored, stored]), 0)
            self.assertEqual(nbstale.main(["nbstale.py", stored, fresh]), 1)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    sys.exit(0 if result.wasSuccessful() else 1)
