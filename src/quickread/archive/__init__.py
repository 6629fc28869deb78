"""Whole news archives: reading them in streams, planning the work, and joining what the tasks found."""
