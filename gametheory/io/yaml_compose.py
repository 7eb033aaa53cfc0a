"""The YAML composer of the native game file: text -> a node tree with line numbers.

The text is parsed into YAML events by PyYAML's safe parser (the C one when
available) and composed into nodes by an *iterative* composer, so deeply nested
files cannot exhaust Python's recursion limit.  Nodes keep their line numbers,
so every error the reader (:mod:`.yaml_read`) reports names the file, the line
and the key path.  Only plain YAML is accepted: explicit tags such as
``!!python/object`` are an error and nothing is ever constructed from a tag.
YAML aliases are counted on the composed graph (:func:`_check_expansion`) before
anything is built, so an "alias bomb" fails at once.
"""
from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .. import limits as _limits
from ..exceptions import InvalidGameError

_T = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_T + t for t in ("str", "int", "float", "bool", "null", "timestamp",
                                  "seq", "map")}


class _TooDeepForLibyaml(Exception):
    """libyaml refuses nesting beyond 1,000 levels; the pure-Python parser does not."""


#: libyaml's own nesting limit.
_LIBYAML_DEPTH = 1000


def _check_expansion(root) -> None:
    """Refuse a document whose aliases expand too far (before anything is built).

    Walks the composed graph once, post-order with an explicit stack: the
    expanded size of a node is 1 plus that of its children, an alias counted
    each time it is used (a node reached through k aliases counts k times).
    (Recursive aliases are refused by the composer.)
    """
    if root is None:
        return
    lim = _limits.current()
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    composed = 0
    cap = 10 ** 18
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, ScalarNode):
            if key not in size:
                composed += 1
                size[key], depth[key] = 1, 0
            continue
        kids = (node.value if isinstance(node, SequenceNode)
                else [x for pair in node.value for x in pair])
        if done:
            size[key] = min(cap, 1 + sum(size[id(c)] for c in kids))
            depth[key] = 1 + max((depth[id(c)] for c in kids), default=0)
            continue
        if key in size:
            continue
        composed += 1
        stack.append((node, True))
        stack.extend((c, False) for c in kids if id(c) not in size)
    extra = size[id(root)] - composed
    if extra > lim.alias_nodes:
        raise _limits.refuse("alias_nodes", f"YAML aliases that expand the document by "
                             f"{extra:,} nodes" if extra < cap // 2 else
                             "YAML aliases that expand the document enormously", line=1)
    if depth[id(root)] > lim.depth:
        raise _limits.refuse("depth", f"YAML aliases that nest the document "
                             f"{depth[id(root)]:,} levels deep", line=1)


def _check_tag(tag, mark) -> None:
    if tag not in _ALLOWED_TAGS:
        shown = tag.replace(_T, "!!") if tag else tag
        raise InvalidGameError(
            f"YAML tag {shown} is not allowed: game files are plain YAML (no tags, "
            f"no objects), so remove the tag", line=mark.line + 1)


class _Composer:
    """The node tree of one document, built event by event with an explicit stack."""

    def __init__(self, loader):
        self.loader = loader
        self.max_depth = _limits.current().depth
        self.root = None
        self.documents = 0
        self.anchors: dict[str, Any] = {}
        self.stack: list[list] = []  # [node, pending key node or None, seen keys]
        self.resolved: dict[tuple, str] = {}  # (value, implicit) -> tag: scalars repeat a lot

    def attach(self, node) -> None:
        stack = self.stack
        if not stack:
            self.root = node
            return
        top = stack[-1]
        parent = top[0]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif top[1] is None:
            top[1] = node
        else:
            key = top[1]
            top[1] = None
            if isinstance(key, ScalarNode):
                if key.value in top[2]:
                    raise InvalidGameError(
                        f"duplicate key {key.value!r} (first at line {top[2][key.value]}); "
                        f"each key may appear once in a mapping", line=key.start_mark.line + 1)
                top[2][key.value] = key.start_mark.line + 1
            parent.value.append((key, node))

    def anchor(self, event, node) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        self.attach(node)

    def scalar(self, event) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            memo_key = (event.value, event.implicit)
            tag = self.resolved.get(memo_key)
            if tag is None:
                tag = self.resolved[memo_key] = self.loader.resolve(ScalarNode, event.value,
                                                                    event.implicit)
        if tag == _T + "merge":
            raise InvalidGameError("YAML merge keys (<<) are not supported; write "
                                   "the keys out", line=event.start_mark.line + 1)
        _check_tag(tag, event.start_mark)
        self.anchor(event, ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                      style=event.style))

    def start(self, event, cls) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(cls, None, event.implicit)
        _check_tag(tag, event.start_mark)
        node = cls(tag, [], event.start_mark, event.end_mark, flow_style=event.flow_style)
        self.anchor(event, node)
        self.stack.append([node, None, {}])
        if len(self.stack) > self.max_depth:
            raise _limits.refuse("depth", f"YAML nested more than {self.max_depth:,} levels "
                                 f"deep", line=event.start_mark.line + 1)

    def end(self, event) -> None:
        node = self.stack.pop()[0]
        node.end_mark = event.end_mark

    def alias(self, event) -> None:
        if event.anchor not in self.anchors:
            raise InvalidGameError(f"undefined YAML alias *{event.anchor}",
                                   line=event.start_mark.line + 1)
        target = self.anchors[event.anchor]
        if any(entry[0] is target for entry in self.stack):
            raise InvalidGameError(f"the YAML alias *{event.anchor} is used inside the "
                                   f"&{event.anchor} it refers to, so it would contain "
                                   "itself; a game file must be finite",
                                   line=event.start_mark.line + 1)
        self.attach(target)

    def document_start(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise InvalidGameError("the file holds more than one YAML document (---); "
                                   "a game file holds one game",
                                   line=event.start_mark.line + 1)

    def run(self) -> None:
        """Consume the loader's events up to the end of the stream."""
        from yaml import events as ev

        handlers = {
            ev.ScalarEvent: self.scalar,
            ev.MappingEndEvent: self.end,
            ev.SequenceEndEvent: self.end,
            ev.MappingStartEvent: lambda e: self.start(e, MappingNode),
            ev.SequenceStartEvent: lambda e: self.start(e, SequenceNode),
            ev.AliasEvent: self.alias,
            ev.DocumentStartEvent: self.document_start,
        }
        for event in iter(self.loader.get_event, None):
            kind = type(event)
            if kind is ev.StreamEndEvent:
                break
            handler = handlers.get(kind)
            if handler is not None:
                handler(event)


def _parser_error(exc: yaml.MarkedYAMLError, max_depth: int, pure_python: bool) -> Exception:
    """The exception to raise for an error of PyYAML's parser."""
    if "maximum nesting depth" in (exc.problem or "") and not pure_python:
        if max_depth <= _LIBYAML_DEPTH:
            return _limits.refuse("depth", f"YAML nested more than {max_depth:,} levels deep",
                                  line=None if exc.problem_mark is None
                                  else exc.problem_mark.line + 1)
        return _TooDeepForLibyaml()
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "malformed YAML"
    context = f" ({exc.context})" if exc.context else ""
    return InvalidGameError(f"invalid YAML: {problem}{context}",
                            line=None if mark is None else mark.line + 1)


def _compose(text: str, pure_python: bool = False):
    """YAML text -> the root node (or None for an empty document), iteratively.

    Raises InvalidGameError (without the file) for syntax errors, tags, several
    documents, undefined aliases and duplicate keys.
    """
    Loader = yaml.SafeLoader if pure_python else (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)
    loader = Loader(text)
    composer = _Composer(loader)
    try:
        composer.run()
    except yaml.MarkedYAMLError as exc:
        raise _parser_error(exc, composer.max_depth, pure_python) from None
    except yaml.YAMLError as exc:
        raise InvalidGameError(f"invalid YAML: {exc}") from None
    except (RecursionError, MemoryError):
        raise InvalidGameError("the YAML parser ran out of resources (nesting too deep?)") from None
    finally:
        loader.dispose()
    _check_expansion(composer.root)
    return composer.root


# ====================================================================== node helpers
def _line(node) -> int | None:
    return None if node is None else node.start_mark.line + 1


def _kind(node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _T + "null":
        return "nothing (null)"
    return repr(node.value)


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key == "":
        return path  # an empty key (reported by the caller) adds nothing to the path
    return f"{path}.{key}" if path else str(key)
