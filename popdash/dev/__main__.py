"""Developer tools, kept apart from the app: python -m popdash.dev sample | bench."""
import sys

from popdash import logs
from popdash.cli import main
from popdash.dev import COMMANDS

logs.configure()
sys.exit(main(modules=COMMANDS, prog="python -m popdash.dev"))
