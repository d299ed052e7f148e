"""Author strings into names: "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"].

Names stay as the page writes them (case, dots, credentials: "Jillian Kubala, MS, RD").
What is no name is dropped: URLs, domains, e-mail addresses, @handles, a template's
placeholder. Several names are split only on clear separators, in many languages.
"""
from __future__ import annotations

import html
import re

PUNCTUATION = " ,;|·•:-–—\"'“”«»„"
# "By", "Von", "Autor:", "Text:", "记者": words that introduce the name, in the languages we meet.
ROLE_PREFIX = re.compile(
    # "This post was written by", "View all posts by", "More about": a lead-in of a few words.
    r"^(?:(?:[^\W\d]+\s+){0,4}(?:by|par|por|door|about)|"
    r"von|av|af|przez|от|"
    r"authors?|autor(?:in|es|a)?|auteure?s?|autore|автор(?:ы)?|tekst|texte?o?|текст|"
    r"reporter(?:in)?|redakteur(?:in)?|journalist(?:in|e)?)"
    r"(?:\s*[:：]\s*|\s+)(?=\S)|^(?:(?:本报)?记者|作者|文)\s*[:：/]?\s*(?=\S)", re.I)
# Credits that name someone other than a writer: the text from them on names no author.
_OTHER_CREDIT = re.compile(
    r"(?:^|\s)(?:(?:medically\s+|expert\s+)?reviewed|edited|fact[- ]?checked|photos?|photographs?|"
    r"images?|illustrations?|illustrated|translated|video)\s+by\b|"
    r"(?:^|\s)(?:fotos?|photos?|bild|redigiert\s+von|übersetzt\s+von|traduit\s+par)\s*[:\s]", re.I)
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//|^www\.", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+/?$")  # "mdr.de", "Paperium.net", a template key
# Values a template writes when it has no author; "admin" is a CMS's default account, not a writer.
_PLACEHOLDERS = {"author", "authors", "the author", "name", "undefined", "null", "none", "unknown", "n/a",
                 "admin"}
# Separators of several names: ";", "&", "and" and its kin, the ideographic comma.
NAME_LIST = re.compile(r"\s*[;&、·]\s*|\s+(?:and|und|et|y|e|i|en|og|och|и|та|és|ve|dan)\s+", re.I)
# What follows a name after a comma or bar: another name, a credential, a role, an affiliation.
_DESCRIPTOR = re.compile(r"\s*[,|，،]\s*(?:and\s+)?", re.I)
_AGENCY_TAIL = re.compile(r"(?:\s*\(|\s+(?:von|by|par|por|di|de|from|via)\s+)(?P<agency>[^()]+)\)?$", re.I)
# "张三和李四": 和 joins two Han names only where each side is a whole name (和 starts names too).
_HAN_PAIR = re.compile(r"^([\u4e00-\u9fff]{2,4})和([\u4e00-\u9fff]{2,4})$")
_NAME_PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "do", "dos", "du", "la", "le",
                   "van", "von", "y", "bin", "al", "el", "ter", "ten", "zu", "af"}
# A credential after a comma ("MS", "Ph.D.", "E-RYT 200"): part of the name, not another person.
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]{0,2}\.){1,4}$|^[A-Z][A-Z-]{1,7}(?:\s+\d+)?$")
# The last word of a role after a comma: "Staff Writer", "AP Auto Writer", "Shipping Expert".
_ROLE_NOUN = re.compile(
    r"(?:writer|editor|reporter|correspondent|columnist|contributor|expert|journalist|producer|"
    r"analyst|photographer|director|officer|manager|founder|ceo|president|consultant|educator|"
    r"specialist|reviewer|redakteur(?:in)?|korrespondent(?:in)?|reporter(?:in)?|journalist(?:in)?|"
    r"autor(?:in)?|rédacteur|rédactrice|journaliste|correspondante?|corresponsal|periodista|"
    r"redactora?|giornalista|inviat[oa]|корреспондент|журналист|редактор|обозреватель|"
    r"dziennikarz|dziennikarka|redaktor|korespondent)$", re.I)
# Written in their fixed case: "Sa" or "Ab" may end a person's name.
_LEGAL_FORM = re.compile(
    r"\b(?:GmbH|AG|KG|Ltd|LTD|LLC|Inc|INC|Corp|S\.A|SA|SAS|S\.L|S\.p\.A|SpA|B\.V|BV|N\.V|NV|Oy|AB|"
    r"ООО|ОАО|АО)\.?$|(?:株式会社|有限公司)$")
# Wire services, folded: credited beside a reporter they are the source, not an author.
_NEWS_AGENCIES = {
    "ap", "associatedpress", "afp", "agencefrancepresse", "dpa", "reuters", "efe", "ansa", "pap",
    "tass", "тасс", "upi", "apa", "sda", "kna", "epd", "anp", "ani", "pti", "ians", "aap", "xinhua",
    "新华社", "kyodo", "共同通信", "yonhap", "연합뉴스", "anadolu", "europapress", "lusa", "interfax",
    "интерфакс", "риановости", "belga", "ntb", "ritzau", "ctk", "čtk", "mti", "bernama", "antara",
    "jiji", "時事通信", "bloomberg", "sid", "kap", "apaots",
}


def credited_text(value: str) -> str:
    """The part of a credit line that names the authors: "By Jane Doe. Photos by Jo Ames"
    -> "Jane Doe"."""
    value = " ".join(html.unescape(value).split())
    return ROLE_PREFIX.sub("", _OTHER_CREDIT.split(value, 1)[0]).strip(PUNCTUATION)


def split_names(value: str) -> list[str]:
    """The names in one author string, as written; [] when it names nobody.

    "Jane Doe and John Roe" is two names. After a comma, a full name is another person;
    a credential or a role stays with the name ("Jillian Kubala, MS, RD"); an agency, a
    one-word affiliation or a domain is dropped ("Jane Doe, dpa"). "Kaufman, Jeff T." is
    one name written surname first.
    """
    value = credited_text(value)
    if not value or not is_name_like(value):
        return []
    han = _HAN_PAIR.match(value)
    if han:
        return [han[1], han[2]]
    first, *rest = _DESCRIPTOR.split(value)
    if len(rest) == 1 and len(first.split()) == 1 and looks_like_one_name(rest[0]) and _is_cased(value):
        return [value]  # "Surname, Given names"
    names = _conjoined_names(first)
    for part in rest:
        part = ROLE_PREFIX.sub("", part)  # "Max Muster, von dpa"
        if is_credential(part) or is_role(part):
            names[-1] = f"{names[-1]}, {part}"
        elif _is_affiliation(part):
            continue
        elif all(_is_full_name(name) for name in _conjoined_names(part)):
            names.extend(_conjoined_names(part))
        else:
            names[-1] = f"{names[-1]}, {part}"
    return [name for name in map(_without_agency_tail, names) if is_name_like(name)]


def _without_agency_tail(name: str) -> str:
    """"Max Muster (dpa)", "Max Muster von dpa" -> "Max Muster": the wire service is no author."""
    tail = _AGENCY_TAIL.search(name)
    if tail and tail.start() > 0 and is_agency(tail.group("agency")):
        return name[:tail.start()]
    return name


def _conjoined_names(value: str) -> list[str]:
    """["Jane Doe", "John Roe"] for "Jane Doe and John Roe"; [value] unless all are names."""
    pieces = [piece.strip() for piece in NAME_LIST.split(value) if piece.strip()]
    if len(pieces) > 1 and all(looks_like_one_name(piece) or is_agency(piece) for piece in pieces):
        return pieces
    return [value]


def _is_full_name(piece: str) -> bool:
    """A name of two words or more (or in a script without case, where one word can be one)."""
    return looks_like_one_name(piece) and (len(piece.split()) >= 2 or not _is_cased(piece))


def _is_cased(text: str) -> bool:
    """Written in a script with capital letters (Latin, Cyrillic, Greek…), unlike Han or Arabic."""
    return any(c.isupper() or c.islower() for c in text)


def is_credential(part: str) -> bool:
    """An academic or professional title after a name ("MS", "Ph.D."), not an agency ("AFP")."""
    return bool(_CREDENTIAL.match(part)) and folded(part) not in _NEWS_AGENCIES


def is_role(part: str) -> bool:
    """A job title ("Staff Writer", "Redakteurin"): its last word names a role."""
    words = part.split()
    return bool(words) and bool(_ROLE_NOUN.search(words[-1].split("-")[0]))


def _is_affiliation(part: str) -> bool:
    """An agency, a one-word outlet ("Futurism", "dpa"), or a piece naming a domain."""
    words = part.split()
    return (folded(part) in _NEWS_AGENCIES or len(words) == 1 and _is_cased(part)
            or any(_DOMAIN.match(w) for w in words) or is_company(part))


def is_agency(name: str) -> bool:
    """A wire service ("dpa", "Reuters", "Associated Press")."""
    return folded(name) in _NEWS_AGENCIES


def is_name_like(value: str) -> bool:
    """False for what is no name at all: a URL, domain, e-mail, @handle, placeholder, or a
    label with its name left out ("Written by")."""
    return not (value.casefold() in _PLACEHOLDERS or _is_label_only(value) or _URL.match(value)
                or _EMAIL.search(value) or value.startswith("@") or _DOMAIN.match(value)
                or not any(c.isalpha() for c in value))


def _is_label_only(value: str) -> bool:
    label = ROLE_PREFIX.match(f"{value} x")  # the prefix pattern wants a name after it
    return bool(label) and label.end() == len(value) + 1


def looks_like_one_name(piece: str) -> bool:
    """Up to five words, no digits, no lowercase word but name particles, no credential."""
    words = piece.split()
    if not 1 <= len(words) <= 5 or any(c.isdigit() for c in piece) or _CREDENTIAL.match(piece):
        return False
    return not words[0][0].islower() and all(not w[0].islower() or w in _NAME_PARTICLES for w in words)


def is_company(name: str) -> bool:
    """A name with a legal form ("Verlag GmbH", "Acme Inc."): the publisher, not a writer."""
    return bool(_LEGAL_FORM.search(name))


def folded(name: str) -> str:
    """The name's letters and digits, casefolded: "Sportschau.de" and "sportschau de" meet."""
    return "".join(c for c in name.casefold() if c.isalnum())


def distinct(names: list[str]) -> list[str]:
    """Whitespace-normalized names without case-insensitive repeats, in first-seen order."""
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
