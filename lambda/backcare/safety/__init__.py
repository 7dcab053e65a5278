"""Safety: red flags stop everything; cautions before massage; the screen."""
