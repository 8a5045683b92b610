"""Votes of known structure: groups of residents that vote in opposite ways on a set of comments."""
import random


def group_votes(group_sizes, comments, seed=1, density=0.7, agreed_by_all=(), noise=0.05):
    """{(resident index, comment index): +1 or -1} and each resident's true group.

    Each group has its own stance (+1 or -1) on each comment, the stances of the groups opposed on
    most comments; a resident votes on a share ``density`` of the comments, with the group's stance
    flipped with probability ``noise``. Comments in ``agreed_by_all`` are voted up by everyone.
    """
    rng = random.Random(seed)
    stances = []
    for g in range(len(group_sizes)):
        if g == 0:
            stances.append([rng.choice((1, -1)) for _ in range(comments)])
        elif g == 1:
            stances.append([-s for s in stances[0]])
        else:  # a third group agrees with the first on half the comments and with the second on the rest
            stances.append([stances[0][c] if c % 2 else stances[1][c] for c in range(comments)])
            stances[-1] = [s if rng.random() < 0.5 else -s for s in stances[-1]]
    votes, truth = {}, []
    resident = 0
    for g, size in enumerate(group_sizes):
        for _ in range(size):
            for c in range(comments):
                if c in agreed_by_all:
                    votes[(resident, c)] = 1
                elif rng.random() < density:
                    stance = stances[g][c]
                    votes[(resident, c)] = stance if rng.random() >= noise else -stance
            truth.append(g)
            resident += 1
    return votes, truth


def agreement(found, truth):
    """The share of residents in the right group, under the best matching of found labels to true groups."""
    from itertools import permutations

    found_labels = sorted(set(found))
    true_labels = sorted(set(truth))
    best = 0
    for chosen in permutations(true_labels, len(found_labels)) if len(found_labels) <= len(true_labels) else []:
        mapping = dict(zip(found_labels, chosen, strict=True))
        best = max(best, sum(1 for f, t in zip(found, truth, strict=True) if mapping[f] == t))
    return best / len(truth)
