"""mtnorm: conservative clean-up of machine-translated and scraped English text.

>>> from normalizer import normalize
>>> normalize("the Meeting between Donald trump and Putin").text
'The meeting between Donald Trump and Putin'
"""

from .edits import ARTIFACT_CLASSES, Edit
from .errors import InputError, LexiconError, MtnormError, UsageError
from .options import Options
from .pipeline import Normalizer, Result, normalize
from .version import __version__

__all__ = [
    "ARTIFACT_CLASSES",
    "Edit",
    "InputError",
    "LexiconError",
    "MtnormError",
    "Normalizer",
    "Options",
    "Result",
    "UsageError",
    "normalize",
    "__version__",
]
