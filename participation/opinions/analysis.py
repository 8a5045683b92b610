"""The opinion map's arithmetic: participants by comments in, groups and their comments out.

No database here, only arrays, so it is tested on generated data of known
structure. numpy and scikit-learn are imported inside the functions: only the
background worker loads them, the web application's processes never do.

The method follows Polis:

- each participant is a row, each comment a column: +1 agree (voted up), -1
  disagree (voted down), unknown where they did not vote; the participant's
  position on the item (for +1, against -1, neutral 0) is one more column;
- every column is centred on the mean of the known values and the unknown
  ones are set to 0, i.e. to that mean (the imputation Polis uses), then PCA
  reduces the rows to two dimensions (on the sparse matrix, with ARPACK), and
  each row's point is scaled by sqrt(comments / comments it voted on), so that
  people who voted little are placed by the direction of their votes, not
  pulled to the centre by the votes they did not cast;
- k-means groups the points, for every k from 2 to 5, and the k with the best
  silhouette score is kept; a fixed ``random_state`` makes the result the same
  for the same votes;
- a group smaller than ``min_group_size`` is merged into the group whose
  centre is nearest to each of its members, so no group shown is that small;
- a comment is representative of a group when the group agrees (or disagrees)
  with it more than the rest of the participants, by a two-proportion z-test
  at 90% (one-sided, z > 1.2816, as Polis), and the group's own majority is
  significant at the same level; a comment is a consensus when a majority of
  every group agrees with it.
"""
from dataclasses import dataclass

Z_90 = 1.2816
MAX_GROUPS = 5
# Fewer votes than this from a group on a comment say nothing about the group.
MIN_VOTES_FOR_STATS = 3
REPRESENTATIVE_PER_GROUP = 5
CONSENSUS_SHOWN = 5
LABELS = "ABCDE"
SILHOUETTE_SAMPLE = 1500


@dataclass
class Analysis:
    labels: list  # a group letter per participant row
    coordinates: list  # (x, y) per participant row, scaled into [-1, 1]
    groups: list  # {"label", "size", "representative": [...]} largest first
    consensus: list  # {"column", "agree": [percent per group]}


def _prop_test(successes, trials):
    """Polis' z of a proportion against one half, with pseudocounts."""
    import numpy as np

    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def _two_prop_test(succ_in, succ_out, pop_in, pop_out):
    """Polis' two-proportion z-test (group against the rest), with pseudocounts."""
    import numpy as np

    succ_in, succ_out, pop_in, pop_out = succ_in + 1, succ_out + 1, pop_in + 1, pop_out + 1
    pi1, pi2 = succ_in / pop_in, succ_out / pop_out
    pi_hat = (succ_in + succ_out) / (pop_in + pop_out)
    spread = np.sqrt(pi_hat * (1 - pi_hat) * (1 / pop_in + 1 / pop_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, (pi1 - pi2) / np.where(spread > 0, spread, 1), 0.0)
    return z


def _cluster(points, min_group_size, random_state):
    """Group labels (0..k-1) of ``points``: k-means, k chosen by silhouette, small groups merged."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    distinct = len(np.unique(points.round(9), axis=0))
    best, best_score = np.zeros(len(points), dtype=int), None
    for k in range(2, min(MAX_GROUPS, distinct, len(points) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=random_state).fit_predict(points)
        if len(set(labels.tolist())) < 2:
            continue
        # On a sample beyond SILHOUETTE_SAMPLE points: the score's cost grows with the square of their number.
        score = silhouette_score(points, labels, sample_size=min(len(points), SILHOUETTE_SAMPLE),
                                 random_state=random_state)
        if best_score is None or score > best_score:
            best, best_score = labels, score
    labels = best.copy()
    while True:
        names, sizes = np.unique(labels, return_counts=True)
        if len(names) < 2 or sizes.min() >= min_group_size:
            break
        small = names[sizes.argmin()]
        others = [name for name in names if name != small]
        centres = np.array([points[labels == name].mean(axis=0) for name in others])
        members = np.flatnonzero(labels == small)
        nearest = ((points[members, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        labels[members] = np.array(others)[nearest]
    return labels


def analyse(votes, positions, min_group_size, random_state=0):
    """Group the participants (rows of ``votes``) and find what each group and all groups think.

    ``votes``: a float array participants x comments of +1, -1 and NaN (did not vote);
    ``positions``: a float array of +1, -1, 0 and NaN (took no position) per participant.
    Returns an ``Analysis``; its comment references are column numbers of ``votes``.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.decomposition import PCA

    features = np.column_stack([votes, positions])
    known = ~np.isnan(features)
    counts = known.sum(axis=0)
    means = np.divide(np.nansum(features, axis=0), counts, out=np.zeros(features.shape[1]), where=counts > 0)
    # Centred on the known values, the unknown ones are 0: the matrix is as sparse as the votes, and its
    # columns' means are 0 already, so PCA's own centring changes nothing and ARPACK works on it as it is.
    rows, columns = np.nonzero(known)
    centred = csr_matrix(((features - means)[rows, columns], (rows, columns)), shape=features.shape)
    if not np.any(centred.data):
        points = np.zeros((len(features), 2))
    else:
        points = PCA(n_components=2, svd_solver="arpack", random_state=random_state).fit_transform(centred)
        # As Polis: who voted on few comments would sit near the centre whatever they think, so each
        # point is moved out by the square root of the share of the comments its person voted on.
        voted = np.maximum(known.sum(axis=1), 1)
        points = points * np.sqrt(features.shape[1] / voted)[:, None]
    raw = _cluster(points, min_group_size, random_state)

    # Letters by size, largest first (ties: by the group's centre), the same for the same votes.
    names, sizes = np.unique(raw, return_counts=True)
    order = sorted(range(len(names)), key=lambda n: (-sizes[n], *points[raw == names[n]].mean(axis=0).round(6)))
    letter_of = {names[n]: LABELS[rank] for rank, n in enumerate(order)}
    labels = [letter_of[name] for name in raw.tolist()]
    scale = np.abs(points).max() or 1.0
    coordinates = [(float(x), float(y)) for x, y in (points / scale)]

    agree_all = (votes == 1).sum(axis=0)
    disagree_all = (votes == -1).sum(axis=0)
    groups, agree_share = [], []
    label_array = np.array(labels)
    for rank, n in enumerate(order):
        letter = LABELS[rank]
        rows = label_array == letter
        agree = (votes[rows] == 1).sum(axis=0)
        disagree = (votes[rows] == -1).sum(axis=0)
        seen = agree + disagree
        rest_agree, rest_disagree = agree_all - agree, disagree_all - disagree
        rest_seen = rest_agree + rest_disagree
        agree_share.append((agree, seen))
        candidates = []
        for direction, mine, theirs in (("agree", agree, rest_agree), ("disagree", disagree, rest_disagree)):
            p_mine = (mine + 1) / (seen + 2)
            p_rest = (theirs + 1) / (rest_seen + 2)
            z_rest = _two_prop_test(mine, theirs, seen, rest_seen)
            z_self = _prop_test(mine, seen)
            significant = (seen >= MIN_VOTES_FOR_STATS) & (z_rest > Z_90) & (z_self > Z_90) & (mine * 2 > seen)
            strength = (p_mine / p_rest) * z_rest * p_mine * z_self
            for column in np.flatnonzero(significant):
                candidates.append((float(strength[column]), int(column), direction,
                                   round(100 * mine[column] / seen[column]),
                                   round(100 * theirs[column] / rest_seen[column]) if rest_seen[column] else None,
                                   int(seen[column]), round(float(z_rest[column]), 2)))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        chosen, used = [], set()
        for _strength, column, direction, share, rest_share, seen_n, z in candidates:
            if column in used:
                continue
            used.add(column)
            chosen.append({"column": column, "direction": direction, "group_percent": share,
                           "rest_percent": rest_share, "group_votes": seen_n, "z": z})
            if len(chosen) == REPRESENTATIVE_PER_GROUP:
                break
        groups.append({"label": letter, "size": int(sizes[n]), "representative": chosen})

    consensus = []
    if agree_share:
        enough = np.all([seen >= MIN_VOTES_FOR_STATS for _agree, seen in agree_share], axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.array([np.where(seen > 0, agree / np.maximum(seen, 1), 0) for agree, seen in agree_share])
        majority = enough & np.all(shares > 0.5, axis=0) if len(agree_share) > 1 else np.zeros(votes.shape[1], bool)
        weakest = shares.min(axis=0)
        for column in sorted(np.flatnonzero(majority), key=lambda c: (-weakest[c], c))[:CONSENSUS_SHOWN]:
            consensus.append({"column": int(column), "agree": [round(100 * float(s)) for s in shares[:, column]]})
    return Analysis(labels=labels, coordinates=coordinates, groups=groups, consensus=consensus)
