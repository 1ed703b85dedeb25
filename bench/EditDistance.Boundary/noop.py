"""The empty Python function the crossing benchmark calls from .NET; PythonBoundary.cs loads this file by path.

It does no work, so timing it from C# measures the bare cost of a crossing: taking the GIL, converting or reusing
the arguments, the call, converting the result back. Kept out of the edit_distance package, which ships.
"""


def noop(a, b):
    """Returns 0 without looking at its arguments: the baseline for timing a call from C# into Python."""
    return 0
