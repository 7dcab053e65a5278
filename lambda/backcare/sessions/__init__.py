"""The client's next massage session and the program count (booking), the
reminders the skill sets (reminding), and the permission they need."""
