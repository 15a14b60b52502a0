import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import trustclassify as tc
from trustclassify.labels import join_labels, parse_labels


@given(st.lists(st.sets(st.sampled_from(tc.CATEGORY_IDS)), max_size=20))
def test_label_lists_round_trip_through_the_indicator_matrix(label_sets):
    lists = [sorted(s, key=tc.CATEGORY_IDS.index) for s in label_sets]
    y = tc.to_indicator(lists)
    assert y.shape == (len(lists), 14)
    assert tc.from_indicator(y) == lists


@given(st.sets(st.sampled_from(tc.CATEGORY_IDS)))
def test_cells_round_trip(ids):
    assert set(parse_labels(join_labels(ids))) == ids


def test_unknown_id_names_the_id_and_row():
    with pytest.raises(ValueError, match=r"unknown label id 'cheating' in row 1"):
        tc.to_indicator([["affairs"], ["cheating"]])


def test_a_bare_string_is_not_a_label_list():
    with pytest.raises(TypeError, match="wrap it in a list"):
        tc.to_indicator(["affairs"])


def test_wrong_matrix_shape():
    with pytest.raises(ValueError, match=r"shape \(n, 14\)"):
        tc.from_indicator(np.zeros((2, 3)))
