"""The trigger lexicon: Polish verbs, nouns and fixed phrases that signal PLOVER events, with their frames.

Entries live in ``kronika/lang/pl/triggers/*.yaml`` (format in that folder's
README section "Triggers").  This module validates them on load — every problem
names the file's entry and the reason — and indexes them by lemma.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kronika.lang import LexiconError
from kronika.match import PhraseIndex

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
SPEECH_TYPES = frozenset({"SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN"})
CASES = frozenset({"nom", "gen", "dat", "acc", "inst", "loc"})
SPECIAL_RULES = frozenset({"subj", "adj", "gen-dep", "host", "speaker", "cond", "between", "obj-gen",
                           "patient", "none", "coord", "purpose-subj", "subj-owner"})
CLAUSE_KINDS = frozenset({"purpose", "complement", "condition"})
FIELDS = frozenset({"lemma", "phrase", "pos", "type", "mode", "needs", "with", "without", "negated",
                    "reflexive", "actor", "recipient", "passive_actor", "passive_recipient", "object",
                    "location", "unit", "speech", "standalone", "hypothetical", "context", "note",
                    "aspect", "certainty", "needs_actor", "needs_recipient", "clause"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """One sense of a trigger word with the frame that fills its roles."""

    key: str  # lemma, or lemma sequence for a phrase
    pos: str  # verb | noun | phrase
    type: str
    mode: str | None
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    passive_actor: tuple[str, ...] = ("przez+acc",)
    passive_recipient: tuple[str, ...] = ("subj",)
    object: tuple[str, ...] = ()
    location: tuple[str, ...] = ("w+loc", "na+loc")
    needs: tuple[str, ...] = ()
    with_lemmas: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    negated: bool | None = None
    reflexive: bool | None = None
    unit: str | None = None
    speech: bool = False
    standalone: bool = True
    hypothetical: bool = False
    certainty: str | None = None
    needs_actor: bool = False
    needs_recipient: bool = False
    clause: str | None = None  # a sense only with a subordinate clause of this kind ("chcieć, aby")
    context: tuple[str, ...] = ()
    source: str = field(default="", compare=False)


def check_rule(rule: str, where: str) -> str:
    """A role rule: a case ("dat"), a preposition with its case ("do+gen") or a named special rule."""
    if rule in CASES or rule in SPECIAL_RULES:
        return rule
    if ":" in rule and "+" not in rule and rule.split(":")[0] in CASES and rule.split(":")[1] == "gen":
        return rule  # "acc:gen": the genitive dependent of the accusative phrase
    prep, _, case = rule.partition("+")
    base = case.split(":")[0]
    if prep and base in CASES:
        return rule
    raise LexiconError(f"{where}: unknown role rule {rule!r} (a case, prep+case, or one of "
                       f"{sorted(SPECIAL_RULES)})")


def _rules(entry: dict, name: str, default: tuple[str, ...], where: str) -> tuple[str, ...]:
    value = entry.get(name, default)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise LexiconError(f"{where}: {name} must be a list of role rules")
    return tuple(check_rule(str(r), where) for r in value)


def _defaults(pos: str) -> dict[str, tuple[str, ...]]:
    if pos == "noun":
        return {"actor": ("gen-dep", "adj"), "recipient": (), "object": ()}
    return {"actor": ("subj",), "recipient": (), "object": ("acc",)}


def parse_entry(entry: dict, where: str, classes: frozenset[str]) -> Trigger:
    """Validate one YAML entry and turn it into a Trigger."""
    unknown = set(entry) - FIELDS
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}")
    if bool(entry.get("lemma")) == bool(entry.get("phrase")):
        raise LexiconError(f"{where}: give exactly one of lemma or phrase")
    if entry.get("type") not in TYPES:
        raise LexiconError(f"{where}: type must be one of {', '.join(TYPES)}, not {entry.get('type')!r}")
    pos = "phrase" if entry.get("phrase") else entry.get("pos", "verb")
    if pos not in ("verb", "noun", "phrase"):
        raise LexiconError(f"{where}: pos must be verb or noun")
    needs = tuple(entry.get("needs") or ())
    bad = [n for n in needs if n not in classes]
    if bad:
        raise LexiconError(f"{where}: needs unknown object class(es) {bad}")
    if entry.get("clause") is not None and entry["clause"] not in CLAUSE_KINDS:
        raise LexiconError(f"{where}: clause must be one of {sorted(CLAUSE_KINDS)}")
    d = _defaults(pos)
    speech = entry.get("speech", entry["type"] in SPEECH_TYPES)
    return Trigger(
        key=str(entry.get("lemma") or entry.get("phrase")), pos=pos, type=entry["type"],
        mode=entry.get("mode"), actor=_rules(entry, "actor", d["actor"], where),
        recipient=_rules(entry, "recipient", d["recipient"], where),
        passive_actor=_rules(entry, "passive_actor", ("przez+acc",), where),
        passive_recipient=_rules(entry, "passive_recipient", ("subj",), where),
        object=_rules(entry, "object", d["object"], where),
        location=_rules(entry, "location", ("w+loc", "na+loc"), where),
        needs=needs, with_lemmas=tuple(entry.get("with") or ()), without=tuple(entry.get("without") or ()),
        negated=entry.get("negated"), reflexive=entry.get("reflexive"), unit=entry.get("unit"),
        speech=bool(speech), standalone=bool(entry.get("standalone", True)),
        hypothetical=bool(entry.get("hypothetical", False)), certainty=entry.get("certainty"),
        needs_actor=bool(entry.get("needs_actor", pos == "noun")), clause=entry.get("clause"),
        needs_recipient=bool(entry.get("needs_recipient", False)),
        context=tuple(entry.get("context") or ()), source=where)


class TriggerLexicon:
    """Triggers indexed by verb lemma, noun lemma and phrase, plus the object classes they need."""

    def __init__(self, lang):
        self.classes: dict[str, frozenset[str]] = {}
        for n, e in enumerate(lang.entries("object_classes.yaml")):
            if not e.get("class") or not isinstance(e.get("lemmas"), list):
                raise LexiconError(f"object_classes.yaml: entry {n}: needs class and a list of lemmas")
            self.classes[e["class"]] = frozenset(str(x).lower() for x in e["lemmas"])
        names = frozenset(self.classes)
        self.verbs: dict[str, list[Trigger]] = {}
        self.nouns: dict[str, list[Trigger]] = {}
        phrases: list[tuple[str, Trigger]] = []
        for n, e in enumerate(lang.entries("triggers")):
            where = f"triggers: entry {n} ({e.get('lemma') or e.get('phrase')!r})"
            t = parse_entry(e, where, names)
            if t.pos == "phrase":
                phrases.append((t.key, t))
            else:
                (self.verbs if t.pos == "verb" else self.nouns).setdefault(t.key, []).append(t)
        self.phrases = PhraseIndex(phrases, lambda w: frozenset({w.lower()}))
        self.size = sum(map(len, self.verbs.values())) + sum(map(len, self.nouns.values())) + len(phrases)

    def object_classes(self, lemmas: set[str]) -> set[str]:
        """The object classes any of these lemmas belongs to."""
        return {c for c, members in self.classes.items() if members & lemmas}
