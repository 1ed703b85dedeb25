"""Long inputs, measured from a child process: a bounded distance between long large-alphabet strings must take
memory and time for the band, not for the whole pattern (rust/edit_distance/tests/long_inputs.rs does the same)."""

import json
import pathlib
import subprocess
import sys
import unittest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]

# Run in a fresh interpreter, so that the peak (VmHWM) belongs to the call alone: it is reset just before the call
# (writing 5 to clear_refs), and what the strings and the interpreter already hold is subtracted.
CHILD = r"""
import json, random, sys, time
sys.path.insert(0, sys.argv[1])
import edit_distance

def status(field):
    with open("/proc/self/status") as file:
        for line in file:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB

rng = random.Random(20261130)
alphabet = [chr(0x4E00 + i) for i in range(20_000)]
a = "".join(rng.choices(alphabet, k=200_000))
b = "".join(rng.choices(alphabet, k=200_000))
report = {}
for strategy in ("bitparallel", "dp"):
    try:
        with open("/proc/self/clear_refs", "w") as file:
            file.write("5")
    except OSError as error:
        print(json.dumps({"skip": f"cannot reset the peak RSS: {error}"}))
        sys.exit()
    before = status("VmRSS")
    start = time.perf_counter()
    result = edit_distance.distance(a, b, 10, strategy=strategy)
    seconds = time.perf_counter() - start
    report[strategy] = {"result": result, "growth_kib": status("VmHWM") - before, "seconds": seconds}
print(json.dumps(report))
"""

# Both calls take well under a second (dp stops after about a dozen rows of 200 000 cells, once every cell of a row
# is above the bound). Whole-pattern ints for these strings would take ~610 MiB, and seconds of columns over all
# 200 000 rows: the limits catch either.
TIMEOUT_SECONDS = 30
MAX_GROWTH_MIB = 128


@unittest.skipUnless(sys.platform.startswith("linux") and pathlib.Path("/proc/self/clear_refs").exists(),
                     "peak memory is read from /proc/self/status after a reset through /proc/self/clear_refs (Linux)")
class LongInputs(unittest.TestCase):
    def test_bounded_distance_of_long_large_alphabet_strings(self):
        try:
            child = subprocess.run([sys.executable, "-c", CHILD, str(PYTHON_DIR)],
                                   capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.fail(f"distance(a, b, 10) on two 200 000-code-point strings took over {TIMEOUT_SECONDS} s")
        self.assertEqual(child.returncode, 0, child.stderr)
        report = json.loads(child.stdout)
        if "skip" in report:
            self.skipTest(report["skip"])
        for strategy, measured in report.items():
            with self.subTest(strategy=strategy, **measured):
                self.assertEqual(measured["result"], 11)
                self.assertLessEqual(measured["growth_kib"], MAX_GROWTH_MIB * 1024)


if __name__ == "__main__":
    unittest.main()
