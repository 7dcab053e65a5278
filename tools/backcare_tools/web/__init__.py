"""Self-hosted web service: flask-ask-sdk with Alexa request verification.

Nothing here is imported on the Lambda path. The oscrypto fix is installed
here, in the package's first lines, so it is in place before any module of
this package imports flask_ask_sdk, whatever order their imports are in.
"""

from . import oscrypto_compat

oscrypto_compat.install()
