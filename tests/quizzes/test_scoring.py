"""Marking: every score stays within [0, 1] per question, multi-select gets
full marks only for the exact set, fill-in ignores width, case and spaces."""

from hypothesis import given
from hypothesis import strategies as st

from quizzes.choices import QuestionKind
from quizzes.scoring import normalise, percent, score_answer, score_choices, score_fill_in

ids = st.frozensets(st.integers(min_value=1, max_value=8), max_size=8)
kinds = st.sampled_from(list(QuestionKind.values))


@given(kind=kinds, correct=ids, chosen=ids, partial=st.booleans(), text=st.text(max_size=20))
def test_a_score_is_between_nothing_and_full_marks(kind, correct, chosen, partial, text):
    points = score_answer(kind, correct, ["答案"], chosen, text, partial)
    assert 0.0 <= points <= 1.0


@given(correct=ids.filter(bool), chosen=ids, partial=st.booleans())
def test_multiple_choice_full_marks_only_for_the_exact_set(correct, chosen, partial):
    points = score_choices(QuestionKind.MULTIPLE, correct, chosen, partial)
    assert (points == 1.0) == (chosen == correct)
    if not partial and chosen != correct:
        assert points == 0.0


@given(correct=st.integers(1, 4), chosen=st.integers(1, 4))
def test_single_choice_is_one_or_nothing(correct, chosen):
    assert score_choices(QuestionKind.SINGLE, {correct}, {chosen}) == (1.0 if correct == chosen else 0.0)
    # Two picks for a single-choice question never score.
    assert score_choices(QuestionKind.SINGLE, {correct}, {correct, correct + 1}) == 0.0


def test_partial_credit_counts_right_picks_less_wrong_ones():
    assert score_choices(QuestionKind.MULTIPLE, {1, 2, 3}, {1, 2}, partial=True) == 2 / 3
    assert score_choices(QuestionKind.MULTIPLE, {1, 2, 3}, {1, 2, 4}, partial=True) == 1 / 3
    assert score_choices(QuestionKind.MULTIPLE, {1, 2}, {3, 4}, partial=True) == 0.0
    assert score_choices(QuestionKind.MULTIPLE, {1, 2, 3}, {1, 2}, partial=False) == 0.0


@given(st.text(alphabet="ABCabc0123 　", max_size=10))
def test_full_width_and_half_width_read_alike(text):
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    assert normalise(full) == normalise(text) == normalise(text.upper()).lower()


def test_fill_in_matches_after_normalising():
    accepted = ["6月26日", "六月二十六日"]
    assert score_fill_in(accepted, "６月２６日") == 1.0
    assert score_fill_in(accepted, " 6 月 26 日 ") == 1.0
    assert score_fill_in(["Lin Zexu"], "lin  ZEXU") == 1.0
    assert score_fill_in(accepted, "6月3日") == 0.0
    assert score_fill_in(accepted, "   ") == 0.0


def test_percent_out_of_a_hundred():
    assert percent(17, 20) == 85.0
    assert percent(0, 0) == 0.0
