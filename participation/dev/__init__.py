"""Development tools: a deterministic data generator for load tests and demos."""
