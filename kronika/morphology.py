"""Morphology stage: every token gets its Morfeusz 2 interpretations, cached per distinct form."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from kronika.doc import Document, Interp, features

# Qualifiers Morfeusz puts on rare readings; such readings go last.
RARE_QUALIFIERS = frozenset({"przest.", "daw.", "slang", "reg.", "arch.", "char.", "środ.", "gwar.", "poet."})
CACHE_LIMIT = 300_000


def _clean_lemma(lemma: str) -> str:
    """Strip Morfeusz's homonym marks: ``wysłać:Vp~ślę`` -> ``wysłać``, ``do:P`` -> ``do``."""
    return lemma.split(":", 1)[0] if ":" in lemma[1:] else lemma


def _clitic_by(segment: tuple) -> bool:
    """The conditional clitic of "wysłałby", "gdyby": a particle segment "by"."""
    return segment[0] == "by" and segment[2].split(":")[0] in ("qub", "part")


def _merge_path(segments: list[tuple]) -> tuple[str, str, tuple, tuple]:
    """Fold a multi-segment reading of one token into its head segment.

    Agglutinates ("zrobił|em") lend the head their person; compounds
    ("północno|-|wschodni") keep the text before the head as a lemma prefix.
    """
    head = max((k for k, s in enumerate(segments) if s[2] not in ("interp", "aglt")
                and not s[2].startswith("aglt") and not _clitic_by(s)), default=0)
    orth, lemma, tag, labels, quals = segments[head]
    prefix = "".join(s[0] for s in segments[:head])
    lemma = prefix + _clean_lemma(lemma) if prefix else _clean_lemma(lemma)
    for s in segments[head + 1:]:
        if s[2].startswith("aglt"):
            person = s[2].split(":")[2]
            tag = f"{tag}:{person}"
        elif _clitic_by(s):
            tag = f"{tag}:cond"  # "wysłałby": the conditional clitic
    return lemma, tag, tuple(labels), tuple(quals)


def _paths(edges: list[tuple]) -> list[list[tuple]]:
    """All segmentations of a token from Morfeusz's DAG (usually one or two)."""
    last = max(j for _, j, _ in edges)
    if last == 1:  # one segment (most words): every edge is 0 -> 1 and a reading of its own
        return [[interp] for _, _, interp in edges]
    by_start: dict[int, list[tuple]] = {}
    for i, j, interp in edges:
        by_start.setdefault(i, []).append((j, interp))
    out: list[list[tuple]] = []
    _walk(0, [], by_start, last, out)
    return out


def _walk(node: int, acc: list[tuple], by_start: dict[int, list[tuple]], last: int,
          out: list[list[tuple]]) -> None:
    """Depth first from ``node``, edges in Morfeusz's order, at most 65 paths.  A module function,
    not a closure over itself: a closure that calls itself is a reference cycle, left for the
    cyclic garbage collector after every new form."""
    if node == last:
        out.append(acc)
        return
    if len(out) > 64:
        return
    for j, interp in by_start.get(node, ()):
        _walk(j, acc + [interp], by_start, last, out)


def interpret(edges: list[tuple], form: str) -> tuple[Interp, ...]:
    """Turn Morfeusz's analysis of one token into Interps, common readings first."""
    if not edges:
        return (Interp(form, "ign"),)
    readings: dict[Interp, bool] = {}
    for path in _paths(edges):
        lemma, tag, labels, quals = _merge_path(path) if len(path) > 1 else (
            _clean_lemma(path[0][1]), path[0][2], tuple(path[0][3]), tuple(path[0][4]))
        interp = Interp(lemma, tag, labels)
        rare = any(q in RARE_QUALIFIERS for qs in quals for q in qs.split(","))
        readings[interp] = readings.get(interp, True) and rare
    common = [i for i, rare in readings.items() if not rare]
    rare = [i for i, rare in readings.items() if rare]
    return tuple(common + rare)


class Analyzer:
    """Morfeusz 2 with a per-form cache; the Morfeusz instance is created on first use."""

    def __init__(self):
        self._morfeusz = None
        self._generator = None
        self._cache: dict[str, tuple[Interp, ...]] = {}
        self._generated: dict[str, tuple[tuple[str, str], ...]] = {}

    def _engine(self):
        if self._morfeusz is None:
            import morfeusz2  # imported here: the dictionary loads only when morphology runs
            self._morfeusz = morfeusz2.Morfeusz(generate=False)
        return self._morfeusz

    def dictionary(self) -> str:
        """The Morfeusz version and dictionary in use: what its analyses depend on."""
        import morfeusz2

        return f"morfeusz2 {morfeusz2.__version__} {self._engine().dict_id()}"

    def analyse(self, form: str) -> tuple[Interp, ...]:
        """The interpretations of one token form."""
        cached = self._cache.get(form)
        if cached is None:
            key = unicodedata.normalize("NFC", form).replace("’", "'")
            cached = interpret(self._engine().analyse(key), form)
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            self._cache[form] = cached
        return cached


    def generate(self, lemma: str) -> tuple[tuple[str, str], ...]:
        """Every (form, tag) Morfeusz generates for a lemma; empty when it does not know it."""
        cached = self._generated.get(lemma)
        if cached is None:
            if self._generator is None:
                import morfeusz2
                self._generator = morfeusz2.Morfeusz(analyse=False)
            try:
                found = self._generator.generate(lemma)
            except (RuntimeError, KeyError):  # unknown lemmas raise in some binding versions
                found = []
            cached = tuple((f[0], f[2]) for f in found)
            if len(self._generated) >= CACHE_LIMIT:
                self._generated.clear()
            self._generated[lemma] = cached
        return cached

    def inflect(self, lemma: str, want: dict[str, str]) -> str | None:
        """The form of ``lemma`` whose tag has every wanted feature value (e.g. case=nom, number=sg)."""
        for form, tag in self.generate(lemma):
            f = features(tag)
            if all(v in getattr(f, k) for k, v in want.items() if getattr(f, k)):
                if f.pos in ("adj", "subst", "depr", "num") and (f.degree in (frozenset(), frozenset({"pos"}))):
                    return form
        return None


@dataclass(frozen=True, slots=True)
class Ending:
    ending: str
    base: str
    cases: frozenset[str]
    gender: str = ""  # the oblique reading's genders ("m1.m2.m3"), empty for any


class Guesser:
    """Base-form candidates for unknown names, from the language's ending table."""

    def __init__(self, lang):
        self.endings = tuple(Ending(r["ending"], r["base"].strip(), frozenset(r["cases"].split(".")),
                                    (r.get("gender") or "").strip())
                             for r in lang.table("name_endings.tsv", ("ending", "cases")))

    def candidates(self, word: str) -> tuple[str, ...]:
        """The word itself and every base form its ending allows (longest stem first)."""
        out = [word]
        for e in self.endings:
            if word.endswith(e.ending) and len(word) - len(e.ending) >= 2:
                cand = word[: len(word) - len(e.ending)] + e.base
                if cand not in out:
                    out.append(cand)
        return tuple(out)

    def readings(self, word: str) -> tuple[Interp, ...]:
        """Guessed readings of an unknown capitalised word: one per ending that fits ("Bidenem":
        Biden, instrumental); with no ending, the word itself in any case."""
        out = []
        for e in self.endings:
            if word.endswith(e.ending) and len(word) - len(e.ending) >= 2:
                oblique = sorted(e.cases - {"nom"})
                if oblique:
                    gender = ":" + e.gender if e.gender else ""
                    out.append(Interp(word[: len(word) - len(e.ending)] + e.base,
                                      "subst:sg:" + ".".join(oblique) + gender, ("guess",)))
                if "nom" in e.cases:  # "Annalena" is a nominative as written
                    out.append(Interp(word, "subst:sg:nom", ("guess",)))
        return tuple(dict.fromkeys(out)) or (Interp(word, "ign"),)

    def base(self, word: str, cases: frozenset[str] = frozenset()) -> str:
        """The most likely base form: unchanged in the nominative, else the first ending that fits."""
        if "nom" in cases and len(cases) < 7:
            return word
        for e in self.endings:
            if word.endswith(e.ending) and len(word) - len(e.ending) >= 2 and (not cases or e.cases & cases):
                return word[: len(word) - len(e.ending)] + e.base
        return word


def _rare_readings(lang) -> dict[str, frozenset[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for r in lang.table("rare_readings.tsv", ("form", "lemma", "pos")):
        out.setdefault(r["form"], set()).add((r["lemma"], r["pos"]))
    return {k: frozenset(v) for k, v in out.items()}


def _drop_rare(interps: tuple[Interp, ...], rare: frozenset[tuple[str, str]]) -> tuple[Interp, ...]:
    """Without the readings listed as rare, unless nothing would be left."""
    kept = tuple(i for i in interps if (i.lemma, i.pos) not in rare)
    return kept or interps


def analyzer(lang, engine: Analyzer | None = None):
    """Build the morphology stage; one Analyzer (and cache) per process."""
    engine = engine or Analyzer()
    guesser = lang.compiled("name-guesser", Guesser)
    rare = lang.compiled("rare-readings", _rare_readings)
    # The readings a token ends up with depend only on its kind and text: kept per pipeline,
    # so a frequent form costs one dictionary lookup and one Token, not a replace().
    seen: dict[tuple[str, str], tuple[Interp, ...]] = {}

    def readings(kind: str, text: str) -> tuple[Interp, ...]:
        if kind == "word":
            interps = engine.analyse(text)
            if interps[0].pos == "ign" and text[:1].isupper():
                interps = guesser.readings(text)
            elif text.lower() in rare:
                interps = _drop_rare(interps, rare[text.lower()])
        else:
            interps = (Interp(text, "dig" if kind == "number" else "interp"),)
        if len(seen) >= CACHE_LIMIT:
            seen.clear()
        seen[kind, text] = interps
        return interps

    def morphology(doc: Document) -> Document:
        """Attach Morfeusz interpretations to every word token."""
        tokens = tuple(t.with_interps(seen.get((t.kind, t.text)) or readings(t.kind, t.text)) for t in doc.tokens)
        return replace(doc, tokens=tokens)

    morphology.engine = engine
    return morphology
