"""Let oscrypto 1.3.0 read OpenSSL versions with two-digit parts (3.0.19).

flask-ask-sdk's request verifier uses certvalidator, which imports
oscrypto; oscrypto 1.3.0 (the last release on PyPI) looks for the OpenSSL
version with the pattern `\\d\\.\\d\\.\\d`, fails on "3.0.10" and later, and so
`import flask_ask_sdk` fails (upstream oscrypto issues 75 and 78, fixed on
its master branch but never released). This installs, before that import,
the same one-pattern fix upstream made, applied to oscrypto's own source
as it loads. Nothing else in oscrypto changes, so certificate-chain
validation is still oscrypto's and certvalidator's own.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import CodeType, ModuleType

_MODULES = frozenset({"oscrypto._openssl._libcrypto_cffi", "oscrypto._openssl._libcrypto_ctypes"})
_OLD = rb"'\\b(\\d\\.\\d\\.\\d[a-z]*)\\b'"
_NEW = rb"'\\b(\\d+\\.\\d+\\.\\d+[a-z]*)\\b'"


class _PatchedLoader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname: str) -> CodeType:
        path = self.get_filename(fullname)
        source = self.get_data(path)
        code: CodeType = compile(source.replace(_OLD, _NEW), path, "exec", dont_inherit=True)
        return code


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return spec
        spec.loader = _PatchedLoader(fullname, spec.origin)
        return spec


def install() -> None:
    """Idempotent; a no-op once oscrypto's backend has been loaded."""
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
