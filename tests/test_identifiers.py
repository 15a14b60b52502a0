"""The identifier guard: finds direct identifiers, leaves plain intake sentences alone."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trustclassify as tc
from trustclassify import identifiers
from trustclassify.identifiers import count_identifiers, find_identifiers, redact_identifiers


@pytest.mark.parametrize(
    "text, kind, span",
    [
        ("write to jo.smith+intake@mail.example.com today", "email",
         "jo.smith+intake@mail.example.com"),
        ("his page is www.facebook.com/jo.smith", "url", "www.facebook.com/jo.smith"),
        ("see https://example.org/profile?id=7", "url", "https://example.org/profile?id=7"),
        ("call me on 07700 900123", "phone", "07700 900123"),
        ("office (555) 123-4567", "phone", "(555) 123-4567"),
        ("cell 555-123-4567", "phone", "555-123-4567"),
        ("ring +44 20 7946 0958 after six", "phone", "+44 20 7946 0958"),
        ("US number +1 415 555 2671", "phone", "+1 415 555 2671"),
        ("landline 0161 496 0000", "phone", "0161 496 0000"),
        ("we live at 42 Elm Street, Springfield", "address", "42 Elm Street"),
        ("Springfield, IL 62704", "postcode", "IL 62704"),
        ("flat 3, London NW1 6XE", "postcode", "NW1 6XE"),
        ("DOB: 12/03/1985", "date_of_birth", "DOB: 12/03/1985"),
        ("she was born on 4 March 1979", "date_of_birth", "born on 4 March 1979"),
        ("SSN 123-45-6789", "ssn", "123-45-6789"),
        ("NI number AB 12 34 56 C", "ni_number", "AB 12 34 56 C"),
        ("NHS 943 476 5919", "nhs_number", "NHS 943 476 5919"),
    ],
)
def test_identifiers_are_found(text, kind, span):
    found = [(s.kind, s.text) for s in tc.find_identifiers(text)]
    assert (kind, span) in found
    for s in tc.find_identifiers(text):
        assert text[s.start:s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "we met in 2009 and married in 2012, 3 kids (7 and 9)",
        "he lost $14,000 on betting apps, then another £1,200",
        "he came home at 10:30pm and again at 2.15am",
        "Pt (F, 41), H 45; together 12 yrs, 2 kids",
        "between 2015-2019 he hit me maybe 5 or 6 times",
        "rent is 1450 a month and he earns 45,000 a year",
        "on 3/4/2021 he shoved me into the door",
        "three weeks on, three weeks off on the rigs",
        "scored 3-2, he threw the remote",
        "~$11k gone from the college fund",
        "Quick rundown: I'm 46, I drive a bus in Glasgow",
        "I'm 41 I drive HGVs and he works nights",
    ],
)
def test_plain_intake_sentences_are_not_flagged(text):
    assert tc.find_identifiers(text) == []


def test_redaction_replaces_each_span_with_its_kind():
    text = "email jo@example.org or call 07700 900123"
    assert redact_identifiers(text) == "email [EMAIL] or call [PHONE]"


def test_counting_is_per_text_and_kind():
    counts = count_identifiers(["jo@example.org and al@example.org", "07700 900123", "nothing"])
    assert counts == {"email": 1, "phone": 1}


def test_not_a_string():
    with pytest.raises(TypeError, match="text must be a str"):
        tc.find_identifiers(None)


@given(st.text())
def test_arbitrary_text_never_crashes_and_spans_are_exact(text):
    for s in tc.find_identifiers(text):
        assert text[s.start:s.end] == s.text


IDENTIFIER_EXAMPLES = [
    "write to jo.bloggs+x@mail.example.co.uk",
    "see www.example.com/about or https://x.io",
    "my blog is janedoe.me",
    "SSN 123-45-6789",
    "NI number AB 12 34 56 C",
    "NHS number 943 476 5919",
    "DOB: 12/03/1985",
    "born on 3rd March 1990",
    "date of birth March 3, 1990",
    "call 07700 900123 or +44 20 7946 0958 or (212) 555-0182",
    "we live at 221b Baker Street",
    "postcode SW1A 1AA",
    "NY 10001-1234",
    "GIR 0AA",
    "٠٧٧٠٠ ٩٠٠١٢٣",  # Arabic-Indic digits: Python's \d matches them too
]


def test_the_identifier_hint_misses_no_example():
    assert all(find_identifiers(t) for t in IDENTIFIER_EXAMPLES[:-1])
    hinted = identifiers._may_hold_identifiers(IDENTIFIER_EXAMPLES)
    assert hinted.all()
    assert not identifiers._may_hold_identifiers(["we argue about chores. It is sad."]).any()


_ALPHABET = st.sampled_from(
    list("0123456789 abcmnoiwhtpsAZBHST.-/@:,()+") + ["ı", "İ", "ſ", "K", "٣", "com", "www",
                                                        "http", "Street", "nhs", "dob "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=30).map("".join))
def test_the_identifier_hint_is_true_wherever_an_identifier_is_found(text):
    hinted = identifiers._may_hold_identifiers([text])[0]
    python_hinted = bool(identifiers._IDENTIFIER_HINT_PY.search(text))
    assert hinted == python_hinted
    if find_identifiers(text):
        assert hinted


def test_identifiers_by_position_matches_the_one_text_search():
    texts = ["we argue about chores", "mail jo@example.org", "",
             "call 07700 900123 or 07700 900456"]
    found = identifiers.identifiers_by_position(texts)
    assert sorted(found) == [1, 3]
    assert found == {pos: find_identifiers(texts[pos]) for pos in (1, 3)}
    assert identifiers.identifiers_by_position([]) == {}


@pytest.mark.parametrize("search", [identifiers.identifiers_by_position, count_identifiers])
def test_many_text_searches_reject_a_non_string_by_name(search):
    with pytest.raises(TypeError, match="text must be a str, got int"):
        search(["fine", 7])
