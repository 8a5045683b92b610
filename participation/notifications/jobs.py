"""The notifications' background job: telling the followers of a thread or a group."""
from ..core.jobs import register_job
from .services import FOLLOWERS_JOB, notify_followers_now

register_job(FOLLOWERS_JOB, notify_followers_now)
