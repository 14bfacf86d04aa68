"""Events stage: triggers found clause by clause, their roles filled, attributes attached.

For every clause: find trigger words (verb groups by main-verb lemma, noun
phrases by head lemma, fixed phrases by lemma sequence), keep the senses whose
conditions hold (object class, companion noun, negation, reflexive ``się``),
fill actor and recipient from the trigger's frame, then attach what the clause
says about time, place, numbers, source and certainty.  Every decision is
recorded in ``Event.rules`` for ``kronika explain``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from kronika.addressees import Addressees, Addressing, addressing
from kronika.arguments import Structure, entities, fill, reason_tails, subject_or_owner, window
from kronika.attribution import Attribution, Attributor, ClauseAttribution
from kronika.doc import Clause, Document, Entity, Event, Mention, Phrase, Quantity
from kronika.syntax import Words
from kronika.triggers import Trigger, TriggerLexicon

TOPIC_PREPS = frozenset({"o"})  # "oświadczenie o rozmieszczeniu": a topic, not an event
TARGETED = frozenset({"SANCTION", "ASSAULT", "COERCE", "THREATEN"})  # hostile acts: never without a target
RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE"})  # "porozumieliśmy się": both sides
PLACE_STANDS_IN = frozenset({"CONSULT", "ASSAULT", "COERCE", "PROTEST"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger sense found at a phrase, before its roles are filled."""

    trigger: Trigger
    phrase: Phrase
    clause: Clause
    first: int  # token range of the trigger words
    end: int


class Coder:
    """Codes the events of one document."""

    def __init__(self, doc: Document, lex: TriggerLexicon, att: Attributor, words: Words,
                 units: dict[str, str], spoken_to: Addressing | None = None):
        relative = frozenset(k for k, v in words.classes.items() if "relative" in v)
        quantifiers = frozenset(k for k, v in words.classes.items() if "quantifier" in v)
        self.doc, self.lex, self.words, self.units = doc, lex, words, units
        self.consumed: set[int] = set()
        self.modal_of: dict[int, str] = {}  # infinitive phrase -> the modal verb before it
        self.trace: list[tuple[int, str]] = []  # (sentence, why a candidate was not coded) for explain
        self.dated: dict[tuple[int, str], object] = {}  # (sentence, type) -> date of any trigger there
        self.st = Structure(doc, relative, quantifiers,
                           (lambda st: Addressees(st, spoken_to)) if spoken_to is not None else None,
                           frozenset(lex.classes.get("troops", ())),
                           frozenset(k for k, v in words.classes.items() if "emphatic" in v))
        self.attr = ClauseAttribution(self.st, att)
        self.starts = [t.start for t in doc.tokens]

    def run(self) -> tuple[Event, ...]:
        events: list[Event] = []
        suppressed: set[int] = set()
        for c in self.doc.clauses:
            if c.index in suppressed:
                self.trace.append((c.sentence, f"clause {c.index}: the content of a demand or condition "
                                               f"coded before it, not an event of its own"))
                continue
            demand = self._deontic(c)
            if demand is not None:
                events.append(demand)
                suppressed.update(ch.index for ch in self.st.children(c) if ch.kind == "purpose")
                continue  # what X must do is the content of the demand, not an event yet
            for cand in self.candidates(c):
                when = self._date(c, cand, inherit=False)
                if when is not None and when.date_start is not None:
                    self.dated.setdefault((c.sentence, cand.trigger.type), when)
                if cand.trigger.pos == "noun" and cand.first in self.consumed:
                    self._note(cand, "inside the roles of an earlier trigger: part of that event")
                    continue
                ev = self.build(cand)
                if ev is not None and cand.trigger.pos == "noun" and cand.phrase.prep in ("po", "przed") \
                        and _mentioned_before(ev, events):
                    self._note(cand, "names again an event coded in the sentences just before")
                    ev = None
                if ev is not None:
                    ev = self._fallback_recipient(ev, events)
                    events.append(ev)
                    self._consume(cand, ev)
                    suppressed.update(self._content_clauses(cand, c))
        return tuple(_share_places(self._borrow_dates(_dedupe(events, self.trace, self._one_telling))))

    def _deontic(self, c: Clause) -> Event | None:
        """"Rosja musi być wykluczona", "rządy europejskie powinny zrobić więcej" said by someone
        about another actor: a demand (REQUEST) from the speaker to the one who must act."""
        verb = self.st.verb_of(c)
        if verb is None or not set(verb.modals) & self.words.deontic:
            return None
        attribution = self.attr.of(c)
        speaker = attribution.source if isinstance(attribution.source, Mention) else None
        if speaker is None or not _has_country((speaker,)):
            return None
        found, how = subject_or_owner(self.st, c)  # "odpowiedź Brukseli powinna być zdecydowana": Brussels'
        how = how.removeprefix("subj:")
        targets = tuple(m for m in found if _has_country((m,)))
        if targets and _same_side(speaker, targets) or {"pri"} & verb.person:
            return None  # "musimy pomóc": a commitment of the speaker's own side, coded as itself
        if not targets:  # "sankcje muszą pozostać w mocy aż do zaprzestania przez Rosję inwazji"
            other = self._nearest_other(Candidate(None, verb, c, verb.first, verb.end), (speaker,))
            targets, how = ((other,), "the first other actor after the verb") if other else ((), "none")
        s, t = self.doc.sentences[c.sentence], self.doc.tokens
        return Event(
            doc_id=self.doc.id, sentence=c.sentence, sentence_span=(s.start, s.end),
            span=(t[verb.first].start, t[verb.end - 1].end), trigger=self.doc.text[t[verb.first].start:t[verb.end - 1].end],
            text=self.doc.text[s.start:s.end], event_type="REQUEST", mode="demand", actors=(speaker,),
            recipients=targets, date=self._date(c, Candidate(None, verb, c, verb.first, verb.end)),
            quote=self._quote(c), certainty="stated",
            rules=(f"obligation ({'+'.join(verb.modals)}) said by {speaker.text!r} about another actor: a demand",
                   f"actor: the speaker ({attribution.rule})", f"recipient: subj:{how}"))

    def _content_clauses(self, cand: Candidate, c: Clause) -> set[int]:
        """Clauses that say what a demand asks for ("zaapelował, aby nie bali się nakładać sankcji")
        or what a condition requires ("tylko wtedy, gdy sankcje zostaną zniesione")."""
        if "cond" in cand.trigger.recipient:
            return {ch.index for ch in self.st.children(c) if ch.kind in ("condition", "time")}
        if cand.trigger.type in ("REQUEST", "THREATEN"):
            return {ch.index for ch in self.st.children(c) if ch.kind == "purpose"}
        return set()

    def _one_telling(self, a: Event, b: Event) -> bool:
        """Could two events of a sentence be one told twice?  A noun and a verb may be ("ostrzał …
        zniszczył"), and so may two verbs of one clause, of a clause and its purpose ("spotykają
        się, aby omówić") or of coordinated clauses ("przyleciał do Kijowa i spotkał się z"); two
        verbs across a relative or complement clause are two deeds ("otrzymała myśliwce od Danii,
        która wyszkoliła pilotów")."""
        ca, cb = self._clause_at(a.span[0]), self._clause_at(b.span[0])
        if ca is None or cb is None or ca.index == cb.index:
            return True
        if a.trigger.lower() == b.trigger.lower() and _countries_of(a.recipients) == _countries_of(b.recipients):
            return True  # "zagraża stabilności Europy i zagraża bezpieczeństwu Polski": one charge, said twice
        if self._is_noun_event(a) or self._is_noun_event(b):
            return True
        if "coordinate" in (ca.kind, cb.kind) and ca.parent == cb.parent:
            return True
        child, parent = (cb, ca) if cb.parent == ca.index else (ca, cb)
        return child.parent == parent.index and child.kind in ("purpose", "adverbial", "time")

    def _clause_at(self, char: int) -> Clause | None:
        k = bisect.bisect_right(self.starts, char) - 1
        return next((c for c in self.doc.clauses if c.contains(k)), None)

    def _is_noun_event(self, e: Event) -> bool:
        return any(r.startswith("trigger ") and "(noun)" in r for r in e.rules[:1])

    def _borrow_dates(self, events: list[Event]) -> list[Event]:
        """"Korea wysłała 3 000 żołnierzy. Oddziały zostały rozmieszczone w styczniu i lutym": an
        undated event takes the date of the same type of event mentioned in the next (or previous)
        sentence."""
        out = []
        for e in events:
            if e.date is None:
                near = self.dated.get((e.sentence + 1, e.event_type)) or self.dated.get((e.sentence - 1, e.event_type))
                if near is not None:
                    e = replace(e, date=near, rules=e.rules + ("date: from the same event's mention in the "
                                                               "neighbouring sentence",))
            out.append(e)
        return out

    # -- triggers ---------------------------------------------------------------------------------
    def candidates(self, c: Clause) -> list[Candidate]:
        tokens = [k for a, b in c.parts for k in range(a, b)]
        lemmas = {i.lemma.lower() for k in tokens for i in self.doc.tokens[k].interps}
        classes = self.lex.object_classes(lemmas)
        found: list[Candidate] = []
        taken: set[int] = set()
        for cand in self._phrase_triggers(c, tokens):
            found.append(cand)
            taken.update(range(cand.first, cand.end))
        governing = self._modal_over_infinitive(c)
        for p in self.st.clause_phrases(c):
            if p.kind == "verb" and p.head not in taken and p.index not in governing:
                for lemma in (p.lemma, *p.modals):
                    t = self._sense(self.lex.verbs.get(lemma, ()), p, lemmas, classes)
                    if t and p.mood == "adverbial" and not t.speech:
                        break  # "walcząc po stronie Rosji": a circumstance; "oskarżając Chiny": a speech act
                    if t and self._defers_to_noun(t, c):
                        self._note(Candidate(t, p, c, p.first, p.end), "a light verb: its noun is the trigger")
                        break
                    if t:
                        found.append(Candidate(t, p, c, p.first, p.end))
                        taken.update(self._consumed(t, c))
                        break
        for p in self.st.clause_phrases(c):
            if p.kind in ("np", "pp") and p.head not in taken and (p.prep not in TOPIC_PREPS or self._decided(p)):
                head = self.doc.tokens[p.head]
                for lemma in dict.fromkeys(i.lemma.lower() for i in head.interps):  # every reading's lemma
                    t = self._sense(self.lex.nouns.get(lemma, ()), p, lemmas, classes)
                    if t and self._describes_a_person(p):
                        self._note(Candidate(t, p, c, p.head, p.head + 1),
                                   "describes the person it hangs on ('uczestnik negocjacji'), not an event")
                        break
                    if t:
                        if t.standalone:
                            found.append(Candidate(t, p, c, p.head, p.head + 1))
                        break
        return found

    def _decided(self, p: Phrase) -> bool:
        """"decyzja o rozlokowaniu jednostek": the topic of a decision is an act decided on."""
        for k in range(p.index - 1, max(p.index - 5, -1), -1):  # "decyzja szczytu NATO z 2016 roku o …"
            before = self.st.phrases[k]
            if before.sentence != p.sentence or before.kind not in ("np", "pp"):
                return False
            if self.words.has(self.doc.tokens[before.head], "decision"):
                return True
        return False

    def _describes_a_person(self, p: Phrase) -> bool:
        """Is a noun hung as a genitive on a noun naming people ("uczestnika negocjacji",
        "przywódca protestów"): one whose every noun reading is masculine personal?"""
        if p.attached is None:
            return False
        host = self.doc.tokens[self.st.phrases[p.attached].head]
        nouns = [i for i in host.interps if i.pos in ("subst", "depr")]
        return bool(nouns) and all("m1" in i.feats.gender for i in nouns)

    def _modal_over_infinitive(self, c: Clause) -> set[int]:
        """Modal verbs whose infinitive comes after an object ("obiecał drugiej stronie wycofać
        wojska"): the infinitive is the event, the modal only makes it hypothetical."""
        out = set()
        verbs = [p for p in self.st.clause_phrases(c) if p.kind == "verb"]
        for a, b in zip(verbs, verbs[1:], strict=False):
            if self.words.verb_class.get(a.lemma) == "modal" and b.mood == "infinitive" and not b.modals:
                out.add(a.index)
                self.modal_of[b.index] = a.lemma
        return out

    def _defers_to_noun(self, t: Trigger, c: Clause) -> bool:
        """"wyrazić wdzięczność za …": when the companion noun is itself a trigger of the same type,
        the noun's frame (which knows "za", "do", "dla") codes the event, the verb only its actor."""
        if not t.with_lemmas:
            return False
        wanted = {w.lower() for w in t.with_lemmas}
        for k in range(c.first, c.end):
            lemma = self.doc.tokens[k].lemma.lower()
            if c.contains(k) and lemma in wanted and any(n.type == t.type and "subj" in n.actor
                                                         for n in self.lex.nouns.get(lemma, ())):
                return True
        return False

    def _phrase_triggers(self, c: Clause, tokens: list[int]) -> list[Candidate]:
        toks = [self.doc.tokens[k] for k in tokens]
        keys = [frozenset({i.lemma.lower() for i in t.interps} | {t.text.lower()}) for t in toks]
        out = []
        for m in self.lex.phrases.find(keys, [False] * len(toks)):
            first, end = tokens[m.first], tokens[m.end - 1] + 1
            p = next((self.st.phrases[i] for i in c.phrases if self.st.phrases[i].first <= first
                      < self.st.phrases[i].end), None)
            t: Trigger = m.form.payload
            negated = any(self.doc.tokens[k].text.lower() == "nie" for k in range(max(0, first - 2), end))
            if p is not None and (t.negated is None or t.negated == negated):
                out.append(Candidate(t, p, c, first, end))
        return out

    def _sense(self, senses, p: Phrase, lemmas: set[str], classes: set[str]) -> Trigger | None:
        """The first sense whose conditions hold in this clause."""
        for t in senses:
            why = self._unmet(t, p, lemmas, classes)
            if why is None:
                return t
            self.trace.append((p.sentence, f"{t.key!r} as {t.type}: {why}"))
        return None

    def _unmet(self, t: Trigger, p: Phrase, lemmas: set[str], classes: set[str]) -> str | None:
        """Why a sense does not apply here, or None when it does."""
        if t.needs and not (classes & set(t.needs)):
            return f"needs a noun of class {'/'.join(t.needs)} in the clause"
        if t.with_lemmas and not (lemmas & {w.lower() for w in t.with_lemmas}):
            return f"needs one of {', '.join(t.with_lemmas)} in the clause"
        if t.without and lemmas & {w.lower() for w in t.without}:
            return f"excluded by {', '.join(sorted(lemmas & {w.lower() for w in t.without}))}"
        if t.negated is not None and p.kind == "verb" and t.negated != p.negated:
            return "needs negation" if t.negated else "is negated"
        if t.reflexive is not None and p.kind == "verb" and t.reflexive != self._reflexive(p):
            return "needs 'się'" if t.reflexive else "must not have 'się'"
        own = self.st.clause_of.get(p.index)
        if t.clause and not (own is not None and any(ch.kind == t.clause for ch in self.st.children(own))):
            return f"needs a {t.clause} clause"
        return None

    def _note(self, cand: Candidate, why: str) -> None:
        self.trace.append((cand.clause.sentence, f"{cand.trigger.key!r} as {cand.trigger.type}: {why}"))

    def _reflexive(self, p: Phrase) -> bool:
        lo, hi = max(0, p.first - 3), min(len(self.doc.tokens), p.end + 2)
        return any(self.doc.tokens[k].text.lower() == "się" for k in range(lo, hi)
                   if self.doc.tokens[k].sentence == self.doc.tokens[p.head].sentence)

    def _consumed(self, t: Trigger, c: Clause) -> set[int]:
        """Nouns a verb sense needed ("nałożyć sankcje") are part of it, not events of their own."""
        wanted = {w.lower() for w in t.with_lemmas} | {x for n in t.needs for x in self.lex.classes[n]}
        return {k for a, b in c.parts for k in range(a, b) if self.doc.tokens[k].lemma.lower() in wanted}

    # -- events ------------------------------------------------------------------------------------
    def build(self, cand: Candidate) -> Event | None:
        t, p, c = cand.trigger, cand.phrase, cand.clause
        if t.type == "ASSAULT" and p.kind == "pp" and "setting" in self.words.classes.get(p.prep or "", ()):
            self._note(cand, f"a war or attack after '{p.prep}' is the time of something else: background")
            return None
        attribution = self.attr.of(c)
        speaker = attribution.source if isinstance(attribution.source, Mention) else None
        if speaker is None and p.kind != "verb":
            speaker = self._announcer(c)  # "Wielka Brytania ogłosiła objęcie sankcjami": its own act
        rules = [f"trigger {t.key!r} ({t.pos}) -> {t.type}/{t.mode or '-'} from {t.source}"]
        actors, how_a, recipients, how_r = self._participants(cand, speaker)
        if t.needs_recipient and not _has_country(tuple(m for m in recipients if m.place is None)):  # not a town
            self._note(cand, "needs someone it is addressed to, and no one with a country was found")
            return None
        if t.needs_actor and not actors:
            self._note(cand, "a noun trigger needs an actor and none was found")
            return None
        if t.type == "SUPPORT" and not recipients:
            self._note(cand, "support for no one named is an opinion with no target (codebook), not an event")
            return None
        rules += [f"actor: {how_a}", f"recipient: {how_r}"]
        if not _has_country(actors) and not _has_country(recipients):
            self._note(cand, f"no participant with a country (actor: {how_a}; recipient: {how_r})")
            return None
        source, certainty = self._source(t, actors, attribution, speaker)
        rules.append(f"source: {attribution.rule}")
        s = self.doc.sentences[c.sentence]
        tokens = self.doc.tokens
        return Event(
            doc_id=self.doc.id, sentence=c.sentence, sentence_span=(s.start, s.end),
            span=(tokens[cand.first].start, tokens[cand.end - 1].end),
            trigger=self.doc.text[tokens[cand.first].start:tokens[cand.end - 1].end],
            text=self.doc.text[s.start:s.end], event_type=t.type, mode=t.mode,
            actors=actors, recipients=recipients, location=self._location(t, c, p, recipients),
            date=self._date(c, cand), quantities=self._quantities(t, c),
            objects=self._objects(t, c, p, actors + recipients), source=source, certainty=certainty,
            hypothetical=self._hypothetical(t, p, c, attribution),
            negated=p.kind == "verb" and p.negated and t.negated is None,
            quote=self._quote(c), context=t.context, rules=tuple(rules))

    def _participants(self, cand: Candidate, speaker: Mention | None):
        """Actors and recipients by the trigger's frame, then by the fallbacks, each with its rule."""
        t, p, c = cand.trigger, cand.phrase, cand.clause
        passive = p.kind == "verb" and p.voice == "passive"
        actor_rules, recipient_rules = (t.passive_actor, t.passive_recipient) if passive else (t.actor, t.recipient)
        verb = self.st.verb_of(c) if p.kind != "verb" and "subj" in t.actor else None
        if verb is not None and verb.voice == "passive" and verb.first < p.first:
            # "demonstranci zostali objęci amnestią": the subject of a passive undergoes the noun's event
            actor_rules = tuple(r for r in t.actor if r != "subj") + ("przez+acc",)
            recipient_rules = ("subj",) + tuple(r for r in t.recipient if r != "subj")
        actors, how_a = self._role(actor_rules, c, p, speaker, ())
        recipients, how_r = self._role(recipient_rules, c, p, speaker, actors, as_target=True)
        if not actors and t.speech and speaker is not None and t.pos != "noun":
            actors, how_a = (speaker,), "speaker (speech act in a reported clause)"
        if not actors and t.pos == "noun" and "subj" not in t.actor and p.kind == "np":
            carrier = self._carrier(c, p)  # the noun is what a verb of announcing or planning has for object
            if carrier is not None:
                actors, how_a = (carrier,), "the subject of the verb that announces or prepares it " \
                                            "('ogłosił sankcje', 'przygotowuje pakiet sankcji')"
        if not actors:
            actors, how_a, recipients, how_r = self._first_person(cand, actors, how_a, recipients, how_r)

        if not recipients and t.speech and t.recipient != ("none",) and _has_country(actors):
            addressee = self._addressee(cand, actors)
            if addressee is not None:  # "Szanowny narodzie Litwy, jestem wdzięczny": said to Lithuania
                recipients, how_r = (addressee,), "the one the speech is addressed to"
        if not actors and t.pos == "noun" and t.type in RECIPROCAL and speaker is not None and recipients \
                and _has_country((speaker,)) and not _countries_of(recipients) & _countries_of((speaker,)):
            # "– Współpraca z USA ma kluczowe znaczenie – powiedział prezydent Polski": the speaker's side
            actors, how_a = (speaker,), "the speaker, of cooperation or talks with another he speaks of"
        if not recipients and t.speech and t.recipient != ("none",) and len(actors) == 1 \
                and p.kind == "verb" and "pri" in p.person:
            partner = self._partner(c, actors[0])
            if partner is not None:  # "rozmawiał z Bidenem … – Dziękuję za wsparcie": said to him
                recipients, how_r = (partner,), "the one the speaker was talking with"
        if not recipients and len(_countries_of(actors)) > 1 and self._reciprocal(cand):
            recipients, how_r = actors, "reciprocal: the actors are each other's recipients"
        if not recipients and t.recipient != ("none",) and _has_country(actors) and not t.needs_recipient:
            found = self._nearest_other(cand, actors + ((speaker,) if speaker else ()))
            if found is not None:
                recipients, how_r = (found,), "fallback: the first other actor after the trigger in its sentence"
        return self._placed_participants(cand, actors, how_a, recipients, how_r)

    def _addressee(self, cand: Candidate, actors) -> Mention | None:
        """Whom a speaker's own speech act ("dziękuję", "apeluję", "jestem wdzięczny") is said to:
        the vocative of its sentence or the party addressed just before (kronika.addressees)."""
        verb = cand.phrase if cand.phrase.kind == "verb" else self.st.verb_of(cand.clause)
        spoken = self.st.addressees
        if spoken is None or verb is None or not {"pri", "sec"} & verb.person \
                or not spoken.in_speech(cand.clause.sentence, cand.first):
            return None
        m = spoken.of_sentence(cand.clause.sentence)
        return m if m is not None and m.start not in {a.start for a in actors} else None

    def _first_person(self, cand: Candidate, actors, how_a, recipients, how_r):
        """"dostarczyliśmy", "niesiemy pomoc": the one speaking acts; with "my" after talks with
        someone ("rozmawialiśmy"), the two of them, each the other's recipient."""
        t, p, c = cand.trigger, cand.phrase, cand.clause
        verb = p if p.kind == "verb" else self.st.verb_of(c) if "subj" in t.actor else None
        if verb is None or not {"pri", "sec"} & verb.person:
            return actors, how_a, recipients, how_r
        quoted = self._quoted_speaker(c)
        if quoted is None:
            return actors, how_a, recipients, how_r
        actors, how_a = (quoted,), "speaker of a first-person statement"
        partner = self._partner(c, quoted) if "pl" in verb.number and t.type in RECIPROCAL else None
        if partner is not None:
            actors, how_a = (quoted, partner), how_a + " and the partner of the talks before ('my')"
            if not recipients:
                recipients, how_r = (partner, quoted), "reciprocal: 'my' are each other's recipients"
        return actors, how_a, recipients, how_r

    def _placed_participants(self, cand: Candidate, actors, how_a, recipients, how_r):
        """Where the text names no one, the place it names stands in: a meeting "w Moskwie" is hosted
        by Russia, a killing "w Rawalpindi" hits Pakistan, protesters "w Karaczi" are Pakistan's and,
        with no one else named, protest against Pakistan's government."""
        t = cand.trigger
        has_r, has_a = _has_country(recipients), _has_country(actors)
        if t.type not in PLACE_STANDS_IN or t.needs_recipient or (has_r and (has_a or t.type != "PROTEST")):
            return actors, how_a, recipients, how_r
        place = self._location(t, cand.clause, cand.phrase, ()) or self._any_place(cand.clause)
        if place is None or not place.place.country:
            return actors, how_a, recipients, how_r
        there = replace(place, refers=(Entity(place.place.country, place.place.country, None, None, "country"),))
        if not has_r and t.recipient != ("none",) and t.type == "PROTEST":
            recipients, how_r = recipients + (there,), "a protest with no target named is against the government where it happens"
        elif not has_r and t.recipient != ("none",) and place.place.country not in _countries_of(actors):
            recipients, how_r = recipients + (there,), "the country of the place named (no one else is)"
        if not has_a and t.type == "PROTEST":
            actors, how_a = actors + (there,), "protesters of the country where it happens"
        return actors, how_a, recipients, how_r

    def _any_place(self, c: Clause) -> Mention | None:
        return next((m for m in self.st.mentions_in(c) if m.place is not None and m.place.country
                     and m.place.precision != "country"), None)

    def _reciprocal(self, cand: Candidate) -> bool:
        """"obiecały sobie pomoc", "każdy obiecał drugiej stronie": a reciprocal word after the trigger."""
        return any(self.words.has(self.doc.tokens[k], "reciprocal")
                   for k in range(cand.clause.first, cand.clause.end) if cand.clause.contains(k))

    def _nearest_other(self, cand: Candidate, actors) -> Mention | None:
        """The first mention after the trigger, in its clause and then its sentence, standing for a
        country none of the actors stands for."""
        mine = {e.country for m in actors for e in m.refers}
        inside = [cand.clause] + self._descendants(cand.clause)
        reach = None
        if cand.phrase.kind != "verb":  # a noun reaches only the phrases after it, up to the next verb
            reach = {k for i in window(self.st, cand.clause, cand.phrase)
                     for k in range(self.st.phrases[i].first, self.st.phrases[i].end)}
        tails = {k for cl in inside for i in reason_tails(self.st.clause_phrases(cl))
                 for k in range(self.st.phrases[i].first, self.st.phrases[i].end)}  # "za atak na Gruzję"
        ordered = sorted((m for m in self.doc.mentions if m.first_token >= cand.end
                          and any(c.contains(m.first_token) for c in inside)
                          and (reach is None or m.first_token in reach) and m.first_token not in tails),
                         key=lambda m: (not cand.clause.contains(m.first_token), m.first_token))
        for m in ordered:
            countries = {e.country for e in m.refers if e.country}
            if m.place is not None and m.place.country and not countries:
                continue  # a place is where, not whom
            if countries and not countries & mine:
                return m
        return None

    def _descendants(self, c: Clause) -> list[Clause]:
        out = []
        for ch in self.st.children(c):
            out += [ch] + self._descendants(ch)
        return out

    def _partner(self, c: Clause, speaker: Mention) -> Mention | None:
        """Who "we" are besides the speaker: the last person of another country named before, in
        the three sentences before or further back in the same paragraph ("rozmawiał z prezydentem
        USA … – Rozmawialiśmy o … Zgodziliśmy się też …")."""
        mine = {e.country for e in speaker.refers}
        here = self.doc.tokens[c.first].start
        for m in reversed(self.doc.mentions):
            if m.sentence > c.sentence or m.sentence < c.sentence - 3 and "\n" in self.doc.text[m.start:here]:
                continue
            if m.kind == "person" and _has_country((m,)) and not {e.country for e in m.refers} & mine:
                return m
        return None

    def _role(self, rule_list, c, p, speaker, exclude_mentions, as_target=False):
        taken = {m.start for m in exclude_mentions}
        for rule in rule_list:
            got = fill(self.st, rule, c, p, speaker)
            if got:
                ms = tuple(m for m in entities(got.mentions, as_target) if m.start not in taken)
                if ms:
                    return ms, got.rule
        return (), "none found"

    def _subject_actor(self, c: Clause) -> Mention | None:
        """The clause's subject when it names an actor with a country."""
        subj, _ = self.st.subject(c)
        m = self.st.mention_of(subj[0]) if subj else None
        return m if m is not None and _has_country((m,)) else None

    def _announcer(self, c: Clause) -> Mention | None:
        """The subject of a reporting verb whose object is the noun event ("ogłosiła objęcie")."""
        verb = self.st.verb_of(c)
        return self._subject_actor(c) if verb is not None and self.attr.att.is_reporting(verb.lemma) else None

    def _carrier(self, c: Clause, p: Phrase) -> Mention | None:
        """The subject of a verb of announcing, planning or preparing ("ogłosiła", "rozważa",
        "przygotowuje") whose object is the noun event, or holds it in a chain of genitives
        ("szkic pakietu sankcji")."""
        verb = self.st.verb_of(c)
        if verb is None or verb.mood != "indicative" or p.first < verb.first or not self._carries(verb.lemma):
            return None
        q, seen = p, 0
        while q.attached is not None and seen < 3:
            q, seen = self.st.phrases[q.attached], seen + 1
        if q.kind != "np" or q.attached is not None or not {"acc", "gen"} & q.case or not c.contains(q.first) \
                or (q is p and "acc" not in p.case):
            return None
        return self._subject_actor(c)

    def _carries(self, lemma: str | None) -> bool:
        return self.attr.att.is_reporting(lemma) or self.words.verb_class.get(lemma) in ("modal", "carrier")

    def _quoted_speaker(self, c: Clause) -> Mention | None:
        """Who says "dostarczyliśmy": the subject of a reporting verb in this sentence, the next or
        the previous one ("– … – powiedziała Baerbock"), else the last person named just before."""
        for n in (c.sentence, c.sentence + 1, c.sentence - 1):
            for cl in self.st.by_sentence.get(n, []):
                m = self._announcer(cl)
                if m is not None:
                    return m
        for m in reversed(self.doc.mentions):
            if c.sentence - 2 <= m.sentence <= c.sentence and m.kind == "person" and _has_country((m,)) \
                    and m.first_token < c.first:
                return m
        return None

    def _source(self, t: Trigger, actors, attribution: Attribution, speaker):
        """Speech acts are their own event (no source); an actor announcing its own act is stated."""
        if t.certainty:
            return attribution.source, t.certainty
        own = speaker is not None and _same_side(speaker, actors) and attribution.certainty != "denied"
        if own and t.speech:
            return None, "stated"
        if own:
            return speaker, "stated"
        return attribution.source, attribution.certainty

    def _hypothetical(self, t: Trigger, p: Phrase, c: Clause, attribution: Attribution) -> bool:
        if t.hypothetical or attribution.hypothetical:
            return True
        verb = p if p.kind == "verb" else self.st.verb_of(c)  # a noun event takes its clause's modality
        if verb is not None and verb.kind == "verb":
            modals = set(verb.modals) | ({self.modal_of[verb.index]} if verb.index in self.modal_of else set())
            if modals & self.words.hypothetical_modal:
                return True
            if p.kind != "verb" and verb.lemma in self.words.hypothetical_modal and self._carrier(c, p):
                return True  # "rozważa embargo", "zapowiedział sankcje": not imposed yet
            if verb.mood == "conditional" or (verb.tense == "future" and not t.speech):
                return True
        return c.kind == "condition"

    def _clause_tokens(self, c: Clause) -> range:
        return range(c.first, c.end)

    def _in_clause(self, c: Clause, char: int) -> bool:
        k = bisect.bisect_right(self.starts, char) - 1
        return c.contains(k)

    def _date(self, c: Clause, cand: Candidate, inherit: bool = True):
        """The time expression of the trigger's clause, else of the clauses it depends on; a speech
        act said in a reporting clause beside it ("… – powiedział w czwartek") is dated by that."""
        clause: Clause | None = c
        while clause is not None:
            times = [x for x in self.doc.times if self._in_clause(clause, x.start)]
            if times:
                anchor = self.doc.tokens[cand.first].start
                return min(times, key=lambda x: abs(x.start - anchor))
            clause = self.st.parent(clause) if inherit else None
        said_in = self.attr.of(c).said_in if inherit and cand.trigger is not None and cand.trigger.speech else None
        return self._statement_date(self.doc.clauses[said_in]) if said_in is not None else None

    def _statement_date(self, rc: Clause, depth: int = 0):
        """When a reporting clause says it was said; one whose speaker is carried over from the
        sentence before ("– oświadczyła w czwartek X. Podkreśliła, że …") was said then too."""
        times = [x for x in self.doc.times if self._in_clause(rc, x.start)]
        if times or depth > 1:
            return times[0] if times else None
        if not self.st.subject(rc)[1].startswith("pro-drop"):
            return None
        for n in (rc.sentence, rc.sentence - 1):
            for x in reversed(self.st.by_sentence.get(n, [])):
                verb = self.st.verb_of(x)
                if x.first < rc.first and verb is not None and self.attr.att.is_reporting(verb.lemma):
                    return self._statement_date(x, depth + 1)
        return None

    def _location(self, t: Trigger, c: Clause, p: Phrase, recipients=()) -> Mention | None:
        """The place by the trigger's location rules; else a target that is a place, not a country
        ("została zajęta" with the subject "część regionu Kurska")."""
        for rule in t.location:
            got = fill(self.st, rule, c, p)
            if got:
                places = [m for m in got.mentions if m.place is not None]
                places += [x for m in got.mentions for x in self._places_in(m)]  # "parlamentem w Tbilisi"
                if places:
                    return places[0]
        return next((m for m in recipients if m.kind == "location" and m.place is not None), None)

    def _places_in(self, m: Mention) -> list[Mention]:
        """Place mentions inside a longer one."""
        return [x for k in range(m.first_token, m.end_token) for x in self.st.covering.get(k, ())
                if x.place is not None and x is not m]

    def _quantities(self, t: Trigger, c: Clause) -> tuple[Quantity, ...]:
        qs = [q for q in self.doc.quantities if self._in_clause(c, q.start)]
        unit = t.unit
        if unit in ("killed", "wounded"):
            said = {self.units.get(self.doc.tokens[k].lemma.lower()) for k in self._clause_tokens(c)}
            if {"killed", "wounded"} <= said:
                unit = "killed_or_wounded"  # "zabitych lub rannych"
        if unit:
            qs = [replace(q, unit=unit) for q in qs if q.kind == "count"]
        return tuple(qs)

    def _consume(self, cand: Candidate, ev: Event) -> None:
        """Words between a trigger and the participants after it belong to it ("wdzięczność za
        solidarność Korei"): a noun there is not an event of its own; nor is a noun a speech act
        speaks about ("wezwała do rozmów", "potępiła inwazję") or an agreement is about ("zgodziły
        się na wspólne ćwiczenia")."""
        inside = [cand.clause] + self._descendants(cand.clause)  # a partner named in another clause takes nothing
        ends = [self._with_dependents(m.end_token) for m in ev.recipients + ev.actors if m.first_token >= cand.end
                and any(cl.contains(m.first_token) for cl in inside)]
        if ends:  # with the genitives hung on them: "aresztowała przywódcę protestów" is no protest
            self.consumed.update(range(cand.end, max(ends)))
        if (cand.trigger.speech or cand.trigger.type == "AGREE") and cand.phrase.kind == "verb":
            for i in window(self.st, cand.clause, cand.phrase):
                p = self.st.phrases[i]
                self.consumed.update(range(p.first, p.end))

    def _with_dependents(self, end: int) -> int:
        """The end of the phrase ending at token end - 1 and of the genitives hung on it."""
        p = self.st.phrase_at.get(end - 1)
        if p is None:
            return end
        last = p
        for q in self.st.phrases[p.index + 1:]:
            if q.attached is None or q.attached < p.index:
                break
            last = q
        return max(end, last.end)

    def _fallback_recipient(self, ev: Event, before: list[Event]) -> Event:
        """A rejection or accusation with no target answers the last actor before it ("co … nie było
        częścią porozumienia")."""
        if ev.recipients:
            return ev
        mine = {e.country for m in ev.actors for e in m.refers if e.country}
        same = self._same_act_before(ev, mine, before)
        if same is not None:
            return replace(ev, recipients=same.recipients, rules=ev.rules + (
                "recipient: that of the same act by the same actor in the sentence before",))
        if ev.event_type in TARGETED and mine:
            only = self._only_other_country(ev, mine)
            if only is not None:
                return replace(ev, recipients=(only,), rules=ev.rules + (
                    "recipient: the only other country named in the sentence",))
        if ev.event_type not in ("REJECT", "ACCUSE"):
            return ev
        for prev in reversed(before):
            if prev.sentence < ev.sentence - 1:
                break
            other = tuple(m for m in prev.actors if not {e.country for e in m.refers} & mine)
            if other:
                return replace(ev, recipients=other, rules=ev.rules + ("recipient: the actor of the "
                                                                        "event it answers",))
        return ev

    def _only_other_country(self, ev: Event, mine: set) -> Mention | None:
        """Sanctions, attacks, coercion and threats always have a target: "Rosja nie osiąga celów, a powodem są
        zachodnie sankcje" names only one country besides the actor, and that is it."""
        if isinstance(ev.source, Mention):
            mine = mine | {e.country for e in ev.source.refers if e.country}
        for cl in self.st.by_sentence.get(ev.sentence, []):  # nor is the one telling it
            verb = self.st.verb_of(cl)
            if verb is not None and self.attr.att.is_reporting(verb.lemma):
                mine = mine | {e.country for p in self.st.subject(cl)[0] for m in [self.st.mention_of(p)] if m
                               for e in m.refers if e.country}
        found: dict[str, Mention] = {}
        row = self.st.in_sentence[ev.sentence]
        where = {k for q in row if q.kind == "pp" and "loc" in q.case
                 for k in range(q.first, q.end)}  # "w Brukseli", "na Krymie": where, not whom
        where |= {k for i in reason_tails(row) for k in range(self.st.phrases[i].first, self.st.phrases[i].end)}
        for m in self.doc.mentions:
            if m.sentence != ev.sentence or m.first_token in where \
                    or m.place is not None and m.place.precision != "country":
                continue
            for e in m.refers:
                if e.country and e.country not in mine:
                    found.setdefault(e.country, m)
        return next(iter(found.values())) if len(found) == 1 else None

    def _same_act_before(self, ev: Event, mine: set, before: list[Event]) -> Event | None:
        """"Niemcy przekazały Ukrainie haubice. Dostarczyliśmy też rakiety – dodała minister": an
        act told again by the same actor, with no recipient named, keeps the first telling's."""
        if not mine:
            return None
        for prev in reversed(before):
            if prev.sentence < ev.sentence - 2:
                break
            if prev.sentence < ev.sentence and prev.event_type == ev.event_type and prev.recipients \
                    and mine == {e.country for m in prev.actors for e in m.refers if e.country}:
                return prev
        return None

    def _objects(self, t: Trigger, c: Clause, p: Phrase, participants) -> tuple[str, ...]:
        taken = {m.start for m in participants}
        out = []
        for rule in t.object:
            for q in self.st.clause_phrases(c):
                if q.kind == "np" and q.attached is None and rule in q.case and q.first > p.first \
                        and self.doc.tokens[q.first].start not in taken:
                    out.append(self._phrase_text(q))
                    break
        return tuple(out)

    def _phrase_text(self, q: Phrase) -> str:
        end = q.end
        for r in self.st.phrases[q.index + 1:]:
            if r.attached is None or r.sentence != q.sentence:
                break
            end = r.end
        a, b = self.doc.tokens[q.first].start, self.doc.tokens[end - 1].end
        return self.doc.text[a:b]

    def _quote(self, c: Clause) -> str | None:
        a, b = self.doc.tokens[c.first].start, self.doc.tokens[c.end - 1].end
        text = self.doc.text[a:b]
        for open_, close in (("„", "”"), ('"', '"'), ("«", "»")):
            i = text.find(open_)
            j = text.find(close, i + 1)
            if i >= 0 and j > i + 1:
                return text[i + 1:j]
        return None


def _share_places(events: list[Event]) -> list[Event]:
    """Events of one sentence sharing a participant happen in one place ("żołnierze, którzy walczyli
    w regionie Kurska, ponieśli straty"): one without a place takes its sibling's."""
    out = list(events)
    for k, e in enumerate(out):
        if e.location is not None:
            continue
        mine = _countries_of(e.actors) | _countries_of(e.recipients)
        for other in out:
            if other.sentence == e.sentence and other.location is not None and other.location.kind == "location" \
                    and mine & (_countries_of(other.actors) | _countries_of(other.recipients)):
                out[k] = replace(e, location=other.location,
                                 rules=e.rules + ("location: from the event of the same sentence it shares a "
                                                  "participant with",))
                break
    return out


def _has_country(ms) -> bool:
    return any(e.country for m in ms for e in m.refers)


def _same_side(speaker: Mention, actors) -> bool:
    mine = {e.country for e in speaker.refers if e.country}
    return bool(mine) and any(e.country in mine for m in actors for e in m.refers)


def _dedupe(events: list[Event], trace: list, one_telling=lambda a, b: True) -> list[Event]:
    """A sentence repeating the same event codes it once: same type, an actor in common (or both
    without actors and with the same recipients); the repeat lends the first its new recipients."""
    out: list[Event] = []
    for e in events:
        first = next((k for k, x in enumerate(out) if _same_event(x, e) and one_telling(x, e)), None)
        if first is None:
            out.append(e)
            continue
        if not out[first].actors and e.actors:  # keep the mention that names who did it
            out[first], e = e, out[first]
        have = {m.start for m in out[first].recipients}
        extra = tuple(m for m in e.recipients if m.start not in have)
        if extra:
            out[first] = replace(out[first], recipients=out[first].recipients + extra)
        trace.append((e.sentence, f"{e.trigger!r} as {e.event_type}: repeats an event of the same sentence"))
    return out


def _mentioned_before(ev: Event, before: list[Event]) -> bool:
    """"… spotkała się z szefami dyplomacji. … powiedziała po spotkaniu, że …": a noun naming an
    event of the same type and actors coded in the two sentences before is that event again."""
    mine = _countries_of(ev.actors)
    for prev in reversed(before):
        if prev.sentence < ev.sentence - 2:
            break
        if prev.sentence < ev.sentence and prev.event_type == ev.event_type and mine <= _countries_of(prev.actors):
            return True
    return False


def _countries_of(ms) -> frozenset[str]:
    return frozenset(x.country for m in ms for x in m.refers if x.country)


def _same_event(a: Event, b: Event) -> bool:
    if a.sentence != b.sentence or a.event_type != b.event_type or a.negated != b.negated:
        return False
    aa, ba = _countries_of(a.actors), _countries_of(b.actors)
    ar, br = _countries_of(a.recipients), _countries_of(b.recipients)
    if aa and ba:
        return bool(aa & ba)
    if (aa and not ar and br and not ba) or (ba and not br and ar and not aa):
        return True  # two halves of one event: "Proszę to wytłumaczyć - zwrócił się do Stoltenberga"
    if aa or ba:  # one names no actor: it repeats the other if it adds no one ("ostrzał … zniszczył")
        return (ar <= aa | br) if not aa else (br <= aa | ar)
    return ar == br


def coder(lang):
    """Build the events stage from the trigger lexicon, reporting frames and function words."""
    lex = lang.compiled("triggers", TriggerLexicon)
    att = lang.compiled("attributor", Attributor)
    words = lang.compiled("syntax-words", Words)
    units = {r["lemma"].lower(): r["unit"] for r in lang.table("units.tsv", ("lemma", "unit"))
             if " " not in r["lemma"]}
    spoken_to = lang.compiled("addressing", addressing)

    def events(doc: Document) -> Document:
        """Code every event of the document."""
        return replace(doc, events=Coder(doc, lex, att, words, units, spoken_to).run())

    events.coder = lambda doc: Coder(doc, lex, att, words, units, spoken_to)
    return events
