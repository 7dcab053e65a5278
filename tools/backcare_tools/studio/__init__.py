"""`backcare init DIR`: a studio's own skill, from its business profile.

init.py puts the folder together; each part has its own module:
business.py (the profile: flags, prompts, the skill's loader), locales.py
(locales, countries, their models), skill_package.py (manifest and models
for `ask deploy`), deployment.py (the function's code and the SAM stack),
privacy_page.py (the privacy policy from what the skill stores).
"""

from __future__ import annotations


class InitError(ValueError):
    """Bad input for init; the message names the field or flag."""
