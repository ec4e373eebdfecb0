"""Third-party code kept inside the package, each file with its origin and licence."""
