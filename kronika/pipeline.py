"""The pipeline: one literal list of stages, each declaring what it requires and assigns."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kronika.doc import Document

# What a freshly read document already carries.
BASE_LAYERS = frozenset({"text", "metadata"})


class StageError(RuntimeError):
    """A stage failed on a document or broke its contract; the message names both."""


@dataclass(frozen=True)
class Stage:
    """A named ``Document -> Document`` step with its declared inputs and outputs."""

    name: str
    run: Callable[[Document], Document]
    requires: frozenset[str]
    assigns: frozenset[str]


class Pipeline:
    """Runs stages in order; the declarations are checked once, when it is built."""

    def __init__(self, stages: Iterable[Stage]):
        self.stages = tuple(stages)
        available = set(BASE_LAYERS)
        for stage in self.stages:
            missing = stage.requires - available
            if missing:
                raise StageError(f"stage {stage.name!r} requires {sorted(missing)}, "
                                 f"which no earlier stage assigns")
            available |= stage.assigns
        self.layers = frozenset(available)

    def __call__(self, doc: Document, until: str | None = None) -> Document:
        for stage in self.stages:
            try:
                result = stage.run(doc)
            except StageError:
                raise
            except Exception as exc:  # name the stage and the document, keep the cause
                raise StageError(f"stage {stage.name!r} failed on document {doc.id!r}: "
                                 f"{type(exc).__name__}: {exc}") from exc
            if not isinstance(result, Document):
                raise StageError(f"stage {stage.name!r} returned {type(result).__name__}, "
                                 f"not a Document")
            doc = result
            if stage.name == until:
                break
        return doc

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def stage(self, name: str) -> Stage:
        """The stage with this name."""
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(f"no stage {name!r}; stages: {', '.join(self.names)}")


def build(lang=None, until: str | None = None) -> Pipeline:
    """The Polish pipeline: the one place where the order of stages is written down."""
    from kronika import (chunker, clauses, coref, dates, events, mentions, morphology, numbers, sentences,
                         tokens)
    from kronika.lang import CompiledCache, cache_directory, load

    lang = lang or load("pl")
    engine = morphology.Analyzer()
    # Compiled lexicons from an earlier process (docs/performance.md); the analyzer is this pipeline's.
    directory, externals = cache_directory(), {"analyzer": engine}
    cache = CompiledCache(lang, directory, engine.dictionary()) if directory else None
    if cache:
        cache.load(externals)
    stages = [
        Stage("sentences", sentences.splitter(lang), frozenset({"text"}), frozenset({"sentences"})),
        Stage("tokens", tokens.tokenizer(lang), frozenset({"sentences"}), frozenset({"tokens"})),
        Stage("morphology", morphology.analyzer(lang, engine), frozenset({"tokens"}), frozenset({"interps"})),
        Stage("dates", dates.finder(lang), frozenset({"interps"}), frozenset({"times"})),
        Stage("phrases", chunker.chunker(lang), frozenset({"interps"}), frozenset({"phrases"})),
        Stage("clauses", clauses.splitter(lang), frozenset({"phrases"}), frozenset({"clauses"})),
        Stage("numbers", numbers.finder(lang), frozenset({"interps"}), frozenset({"quantities"})),
        Stage("mentions", mentions.recognizer(lang, engine), frozenset({"phrases"}), frozenset({"mentions"})),
        Stage("coreference", coref.resolver(lang, engine), frozenset({"mentions"}), frozenset({"coreference"})),
        Stage("events", events.coder(lang), frozenset({"clauses", "coreference", "times", "quantities"}),
              frozenset({"events"})),
    ]
    if cache:
        cache.save(externals)
    if until is not None:
        stages = stages[:[s.name for s in stages].index(until) + 1]
    return Pipeline(stages)
