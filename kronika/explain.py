"""Explain one sentence: its clauses and phrases, the mentions found, which triggers fired and
which rule filled each role, and why other candidates were not coded."""
from __future__ import annotations

from kronika.doc import Document


def _phrase_line(doc: Document, p) -> str:
    words = " ".join(t.text for t in doc.tokens[p.first:p.end])
    if p.kind == "verb":
        extra = f"verb {p.lemma} ({p.voice}, {p.tense or '-'}, {p.mood}{', negated' if p.negated else ''}" \
                f"{', modal ' + '+'.join(p.modals) if p.modals else ''})"
    elif p.kind in ("np", "pp"):
        extra = f"{p.kind}{' ' + p.prep if p.prep else ''} [{','.join(sorted(p.case)) or '?'}]" \
                f"{' -> ' + str(p.attached) if p.attached is not None else ''}"
    else:
        extra = p.kind
    return f"    {p.index:>4} {words:<40} {extra}"


def explain(doc: Document, coder, sentence: int) -> list[str]:
    """Lines describing how sentence ``sentence`` of ``doc`` (coded up to coreference) was coded."""
    if not 0 <= sentence < len(doc.sentences):
        raise ValueError(f"document {doc.id!r} has {len(doc.sentences)} sentences (0..{len(doc.sentences) - 1}); "
                         f"there is no sentence {sentence}")
    s = doc.sentences[sentence]
    run = coder(doc)
    events = [e for e in run.run() if e.sentence == sentence]
    out = [f"sentence {sentence} [{s.start}, {s.end}): {doc.text[s.start:s.end]}", "", "clauses:"]
    for c in (c for c in doc.clauses if c.sentence == sentence):
        words = " ".join(t.text for a, b in c.parts for t in doc.tokens[a:b])
        out.append(f"  {c.index} {c.kind}{' (' + c.marker + ')' if c.marker else ''}"
                   f"{' in ' + str(c.parent) if c.parent is not None else ''}: {words}")
        out += [_phrase_line(doc, doc.phrases[i]) for i in c.phrases if doc.phrases[i].kind != "punct"]
    out += ["", "mentions:"]
    for m in (m for m in doc.mentions if m.sentence == sentence):
        who = "; ".join(f"{e.name} ({e.country or '?'} {e.sector or '-'})" for e in m.refers) or \
            (m.place.name if m.place else "?")
        out.append(f"  {m.text!r} -> {who}   [{m.rule}]")
    out += ["", "events:"]
    for e in events:
        out.append(f"  {e.event_type}/{e.mode or '-'} {e.trigger!r} certainty={e.certainty}"
                   f"{' hypothetical' if e.hypothetical else ''}{' negated' if e.negated else ''}")
        out += [f"      {r}" for r in e.rules]
    if not events:
        out.append("  (none)")
    rejected = [why for n, why in run.trace if n == sentence]
    out += ["", "not coded:"] + [f"  {why}" for why in rejected] if rejected else []
    return out
