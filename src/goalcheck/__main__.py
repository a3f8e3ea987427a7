"""Run goalcheck as ``python -m goalcheck``."""

from goalcheck.cli import main

main()
