"""A tiny phrase grammar for the demo texts: `{key}` slots and `[one|two|three]` choices.

Templates are compiled once; rendering one is a walk over a short node list with a
`random.Random`, so thousands of varied case texts cost milliseconds. Choices nest:
`[at {his} nan's[ house|]|with {carer}]`.
"""

from __future__ import annotations

import random

Node = str | tuple  # str literal | ("k", key) | ("c", [seq, seq, ...])


def _parse(text: str, i: int, stop: str) -> tuple[list[Node], int, str]:
    seq: list[Node] = []
    buf: list[str] = []
    while i < len(text):
        ch = text[i]
        if ch in stop:
            break
        if ch == "{":
            j = text.index("}", i)
            if buf:
                seq.append("".join(buf))
                buf = []
            seq.append(("k", text[i + 1 : j]))
            i = j + 1
        elif ch == "[":
            if buf:
                seq.append("".join(buf))
                buf = []
            options: list[list[Node]] = []
            i += 1
            while True:
                sub, i, end = _parse(text, i, "|]")
                options.append(sub)
                i += 1
                if end == "]":
                    break
            seq.append(("c", options))
        else:
            buf.append(ch)
            i += 1
    if buf:
        seq.append("".join(buf))
    return seq, i, (text[i] if i < len(text) else "")


def _simplify(seq: list[Node]) -> list[Node]:
    """Merge adjacent literals; a choice's all-literal option becomes a plain string."""
    out: list[Node] = []
    for node in seq:
        if type(node) is tuple and node[0] == "c":
            options: list[str | list[Node]] = []
            for option in node[1]:
                option = _simplify(option)
                if not option:
                    options.append("")
                elif len(option) == 1 and type(option[0]) is str:
                    options.append(option[0])
                else:
                    options.append(option)
            node = ("c", tuple(options))
        if type(node) is str and out and type(out[-1]) is str:
            out[-1] += node
        else:
            out.append(node)
    return out


class Phrase:
    """One compiled template."""

    __slots__ = ("nodes", "source")

    def __init__(self, source: str):
        self.source = source
        nodes, end, _ = _parse(source, 0, "")
        if end != len(source):
            raise ValueError(f"unbalanced template: {source!r}")
        self.nodes = _simplify(nodes)

    def render(self, rng: random.Random, ctx: dict[str, str]) -> str:
        out: list[str] = []
        _render(self.nodes, rng, ctx, out)
        return "".join(out)


def _render(nodes: list[Node], rng: random.Random, ctx: dict[str, str], out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "k":
            out.append(ctx[node[1]])
        else:
            options = node[1]
            option = options[int(rng.random() * len(options))]
            if type(option) is str:
                out.append(option)
            else:
                _render(option, rng, ctx, out)


def compile_all(templates):
    """Compile a template, a list of them, or a dict of (nested) lists, keeping the shape."""
    if isinstance(templates, str):
        return Phrase(templates)
    if isinstance(templates, dict):
        return {key: compile_all(value) for key, value in templates.items()}
    return [compile_all(t) for t in templates]


def pick_sentences(rng: random.Random, phrases: list[Phrase], count: int, ctx: dict[str, str]) -> str:
    """`count` different sentences from `phrases`, in the list's order, joined by spaces."""
    count = min(count, len(phrases))
    chosen = sorted(rng.sample(range(len(phrases)), count))
    return " ".join(phrases[i].render(rng, ctx) for i in chosen)
