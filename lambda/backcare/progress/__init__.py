"""The user's progress: completions and the daily streak."""
