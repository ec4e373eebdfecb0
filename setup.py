"""Build hook: the bundled lexicons ship inside the package.

They are edited in ``lexicons/`` at the top of the repository (data next to
the code that reads it, reviewed like code); a built wheel carries a copy as
``normalizer/lexicons/``, where `normalizer.lexicon.default_lexicon_dir` finds
it. An editable install reads ``lexicons/`` in the checkout directly.
Everything else is declared in setup.cfg.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LEXICONS = Path("lexicons")


class BuildWithLexicons(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "normalizer" / "lexicons"
        for source in sorted(LEXICONS.rglob("*.yaml")):
            destination = target / source.relative_to(LEXICONS)
            self.mkpath(str(destination.parent))
            self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": BuildWithLexicons})
