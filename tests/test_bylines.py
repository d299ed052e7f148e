"""Bylines: metadata lines ("By Jane Doe", "Published: …") and the author names in them."""
import pytest

from cleaning.bylines import authors_from_bylines, is_byline


@pytest.mark.parametrize("line", [
    "By Jane Doe",
    "By Jane Doe, Staff Writer",
    "BY JANE DOE | Reuters",
    "  by Jane Doe  ",
    "Par Claire Lemoine",
    "Par Claire Lemoine et Paul Martin, envoyés spéciaux",
    "Von Hans Müller",
    "Von Hans Müller und Eva Schmidt",
    "Por María García",
    "Por María García y José López",
    "Published: March 3, 2023",
    "Published March 3, 2023 at 10:00 am",
    "Updated: 2023-03-04 10:00",
    "Last updated 4 March 2023",
    "Posted by admin",
    "Publié le 3 mars 2023",
    "Mis à jour le 4 mars 2023 à 10h",
    "Veröffentlicht am 3. März 2023",
    "Aktualisiert am 4. März 2023",
    "Publicado el 3 de marzo de 2023",
    "Actualizado: 4 de marzo de 2023",
])
def test_bylines_in_each_language(line):
    assert is_byline(line)


@pytest.mark.parametrize("line", [
    "Jane Doe",
    "Bypass surgery is now common in the region.",
    "Byron Smith said the vote was fair.",
    "Parliament voted on Tuesday.",
    "Pordenone is a town in Italy.",
    "Vonnegut wrote the novel in 1969.",
    "Publishers said sales had fallen.",
    "The report was written by Jane Doe.",
    "By",
    "",
    # A long paragraph that happens to start with "By": prose, not a byline.
    "By the time the council met on Tuesday evening, most of the residents who had come to "
    "protest against the plan had already gone home.",
])
def test_non_bylines(line):
    assert not is_byline(line)


@pytest.mark.parametrize("line", [
    "By 2030, the city will have a million residents.",
    "Por eso, el gobierno decidió actuar.",
    "Par ailleurs, le ministre a démissionné.",
])
def test_short_sentences_starting_with_by_par_por_are_not_bylines(line):
    # A byline names a person or states a date; a short sentence of the article is no byline
    # (at the edges of the body, bylines are stripped: these sentences would be lost).
    assert not is_byline(line)


def test_byline_length_limit():
    # Names are two to five capitalized words; a longer "By …" line is a sentence.
    assert is_byline("By Anna Maria de la Cruz")
    assert not is_byline("By " + " ".join(["Name"] * 6))
    assert is_byline("Published: " + "x " * 5 + "March 3, 2023")
    assert not is_byline("Published: " + "word " * 11 + "March 3, 2023")  # 15 words


@pytest.mark.parametrize("lines, expected", [
    (["By Jane Doe"], ["Jane Doe"]),
    (["By Jane Doe, Staff Writer"], ["Jane Doe"]),
    (["BY JANE DOE | Reuters"], ["JANE DOE"]),
    (["By Jane Doe and John Smith"], ["Jane Doe", "John Smith"]),
    (["By Jane Doe & John Smith"], ["Jane Doe", "John Smith"]),
    (["By Jane Doe; John Smith"], ["Jane Doe", "John Smith"]),
    (["By Jane O'Brien-Smith"], ["Jane O'Brien-Smith"]),
    (["By J. R. R. Tolkien"], ["J. R. R. Tolkien"]),
    (["By Anne-Marie Dupont (AFP)"], ["Anne-Marie Dupont"]),
    (["By Jane Doe — March 3, 2023"], ["Jane Doe"]),
    (["Par Claire Lemoine et Paul Martin"], ["Claire Lemoine", "Paul Martin"]),
    (["Par Claire Lemoine, à Lyon"], ["Claire Lemoine"]),
    (["Von Hans Müller und Eva Schmidt"], ["Hans Müller", "Eva Schmidt"]),
    (["Von Hans Müller, München"], ["Hans Müller"]),
    (["Por María García y José López"], ["María García", "José López"]),
    (["Por José Luis Rodríguez Zapatero"], ["José Luis Rodríguez Zapatero"]),
    (["Door Jan de Vries"], ["Jan de Vries"]),
    (["Di Mario Rossi"], ["Mario Rossi"]),
])
def test_authors_from_bylines(lines, expected):
    assert authors_from_bylines(lines) == expected


@pytest.mark.parametrize("line", [
    "By Staff",  # one word: no personal name
    "By Reuters",
    "Par AFP",
    "Von dpa",
    "Por EFE",
    "Por Redacción",
    "By 123 Main",
    "By 2030, the city will grow",
    "Published: March 3, 2023",
    "Publié le 3 mars 2023",
])
def test_non_names_are_rejected(line):
    assert authors_from_bylines([line]) == []


@pytest.mark.parametrize("line", [
    "By the Associated Press",
    "By a correspondent in Paris",
    "Par la rédaction du journal",
    "Por la redacción de deportes",
])
def test_phrases_that_are_no_personal_names_are_rejected(line):
    # The docstring: "only strings that look like personal names".
    assert authors_from_bylines([line]) == []


def test_names_come_from_the_first_byline_line():
    lines = ["Home", "Thursday, February 29, 2024", "By Jane Doe", "By John Smith"]
    assert authors_from_bylines(lines) == ["Jane Doe"]


def test_lines_without_a_byline_give_no_names():
    assert authors_from_bylines([]) == []
    assert authors_from_bylines(["Home", "The council voted on Tuesday.", "Jane Doe"]) == []


def test_too_long_by_line_is_skipped_for_the_next_one():
    long_line = "By the time the council met on Tuesday evening, most of the residents had already gone home."
    assert len(long_line.split()) > 14
    assert authors_from_bylines([long_line, "By Jane Doe"]) == ["Jane Doe"]


def test_authors_accepts_any_iterable():
    assert authors_from_bylines(line for line in ["  By Jane Doe  "]) == ["Jane Doe"]


@pytest.mark.parametrize("line, names", [
    ("Автор: Иван Петров", ["Иван Петров"]),
    ("by: Zia Xu, Dec 17, 2025", ["Zia Xu"]),
    ("Autor: Jan Kowalski", ["Jan Kowalski"]),
    ("Oleh Budi Santoso", ["Budi Santoso"]),
    ("بقلم محمد أحمد", ["محمد أحمد"]),
    ("โดย สมชาย ใจดี", ["สมชาย ใจดี"]),
])
def test_byline_names_in_other_languages_and_scripts(line, names):
    assert authors_from_bylines([line]) == names


def test_a_label_without_a_name_is_no_byline():
    assert authors_from_bylines(["Autor: unbekannt geblieben"]) == []


def test_an_english_author_label_is_content_not_a_byline():
    # Book reviews and software notes list "Author: …" as data of the thing reviewed.
    assert not is_byline("Author: Helen Marsh")
