"""Phrases stage: noun phrases, prepositional phrases and verb groups, with readings narrowed by agreement."""
from __future__ import annotations

from dataclasses import replace

from kronika.doc import Document, Phrase, Token
from kronika.syntax import (ADJ_POS, FINITE_POS, NOUN_POS, NUM_POS, VERB_POS, Words, agreement,
                            categorize, forget, narrow, prefer)

NP_CATS = frozenset({"noun", "adj", "num"})
QUOTES = frozenset({'"', "„", "”", "«", "»", "'", "“"})
CASES_ALL = frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"})
NOUN_FIRST = NOUN_POS | {"ign"}  # the readings a noun, an adjective puts first
ADJ_FIRST = ADJ_POS | NUM_POS


def _np_extent(tokens: list[Token], cats: list[str], k: int, end: int) -> tuple[int, int]:
    """[k, j) covering modifiers, the head noun, and agreeing post-modifiers or a proper-name run."""
    j = k
    while j < end and cats[j] in ("adj", "num", "adv") and not (cats[j] == "adv" and j == k):
        j += 1
    if j < end and cats[j] == "noun":
        head = j
        # a modifier that cannot agree with the head starts a phrase of its own ("którego część")
        if k < head and cats[k] == "adj" and not agreement([tokens[k], tokens[head]]):
            return k, k + 1
        j += 1
        # a run of capitalised nouns that agree continues a name ("Kim Dzong Una", "Wołodymyra Zełenskiego")
        while (j < end and cats[j] == "noun" and tokens[j].is_capitalized and _name_like(tokens[head], head)
               and agreement([tokens[j - 1], tokens[j]])):
            j += 1
        # post-modifying adjectives that agree ("armii ukraińskiej", "pakt obronny"), unless they
        # open the next noun's phrase ("zabójstwa rosyjskiego szpiega": the spy is Russian)
        while j < end and cats[j] == "adj" and agreement([tokens[head], tokens[j]]) \
                and not _opens_next_noun(tokens, cats, j, end):
            j += 1
        return k, j
    while j > k + 1 and cats[j - 1] == "adv":
        j -= 1  # "która wcześniej wyszkoliła": no noun came, the adverb is not part of the phrase
    return k, max(j, k + 1)


def _opens_next_noun(tokens: list[Token], cats: list[str], j: int, end: int) -> bool:
    """Adjectives from j run into a noun they agree with: they are that noun's modifiers."""
    m = j
    while m < end and cats[m] == "adj":
        m += 1
    return m < end and cats[m] == "noun" and bool(agreement(tokens[j:m + 1]))


def _governed_run(tokens: list[Token], cats: list[str], a: int, b: int, governed: frozenset[str]) -> int:
    """A run of capitalised names after a preposition ends where its words stop agreeing in the
    case the preposition governs: "do Stoltenberga Trump" is Stoltenberg, then Trump."""
    if not governed:
        return b
    while b - a > 1 and cats[b - 1] == "noun" and tokens[b - 1].is_capitalized and \
            not any(t[1] in governed for t in agreement([tokens[j] for j in range(a, b) if cats[j] == "noun"])):
        b -= 1
    return b


def _name_like(t: Token, k: int) -> bool:
    """A name can start a run: a capital inside the sentence, or a word known only as a name
    ("Prezydent Litwy" at a sentence start is a common noun with its genitive)."""
    if k > 0:
        return t.is_capitalized
    return all(i.labels and "nazwa_pospolita" not in i.labels or i.pos == "ign" for i in t.interps)


def _unknown_name(t: Token, k: int) -> bool:
    """A capitalised word inside a sentence whose readings are all common words ("Kim" read as
    "kto") is a name Morfeusz does not know: its readings say nothing about its case."""
    return k > 0 and t.is_capitalized and not any(
        (i.labels and "nazwa_pospolita" not in i.labels) or i.lemma[:1].isupper() for i in t.interps)


def _head(tokens: list[Token], cats: list[str], a: int, b: int) -> int:
    nouns = [k for k in range(a, b) if cats[k] == "noun"]
    if nouns:
        return nouns[0]
    return b - 1


def _np(tokens: list[Token], cats: list[str], a: int, b: int, sentence: int, index: int, offset: int,
        earlier: list[Phrase], words: Words, governed: frozenset[str] | None = None,
        prep: tuple[int, str] | None = None) -> Phrase:
    """Build a noun phrase over [a, b), narrowing its tokens' readings to an agreeing set.

    The phrase is built once, final: token indices absolute (``offset`` is the sentence's first
    token), a genitive already attached to the phrase before it (``earlier``: the sentence's
    phrases so far), and with ``prep`` (its position and lemma) a prepositional phrase from there."""
    head = _head(tokens, cats, a, b)
    agreeing = [k for k in range(a, b) if cats[k] in ("adj", "noun", "num") and tokens[k].kind == "word"
                and not _unknown_name(tokens[k], k)]
    triples = agreement([tokens[k] for k in agreeing]) if len(agreeing) > 1 else agreement([tokens[head]])
    numeral = any(tokens[k].kind == "number" or cats[k] == "num" for k in range(a, head))
    if governed is not None:
        limited = {t for t in triples if t[1] in governed}
        triples = limited or triples
    if triples:
        for k in agreeing:
            tokens[k] = narrow(tokens[k], triples)
    cases = frozenset(t[1] for t in triples) if triples else frozenset()
    if numeral and "gen" in cases and governed is None:
        cases = cases | {"nom", "acc"}  # "3 000 żołnierzy" is a subject or object whatever the noun's case
    number, gender = frozenset(t[0] for t in triples), frozenset(t[2] for t in triples)
    if prep is not None:
        return Phrase(index, "pp", prep[0] + offset, b + offset, head + offset, sentence, case=cases,
                      number=number, gender=gender, prep=prep[1], lemma=tokens[head].lemma, numeral=numeral)
    return Phrase(index, "np", a + offset, b + offset, head + offset, sentence, case=cases,
                  number=number, gender=gender, attached=_genitive_of(cases, head, earlier, tokens, offset, words),
                  lemma=tokens[head].lemma, numeral=numeral)


def _verb_group(tokens: list[Token], cats: list[str], k: int, end: int, words: Words,
                sentence: int, index: int, offset: int) -> Phrase:
    """Gather a verb group from k: verbs with adverbs, ``się``, ``by`` and ``nie`` between them."""
    j, verbs = k, []
    while j < end:
        c = cats[j]
        if c == "verb" or (verbs and _is_participle(tokens[j])):
            verbs.append(j)
            j += 1
            if j < end and cats[j] in ("sie", "cond"):
                j += 1
            if not _continues(tokens, cats, verbs, j, end, words):
                break
        elif c in ("adv", "sie", "cond", "neg", "qub"):
            j += 1
        else:
            break
    negated = (k > 0 and cats[k - 1] == "neg") or any(cats[x] == "neg" for x in range(k, j))
    start = k - 1 if k > 0 and cats[k - 1] == "neg" else k
    before = start - 1  # "Rosja by zaatakowała": the conditional particle before the verb
    conditional = any(cats[x] == "cond" for x in range(k, min(j + 1, end))) or \
        (before >= 0 and words.has(tokens[before], "conditional"))
    return _describe_group(tokens, verbs or [k], start, max(j, k + 1), words, sentence, index, offset, negated,
                           conditional=conditional)


def _is_participle(t: Token) -> bool:
    return any(i.pos == "ppas" for i in t.interps)


def _aux(t: Token, words: Words) -> str | None:
    return words.verb_class.get(t.lemma)


def _continues(tokens, cats, verbs, j, end, words) -> bool:
    """Does the group go on after its last verb?  Only after an auxiliary or a modal."""
    last = tokens[verbs[-1]]
    cls = _aux(last, words)
    if cls not in ("passive", "modal") and not any(i.pos == "bedzie" for i in last.interps):
        return False
    k = j
    while k < end and cats[k] in ("adv", "sie", "neg", "qub", "cond"):
        k += 1
    if k >= end:
        return False
    nxt = tokens[k]
    if cls == "passive" and _is_participle(nxt):
        return True
    return any(i.pos in ("inf", "praet") for i in nxt.interps) and cats[k] == "verb"


def _describe_group(tokens, verbs, a, b, words, sentence, index, offset, negated, conditional) -> Phrase:
    finite = next((tokens[v] for v in verbs if any(i.pos in FINITE_POS for i in tokens[v].interps)), None)
    main = tokens[verbs[-1]]
    aux_lemmas = [tokens[v].lemma for v in verbs[:-1]]
    passive = _is_participle(main) and any(words.verb_class.get(x) == "passive" for x in aux_lemmas)
    modals = tuple(x for x in aux_lemmas if words.verb_class.get(x) == "modal")
    if passive:
        main = prefer(main, frozenset({"ppas"}))
    feats = finite.best.feats if finite and finite.best else None
    finite_pos = {i.pos for i in finite.interps} if finite else set()
    future = "bedzie" in finite_pos or (finite is not None and finite.lemma == "być" and
                                        any(i.pos == "bedzie" for i in finite.interps))
    if "praet" in finite_pos:
        tense = "future" if future else "past"
    elif "fin" in finite_pos:
        fin = next(i for i in finite.interps if i.pos == "fin")
        tense = "future" if "perf" in fin.feats.aspect else "present"
    elif "imps" in finite_pos:
        tense = "past"
    else:
        tense = "future" if future else None
    conditional = conditional or any(i.tag.endswith(":cond") for v in verbs for i in tokens[v].interps[:1])
    mood = ("conditional" if conditional else "imperative" if "impt" in finite_pos
            else "indicative" if finite else "adverbial" if main.best and main.best.pos in ("pcon", "pant")
            else "infinitive")
    return Phrase(index, "verb", a + offset, b + offset, verbs[-1] + offset, sentence,
                  number=feats.number if feats else frozenset(),
                  gender=feats.gender if feats else frozenset(),
                  person=(feats.person or frozenset({"ter"})) if feats else frozenset(),
                  lemma=main.lemma if not passive else next(
                      (i.lemma for i in main.interps if i.pos == "ppas"), main.lemma),
                  voice="passive" if passive else "impersonal" if "imps" in finite_pos else "active",
                  tense=tense, mood=mood, negated=negated, modals=modals)


def chunk_sentence(tokens: list[Token], sentence: int, words: Words, start_index: int,
                   offset: int) -> list[Phrase]:
    """Phrases of one sentence (tokens are narrowed in place as agreement decides).

    ``tokens`` are the sentence's; the phrases get document token indices (``offset`` is the
    sentence's first token), so none has to be copied to shift them."""
    cats = categorize(tokens, words)
    for k, c in enumerate(cats):
        if c == "verb":
            tokens[k] = prefer(tokens[k], VERB_POS)
        elif c == "noun":
            tokens[k] = prefer(tokens[k], NOUN_FIRST)
        elif c == "adj":
            tokens[k] = prefer(tokens[k], ADJ_FIRST)
    phrases: list[Phrase] = []
    k, end = 0, len(tokens)
    while k < end:
        idx = start_index + len(phrases)
        c = cats[k]
        q = k + 2 if k + 2 < end and tokens[k + 1].text in QUOTES else k + 1  # za „solidarność …”
        graded = c == "prep" and q + 1 < end and cats[q] == "adv" and cats[q + 1] in ("adj", "num")
        if graded:  # "z najbardziej znanych gazet": a degree adverb before the adjective
            a, b = _np_extent(tokens, cats, q + 1, end)
            graded = any(cats[j] == "noun" for j in range(a, b))
        if c == "prep" and q < end and (cats[q] in NP_CATS or graded):
            a, b = (q, b) if graded else _np_extent(tokens, cats, q, end)
            governed = frozenset(x for i in tokens[k].interps if i.pos == "prep" for x in i.feats.case)
            b = _governed_run(tokens, cats, a, b, governed)
            prep = next((i.lemma for i in tokens[k].interps if i.pos == "prep"), tokens[k].lemma)
            phrases.append(_np(tokens, cats, a, b, sentence, idx, offset, phrases, words, governed or None,
                               (k, prep.lower())))
            k = b
        elif c in NP_CATS:
            a, b = _np_extent(tokens, cats, k, end)
            phrases.append(_np(tokens, cats, a, b, sentence, idx, offset, phrases, words))
            k = b
        elif c in ("verb", "neg") and _verb_ahead(cats, k):
            vg = _verb_group(tokens, cats, k if c == "verb" else k + 1, end, words, sentence, idx, offset)
            phrases.append(vg)
            k = max(vg.end - offset, k + 1)
        else:
            phrases.append(Phrase(idx, _other_kind(c), k + offset, k + 1 + offset, k + offset, sentence,
                                  lemma=tokens[k].lemma.lower()))
            k += 1
    return phrases


def _verb_ahead(cats: list[str], k: int) -> bool:
    return cats[k] == "verb" or (k + 1 < len(cats) and cats[k + 1] == "verb")


def _other_kind(cat: str) -> str:
    return {"punct": "punct", "conj": "conj", "comp": "conj", "prep": "other", "qub": "other"}.get(cat, cat)


def _genitive_of(cases: frozenset[str], head: int, earlier: list[Phrase], tokens: list[Token],
                 offset: int, words: Words) -> int | None:
    """The phrase a noun phrase depends on: a genitive right after a noun or prepositional phrase
    depends on it.  Decided as the phrase is built: the tokens of earlier phrases are final by then
    (a phrase narrows only its own).  ``head`` indexes the sentence's ``tokens``, phrases the document's.
    A relative pronoun has no genitive of its own ("którego USA oskarżają": USA is the subject)."""
    if "gen" not in cases or not earlier:
        return None
    prev = earlier[-1]
    if prev.kind in ("np", "pp"):
        before, here = tokens[prev.head - offset], tokens[head]
        if prev.kind == "np" and words.has(before, "relative"):
            return None
        if not (_only_proper(before) and not _only_proper(here) and not here.is_capitalized):
            return prev.index
        return None
    if len(earlier) >= 2 and _joins(prev, tokens, offset) and earlier[-2].attached is not None \
            and "gen" in earlier[-2].case \
            and _only_proper(tokens[earlier[-2].head - offset]) == _only_proper(tokens[head]):
        return earlier[-2].attached  # "konsulaty Litwy, Łotwy i Estonii"; not "premier Albanii i prezydent"
    return None


def _only_proper(t: Token) -> bool:
    """A word that is only ever a name ("Pjongjangu", "Kijowie"): a lowercase genitive after it
    belongs to the verb, not to the name ("przyjął w Pjongjangu ministra obrony")."""
    if not t.interps:
        return False
    # written with a capital, a word that can be a name is one ("w Berlinie", not the carriage "berlina")
    return all(i.lemma[:1].isupper() for i in t.interps) or \
        (t.is_capitalized and any(i.lemma[:1].isupper() for i in t.interps))


def _joins(p: Phrase, tokens: list[Token], offset: int) -> bool:
    if p.kind not in ("punct", "conj"):
        return False
    return tokens[p.first - offset].text.lower() in (",", "i", "oraz", "lub", "albo")


def chunker(lang):
    """Build the phrases stage from the language's function-word and verb-class tables."""
    words = lang.compiled("syntax-words", Words)
    forget()  # the readings caches are for this pipeline's tuples

    def phrases(doc: Document) -> Document:
        """Narrow readings by agreement and chunk every sentence into phrases."""
        tokens = list(doc.tokens)
        out: list[Phrase] = []
        for s in doc.sentences:
            part = tokens[s.first_token:s.end_token]
            out.extend(chunk_sentence(part, s.index, words, len(out), s.first_token))
            tokens[s.first_token:s.end_token] = part
        return replace(doc, tokens=tuple(tokens), phrases=tuple(out))

    return phrases
