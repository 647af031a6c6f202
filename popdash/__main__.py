"""Entry point for python -m popdash."""
import sys

from popdash.cli import main

sys.exit(main())
