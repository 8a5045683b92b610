"""The arithmetic on votes of known structure, without the database."""
import numpy as np
import pytest

from participation.opinions.analysis import analyse

from .generated import agreement, group_votes


def matrix(votes, residents, comments):
    grid = np.full((residents, comments), np.nan)
    for (resident, comment), value in votes.items():
        grid[resident, comment] = value
    return grid


@pytest.mark.parametrize("sizes", [(12, 10), (10, 9, 8)])
def test_groups_of_opposite_voters_are_found(sizes):
    votes, truth = group_votes(sizes, comments=24, seed=len(sizes))
    result = analyse(matrix(votes, len(truth), 24), np.full(len(truth), np.nan), min_group_size=3)
    assert len(result.groups) == len(sizes)
    assert agreement(result.labels, truth) >= 0.9


def test_the_same_votes_give_the_same_map():
    votes, truth = group_votes((10, 9, 8), comments=24, seed=5)
    grid = matrix(votes, len(truth), 24)
    first = analyse(grid, np.full(len(truth), np.nan), 3)
    again = analyse(grid.copy(), np.full(len(truth), np.nan), 3)
    assert first.labels == again.labels and first.groups == again.groups


def test_a_comment_every_group_agrees_with_is_a_consensus_and_represents_no_group():
    votes, truth = group_votes((12, 10), comments=20, seed=3, agreed_by_all={7})
    result = analyse(matrix(votes, len(truth), 20), np.full(len(truth), np.nan), 3)
    assert 7 in [entry["column"] for entry in result.consensus]
    assert all(percent == 100 for percent in result.consensus[0]["agree"])
    assert 7 not in [rep["column"] for group in result.groups for rep in group["representative"]]


def test_representative_comments_are_those_a_group_votes_unlike_the_others():
    votes, truth = group_votes((12, 10), comments=20, seed=4, noise=0.0, density=0.9)
    grid = matrix(votes, len(truth), 20)
    result = analyse(grid, np.full(len(truth), np.nan), 3)
    for group in result.groups:
        members = [n for n, label in enumerate(result.labels) if label == group["label"]]
        assert group["representative"]
        for rep in group["representative"]:
            column = grid[members, rep["column"]]
            wanted = 1 if rep["direction"] == "agree" else -1
            assert np.nanmean(column == wanted) > 0.5 and rep["group_percent"] > (rep["rest_percent"] or 0)


def test_a_group_smaller_than_the_minimum_is_merged():
    votes, truth = group_votes((12, 10, 2), comments=24, seed=6, noise=0.0)
    result = analyse(matrix(votes, len(truth), 24), np.full(len(truth), np.nan), min_group_size=3)
    assert all(group["size"] >= 3 for group in result.groups)
    assert sum(group["size"] for group in result.groups) == len(truth)
    assert len(result.groups) == 2


def test_positions_on_the_item_count_as_a_column():
    """Residents who vote alike on the comments but take opposite positions are told apart by the positions."""
    residents = 16
    grid = np.full((residents, 4), np.nan)
    grid[:, 0] = 1
    positions = np.array([1.0] * 8 + [-1.0] * 8)
    result = analyse(grid, positions, 3)
    assert agreement(result.labels, [0] * 8 + [1] * 8) == 1.0
