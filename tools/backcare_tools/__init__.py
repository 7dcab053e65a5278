"""Back Care Coach tools: the console, web service, model build, packaging and
bench. Never deployed to Lambda, and the skill (`backcare`) never imports it."""
