"""Where the project's own files are: the folders the product was specified with, next to the
package (queries/, data/, geo/). One place, so a module can move without counting parents."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
DATA_DIR = PROJECT_ROOT / "data"
GEO_DIR = PROJECT_ROOT / "geo"
