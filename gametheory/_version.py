"""The package version (one place: setup.cfg reads it, and modules that print it import it
from here rather than from the top-level package, which sits above every layer)."""
__version__ = "0.1.0"
