"""The draw: the same seed gives the same questions and order; over many
seeds every question and every position is equally likely (chi-square)."""

import math
from collections import Counter

from quizzes.choices import QuestionKind
from quizzes.draw import draw_question_ids, order_choices

Z_99 = 2.3263  # one-sided normal quantile for p = 0.01


def chi_square_critical(df: int) -> float:
    """The 99th percentile of chi-square (Wilson–Hilferty; within 1 % for df ≥ 3)."""
    return df * (1 - 2 / (9 * df) + Z_99 * math.sqrt(2 / (9 * df))) ** 3


def chi_square(counts, expected):
    return sum((c - expected) ** 2 / expected for c in counts)


def test_the_same_seed_draws_the_same_questions_in_the_same_order():
    rules = [(3, range(1, 20)), (2, range(15, 40))]
    first = draw_question_ids(1234, rules)
    assert first == draw_question_ids(1234, rules)
    assert len(first) == len(set(first)) == 5
    assert draw_question_ids(1235, rules) != first
    order = order_choices(1234, {7: [70, 71, 72, 73]}, {7: QuestionKind.SINGLE})
    assert order == order_choices(1234, {7: [73, 72, 71, 70]}, {7: QuestionKind.SINGLE})


def test_a_rule_with_a_small_pool_gives_what_it_has():
    assert sorted(draw_question_ids(1, [(5, [1, 2])], shuffle=False)) == [1, 2]


def test_a_fixed_list_is_kept_in_order_without_shuffle():
    assert draw_question_ids(9, [(3, range(100))], fixed=[5, 3, 8], shuffle=False) == [5, 3, 8]


def test_true_false_keeps_its_order():
    for seed in range(50):
        assert order_choices(seed, {1: [11, 10]}, {1: QuestionKind.TRUE_FALSE}) == {"1": [10, 11]}


def test_every_question_is_drawn_equally_often():
    pool, draw, seeds = list(range(100, 140)), 8, 5000
    counts = Counter(q for seed in range(seeds) for q in draw_question_ids(seed, [(draw, pool)]))
    expected = seeds * draw / len(pool)
    assert set(counts) == set(pool)
    assert chi_square([counts[q] for q in pool], expected) < chi_square_critical(len(pool) - 1)


def test_every_position_is_equally_likely_for_a_question_and_a_choice():
    seeds = 4000
    positions = Counter()
    choice_positions = Counter()
    for seed in range(seeds):
        ids = draw_question_ids(seed, [(5, range(5))])
        positions[ids.index(0)] += 1
        order = order_choices(seed, {1: [10, 11, 12, 13]}, {1: QuestionKind.SINGLE})["1"]
        choice_positions[order.index(10)] += 1
    assert chi_square([positions[i] for i in range(5)], seeds / 5) < chi_square_critical(4)
    assert chi_square([choice_positions[i] for i in range(4)], seeds / 4) < chi_square_critical(3)
