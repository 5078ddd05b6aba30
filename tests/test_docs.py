"""Docs that cannot drift (issue 22, item 6).

README.md, docs/*.md, docs/benchmarks/*.md and docs/decisions/*.md name files, sections,
decision records, `casequality` commands, `make` targets, settings and counts. Each test
here reads every one of those files as it is now (what anyone adds is checked too) and
fails naming the file and line of what no longer matches the code. The Markdown is read
with markdown-it-py (the CommonMark parser), so code spans, code blocks, links and
headings are told apart as a reader sees them. No database, no date.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OPERATING = DOCS / "operating.md"

pytestmark = pytest.mark.once


def doc_files() -> list[Path]:
    return sorted([ROOT / "README.md", *DOCS.glob("*.md"), *DOCS.glob("benchmarks/*.md"), *DOCS.glob("decisions/*.md")])


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# Files a doc names as they were before a change, on purpose: the before/after table of
# docs/developing.md and the dated figures of docs/benchmarks/ describe the tree of their
# day. Each must really be gone (test_a_former_file_named_in_the_docs_is_really_gone), so
# this list cannot hide a file that is merely misspelt.
FORMER_FILES = {
    "standards/rulebook.yaml": "the rulebook before one module per family (developing.md)",
    "rules/diversity.py": "ENG-* before one module per family (developing.md)",
    "rules/reports.py": "PSR-* before one module per family (developing.md)",
    "demo/generator.py": "the demo generator before its package (developing.md, benchmarks)",
    "cases/interchange.py": "the interchange before its package (developing.md)",
    "audits/services.py": "the audits' services before their package (developing.md)",
    "cases/prepared.py": "PreparedRead, replaced by plain SQL reads (decision 0026, superseded by 0035)",
    "tests/cases/test_prepared.py": "PreparedRead's tests (decision 0026, superseded by 0035)",
    "web/page_cache.py": "the page cache before the data package (decision 0035)",
    "web/record_version.py": "the record versions before the data package (decision 0035)",
    "tests/standards/rules/": "the rules' YAML cases before they moved beside the rules (decision 0040)",
    "web/cases/_finding.html": "the finding card in Django, before its one home (web/cases/finding_cards.html)",
}
# Files a doc names that are not in this repository, on purpose.
ELSEWHERE = {
    "case-lists/children.csv": "written by `casequality evidence-pack` (audits.md)",
    "case-lists/victims.csv": "written by `casequality evidence-pack` (audits.md)",
    "reference/youth-justice-today.md": "the original specification's fact sheet, outside the product",
}


# --- reading the Markdown ------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A piece of a doc as a reader sees it: prose, a code span, a code block's line,
    a link (its target in `target`), or a heading."""

    kind: str  # "text", "code", "block", "link", "heading"
    text: str
    line: int
    target: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, int], ...], ...]  # each cell: (its inline Markdown, line)


_md = MarkdownIt("commonmark").enable("table")


@cache
def pieces(path: Path) -> tuple[Piece, ...]:
    out: list[Piece] = []
    tokens = _md.parse(path.read_text(encoding="utf-8"))
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type in ("fence", "code_block"):
            for offset, text in enumerate(token.content.splitlines()):
                out.append(Piece("block", text, line + 1 + offset))
        elif token.type == "heading_open":
            out.append(Piece("heading", tokens[index + 1].content, line))
        elif token.type == "inline":
            link: list[str] | None = None
            href = ""
            for child in token.children or []:
                if child.type == "link_open":
                    link, href = [], str(child.attrs.get("href", ""))
                elif child.type == "link_close" and link is not None:
                    out.append(Piece("link", "".join(link), line, href))
                    link = None
                elif child.type in ("text", "code_inline"):
                    text = " ".join(child.content.split())
                    out.append(Piece("code" if child.type == "code_inline" else "text", text, line))
                    if link is not None:
                        link.append(text)
                elif child.type == "image":
                    out.append(Piece("link", child.content, line, str(child.attrs.get("src", ""))))
            # Prose that runs over a line break is one text for what spans words.
            out.append(Piece("text", " ".join(re.sub(r"`[^`]*`", " ", token.content).split()), line))
    return tuple(out)


@cache
def tables(path: Path) -> tuple[Table, ...]:
    found: list[Table] = []
    header: list[str] = []
    rows: list[tuple[tuple[str, int], ...]] = []
    row: list[tuple[str, int]] = []
    part = ""
    tokens = _md.parse(path.read_text(encoding="utf-8"))
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            header, rows = [], []
        elif token.type in ("thead_open", "tbody_open"):
            part = token.type[:5]
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            if part == "thead":
                header.append(token.content.strip().lower())
            else:
                row.append((token.content.strip(), token.map[0] + 1 if token.map else 0))
        elif token.type == "tr_close" and part == "tbody":
            rows.append(tuple(row))
        elif token.type == "table_close":
            found.append(Table(tuple(header), tuple(rows)))
    return tuple(found)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    seen: dict[str, int] = {}
    out = set()
    for piece in pieces(path):
        if piece.kind == "heading":
            base = slug(piece.text)
            count = seen.get(base, 0)
            out.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
    return frozenset(out)


@cache
def sections(path: Path) -> tuple[str, ...]:
    """The sections a reader finds in a doc: its headings, and the links of its own that
    lead to a heading (docs/benchmarks.md lists its sections in its area files so)."""
    found = [p.text for p in pieces(path) if p.kind == "heading"]
    found += [
        m.group(1) for p in pieces(path) if p.kind == "text" for m in [re.match(r"\*\*([^*]+?)[.:]?\*\*", p.text)] if m
    ]  # **Health.** ...
    for piece in pieces(path):
        if piece.kind == "link" and "#" in piece.target and link_problem(path, piece.target) is None:
            found.append(piece.text)
    return tuple(found)


def link_problem(doc: Path, target: str) -> str | None:
    if re.match(r"^[a-z][a-z+.-]*:", target):  # https:, mailto:
        return None
    file_part, _, anchor = target.partition("#")
    path = (doc.parent / file_part).resolve() if file_part else doc
    if not path.exists():
        return f"{file_part}: no such file"
    if anchor and path.suffix == ".md" and anchor not in anchors(path):
        return f"{target}: {rel(path)} has no heading with the anchor #{anchor}"
    return None


def where(doc: Path, piece: Piece) -> str:
    return f"{rel(doc)}:{piece.line}"


# --- files and links -------------------------------------------------------------------


def test_every_link_in_the_docs_leads_to_a_file_and_heading_that_exist():
    problems = [
        f"{where(doc, p)}: {problem}"
        for doc in doc_files()
        for p in pieces(doc)
        if p.kind == "link"
        for problem in [link_problem(doc, p.target)]
        if problem
    ]
    assert not problems, "\n".join(sorted(set(problems)))


_EXT = r"(?:py|md|ya?ml|toml|json|png|svg|html|txt|cfg|ini|sql|js|css|sh|jinja|csv|pdf)"
_FILE = re.compile(rf"(?<![\w./:@~$<{{-])((?:[\w.-]+/)+[\w.-]+\.{_EXT})(?![\w/])")
# A folder is checked when a code span names it with two parts at least (`tests/production/`):
# one part alone is as often a URL's (`admin/`).
_FOLDER = re.compile(r"(?<![\w./:@~$<{-])((?:[A-Za-z_][\w.-]*/){2,})(?![\w<{*])")


def resolve(doc: Path, name: str) -> bool:
    """A path is named from the repository's root, the doc's folder, the package
    (`web/page_cache.py` for casequality/web/page_cache.py) or an app's templates or static
    files (`web/includes/field_radios.html`)."""
    bases = [
        ROOT,
        doc.parent,
        ROOT / "casequality",
        *ROOT.glob("casequality/*/templates"),
        *ROOT.glob("casequality/*/static"),
    ]
    return any((base / name).exists() for base in bases)


def former(name: str) -> bool:
    return name.removeprefix("casequality/") in FORMER_FILES


def named_paths(doc: Path) -> list[tuple[Piece, str]]:
    found = []
    for piece in pieces(doc):
        if piece.kind in ("text", "code", "block"):
            found += [(piece, m.group(1)) for m in _FILE.finditer(piece.text)]
        if piece.kind == "code" and not piece.text.startswith(("/", "http")):
            found += [(piece, m.group(1)) for m in _FOLDER.finditer(piece.text)]
    return found


def test_every_file_and_folder_named_in_the_docs_exists():
    problems = [
        f"{where(doc, piece)}: {name} does not exist"
        for doc in doc_files()
        for piece, name in named_paths(doc)
        if not former(name) and name not in ELSEWHERE and not resolve(doc, name)
    ]
    assert not problems, "\n".join(sorted(set(problems)))


def test_a_former_file_named_in_the_docs_is_really_gone():
    back = [name for name in FORMER_FILES if resolve(ROOT, name)]
    assert not back, f"these exist again: take them out of FORMER_FILES: {back}"


_SECTION = re.compile(r"((?:docs/)?[\w/-]+\.md)[,:]?\s+(?:section\s+)?[\"“]([^\"”]+)[\"”]")


def named_sections(text: str):
    return [(m.group(1), m.group(2)) for m in _SECTION.finditer(text)]


def section_problem(doc: Path, name: str, section: str) -> str | None:
    target = next((base / name for base in (ROOT, doc.parent, DOCS) if (base / name).exists()), None)
    if target is None:
        return f"{name}: no such file"
    if not any(h.lower().startswith(section.lower()) for h in sections(target)):
        return f"{name} has no section {section!r}"
    return None


def test_every_section_named_in_the_docs_is_a_heading_of_its_file():
    """`docs/operating.md, "Several machines"`: the file has a heading that starts so."""
    problems = []
    for doc in doc_files():
        for piece in pieces(doc):
            if piece.kind == "text":
                for name, section in named_sections(piece.text):
                    if problem := section_problem(doc, name, section):
                        problems.append(f"{where(doc, piece)}: {problem}")
    assert not problems, "\n".join(sorted(set(problems)))


def source_files() -> list[Path]:
    """The code, the benchmarks, the tests (but this file, which names drifts on purpose),
    pyproject.toml and the Makefile."""
    files = [
        *ROOT.glob("casequality/**/*.py"),
        *ROOT.glob("benchmarks/*.py"),
        *ROOT.glob("tests/**/*.py"),
        ROOT / "pyproject.toml",
        ROOT / "Makefile",
    ]
    return sorted(path for path in files if path != Path(__file__).resolve())


def test_every_doc_section_and_decision_named_in_the_source_exists():
    """Comments and docstrings point readers to docs/... and to decisions by number: those
    files, sections and records exist."""
    problems = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            for name in re.findall(r"(?<![\w/])(docs/[\w./-]*\w)", line):
                short = re.fullmatch(r"docs/decisions/(\d{4})", name)  # a record by its number
                if not (ROOT / name).exists() and not (short and short.group(1) in decision_numbers()):
                    problems.append(f"{rel(path)}:{number}: {name} does not exist")
        # A comment's words run over lines: read it as one text, without the `#`s.
        flat = " ".join(re.sub(r"^\s*#\s?", "", text, flags=re.M).split())
        for name, section in named_sections(flat):
            if name.startswith("docs/") and (problem := section_problem(ROOT, name, section)):
                line = next((n for n, t in enumerate(text.splitlines(), 1) if section in t), "")
                problems.append(f"{rel(path)}:{line}: {problem}")
        for match in _DECISION.finditer(flat):
            for number in re.findall(r"\d{4}", match.group(1)):
                if number not in decision_numbers():
                    line = next((n for n, t in enumerate(text.splitlines(), 1) if number in t), "")
                    problems.append(f"{rel(path)}:{line}: decision {number} has no record in docs/decisions/")
    assert not problems, "\n".join(sorted(set(problems)))


# --- decisions ---------------------------------------------------------------------------

_DECISION = re.compile(
    r"[Dd]ecision(?:s|\s+records?)?[\s/]+(\d{4}(?:(?:,\s*|\s+and\s+|\s+or\s+|\s*(?:to|–|-)\s*)\d{4})*)"
)


def decision_numbers() -> set[str]:
    return {p.name[:4] for p in DOCS.glob("decisions/[0-9][0-9][0-9][0-9]-*.md")}


def test_every_decision_named_in_the_docs_has_its_record():
    known = decision_numbers()
    problems = []
    for doc in doc_files():
        for piece in pieces(doc):
            if piece.kind in ("text", "code", "block"):
                for match in _DECISION.finditer(piece.text):
                    problems += [
                        f"{where(doc, piece)}: decision {number} has no record in docs/decisions/"
                        for number in re.findall(r"\d{4}", match.group(1))
                        if number not in known
                    ]
    assert not problems, "\n".join(sorted(set(problems)))


# About eight minutes at 250 words a minute: a record longer than this holds measurements
# that belong in docs/benchmarks/ (decision 0020 was once 230 lines).
DECISION_WORDS = 2000


def test_each_decision_record_can_be_read_in_a_few_minutes():
    long = {
        rel(p): n
        for p in DOCS.glob("decisions/*.md")
        if (n := len(p.read_text(encoding="utf-8").split())) > DECISION_WORDS
    }
    assert not long, f"over {DECISION_WORDS} words: move the measurements to docs/benchmarks/: {long}"


def test_each_decision_record_has_a_number_of_its_own_and_says_it_in_its_title():
    records = sorted(DOCS.glob("decisions/*.md"))
    numbers = [p.name[:4] for p in records]
    assert all(re.fullmatch(r"\d{4}-[a-z0-9.-]+\.md", p.name) for p in records), numbers
    assert len(numbers) == len(set(numbers)), f"two records share a number: {numbers}"
    untitled = [
        rel(p)
        for p in records
        if not re.match(rf"#\s+(?:Decision\s+)?0*{int(p.name[:4])}\b", p.read_text(encoding="utf-8"))
    ]
    assert not untitled, f"records whose first line is not '# NNNN...': {untitled}"


# --- commands ----------------------------------------------------------------------------

_SHELL_START = r"(?:^|&&|;|\|\||\$\()\s*(?:[A-Za-z_]\w*=\S*\s+)*"
_COMMAND_LINE = re.compile(_SHELL_START + r"(?:\S*/)?(?:python[\d.]*\s+-m\s+)?casequality\s+([a-z][\w-]*)(.*)")
_MAKE_LINE = re.compile(_SHELL_START + r"make\s+([a-z][\w-]*)")


def named_commands(doc: Path) -> list[tuple[Piece, str, str]]:
    """(piece, command, the rest of its line) for `casequality X ...` in a code span (at its
    start) or a code block (where a shell command starts)."""
    found = []
    for piece in pieces(doc):
        if piece.kind in ("code", "block"):
            for part in re.split(r"\s+/\s+", piece.text) if piece.kind == "code" else [piece.text]:
                if match := _COMMAND_LINE.match(part.strip()):
                    found.append((piece, match.group(1), match.group(2)))
    return found


@cache
def subcommands(name: str) -> frozenset[str] | None:
    """The sub-commands of one of Casequality's management commands that has them (`audit
    load`: its `add_parser("load", ...)`), else None. Read from the command's source, not
    imported: some commands import the PDF renderer, which takes seconds."""
    from django.core.management import get_commands

    path = ROOT / get_commands()[name].replace(".", "/") / "management" / "commands" / f"{name}.py"
    if not path.exists():
        return None
    found = {
        node.args[0].value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add_parser"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    return frozenset(found) or None


def test_every_casequality_command_named_in_the_docs_exists():
    from django.core.management import get_commands

    commands = get_commands()
    named = [(doc, piece, command, rest) for doc in doc_files() for piece, command, rest in named_commands(doc)]
    assert len({command for *_, command, _ in named}) > 20, "the README's table of commands is read"
    problems = []
    for doc, piece, command, rest in named:
        if command not in commands:
            problems.append(f"{where(doc, piece)}: casequality {command}: no such command")
            continue
        word = rest.split()[0] if rest.split() else ""
        if re.fullmatch(r"[a-z][\w-]*", word) and (subs := subcommands(command)) is not None and word not in subs:
            problems.append(
                f"{where(doc, piece)}: casequality {command} {word}: "
                f"no such sub-command (it has {', '.join(sorted(subs))})"
            )
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_make_target_named_in_the_docs_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*)\s*:(?!=)", makefile, flags=re.M))
    problems = [
        f"{where(doc, piece)}: make {m.group(1)}: no such target in the Makefile"
        for doc in doc_files()
        for piece in pieces(doc)
        if piece.kind in ("code", "block")
        for m in [_MAKE_LINE.match(piece.text.strip())]
        if m and m.group(1) not in targets
    ]
    assert not problems, "\n".join(sorted(set(problems)))


# --- settings ----------------------------------------------------------------------------

_SETTING = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:_\*)?)(?![\w-])")
# Names operating.md writes in capitals that are not Casequality's settings.
NOT_SETTINGS = {"X_FORWARDED_FOR", "X_FORWARDED_PROTO"}


@dataclass(frozen=True)
class Source:
    names: frozenset[str]  # every string constant and settings.py's own names
    prefixes: tuple[str, ...]  # the constant start of each f-string (`CASEQUALITY_LOCK_TIMEOUT_`)
    defaults: dict  # an environment variable -> the default the code gives it


def _value(node: ast.expr):
    """A default written as a literal or simple arithmetic (`30 * 60`), else KeyError."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Add, ast.Pow)):
        left, right = _value(node.left), _value(node.right)
        return {ast.Mult: left * right, ast.Add: left + right}.get(type(node.op), left**right)
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise KeyError from None


@cache
def source() -> Source:
    names: set[str] = set()
    prefixes: set[str] = set()
    defaults: dict = {}
    unknown: set[str] = set()  # a default the code works out (not a literal): not compared
    for path in ROOT.glob("casequality/**/*.py"):
        text = path.read_text(encoding="utf-8")
        # Every name in capitals written as a string, and each f-string's constant start.
        names.update(re.findall(r"(?<![\w{])[\"']([A-Z][A-Z0-9_]*)[\"']", text))
        prefixes.update(re.findall(r"\bf[\"']([A-Z][A-Z0-9_]*)\{", text))
        if path.name != "settings.py" and "env_" not in text:
            continue  # only the settings and what reads the environment through casequality.env
        for node in ast.walk(ast.parse(text)):
            if path.name == "settings.py" and isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id.startswith("env_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value not in defaults
                and node.args[0].value not in unknown
            ):
                try:
                    defaults[node.args[0].value] = _value(node.args[1]) if len(node.args) > 1 else None
                except KeyError:
                    unknown.add(node.args[0].value)
            if (
                isinstance(node, ast.BoolOp)
                and isinstance(node.op, ast.Or)
                and isinstance(call := node.values[0], ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "env_str"
                and isinstance(call.args[0], ast.Constant)
            ):
                # `env_str("NAME") or "default"` (ast.walk meets it before the call inside)
                try:
                    defaults[call.args[0].value] = _value(node.values[1])
                except KeyError:
                    unknown.add(call.args[0].value)
    return Source(frozenset(names), tuple(sorted(p for p in prefixes if len(p) > 3)), defaults)


def known(name: str) -> bool:
    """Read by Casequality's code, or one of Django's own settings (`DATA_UPLOAD_MAX_MEMORY_SIZE`)."""
    from django.conf import global_settings

    if hasattr(global_settings, name):
        return True
    src = source()
    if name.endswith("_*"):
        return any(n.startswith(name[:-1]) for n in src.names)
    return name in src.names or any(name.startswith(p) for p in src.prefixes if p.isupper())


def operating_settings() -> list[tuple[Piece, str]]:
    return [
        (piece, name)
        for piece in pieces(OPERATING)
        if piece.kind in ("text", "code")
        for name in _SETTING.findall(piece.text)
        if name not in NOT_SETTINGS
    ]


def test_every_setting_named_in_operating_md_is_read_by_the_code():
    named = operating_settings()
    assert len({name for _, name in named}) > 30, "operating.md's tables of settings are read"
    problems = [
        f"{where(OPERATING, piece)}: {name} is read nowhere in casequality/" for piece, name in named if not known(name)
    ]
    assert not problems, "\n".join(sorted(set(problems)))


def setting_rows() -> list[tuple[str, str, int]]:
    """(name, its default cell, line) for each name in the first column of a table of
    operating.md that has a "default" column."""
    rows = []
    for table in tables(OPERATING):
        if len(table.header) > 1 and table.header[1] == "default":
            for row in table.rows:
                (first, line), (default, _) = row[0], row[1]
                rows += [(name, default, line) for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", first)]
    return rows


def test_each_setting_is_listed_once_in_operating_md_with_one_default():
    seen: dict[str, int] = {}
    problems = []
    rows = setting_rows()
    assert len(rows) > 30, "operating.md's tables with a default column are read"
    for name, _, line in rows:
        if name in seen:
            problems.append(f"docs/operating.md:{line}: {name} is listed again (first at line {seen[name]})")
        seen.setdefault(name, line)
    assert not problems, "\n".join(sorted(set(problems)))


def as_written(value) -> str | None:
    if value is None or value in ("", [], {}):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def test_each_default_in_operating_md_is_the_one_the_code_gives():
    defaults = source().defaults
    compared = [name for name, _, _ in setting_rows() if name in defaults]
    assert len(compared) > 30, "the code's defaults are read"
    problems = []
    for name, cell, line in setting_rows():
        if name not in defaults:
            continue
        code = as_written(defaults[name])
        if cell.lower().startswith("none"):
            if code is not None:
                problems.append(f"docs/operating.md:{line}: {name}: the docs say none, the code {code!r}")
        elif (m := re.fullmatch(r"`([^`]*)`", cell)) and code is not None and m.group(1) != code:
            if not (m.group(1) in ("{}", "[]") and defaults[name] in ("{}", "[]")):
                problems.append(f"docs/operating.md:{line}: {name}: the docs say {m.group(1)!r}, the code {code!r}")
    assert not problems, "\n".join(sorted(set(problems)))


# --- counts ------------------------------------------------------------------------------


# The docs that describe the code as it is now; docs/benchmarks/ and docs/decisions/ are
# dated records ("evaluating the 40 rules" was true on their day).
def current_docs() -> list[Path]:
    return [ROOT / "README.md", *sorted(p for p in DOCS.glob("*.md") if p.name != "benchmarks.md")]


_NUMBERS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


def counts_named(noun: str) -> list[tuple[Path, Piece, int]]:
    found = []
    pattern = re.compile(rf"\b(\d+|{'|'.join(_NUMBERS)})\s+{noun}\b", re.I)
    for doc in current_docs():
        for piece in pieces(doc):
            if piece.kind == "text":
                for m in pattern.finditer(piece.text):
                    word = m.group(1).lower()
                    number = int(word) if word.isdigit() else _NUMBERS[word]
                    if number < 1900:  # not a year ("the 2025 rules and guidance")
                        found.append((doc, piece, number))
    return found


def test_the_number_of_rules_the_docs_name_is_the_rulebooks():
    from casequality.standards.rulebook import rulebook

    count = len(rulebook().rules)
    named = counts_named("rules")
    assert named, "README.md names how many rules there are"
    wrong = [
        f"{where(doc, piece)}: {number} rules, the rulebook has {count}"
        for doc, piece, number in named
        if number != count
    ]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_number_of_import_contracts_the_docs_name_is_pyprojects():
    with open(ROOT / "pyproject.toml", "rb") as file:
        count = len(tomllib.load(file)["tool"]["importlinter"]["contracts"])
    named = counts_named("contracts")
    assert named, "docs/developing.md names how many contracts lint-imports checks"
    wrong = [
        f"{where(doc, piece)}: {number} contracts, pyproject.toml has {count}"
        for doc, piece, number in named
        if number != count
    ]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_layout_in_developing_md_names_every_app():
    tokens = _md.parse((DOCS / "developing.md").read_text(encoding="utf-8"))
    layout = next(t.content for t in tokens if t.type in ("fence", "code_block"))
    apps = sorted(p.parent.name for p in ROOT.glob("casequality/*/apps.py"))
    missing = [app for app in apps if not re.search(rf"^\s+{app}/", layout, flags=re.M)]
    assert not missing, f"docs/developing.md's layout leaves out {missing}"


def test_each_check_finds_its_kind_of_drift_in_a_doc_written_with_one_of_each(tmp_path):
    """The checks above read what they should: a doc naming a missing file, heading,
    section, decision and command is caught by each."""
    doc = tmp_path / "drifted.md"
    doc.write_text(
        "# Drifted\n\n"
        "See [the guide](docs/developing.md#no-such-heading) and `casequality/web/gone.py`;\n"
        'docs/operating.md, "No such section"; decision 9999.\n\n'
        "```sh\ncasequality no-such-command --now\ncasequality audit no-such-sub\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").symlink_to(DOCS)
    from django.core.management import get_commands

    links = [link_problem(doc, p.target) for p in pieces(doc) if p.kind == "link"]
    paths = [name for _, name in named_paths(doc) if not resolve(doc, name)]
    wrong_sections = [
        section_problem(doc, name, section)
        for p in pieces(doc)
        if p.kind == "text"
        for name, section in named_sections(p.text)
    ]
    decisions = [
        n
        for p in pieces(doc)
        if p.kind == "text"
        for m in _DECISION.finditer(p.text)
        for n in re.findall(r"\d{4}", m.group(1))
        if n not in decision_numbers()
    ]
    commands = {(command, rest.split()[0]) for _, command, rest in named_commands(doc)}
    assert links == [
        "docs/developing.md#no-such-heading: docs/developing.md has no heading with the anchor #no-such-heading"
    ]
    assert paths == ["casequality/web/gone.py"]
    assert set(wrong_sections) == {"docs/operating.md has no section 'No such section'"}
    assert set(decisions) == {"9999"}
    assert ("no-such-command", "--now") in commands and "no-such-command" not in get_commands()
    assert "no-such-sub" not in subcommands("audit")
