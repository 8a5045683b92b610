"""Database upkeep done by the background worker: the planner's statistics, refreshed every night."""
from ..core.jobs import daily_at, register_job, register_schedule
from ..core.sql import refresh_statistics

STATISTICS_JOB = "ops.statistics"

register_job(STATISTICS_JOB, refresh_statistics)
register_schedule(STATISTICS_JOB, daily_at("MAINTENANCE_HOUR"))
