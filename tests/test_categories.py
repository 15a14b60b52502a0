import dataclasses
import json

import pytest

import trustclassify as tc

EXPECTED_IDS = [
    "affairs", "financial_mistakes", "control_or_intimidation", "physical_violence",
    "emotional_manipulation", "lack_of_emotional_safety", "condescending_comments",
    "took_emotions_out", "poor_repair", "broken_promises", "prior_trust_issues",
    "insensitive_to_past", "silent_about_repair_needs", "silent_when_wrong",
]


def test_fourteen_ids_in_the_articles_order():
    assert [c.id for c in tc.categories()] == EXPECTED_IDS
    assert list(tc.CATEGORY_IDS) == EXPECTED_IDS


def test_every_quoted_piece_is_verbatim_from_the_article_copy(data_dir):
    article = (data_dir / "how-trust-issues-develop.txt").read_text(encoding="utf-8")
    for c in tc.categories():
        assert c.title in article, c.id
        assert c.explanation in article, c.id
        assert c.context in article, c.id
        bullet = f"{c.title}: {c.explanation}" if c.explanation else f"• {c.title}\n"
        assert bullet in article


def test_the_article_copy_is_the_shared_original(data_dir):
    shared = data_dir.parent.parent / "shared" / "article" / "how-trust-issues-develop.txt"
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert (data_dir / "how-trust-issues-develop.txt").read_bytes() == shared.read_bytes()


def test_bullets_without_explanation_say_so_and_give_the_context():
    bare = [c.id for c in tc.categories() if not c.explanation]
    assert bare == ["control_or_intimidation", "physical_violence",
                    "emotional_manipulation", "condescending_comments"]
    for c in tc.categories():
        if c.explanation:
            assert c.context == "" and c.text == c.explanation
        else:
            assert c.context.startswith("At the most basic level") and c.text == c.context


def test_safety_related_are_violence_and_control():
    assert {c.id for c in tc.categories() if c.safety_related} == {
        "physical_violence", "control_or_intimidation"}


def test_categories_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        tc.categories()[0].title = "x"


def test_data_folder_holds_the_same_categories_file(data_dir):
    shipped = json.loads((data_dir / "categories.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in shipped["categories"]] == EXPECTED_IDS


def test_unknown_category_id_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown category id 'cheating'"):
        tc.category("cheating")
