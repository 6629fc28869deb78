"""Story grouping: collapse copies, credit wire origins, and group articles about the same event."""
