"""The text console: a simulated Alexa device driven by typed lines."""
