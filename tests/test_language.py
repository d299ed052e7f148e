"""Language detection on a bounded sample, with the page's declared language as a fallback."""
import pytest

from cleaning.language import (MIN_CHARS_FOR_DETECTION, SAMPLE_CHARS, declared_language,
                               detect_language, text_sample)

TEXTS = {
    "en": (
        "The city council voted on Tuesday to expand the bus network to the northern suburbs, "
        "ending a debate that had lasted for more than two years. Supporters said the new lines "
        "would cut commuting times for thousands of workers, while opponents warned that the cost "
        "of the project had been badly underestimated by the planners and the mayor's office."
    ),
    "fr": (
        "Le conseil municipal a voté mardi l'extension du réseau de bus vers les banlieues du nord, "
        "mettant fin à un débat qui durait depuis plus de deux ans. Les partisans du projet affirment "
        "que les nouvelles lignes réduiront les temps de trajet de milliers de travailleurs, tandis "
        "que les opposants estiment que le coût a été largement sous-estimé par la mairie."
    ),
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz in die nördlichen Vororte auszubauen, "
        "und damit eine Debatte beendet, die mehr als zwei Jahre gedauert hatte. Befürworter sagten, "
        "die neuen Linien würden die Fahrzeiten für Tausende von Pendlern verkürzen, während Gegner "
        "warnten, die Kosten des Projekts seien von den Planern deutlich unterschätzt worden."
    ),
    "es": (
        "El ayuntamiento votó el martes a favor de ampliar la red de autobuses hacia los barrios del "
        "norte, poniendo fin a un debate que había durado más de dos años. Los partidarios dijeron que "
        "las nuevas líneas reducirían el tiempo de viaje de miles de trabajadores, mientras que los "
        "opositores advirtieron que el coste del proyecto había sido muy subestimado."
    ),
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_detects_each_language(language):
    assert len(TEXTS[language]) >= MIN_CHARS_FOR_DETECTION
    assert detect_language(TEXTS[language]) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_clear_text_wins_over_a_wrong_declaration(language):
    other = "en" if language != "en" else "de"
    assert detect_language(TEXTS[language], declared=other) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_detection_is_deterministic(language):
    text = TEXTS[language] + " " + TEXTS["en"][:80]  # a little mixed, to stress the randomness
    answers = {detect_language(text) for _ in range(20)}
    assert len(answers) == 1


def test_detection_is_deterministic_on_an_ambiguous_text():
    text = " ".join(["Taxi hotel radio piano pizza banana idea"] * 6)
    answers = {detect_language(text, declared="it") for _ in range(20)}
    assert len(answers) == 1


@pytest.mark.parametrize("declared", ["fr", "de", None])
def test_short_text_falls_back_to_the_declared_language(declared):
    short = "Le conseil a voté mardi."
    assert len(short) < MIN_CHARS_FOR_DETECTION
    assert detect_language(short, declared=declared) == declared


def test_empty_text_falls_back_to_the_declared_language():
    assert detect_language("", declared="es") == "es"
    assert detect_language("") is None


def test_text_without_letters_falls_back_to_the_declared_language():
    numbers = " ".join(str(n) for n in range(200))
    assert len(numbers) >= MIN_CHARS_FOR_DETECTION
    assert detect_language(numbers, declared="de") == "de"
    assert detect_language(numbers) is None


def test_detection_of_a_long_article_uses_a_sample():
    # Thousands of characters of German, an English byline block at the top and credits at the end.
    text = "By Jane Doe. Photo credits. " * 5 + (TEXTS["de"] + " ") * 20 + "Copyright Example Media. " * 5
    assert detect_language(text) == "de"


# --- declared_language ------------------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    (["en-US"], "en"),
    (["fr_FR"], "fr"),
    (["de, en"], "de"),
    (["EN"], "en"),
    (["zh-Hant-TW"], "zh"),
    (["  es-419 "], "es"),
    (["fil"], "fil"),
    (["garbage value"], None),
    (["english"], None),
    (["e"], None),
    (["12"], None),
    (["en US"], None),
    ([""], None),
    ([None], None),
    ([], None),
])
def test_declared_language_parsing(values, expected):
    assert declared_language(values) == expected


def test_declared_language_takes_the_first_well_formed_value():
    assert declared_language([None, "", "not a code", "pt-BR", "en"]) == "pt"
    assert declared_language(["it", "en"]) == "it"


def test_declared_language_accepts_a_generator():
    assert declared_language(value for value in ["xx yy", "nl-BE"]) == "nl"


# --- text_sample ------------------------------------------------------------------------------

def test_short_text_is_its_own_sample():
    assert text_sample("abc") == "abc"
    text = "x" * SAMPLE_CHARS
    assert text_sample(text) == text


@pytest.mark.parametrize("length", [SAMPLE_CHARS + 1, SAMPLE_CHARS + 2, 1000, 5001, 100_000])
def test_sample_is_bounded_and_from_the_middle(length):
    text = "".join(chr(0x10000 + i) for i in range(length))  # every character unique
    sample = text_sample(text)
    assert len(sample) == SAMPLE_CHARS
    start = text.index(sample)
    assert text[start:start + SAMPLE_CHARS] == sample
    # As much text is left out before the sample as after it (give or take one character).
    assert abs(start - (length - start - SAMPLE_CHARS)) <= 1


def test_sample_skips_the_opening_and_the_ending():
    text = "HEAD" * 500 + "m" * SAMPLE_CHARS + "TAIL" * 500
    assert text_sample(text) == "m" * SAMPLE_CHARS


def test_sample_limit_parameter():
    assert text_sample("0123456789", limit=4) == "3456"
    assert len(text_sample("x" * 50, limit=10)) == 10
