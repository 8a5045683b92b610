"""Button names that say what a vote button does and the state it is in."""
from flask_babel import ngettext


def item_support_label(count, supported):
    if supported:
        return ngettext("This matters to me, %(num)d support, you support it",
                        "This matters to me, %(num)d supports, you support it", count)
    return ngettext("This matters to me, %(num)d support", "This matters to me, %(num)d supports", count)


def proposal_support_label(count, supported):
    if supported:
        return ngettext("Support this proposal, %(num)d support, you support it",
                        "Support this proposal, %(num)d supports, you support it", count)
    return ngettext("Support this proposal, %(num)d support", "Support this proposal, %(num)d supports", count)


def comment_up_label(count, voted):
    if voted:
        return ngettext("Useful, %(num)d vote, you voted useful", "Useful, %(num)d votes, you voted useful", count)
    return ngettext("Useful, %(num)d vote", "Useful, %(num)d votes", count)


def comment_down_label(count, voted):
    if voted:
        return ngettext("Not useful, %(num)d vote, you voted not useful",
                        "Not useful, %(num)d votes, you voted not useful", count)
    return ngettext("Not useful, %(num)d vote", "Not useful, %(num)d votes", count)


LABELS = {
    "item_support_label": item_support_label,
    "proposal_support_label": proposal_support_label,
    "comment_up_label": comment_up_label,
    "comment_down_label": comment_down_label,
}
