"""Arguments: who fills which role of a trigger, read from case, prepositions and clause structure.

``Structure`` indexes one document's phrases, clauses and mentions; ``fill``
applies a trigger's role rules (``subj``, ``dat``, ``do+gen``, ``gen-dep`` …, see
triggers.py) to a clause and returns the mentions found with the rule that
found them, so ``kronika explain`` can say why.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from kronika.doc import Clause, Document, Entity, Mention, Phrase
from kronika.syntax import agreement

NOMINAL = ("np",)


@dataclass(frozen=True, slots=True)
class Filled:
    """Mentions a role rule found, and which rule."""

    mentions: tuple[Mention, ...]
    rule: str


class Structure:
    """One document's syntax and mentions, indexed for role assignment."""

    def __init__(self, doc: Document, relative_words: frozenset[str], quantifiers: frozenset[str] = frozenset(),
                 addressees=None, forces: frozenset[str] = frozenset(), emphatic: frozenset[str] = frozenset()):
        self.doc = doc
        self.emphatic = emphatic  # "sam", "sama": "(adwokat mówi, że) sam otrzymuje": no subject of its own
        self.quantifiers = quantifiers
        self.forces = forces  # nouns naming armed forces, whose owner acts through them
        self._resolving: set[int] = set()  # pronouns being resolved (a subject may be a pronoun too)
        self.phrases = doc.phrases
        self.relative_words = relative_words
        self.clause_of: dict[int, Clause] = {}
        for c in doc.clauses:
            for p in c.phrases:
                self.clause_of[p] = c
        self.by_sentence: dict[int, list[Clause]] = {}
        for c in doc.clauses:
            self.by_sentence.setdefault(c.sentence, []).append(c)
        self._subjects: dict[int, tuple[tuple[Phrase, ...], str]] = {}
        self._pronouns_open: set[int] = set()  # pronouns whose antecedent is being looked for
        self.in_sentence: dict[int, list[Phrase]] = {}
        for p in doc.phrases:
            self.in_sentence.setdefault(p.sentence, []).append(p)
        self.phrase_at: dict[int, Phrase] = {k: p for p in doc.phrases for k in range(p.first, p.end)}
        self.covering: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            for k in range(m.first_token, m.end_token):
                self.covering.setdefault(k, []).append(m)
        # whom "was", "wam", "waszą" stand for in quoted speech (kronika.addressees), built from this
        self.addressees = addressees(self) if addressees is not None else None

    # -- mentions ---------------------------------------------------------------------------------

    def _nominative(self, p: Phrase) -> bool:
        """Can the phrase be a subject?  Its readings say so, or it is a person's name written as
        in its base form, whatever common word it also spells ("Kim powiedział": not only the
        instrumental of "kto")."""
        if "nom" in p.case:
            return True
        m = self.mention_of(p)
        return m is not None and m.kind == "person" and m.first_token == p.first \
            and m.end_token == p.end and m.text.lower() == m.base.lower()
    def mention_of(self, p: Phrase) -> Mention | None:
        """The longest mention with a country-or-entity that covers the phrase's head (or starts in it)."""
        best = None
        for k in (p.head, *range(p.first, p.end)):
            for m in self.covering.get(k, ()):
                if not m.refers and m.place is None:
                    continue
                if m.rule.startswith("demonym-adj") and k != p.head and \
                        not agreement([self.doc.tokens[k], self.doc.tokens[p.head]]):
                    continue  # "z objętym amerykańskimi sankcjami senatorem": not the senator's
                if best is None or (m.end_token - m.first_token) > (best.end_token - best.first_token):
                    best = m
            if best is not None:
                return best
        head = self.doc.tokens[p.head]
        own = self.clause_of.get(p.index)
        if own is not None and own.kind == "relative" and own.antecedent is not None and p.kind == "np" \
                and self._is_relative(p) and own.antecedent != p.index:
            return self.mention_of(self.phrases[own.antecedent])  # "islamista, którego USA oskarżają"
        if head.best is not None and head.best.pos == "ppron3":
            return self._pronoun(p, lambda: self._antecedent_of(p, head))
        if self.addressees is not None and self.addressees.is_pronoun(head):
            return self._pronoun(p, lambda: self.addressees.stands_for(p))  # "Apeluję do was": the one spoken to
        if p.numeral or head.lemma.lower() in self.quantifiers:
            dep = next((q for q in self.phrases[p.index + 1:p.index + 2]
                        if q.attached == p.index or q.kind == "pp" and q.prep == "z"), None)
            return self.mention_of(dep) if dep is not None else None  # "tysiące Gruzinów", "jedna z gazet"
        return None

    def _pronoun(self, p: Phrase, resolve) -> Mention | None:
        """What a pronoun phrase stands for, by ``resolve``; None while it is being resolved
        ("ich … i ich": a pronoun does not stand for itself)."""
        if p.index in self._pronouns_open:
            return None
        self._pronouns_open.add(p.index)
        try:
            return resolve()
        finally:
            self._pronouns_open.discard(p.index)

    def possessor(self, p: Phrase) -> Mention | None:
        """Whom a possessive in the phrase stands for: "waszą solidarność" is the addressee's."""
        return self.addressees.possessor(p) if self.addressees is not None else None

    def siblings(self, p: Phrase) -> list[Phrase]:
        """Phrases coordinated with p: "Litwy, Łotwy i Estonii", "z Rosją i Chinami" (p included)."""
        own = self.clause_of.get(p.index)
        row = [q for q in self.in_sentence[p.sentence] if self.clause_of.get(q.index) is own]
        if p not in row:
            return [p]
        i = row.index(p)
        out = [p]
        for step in (1, -1):
            j = i
            while True:
                k = j + step
                while step == 1 and 0 <= k < len(row) and self._depends_on(row[k], row[j]):
                    k += 1  # "z prezydentem Francji i kanclerzem Niemiec": past the genitives
                seen_connector = False
                while 0 <= k < len(row) and self._connector(row[k]):
                    seen_connector, k = True, k + step
                if not seen_connector or not (0 <= k < len(row)) or not _compatible(p, row[k]):
                    break
                out.append(row[k])
                j = k
        return sorted(out, key=lambda x: x.index)

    def _depends_on(self, q: Phrase, host: Phrase) -> bool:
        while q.attached is not None:
            if q.attached == host.index:
                return True
            q = self.phrases[q.attached]
        return False

    def _connector(self, q: Phrase) -> bool:
        if q.kind not in ("punct", "conj", "adv", "other"):
            return False
        return self.doc.tokens[q.first].text.lower() in (",", "i", "oraz", "lub", "albo", "a", "także",
                                                          "jak", "czy", "ani")

    def _antecedent_of(self, p: Phrase, pronoun) -> Mention | None:
        """"ich", "jej", "mu", "go": the last actor named before, in this sentence or the two before,
        whose number (and gender, in the singular) the pronoun agrees with; never the subject of
        the pronoun's own clause (a pronoun object is someone else)."""
        f = pronoun.best.feats
        own = self.clause_of.get(p.index)
        subject: set[int] = set()
        if own is not None and "nom" not in p.case and p.index not in self._resolving:
            self._resolving.add(p.index)
            try:
                subj = self.subject(own)[0]
                if not any(q.index in (p.index, p.index - 1) for q in subj):  # "każdy z nich": part of it
                    subject = {k for q in subj for m in [self.mention_of(q)] if m
                               for k in range(m.first_token, m.end_token)}
            finally:
                self._resolving.discard(p.index)
        before = [m for m in self.doc.mentions if m.first_token < p.first and m.sentence >= p.sentence - 2]
        # places last ("Kanclerz Niemiec odwiedził Wilno. Prezydent Litwy podziękował mu"), then a subject
        # of this sentence or the one before over other phrases ("Polska przekazała Ukrainie czołgi.
        # Kijów podziękował jej": Poland), nearest first
        for m in sorted(before, key=lambda m: (m.rule.startswith(("place:", "lexicon:seat:")),
                                               not (m.sentence >= p.sentence - 1 and self._is_subject(m, own)),
                                               -m.first_token)):
            if m.first_token in subject or not m.refers or m.rule.startswith("demonym-adj"):
                continue
            q = self.phrase_at.get(m.first_token)
            if q is not None and f.number == frozenset({"pl"}):
                group = self._coordinated_mentions(q)  # "Armenia i Azerbejdżan …, a każdy z nich"
                if len(group) > 1:
                    return replace(group[0], refers=tuple(e for g in group for e in g.refers))
            if q is None:
                continue
            number, gender = self._agreed(q)
            if number and not number & f.number:
                continue
            if f.number == frozenset({"sg"}) and gender and not gender & f.gender:
                continue
            # the nearest agreeing one is the antecedent, even when its country is unknown
            return m if any(e.country for e in m.refers) else None
        return None

    def _named_subject(self, q: Phrase, cl: Clause) -> tuple[tuple[Phrase, ...], bool]:
        """The subject of q's clause ``cl``, and whether q is in it as a nominative named there
        (not carried over); q's own resolution is guarded against coming back to it."""
        if q.index in self._resolving:
            return (), False
        self._resolving.add(q.index)
        try:
            subj, how = self.subject(cl)
        finally:
            self._resolving.discard(q.index)
        return subj, how.startswith("nominative") and any(x.index == q.index for x in subj)

    def _agreed(self, q: Phrase) -> tuple[frozenset[str], frozenset[str]]:
        """Number and gender of a phrase, narrowed by its verb when it is the clause's subject
        ("Chiny ostrzegły": plural, though "Chiny" alone could be a singular)."""
        cl = self.clause_of.get(q.index)
        verb = self.verb_of(cl) if cl is not None else None
        if verb is None or not verb.number:
            return q.number, q.gender
        subj, named = self._named_subject(q, cl)
        if named and len(subj) == 1:
            number = q.number & verb.number or q.number
            gender = q.gender & verb.gender if verb.gender else q.gender
            return number, gender or q.gender
        return q.number, q.gender

    def _is_subject(self, m: Mention, own: Clause | None) -> bool:
        """Is the mention the nominative subject of a clause other than ``own``?"""
        q = self.phrase_at.get(m.first_token)
        cl = self.clause_of.get(q.index) if q is not None else None
        return cl is not None and cl is not own and self._named_subject(q, cl)[1]

    def _coordinated_mentions(self, q: Phrase) -> list[Mention]:
        out = []
        for x in self.siblings(q):
            m = self.mention_of(x)
            if m is not None and m not in out:
                out.append(m)
        return out

    def mentions_in(self, c: Clause) -> list[Mention]:
        return [m for m in self.doc.mentions if c.contains(m.first_token)]

    # -- clauses ---------------------------------------------------------------------------------
    def clause_phrases(self, c: Clause) -> list[Phrase]:
        return [self.phrases[i] for i in c.phrases]

    def verb_of(self, c: Clause) -> Phrase | None:
        verbs = [p for p in self.clause_phrases(c) if p.kind == "verb"]
        finite = [p for p in verbs if p.mood in ("indicative", "conditional", "imperative")]
        return (finite or verbs or [None])[0]

    def parent(self, c: Clause) -> Clause | None:
        return self.doc.clauses[c.parent] if c.parent is not None else None

    def children(self, c: Clause) -> list[Clause]:
        return [x for x in self.by_sentence.get(c.sentence, []) if x.parent == c.index]

    def main_clause(self, sentence: int) -> Clause | None:
        cs = self.by_sentence.get(sentence, [])
        return cs[0] if cs else None

    # -- subjects ---------------------------------------------------------------------------------
    def subject(self, c: Clause) -> tuple[tuple[Phrase, ...], str]:
        """The subject phrases of a clause and the rule that found them (memoised)."""
        if c.index not in self._subjects:
            self._subjects[c.index] = self._find_subject(c, depth=0)
        return self._subjects[c.index]

    def _find_subject(self, c: Clause, depth: int) -> tuple[tuple[Phrase, ...], str]:
        verb = self.verb_of(c)
        phrases = self.clause_phrases(c)
        if c.kind == "relative" and c.antecedent is not None:
            found = self._relative_subject(c, phrases)
            if found:
                return found
        noms = [p for p in phrases if p.kind == "np" and p.attached is None and self._nominative(p)
                and not self._is_relative(p) and not self._compared(p)
                and not (p.end - p.first == 1 and self.doc.tokens[p.head].lemma.lower() in self.emphatic)]
        groups = self._groups(noms)
        ok = [g for g in groups if verb is None or self._fits(g, verb)]
        if ok:
            before = [g for g in ok if verb is None or g[0].first < verb.first]
            if not before and c.kind == "coordinate" and depth < 3 and verb is not None \
                    and all("acc" in p.case for p in ok[0]):
                # "Biden zapowiedział … i wezwał Kongres do …": a phrase after the verb that can be
                # its object leaves the subject to the clause before ("i przyjechał prezydent" does not)
                shared = self._pro_drop(c, verb, depth)
                if shared[0]:
                    return shared[0], "coordinated: the subject of the clause before"
            group = before[-1] if before else ok[0]
            if not any(self.mention_of(p) for p in group):
                late = self._late_subject(phrases, verb)  # "Wojna na Ukrainie Annalena Baerbock … powiedziała"
                if late is not None:
                    return (late,), "nominative (an actor hung on another phrase, over one naming no actor)"
            return group, "nominative" if before else "nominative-after-verb"
        late = self._late_subject(phrases, verb)
        if late is not None:
            return (late,), "nominative (read as a dependent)"
        if depth < 3 and verb is not None:
            return self._pro_drop(c, verb, depth)
        return (), "none"

    def _fits(self, g: tuple[Phrase, ...], verb: Phrase) -> bool:
        """Can the group be the verb's subject?  Before the verb it agrees; after it, it agrees
        visibly, or the verb agrees with its first member ("skomentował rzecznik Kremla i były
        prezydent": a verb before a coordinated subject may agree with the nearest one)."""
        subj = self._as_subject(g)
        if g[0].first < verb.first:  # "sekretarz stanu, Mike Pompeo, wydaje się": commas alone, apposition
            return _group_agrees(subj, verb) or len(subj) > 1 and self._apposition(g) and _agrees(subj[0], verb)
        if _group_agrees(subj, verb) and _agrees_strictly(subj, verb):
            return True
        return len(subj) > 1 and _agrees_strictly(subj[:1], verb)

    def _apposition(self, g: tuple[Phrase, ...]) -> bool:
        """Phrases joined by commas only, no conjunction: one party named twice."""
        between = self.phrases[g[0].index + 1:g[-1].index]
        return not any(q.kind == "conj" for q in between)

    def _late_subject(self, phrases: list[Phrase], verb: Phrase | None) -> Phrase | None:
        """"poinformował po rozmowach Tusk", "w czwartek Biden ma rozmawiać": a named person the
        chunker hung on the phrase before it as a genitive is the subject when nothing else can be
        (one before the verb first), and so is a role phrase hung on one naming no one; a country
        or company hung on a noun is that noun's ("Budowa gazociągu Nord Stream 2 grozi …")."""
        if verb is None or verb.mood not in ("indicative", "conditional"):
            return None
        hung = [p for p in phrases if p.kind == "np" and p.attached is not None and "nom" in p.case
                and _agrees_strictly((p,), verb)]
        for p in sorted(hung, key=lambda p: (p.first > verb.first, abs(p.first - verb.first))):
            m = self.mention_of(p)
            if m is None or not m.refers:
                continue
            with_country = any(e.country for e in m.refers)
            if m.kind == "person" or with_country and self._hung_on_nothing(p, m):
                return p
        return None

    def _hung_on_nothing(self, p: Phrase, m: Mention) -> bool:
        """Is a role phrase hung on a phrase naming no one ("powiedział w piątek premier Kanady":
        a day has no prime minister)?"""
        host = self.phrases[p.attached]
        return m.rule.startswith("role:") and m.first_token == p.first and self.mention_of(host) is None

    def _relative_subject(self, c: Clause, phrases: list[Phrase]):
        rel = next((p for p in phrases if self._is_relative(p)), None)
        if rel is None:
            return None
        if "nom" in rel.case and rel.attached is None:
            member = self._partitive_member(self.phrases[c.antecedent])
            if member is not None:
                return (member,), "relative-antecedent: the one said to be of that group"
            return (self.phrases[c.antecedent],), "relative-antecedent"
        if "gen" in rel.case and "nom" not in rel.case:
            nxt = next((p for p in phrases if p.index == rel.index + 1), None)
            if nxt is not None and nxt.kind == "np" and "nom" in nxt.case and self.mention_of(nxt) is None:
                return (self.phrases[c.antecedent],), "relative-possessor"  # "którego część została zajęta"
        return None

    def _as_subject(self, group: tuple[Phrase, ...]) -> tuple[Phrase, ...]:
        """The phrases with the number and gender of their head's nominative readings only:
        "Stany" is plural as a subject, whatever the genitive "Stana" would be."""
        out = []
        for p in group:
            nom = [i.feats for i in self.doc.tokens[p.head].interps if "nom" in i.feats.case]
            number = frozenset().union(*(f.number for f in nom)) if nom else frozenset()
            gender = frozenset().union(*(f.gender for f in nom)) if nom else frozenset()
            out.append(replace(p, number=number or p.number, gender=gender or p.gender) if nom else p)
        return tuple(out)

    def _partitive_member(self, ante: Phrase) -> Phrase | None:
        """"Wielka Brytania jest jednym z wielu krajów, które nałożyły sankcje": the countries that
        did it include the subject said to be one of them, the one the text names."""
        if ante.kind != "pp" or ante.prep != "z" or self.mention_of(ante) is not None or ante.index == 0:
            return None
        one = self.phrases[ante.index - 1]
        if one.kind != "np" or not any(i.lemma == "jeden" for i in self.doc.tokens[one.head].interps):
            return None
        own = self.clause_of.get(one.index)
        verb = self.verb_of(own) if own is not None else None
        if verb is None or verb.lemma != "być":
            return None
        subj, _ = self.subject(own)
        return subj[0] if len(subj) == 1 and self.mention_of(subj[0]) is not None else None

    def _compared(self, p: Phrase) -> bool:
        """"podobnie jak deputowani w Tallinie": a phrase after comparative "jak" is not the subject."""
        k = p.first - 1
        return k >= 0 and self.doc.tokens[k].text.lower() == "jak" and not (
            k + 1 < len(self.doc.tokens) and self.doc.tokens[k + 1].text.lower() == "i")

    def _is_relative(self, p: Phrase) -> bool:
        return any(self.doc.tokens[k].lemma.lower() in self.relative_words for k in range(p.first, p.end))

    def _groups(self, noms: list[Phrase]) -> list[tuple[Phrase, ...]]:
        """Nominative phrases joined by commas and conjunctions form one (coordinated) subject."""
        groups: list[tuple[Phrase, ...]] = []
        seen: set[int] = set()
        for p in noms:
            if p.index in seen:
                continue
            group = tuple(q for q in self.siblings(p) if q.kind == "np" and self._nominative(q) and q.attached is None)
            seen.update(q.index for q in group)
            groups.append(group or (p,))
        return groups

    def _pro_drop(self, c: Clause, verb: Phrase, depth: int) -> tuple[tuple[Phrase, ...], str]:
        """No subject: borrow the one of the clause it depends on, or of the previous sentence."""
        prev = self._previous_clause(c)
        while prev is not None:
            subj, _ = self._subjects.get(prev.index) or self._find_subject(prev, depth + 1)
            if subj and _agrees_strictly(subj, verb):
                return subj, "pro-drop"
            if prev.sentence != c.sentence:
                break
            prev = self._previous_clause(prev)
        if prev is not None:  # the previous sentence: its other top-level clauses, last first
            for other in reversed(self.by_sentence.get(prev.sentence, [])):
                if other.parent is None and other.index != prev.index:
                    subj, _ = self._subjects.get(other.index) or self._find_subject(other, depth + 1)
                    if subj and _agrees_strictly(subj, verb):
                        return subj, "pro-drop (previous sentence)"
        return (), "none"

    def _previous_clause(self, c: Clause) -> Clause | None:
        if c.parent is not None:
            return self.doc.clauses[c.parent]
        same = [x for x in self.by_sentence.get(c.sentence, []) if x.index < c.index and x.parent is None]
        if same:
            return same[-1]
        return self.main_clause(c.sentence - 1) if c.sentence > 0 else None


def _group_agrees(group: tuple[Phrase, ...], verb: Phrase) -> bool:
    if len(group) == 1:
        return _agrees(group[0], verb)
    return not verb.number or "pl" in verb.number


def _compatible(p: Phrase, q: Phrase) -> bool:
    """Can q be coordinated with p?  Same kind of phrase in a shared case (a bare noun phrase
    after a prepositional one continues it: "z Litwą i Łotwą")."""
    if q.kind not in ("np", "pp") or (q.kind == "pp" and (p.kind != "pp" or q.prep != p.prep)):
        return False
    return not p.case or not q.case or bool(p.case & q.case)


def _agrees(p: Phrase, verb: Phrase) -> bool:
    """Subject-verb agreement in number and (past tense) gender; numeral subjects take singular neuter."""
    if not verb.number or not p.number:
        return True
    if p.numeral:
        return True
    if not (p.number & verb.number):
        return False
    if verb.gender and p.gender and not (p.gender & verb.gender):
        return False
    return True


def _agrees_strictly(subj: tuple[Phrase, ...], verb: Phrase) -> bool:
    """A borrowed subject must visibly agree: known number (plural for a coordinated pair) and gender."""
    if not verb.number:
        return True
    if "pri" in verb.person or "sec" in verb.person:
        return False  # "dostarczyliśmy": the speaker, not the last subject
    if len(subj) == 1 and subj[0].numeral:
        return True  # "zginęło 300 żołnierzy": a numeral subject takes a singular neuter verb
    number = frozenset({"pl"}) if len(subj) > 1 else subj[0].number
    if not number or not (number & verb.number):
        return False
    if len(subj) == 1 and verb.gender and subj[0].gender and not (subj[0].gender & verb.gender):
        return False
    return True


def entities(mentions: tuple[Mention, ...], as_target: bool = False) -> tuple[Mention, ...]:
    """Mentions usable as participants; a bare place stands for its country only as a target."""
    out = []
    for m in mentions:
        if m.refers and any(e.country or e.id for e in m.refers):
            out.append(m)
        elif as_target and m.place is not None and m.place.country:
            out.append(_place_as_country(m))
    return tuple(out)


def _place_as_country(m: Mention) -> Mention:
    return replace(m, refers=(Entity(m.place.country, m.place.country, None, None, "country"),))


CASE_RULES = frozenset({"nom", "gen", "dat", "acc", "inst", "loc"})


def window(st: Structure, c: Clause, trig: Phrase) -> frozenset[int]:
    """Phrases a trigger's case and preposition rules may use: a verb reaches its whole clause,
    a noun only the phrases after it up to the next verb or punctuation ("wizyta X w Y") or a
    phrase of reason or time ("za", "po", "przed"), and a
    dative between its verb and itself ("niesiemy Ukrainie pomoc": given to Ukraine)."""
    phrases = st.clause_phrases(c)
    if trig.kind == "verb":
        return frozenset(p.index for p in phrases) - reason_tails(phrases)
    out = set()
    before = [p for p in phrases if p.index < trig.index]
    verbs = [k for k, p in enumerate(before) if p.kind == "verb"]
    if verbs:
        out.update(p.index for p in before[verbs[-1] + 1:] if p.kind == "np" and p.attached is None
                   and "dat" in p.case)
    for p in phrases:
        if p.index <= trig.index:
            continue
        if p.kind in ("verb", "punct"):
            break
        out.add(p.index)
        if _opens_tail(p, None):
            break  # "sankcje za atak na Ukrainę", "decyzja o rozlokowaniu jednostek w Polsce": that noun's
    return frozenset(out)


def reason_tails(phrases: list[Phrase]) -> set[int]:
    """Phrases that hang on a phrase of reason, time or topic: "nałożyła sankcje na Rosję za atak na
    Ukrainę" — Ukraine is where the attack went, not a target of the sanctions; "rozmawiał o pomocy
    dla Ukrainy" — the aid is for Ukraine, the talks were not with it."""
    out, inside, prev = set(), False, None
    for p in phrases:
        if inside and p.kind in ("np", "pp"):
            out.add(p.index)
            continue
        inside, prev = _opens_tail(p, prev), p
    return out


def _opens_tail(p: Phrase, prev: Phrase | None) -> bool:
    """A phrase of reason, time or topic ("za atak", "po ataku", "o pomocy"), whose following
    phrases are its own; right after the verb, "za" is what the verb holds something for
    ("uznaje za ludobójstwo działania")."""
    if p.kind != "pp":
        return False
    if p.prep == "o":
        return "loc" in p.case  # "rozmowy o pomocy dla Ukrainy"
    return p.prep in ("po", "przed") or p.prep == "za" and not (prev is not None and prev.kind == "verb")


def fill(st: Structure, rule: str, c: Clause, trig: Phrase, speaker: Mention | None = None,
         exclude: frozenset[int] = frozenset()) -> Filled | None:
    """Apply one role rule in a clause; None when it finds nobody."""
    found: list[Mention] = []
    if rule not in ("subj", "patient", "host", "speaker", "cond", "gen-dep", "adj", "purpose-subj", "subj-owner"):
        exclude = exclude | frozenset(p.index for p in st.clause_phrases(c)) - window(st, c, trig)
    if rule in ("subj", "patient", "host"):
        phrases, how = st.subject(c)
        verb = st.verb_of(c)
        if any(p.index == trig.index for p in phrases) and verb is not None and trig.kind != "verb" \
                and any(i.pos in ("adj", "ppas") for i in st.doc.tokens[trig.head].interps):
            # "(prezydent …) został ciężko ranny": an adjectival trigger is the predicate, the subject was
            # dropped; a noun stays its own subject ("ma być potępienie zamachu")
            phrases, how = st._pro_drop(c, verb, 0)
            how = f"{how} (the trigger is the predicate)"
        found = [m for p in phrases if p.index not in exclude for m in [st.mention_of(p)] if m]
        rule = f"{rule}:{how}"
    elif rule in CASE_RULES:
        found = _bare_case(st, rule, c, trig, exclude)
    elif rule.split(":")[0] in CASE_RULES:
        found = _bare_case(st, rule.split(":")[0], c, trig, exclude, dependents=True)
    elif "+" in rule:
        found = _prepositional(st, rule, c, trig, exclude)
    elif rule == "gen-dep":
        found = _genitive_dependents(st, trig)
    elif rule == "adj":
        found = [m for k in range(trig.first, trig.end) for m in st.covering.get(k, ())
                 if m.rule.startswith("demonym-adj")]
    elif rule == "subj-owner":  # the subject, or the one hung on it: "budowa gazociągu Nord Stream 2 zagraża"
        found, rule = subject_or_owner(st, c)
    elif rule == "speaker" and speaker is not None:
        found = [speaker]
    elif rule == "cond":
        found = [m for ch in st.children(c) if ch.kind in ("condition", "time") for m in st.mentions_in(ch)]
    elif rule == "between":
        found = _between(st, c)
    elif rule == "purpose-subj":  # "chcielibyśmy, aby Niemcy wysłały": asked of the purpose clause's subject
        found = [m for ch in st.children(c) if ch.kind == "purpose" for p in st.subject(ch)[0]
                 if p.first >= ch.first for m in [st.mention_of(p)] if m]
    if rule not in ("speaker", "cond", "between") and not rule.startswith(("subj", "patient", "host")):
        found = _with_coordinated(st, found)
    found = list(dict.fromkeys(found))
    return Filled(tuple(found), rule) if found else None


def subject_or_owner(st: Structure, c: Clause) -> tuple[list[Mention], str]:
    """The subject's mentions, or when it names no one the actor hung on it as a genitive."""
    phrases, how = st.subject(c)
    found = [m for p in phrases for m in [st.mention_of(p)] if m]
    if found:
        return found, f"subj:{how}"
    for p in phrases:
        chain = [q for q in st.phrases[p.index + 1:p.index + 4] if q.sentence == p.sentence]
        owner = next((m for q in chain if q.attached is not None and q.attached >= p.index
                      for m in [st.mention_of(q)] if m), None)
        if owner is not None:
            return [owner], f"subj:{how}, the one hung on it"
    return [], f"subj:{how}"


def _with_coordinated(st: Structure, found: list[Mention]) -> list[Mention]:
    """Add the mentions coordinated with each one found ("konsulaty Litwy, Łotwy i Estonii")."""
    out = list(found)
    for m in found:
        ends = {st.phrase_at.get(m.first_token), st.phrase_at.get(m.end_token - 1)} - {None}
        for p in sorted(ends, key=lambda x: x.index):  # "z prezydentem Francji i kanclerzem": the head's
            for q in st.siblings(p):
                if q is not p:
                    extra = st.mention_of(q)
                    if extra is not None and extra not in out:
                        out.append(extra)
    return out


def _bare_case(st: Structure, case: str, c: Clause, trig: Phrase, exclude,
               dependents: bool = False) -> list[Mention]:
    """Noun phrases in a case outside any preposition (``dependents``: their genitive dependents)."""
    group, how = st.subject(c)
    subj = {p.index for p in group}
    # "Słowa polityka skomentował rzecznik": with the subject after the verb, an object may come first
    inverted = how == "nominative-after-verb"
    out = []
    for p in st.clause_phrases(c):
        if p.kind != "np" or (p.attached is not None and p.attached != trig.index) or p.index in subj \
                or p.index in exclude:
            continue
        if p.index == trig.index or not (case in p.case and (case != "acc" or p.first > trig.first
                                                              or "nom" not in p.case or inverted)):
            continue
        m = _dependent_mention(st, p) if dependents else st.mention_of(p)
        if m:
            out.append(m)
    return out[:2]


def _dependent_mention(st: Structure, p: Phrase) -> Mention | None:
    owner = st.possessor(p)
    if owner is not None:
        return owner  # "potępiam waszą agresję": yours
    before = st.phrases[p.index - 1] if p.index > 0 else None
    if before is not None and before.sentence == p.sentence and before.end == p.first and \
            st.doc.tokens[before.head].best is not None and st.doc.tokens[before.head].best.pos == "ppron3" \
            and "gen" in before.case:
        return st.mention_of(before)  # "zamroziła ich aktywa": whose
    for q in st.phrases[p.index + 1:p.index + 4]:
        if q.attached is None:
            return None
        m = st.mention_of(q)
        if m:
            return m
    return None


def _prepositional(st: Structure, rule: str, c: Clause, trig: Phrase, exclude) -> list[Mention]:
    prep, _, rest = rule.partition("+")
    case, _, inner = rest.partition(":")
    out = []
    for p in st.clause_phrases(c):
        if p.kind != "pp" or p.prep != prep or p.index in exclude or (p.case and case not in p.case):
            continue
        if inner == "gen":
            dep = next((q for q in st.phrases[p.index + 1:p.index + 3] if q.attached == p.index), None)
            m = st.mention_of(dep) if dep else st.possessor(p)  # "za waszą solidarność": yours
        else:
            m = st.mention_of(p)
            if m is None:
                dep = next((q for q in st.phrases[p.index + 1:p.index + 2] if q.attached == p.index), None)
                m = st.mention_of(dep) if dep else None
        if m:
            out.append(m)
    return out


def _genitive_dependents(st: Structure, trig: Phrase) -> list[Mention]:
    """The genitive phrase right after a noun trigger ("wizyta Szojgu", "atak Rosji"), or the one
    spoken to when a second-person possessive stands before it ("wasza pomoc")."""
    owner = st.possessor(trig)
    if owner is not None:
        return [owner]
    for q in st.phrases[trig.index + 1:trig.index + 2]:
        if q.attached == trig.index:
            m = st.mention_of(q)
            if m:
                return [m]
            # "rozlokowanie jednostek NATO", "atak żołnierzy Rosji": the owner of a force named by no one
            r = st.phrases[q.index + 1] if q.index + 1 < len(st.phrases) else None
            m = st.mention_of(r) if r is not None and r.attached == q.index else None
            if m is not None and st.doc.tokens[q.head].lemma.lower() in st.forces:
                return [m]
    inside = [m for k in range(trig.head + 1, trig.end) for m in st.covering.get(k, ())
              if not m.rule.startswith("demonym-adj")]
    return inside[:1]


def _between(st: Structure, c: Clause) -> list[Mention]:
    """"między Moskwą a Kijowem": both sides of a między-phrase."""
    phrases = st.clause_phrases(c)
    for n, p in enumerate(phrases):
        if p.kind == "pp" and p.prep == "między":
            out = [st.mention_of(p)]
            if n + 2 < len(phrases) and phrases[n + 1].kind == "conj":
                out.append(st.mention_of(phrases[n + 2]))
            return [m for m in out if m]
    return []
