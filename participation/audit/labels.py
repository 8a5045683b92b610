"""How the audit log names what staff did and what they did it to.

Entries store codes (``role_change``, ``hide``) and a target as type and id,
so the log stays readable in every language and after a rename. The
feature that records an action registers its label; the feature that owns
a kind of target registers how to name and link its rows, read in one
query per kind for a whole page of entries.
"""
from collections.abc import Callable
from dataclasses import dataclass

ACTION_LABELS = {}
REASON_LABELS = {}
TARGETS = {}


@dataclass(frozen=True)
class AuditTarget:
    name: str
    label: object  # the kind, e.g. "Comment" (lazy text)
    # ids -> {id: (text, url or None)} for those that still exist
    describe: Callable[[list], dict]


def register_audit_actions(labels):
    """Add ``{code: label}`` for actions a feature records."""
    ACTION_LABELS.update(labels)


def register_audit_reasons(labels):
    """Add ``{code: label}`` for the reasons entries carry."""
    REASON_LABELS.update(labels)


def register_audit_target(target):
    TARGETS[target.name] = target
    return target


def action_label(code):
    """The action's name in the reader's language, or its code when nobody registered one."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def reason_label(code):
    label = REASON_LABELS.get(code)
    return str(label) if label is not None else (code or "")


def target_label(kind):
    target = TARGETS.get(kind)
    return str(target.label) if target is not None else kind


def describe_targets(entries):
    """{(type, id): (text, url or None)} for the targets of ``entries`` that still exist."""
    wanted = {}
    for entry in entries:
        if entry.target_id is not None and entry.target_type in TARGETS:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    described = {}
    for kind, ids in wanted.items():
        for target_id, value in TARGETS[kind].describe(sorted(ids)).items():
            described[(kind, target_id)] = value
    return described
