"""What every feature shares."""
