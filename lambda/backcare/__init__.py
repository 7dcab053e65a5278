"""Back Care Coach: an Alexa skill for lower-back care."""
