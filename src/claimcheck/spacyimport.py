"""Import spaCy without the half of its start-up that claimcheck never uses: torch.

thinc (spaCy's machine-learning layer) imports torch when it is installed, only
to offer its optional PyTorch layers and GPU checks; with torch installed for
the embedding model's export and its `--backend torch`, that is about 1.4 s of
every run that parses one new article. The pipelines claimcheck runs (a blank
English sentencizer, en_core_web_sm's CNN) compute with thinc's numpy ops
either way, so their output does not change.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_spacy() -> ModuleType:
    """spaCy, imported with torch hidden from thinc when neither is loaded yet."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    # A None entry makes `import torch` raise ImportError, which thinc treats as
    # "torch not installed"; the entry is removed at once, so a later `import torch`
    # (the torch backend, the ONNX export) works as usual.
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return spacy
