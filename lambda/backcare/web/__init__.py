"""Self-hosted web service: flask-ask-sdk with Alexa request verification.

Nothing here is imported on the Lambda path.
"""
