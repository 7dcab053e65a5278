"""`backcare bench`: cost and speed per turn, side by side with the baseline."""
