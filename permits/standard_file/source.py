"""Reading a standard file's text: the data, and the line of every key and item in it.

A problem found later (a wrong type, an unknown key) is reported with the line it is on, so
parsing keeps a map from each key path to its line. A path is a tuple of keys and list
indexes from the top: ("version", "requirements", 2, "text") is the text of the third
requirement. YAML positions come from PyYAML's composed node tree; JSON is parsed by `json`
(its syntax errors carry the line and column) and then walked by a small scanner of our own
for the positions, since `json` keeps none.
"""

import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring

import yaml

Path = tuple[str | int, ...]


class StandardFileError(Exception):
    """A standard file refused: every problem found, each naming its line and key path."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Source:
    """Parsed data with the line (counted from 1) of each path, and the keys given twice."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[Path, int]] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """The line of `path`, or of the nearest enclosing path that is in the file."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def detect_format(text: str) -> str:
    return "json" if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")) else "yaml"


def parse(text: str, fmt: str | None = None) -> Source:
    fmt = fmt or detect_format(text)
    if fmt == "json":
        return _parse_json(text)
    if fmt == "yaml":
        return _parse_yaml(text)
    raise ValueError(f"unknown format {fmt!r}")


# --- YAML ------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader without timestamps: a date stays the text it was, so a bad date (2019-13-01)
    is a line-precise problem of the file instead of an exception while loading."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


# The parsers' most common complaints in the administrator's words; others are quoted as the
# parser gives them. Matched at the start of the parser's message.
SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "titik dua tidak boleh di sini; apit teks yang memuat titik dua dengan tanda kutip",
    ),
    ("found character '\\t'", "karakter tab tidak boleh dipakai; pakai spasi untuk indentasi"),
    ("could not find expected ':'", "tanda titik dua sesudah nama kunci tidak ditemukan"),
    ("expected <block end>", "indentasi baris ini tidak sejajar dengan baris sebelumnya"),
    ("found duplicate anchor", "jangkar (&) yang sama dipakai dua kali"),
    ("found undefined alias", "alias (*) tanpa jangkar (&)"),
    ("while scanning a quoted scalar", "teks tidak ditutup tanda kutip"),
    ("found unexpected end of stream", "berkas berakhir sebelum teks atau daftar ditutup"),
    ("Expecting ':' delimiter", "diharapkan tanda titik dua"),
    ("Expecting ',' delimiter", "diharapkan tanda koma di antara dua unsur"),
    (
        "Expecting property name enclosed in double quotes",
        "nama kunci harus diapit tanda kutip ganda (dan tanpa koma sesudah unsur terakhir)",
    ),
    ("Expecting value", "nilai tidak ditemukan"),
    ("Extra data", "ada teks sesudah akhir data"),
    ("Unterminated string", "teks tidak ditutup tanda kutip"),
    ("Invalid control character", "karakter kendali (misalnya baris baru) di dalam teks"),
)


def _in_words(problem: str) -> str:
    for start, words in SYNTAX_HINTS:
        if problem.startswith(start):
            return words
    return problem


def _parse_yaml(text: str) -> Source:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"Baris {mark.line + 1}, kolom {mark.column + 1}" if mark else "Berkas"
        problem = error.problem or error.context
        raise StandardFileError(
            [f"{where}: berkas bukan YAML yang sah ({_in_words(problem or '')})."]
        ) from None
    except yaml.YAMLError as error:
        raise StandardFileError([f"Berkas bukan YAML yang sah ({error})."]) from None
    finally:
        loader.dispose()
    source = Source(data)
    if node is not None:
        _walk_yaml(node, (), source)
    return source


def _walk_yaml(node: yaml.Node, path: Path, source: Source) -> None:
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                source.duplicates.append(((*path, key), line))
                continue
            seen.add(key)
            source.lines[(*path, key)] = line
            _walk_yaml(value_node, (*path, key), source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_yaml(item, (*path, index), source)


# --- JSON ------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def _parse_json(text: str) -> Source:
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"Baris {error.lineno}, kolom {error.colno}"
        raise StandardFileError(
            [f"{where}: berkas bukan JSON yang sah ({_in_words(error.msg)})."]
        ) from None
    source = Source(data)
    _JsonScanner(text, source).value(0, ())
    return source


class _JsonScanner:
    """Walks text that `json` has already accepted, noting the line of each key and item."""

    def __init__(self, text: str, source: Source):
        self.text = text
        self.source = source
        # The offsets where lines start, to turn an offset into a line number.
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(self, offset: int) -> int:
        low, high = 0, len(self.starts)
        while high - low > 1:
            middle = (low + high) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle
        return low + 1

    def skip(self, offset: int) -> int:
        return _WHITESPACE.match(self.text, offset).end()

    def value(self, offset: int, path: Path) -> int:
        offset = self.skip(offset)
        self.source.lines.setdefault(path, self.line_at(offset))
        char = self.text[offset]
        if char == "{":
            return self.mapping(offset + 1, path)
        if char == "[":
            return self.sequence(offset + 1, path)
        if char == '"':
            return scanstring(self.text, offset + 1)[1]
        return _SCALAR.match(self.text, offset).end()

    def mapping(self, offset: int, path: Path) -> int:
        seen = set()
        offset = self.skip(offset)
        if self.text[offset] == "}":
            return offset + 1
        while True:
            offset = self.skip(offset)
            line = self.line_at(offset)
            key, offset = scanstring(self.text, offset + 1)
            offset = self.skip(offset) + 1  # the colon
            if key in seen:
                self.source.duplicates.append(((*path, key), line))
                offset = self.value(offset, ("\0duplicate",))
            else:
                seen.add(key)
                self.source.lines[(*path, key)] = line
                offset = self.value(offset, (*path, key))
            offset = self.skip(offset)
            if self.text[offset] == "}":
                return offset + 1
            offset += 1  # the comma

    def sequence(self, offset: int, path: Path) -> int:
        offset = self.skip(offset)
        if self.text[offset] == "]":
            return offset + 1
        index = 0
        while True:
            offset = self.value(offset, (*path, index))
            offset = self.skip(offset)
            if self.text[offset] == "]":
                return offset + 1
            offset += 1
            index += 1
