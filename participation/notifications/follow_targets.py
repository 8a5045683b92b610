"""What people can follow: a discussion thread, a neighbourhood group.

The follow routes carry the kind and the id of the thing; the feature that
owns it registers a ``FollowTarget`` beside its models, telling how to find
one that may be followed and where to go back afterwards.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FOLLOW_TARGETS = {}


@dataclass(frozen=True)
class FollowTarget:
    name: str  # "thread", "group"
    load: Callable[[int], Any]  # id -> the thing, or None when it does not exist or may not be followed
    back_url: Callable[[Any], str]  # where the person returns to, unless the form says where


def register_follow_target(target):
    FOLLOW_TARGETS[target.name] = target
    return target


def get_follow_target(name):
    return FOLLOW_TARGETS.get(name)
