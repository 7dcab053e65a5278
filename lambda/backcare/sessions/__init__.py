"""The client's next massage session, the program count, and reminders."""
