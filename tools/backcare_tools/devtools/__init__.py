"""Development tools: never imported by the Lambda or web-service paths."""
