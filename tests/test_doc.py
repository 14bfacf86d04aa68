"""The document model (kronika/doc.py)."""
from __future__ import annotations

import dataclasses

from kronika.doc import Interp, Token


def test_with_interps_keeps_every_other_field():
    # Token.with_interps calls the constructor positionally, so a field added to Token but
    # not to with_interps would silently fall back to its default. Every field gets a
    # distinct sentinel here, so whatever the fields are, each must come through unchanged.
    sentinels = {f.name: object() for f in dataclasses.fields(Token)}
    token = Token(**sentinels)
    new = (Interp("dom", "subst:sg:nom:m3"),)
    rebuilt = token.with_interps(new)
    assert type(rebuilt) is Token
    assert rebuilt.interps is new
    for f in dataclasses.fields(Token):
        if f.name != "interps":
            assert getattr(rebuilt, f.name) is sentinels[f.name], f.name


def test_with_interps_is_replace():
    token = Token(3, 10, 14, "domu", "word", 2, (Interp("dom", "subst:sg:gen:m3"),))
    new = (Interp("dom", "subst:sg:loc:m3"), Interp("dom", "subst:sg:voc:m3"))
    assert token.with_interps(new) == dataclasses.replace(token, interps=new)
    assert token.interps == (Interp("dom", "subst:sg:gen:m3"),)  # the original is untouched
