"""Language identification: is a document Polish? lingua, restricted to languages a Polish archive meets.

lingua's low-accuracy mode (trigram models only) needs about 18 MB instead of
over 200 MB.  On Polish news lines it calls 12 % of those with 20-29 letters
something else (mostly headlines full of foreign names), about
1 % of those with 30-59, none longer; on a few words it is a coin toss
("Ukraina" looks French, "NATO" Italian).  So a text with fewer than
``MIN_LETTERS`` letters is undetermined (None), and an undetermined document is
kept: wrongly skipping a short Polish note loses data, wrongly keeping a short
foreign one costs little.  Only the first ``SAMPLE_CHARS`` characters are read.
"""
from __future__ import annotations

from dataclasses import dataclass

# ISO 639-1 codes: Polish and the languages a Polish news archive is likely to hold.
LANGUAGES = ("pl", "en", "de", "ru", "uk", "cs", "sk", "fr", "es", "it")
MIN_LETTERS = 30
SAMPLE_CHARS = 4000


class LanguageGuesser:
    """Guesses the language of a text; lingua's detector is built on first use, not in the constructor."""

    def __init__(self, languages: tuple[str, ...] = LANGUAGES, min_letters: int = MIN_LETTERS,
                 sample_chars: int = SAMPLE_CHARS):
        self.languages = tuple(languages)
        self.min_letters = min_letters
        self.sample_chars = sample_chars
        self._detector = None

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the text's language, or None when too short or unclear."""
        sample = text[:self.sample_chars]
        if sum(ch.isalpha() for ch in sample) < self.min_letters:
            return None
        language = self._built().detect_language_of(sample)
        return language.iso_code_639_1.name.lower() if language is not None else None

    def _built(self):
        if self._detector is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            try:
                languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                             for code in self.languages]
            except AttributeError as exc:
                raise ValueError(f"unknown ISO 639-1 language code in {self.languages}") from exc
            self._detector = (LanguageDetectorBuilder.from_languages(*languages)
                              .with_low_accuracy_mode().build())
        return self._detector


def detect(text: str, guesser: LanguageGuesser | None = None) -> str | None:
    """ISO 639-1 code of the language of ``text`` (None when too short to tell)."""
    return (guesser or LanguageGuesser()).detect(text)


@dataclass(frozen=True)
class Verdict:
    """What the check found: the detected language (None: undetermined) and whether to keep the document."""

    language: str | None
    keep: bool

    @property
    def message(self) -> str | None:
        return None if self.keep else f"language looks like {self.language}, skipped"


class LanguageCheck:
    """Keeps documents in the expected language, and those too short to tell."""

    def __init__(self, expected: str = "pl", guesser: LanguageGuesser | None = None):
        self.expected = expected
        self.guesser = guesser or LanguageGuesser()

    def __call__(self, text: str) -> Verdict:
        language = self.guesser.detect(text)
        return Verdict(language, language is None or language == self.expected)
