"""Which questions an attempt gets and in what order, drawn once from a seed.

The functions here are pure: the same seed and the same pools give the same
draw on every render and on every machine (random.Random is specified to be
reproducible for a given seed), so an attempt stores its seed and the drawn
order, and a re-render never reshuffles.
"""

import random

from quizzes.choices import QuestionKind


def draw_question_ids(seed: int, rules, fixed=None, shuffle: bool = True) -> list[int]:
    """``rules``: [(count, pool of question ids)], drawn in order without
    repeats; ``fixed``: a list that replaces the rules when given."""
    rng = random.Random(seed)
    if fixed:
        chosen = list(dict.fromkeys(fixed))
    else:
        chosen, taken = [], set()
        for count, pool in rules:
            candidates = sorted(set(pool) - taken)
            picked = rng.sample(candidates, min(count, len(candidates)))
            chosen.extend(picked)
            taken.update(picked)
    if shuffle:
        rng.shuffle(chosen)
    return chosen


def order_choices(seed: int, choices_by_question: dict, kinds: dict, shuffle: bool = True) -> dict:
    """{question id: [choice ids in the order shown]}. True/false keeps its
    order (正确 before 错误) whatever the setting: shuffling it only confuses."""
    rng = random.Random(seed ^ 0x5EED)
    order = {}
    for qid in sorted(choices_by_question):
        ids = sorted(choices_by_question[qid])
        if shuffle and kinds.get(qid) != QuestionKind.TRUE_FALSE:
            rng.shuffle(ids)
        order[str(qid)] = ids
    return order
