"""The version of mtnorm, in one place (setup.cfg reads it; so do the manifest, the CLI and reports)."""

__version__ = "0.1.0"
