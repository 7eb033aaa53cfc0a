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
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    root = Path(root)
    if not root.exists():
        raise InvalidGameError(f"no such file or folder: {root}", file=root)
    docs: OrderedDict[str, _Document] = OrderedDict()
    rooms: OrderedDict[str, api.Classroom] = OrderedDict()

    def error(exc: Exception, status: int = 400):
        path = getattr(exc, "path", None)
        return JSONResponse({"error": str(exc), "path": path}, status_code=status)

    def store(game, name: str) -> str:
        doc_id = secrets.token_urlsafe(8)
        docs[doc_id] = _Document(game, name)
        while len(docs) > MAX_DOCUMENTS:
            docs.popitem(last=False)
        return doc_id

    def document(request) -> _Document:
        doc = docs.get(request.path_params["doc_id"])
        if doc is None:
            raise HTTPException(404, "no such document (the server may have restarted: open the game again)")
        return doc

    async def body(request) -> dict:
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

    def guarded(handler):
        async def wrapped(request: Request):
            try:
                return await handler(request)
            except HTTPException as exc:
                return JSONResponse({"error": exc.detail, "path": None}, status_code=exc.status_code)
            except (InvalidGameError, UnsupportedGameError) as exc:
                return error(exc)
            except GameTheoryError as exc:  # a solver failed on valid input
                return error(exc, status=422)
        return wrapped

    def query_params(request) -> dict:
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

    async def index(request: Request):
        return FileResponse(STATIC / "index.html")

    async def files(request: Request):
        return JSONResponse({"root": root.name, "files": api.list_games(root)})

    async def open_game(request: Request):
        data = await body(request)
        if "path" in data:
            path = api.resolve_game_path(root, data["path"])
            game = api.load_file(path)
            name = data["path"]
        else:
            game = api.game_from_text(data.get("text"), data.get("format", "yaml"),
                                      name=str(data.get("name") or "<pasted>"))
            name = str(data.get("name") or "pasted game")
        doc_id = store(game, name)
        return JSONResponse({"id": doc_id, "name": name, "game": api.game_json(game)})

    async def get_doc(request: Request):
        doc = document(request)
        return JSONResponse({"id": request.path_params["doc_id"], "name": doc.name,
                             "game": api.game_json(doc.game)})

    async def edit_payoff(request: Request):
        doc = document(request)
        data = await body(request)
        doc.game = api.set_payoff(doc.game, data.get("profile"), data.get("player"), data.get("value"))
        return JSONResponse({"id": request.path_params["doc_id"], "name": doc.name,
                             "game": api.game_json(doc.game)})

    async def analyse(request: Request):
        doc = document(request)
        data = await body(request)
        out = await run_in_threadpool(
            api.analyse, doc.game, data.get("params") or {}, player=data.get("player"),
            reference=data.get("reference"), method=data.get("method") or "auto",
            conditions=bool(data.get("conditions")), live=bool(data.get("live")))
        return JSONResponse(out)

    async def export(request: Request):
        doc = document(request)
        fmt = request.query_params.get("format", "yaml")
        text = api.export_text(doc.game, fmt)
        stem = Path(doc.name).stem or "game"
        return Response(text, media_type=api.EXPORT_FORMATS.get(fmt, "text/plain"),
                        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})

    async def figure(request: Request):
        doc = document(request)
        kind = request.path_params["kind"]
        params = query_params(request)
        player = request.query_params.get("player") or None

        def draw():
            with _FIGURE_LOCK:
                return api.figure_svg(doc.game, kind, params, player=player)
        svg = await run_in_threadpool(draw)
        return Response(svg, media_type="image/svg+xml")

    async def new_classroom(request: Request):
        data = await body(request)
        doc = docs.get(str(data.get("doc", "")))
        if doc is None:
            raise HTTPException(404, "no such document")
        if api._is_tree(doc.game) or api.is_conflict(doc.game):
            raise UnsupportedGameError("classroom sessions use strategic-form games")
        code = api.new_code(rooms)
        rooms[code] = api.Classroom(doc.game, code)
        while len(rooms) > MAX_CLASSROOMS:
            rooms.popitem(last=False)
        return JSONResponse({"code": code})

    def room(request) -> api.Classroom:
        r = rooms.get(request.path_params["code"].upper())
        if r is None:
            raise HTTPException(404, "no such classroom session")
        return r

    async def classroom(request: Request):
        r = room(request)
        tally = await run_in_threadpool(r.tally)
        return JSONResponse({"game": api.game_json(r.game), "tally": tally})

    async def choice(request: Request):
        r = room(request)
        data = await body(request)
        r.submit(data.get("student"), data.get("player"), data.get("strategy"))
        return JSONResponse({"ok": True, "students": len(r.choices)})

    async def classroom_page(request: Request):
        return FileResponse(STATIC / "index.html")

    routes = [
        Route("/", index),
        Route("/classroom/{code}", classroom_page),
        Route("/api/files", guarded(files)),
        Route("/api/open", guarded(open_game), methods=["POST"]),
        Route("/api/doc/{doc_id}", guarded(get_doc)),
        Route("/api/doc/{doc_id}/payoff", guarded(edit_payoff), methods=["POST"]),
        Route("/api/doc/{doc_id}/analyse", guarded(analyse), methods=["POST"]),
        Route("/api/doc/{doc_id}/export", guarded(export)),
        Route("/api/doc/{doc_id}/figure/{kind}.svg", guarded(figure)),
        Route("/api/classroom", guarded(new_classroom), methods=["POST"]),
        Route("/api/classroom/{code}", guarded(classroom)),
        Route("/api/classroom/{code}/choice", guarded(choice), methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(debug=debug, routes=routes)


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
