"""The explorer's web application: a JSON API on Starlette and a small static front end.

``create_app(root)`` builds the ASGI application that ``gametheory serve`` runs on
uvicorn.  The front end (``gametheory/web/static``) is served from the package,
so nothing is fetched from the network at run time.

Endpoints (all JSON unless said otherwise; errors are ``{"error": message,
"path": key path}`` with status 400, or 404 for an unknown document or session):

=======================================  ==============================================
``GET /api/files``                        game files under the served folder
``POST /api/open``                        ``{"path"}`` or ``{"text", "format"}`` -> a document
``GET /api/doc/{id}``                     the document's game
``POST /api/doc/{id}/payoff``             ``{"profile", "player", "value"}``: edit a payoff
``POST /api/doc/{id}/analyse``            ``{"params", "player", "reference", "method"}``
``GET /api/doc/{id}/export?format=``      the game as ``yaml``/``nfg``/``efg``/``tex`` text
``GET /api/doc/{id}/figure/{kind}.svg``   ``tree``/``matrix``/``landscape``/``options``
                                          (query: ``player``, ``params`` as JSON)
``POST /api/classroom``                   ``{"doc"}`` -> a session code
``GET /api/classroom/{code}``             the game and the tally against the equilibria
``POST /api/classroom/{code}/choice``     ``{"student", "player", "strategy"}``
=======================================  ==============================================

Documents live in memory for the life of the server (at most
:data:`MAX_DOCUMENTS`, the oldest dropped first).  Only files under the served
folder can be opened; the server binds to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import json
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

from ..exceptions import GameTheoryError, InvalidGameError, UnsupportedGameError
from . import api

#: Documents kept in memory at once.
MAX_DOCUMENTS = 200

#: Classroom sessions kept at once.
MAX_CLASSROOMS = 50

#: Largest request body accepted (bytes).
MAX_BODY = api.MAX_TEXT + 10_000

STATIC = Path(__file__).resolve().parent / "static"

#: matplotlib's pyplot is not thread-safe: one figure at a time.
_FIGURE_LOCK = threading.Lock()


class _Document:
    __slots__ = ("game", "name")

    def __init__(self, game, name: str):
        self.game = game
        self.name = name


def create_app(root: str | Path = "games", *, debug: bool = False):
    """The ASGI application serving the explorer for the game files under ``root``.

    Parameters
    ----------
    root : path
        A folder (every game file under it is listed) or one game file.
    """
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    root = Path(root)
    if not root.exists():
        raise InvalidGameError(f"no such file or folder: {root}", file=root)
    ex = _Explorer(root)
    routes = [
        Route("/", ex.index),
        Route("/classroom/{code}", ex.classroom_page),
        Route("/api/files", _guarded(ex.files)),
        Route("/api/open", _guarded(ex.open_game), methods=["POST"]),
        Route("/api/doc/{doc_id}", _guarded(ex.get_doc)),
        Route("/api/doc/{doc_id}/payoff", _guarded(ex.edit_payoff), methods=["POST"]),
        Route("/api/doc/{doc_id}/analyse", _guarded(ex.analyse), methods=["POST"]),
        Route("/api/doc/{doc_id}/export", _guarded(ex.export)),
        Route("/api/doc/{doc_id}/figure/{kind}.svg", _guarded(ex.figure)),
        Route("/api/classroom", _guarded(ex.new_classroom), methods=["POST"]),
        Route("/api/classroom/{code}", _guarded(ex.classroom)),
        Route("/api/classroom/{code}/choice", _guarded(ex.choice), methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(debug=debug, routes=routes)


def _error(exc: Exception, status: int = 400):
    from starlette.responses import JSONResponse
    path = getattr(exc, "path", None)
    return JSONResponse({"error": str(exc), "path": path}, status_code=status)


def _guarded(handler):
    """``handler`` with the project's errors turned into JSON: 404 for an unknown
    document or session, 400 for bad input, 422 for a solver that failed."""
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    async def wrapped(request: Request):
        try:
            return await handler(request)
        except HTTPException as exc:
            return JSONResponse({"error": exc.detail, "path": None}, status_code=exc.status_code)
        except (InvalidGameError, UnsupportedGameError) as exc:
            return _error(exc)
        except GameTheoryError as exc:  # a solver failed on valid input
            return _error(exc, status=422)
    return wrapped


async def _body(request) -> dict:
    """The request's JSON object (``{}`` when empty), size-checked."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise InvalidGameError(f"request larger than {MAX_BODY} bytes")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidGameError(f"the request is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidGameError("expected a JSON object")
    return data


def _query_params(request) -> dict:
    """The ``params`` query argument: a JSON object of parameter values."""
    raw = request.query_params.get("params")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise InvalidGameError("params must be a JSON object", path="params") from None
    if not isinstance(data, dict):
        raise InvalidGameError("params must be a JSON object", path="params")
    return data


class _Explorer:
    """The explorer's state (open documents, classroom sessions) and its endpoints."""

    def __init__(self, root: Path):
        self.root = root
        self.docs: OrderedDict[str, _Document] = OrderedDict()
        self.rooms: OrderedDict[str, api.Classroom] = OrderedDict()

    # ------------------------------------------------------------ state
    def store(self, game, name: str) -> str:
        doc_id = secrets.token_urlsafe(8)
        self.docs[doc_id] = _Document(game, name)
        while len(self.docs) > MAX_DOCUMENTS:
            self.docs.popitem(last=False)
        return doc_id

    def document(self, request) -> _Document:
        from starlette.exceptions import HTTPException
        doc = self.docs.get(request.path_params["doc_id"])
        if doc is None:
            raise HTTPException(404, "no such document (the server may have restarted: open the game again)")
        return doc

    def room(self, request) -> api.Classroom:
        from starlette.exceptions import HTTPException
        r = self.rooms.get(request.path_params["code"].upper())
        if r is None:
            raise HTTPException(404, "no such classroom session")
        return r

    @staticmethod
    def doc_json(request, doc: _Document):
        from starlette.responses import JSONResponse
        return JSONResponse({"id": request.path_params["doc_id"], "name": doc.name,
                             "game": api.game_json(doc.game)})

    # ------------------------------------------------------------ pages and files
    async def index(self, request):
        from starlette.responses import FileResponse
        return FileResponse(STATIC / "index.html")

    async def classroom_page(self, request):
        from starlette.responses import FileResponse
        return FileResponse(STATIC / "index.html")

    async def files(self, request):
        from starlette.responses import JSONResponse
        return JSONResponse({"root": self.root.name, "files": api.list_games(self.root)})

    # ------------------------------------------------------------ documents
    async def open_game(self, request):
        from starlette.responses import JSONResponse
        data = await _body(request)
        if "path" in data:
            path = api.resolve_game_path(self.root, data["path"])
            game = api.load_file(path)
            name = data["path"]
        else:
            game = api.game_from_text(data.get("text"), data.get("format", "yaml"),
                                      name=str(data.get("name") or "<pasted>"))
            name = str(data.get("name") or "pasted game")
        doc_id = self.store(game, name)
        return JSONResponse({"id": doc_id, "name": name, "game": api.game_json(game)})

    async def get_doc(self, request):
        return self.doc_json(request, self.document(request))

    async def edit_payoff(self, request):
        doc = self.document(request)
        data = await _body(request)
        doc.game = api.set_payoff(doc.game, data.get("profile"), data.get("player"), data.get("value"))
        return self.doc_json(request, doc)

    async def analyse(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse
        doc = self.document(request)
        data = await _body(request)
        out = await run_in_threadpool(
            api.analyse, doc.game, data.get("params") or {}, player=data.get("player"),
            reference=data.get("reference"), method=data.get("method") or "auto",
            conditions=bool(data.get("conditions")), live=bool(data.get("live")))
        return JSONResponse(out)

    async def export(self, request):
        from starlette.responses import Response
        doc = self.document(request)
        fmt = request.query_params.get("format", "yaml")
        text = api.export_text(doc.game, fmt)
        stem = Path(doc.name).stem or "game"
        return Response(text, media_type=api.EXPORT_FORMATS.get(fmt, "text/plain"),
                        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})

    async def figure(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response
        doc = self.document(request)
        kind = request.path_params["kind"]
        params = _query_params(request)
        player = request.query_params.get("player") or None

        def draw():
            with _FIGURE_LOCK:
                return api.figure_svg(doc.game, kind, params, player=player)
        svg = await run_in_threadpool(draw)
        return Response(svg, media_type="image/svg+xml")

    # ------------------------------------------------------------ classroom
    async def new_classroom(self, request):
        from starlette.exceptions import HTTPException
        from starlette.responses import JSONResponse
        data = await _body(request)
        doc = self.docs.get(str(data.get("doc", "")))
        if doc is None:
            raise HTTPException(404, "no such document")
        if api._is_tree(doc.game) or api.is_conflict(doc.game):
            raise UnsupportedGameError("classroom sessions use strategic-form games")
        code = api.new_code(self.rooms)
        self.rooms[code] = api.Classroom(doc.game, code)
        while len(self.rooms) > MAX_CLASSROOMS:
            self.rooms.popitem(last=False)
        return JSONResponse({"code": code})

    async def classroom(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse
        r = self.room(request)
        tally = await run_in_threadpool(r.tally)
        return JSONResponse({"game": api.game_json(r.game), "tally": tally})

    async def choice(self, request):
        from starlette.responses import JSONResponse
        r = self.room(request)
        data = await _body(request)
        r.submit(data.get("student"), data.get("player"), data.get("strategy"))
        return JSONResponse({"ok": True, "students": len(r.choices)})


def serve(root: str | Path = "games", host: str = "127.0.0.1", port: int = 8000, *,
          open_browser: bool = False) -> None:
    """Run the explorer with uvicorn until interrupted (``gametheory serve``)."""
    import uvicorn
    app = create_app(root)
    if open_browser:
        import threading
        import webbrowser
        threading.Timer(1.0, webbrowser.open, args=(f"http://{host}:{port}/",)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
