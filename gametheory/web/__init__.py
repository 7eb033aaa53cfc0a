"""The local web explorer (``gametheory serve``): a JSON API and a small front end.

:mod:`.api` holds the computations (framework-free, tested directly);
:mod:`.app` wraps them in a Starlette application served by uvicorn.  The web
stack is the optional extra ``gametheory[web]``.
"""
from __future__ import annotations


def create_app(root="games", **kwargs):
    """The ASGI application; see :func:`gametheory.web.app.create_app`."""
    from .app import create_app as _create
    return _create(root, **kwargs)
