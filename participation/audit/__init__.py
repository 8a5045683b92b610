"""The audit log: an append-only record of what staff did, written by every feature that lets staff act."""
