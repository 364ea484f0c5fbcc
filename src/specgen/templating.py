"""jinja2, always sandboxed: clause texts and the document's wording (`render_text`), the bundled spec.md
template (`bundled_template`), and a user's own template in a bounded sandbox (`render_user_template`: no file
access, size, loop and time limits)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, UndefinedError  # noqa: F401 - TemplateError is part of this module's API
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import InputFileError, SpecgenError, one_line
from .files.safety import LIMITS, read_bytes_capped

# {{ city }} / {{ p.name }}: most clause texts use nothing else
_SIMPLE = re.compile(r"{{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*}}")


@cache
def environment() -> ImmutableSandboxedEnvironment:
    # Sandboxed even for our own clause files: project files and custom templates come from users.
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@cache
def bundled_template(folder: str, name: str):
    """A template shipped with specgen (templates/spec.md.j2): block tags do not leave blank lines."""
    from jinja2 import FileSystemLoader

    env = ImmutableSandboxedEnvironment(loader=FileSystemLoader(folder), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(name)


@cache
def _compiled(template: str):
    # clause texts repeat across specs: compiling them once makes tailoring several times faster
    return environment().from_string(template)


def _lookup(context: dict, dotted: str) -> str:
    head, _, attr = dotted.partition(".")
    if head not in context:
        raise UndefinedError(f"'{head}' is undefined")
    value = context[head]
    if attr:
        if not isinstance(value, dict) or attr not in value:
            raise UndefinedError(f"'{dotted}' is undefined")
        value = value[attr]
    return str(value)


def render_text(template: str, context: dict) -> str:
    """Render one clause text; raises jinja2.TemplateError on unknown names.

    Plain texts and texts with only {{ name }} / {{ p.name }} are filled without compiling a template (same output,
    a fraction of the cold-start time); anything else goes through the sandboxed jinja2 environment."""
    if "{" not in template:
        return template.strip()
    if "{%" not in template and "{#" not in template and "{{" not in _SIMPLE.sub("", template):
        return _SIMPLE.sub(lambda m: _lookup(context, m.group(1)), template).strip()
    return _compiled(template).render(**context).strip()


# --- user templates (spec.md) --------------------------------------------------------------------------

MAX_TEMPLATE_OUTPUT = 5_000_000
MAX_SEQUENCE = 100_000
MAX_LOOP_NESTING = 3
MAX_ITERATIONS = 1_000_000  # all loop steps of one rendering together
TEMPLATE_SECONDS = 10.0


def render_user_template(path: Path, context: dict, error: type[SpecgenError] = InputFileError,
                         max_output: int = MAX_TEMPLATE_OUTPUT, seconds: float = TEMPLATE_SECONDS) -> str:
    """Render a user's jinja2 template in a bounded sandbox; every failure is one line naming the file.

    Beyond jinja2's sandbox (no attribute tricks, no Python internals): no {% include %}/{% import %}/
    {% extends %} (a template cannot read other files), loops nested at most 3 deep, sequences and
    repetitions (`'x' * n`, `[1] * n`, `center(n)`, `range(n)`) at most 100,000 long, numbers kept small,
    output at most 5 MB, and (POSIX main thread) at most 10 s.
    """
    path = Path(path)
    raw = read_bytes_capped(path, LIMITS.max_text_bytes, "テンプレート")
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: テンプレートが UTF-8 ではありません / not UTF-8") from None
    env = _bounded_sandbox()
    context = {k: env.counted(v) for k, v in context.items()}
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = env.parse(source)
    except TemplateSyntaxError as e:
        raise error(f"{path} line {e.lineno}: テンプレートの構文エラー / template syntax error: {one_line(e.message, 160)}") from None
    except RecursionError:
        raise error(f"{path}: テンプレートの入れ子が深すぎます / template nested too deeply") from None
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        raise error(f"{path} line {node.lineno}: include / import / extends は使えません（1つのファイルに書いてください）/ "
                    "templates may not load other files")
    if _loop_depth(tree, nodes) > MAX_LOOP_NESTING:
        raise error(f"{path}: for の入れ子が深すぎます（{MAX_LOOP_NESTING} 段まで）/ loops nested too deeply")
    try:
        template = env.from_string(tree)
    except Exception as e:  # noqa: BLE001 - a user template may fail in many ways; each is a template problem
        raise error(f"{path}: テンプレートを読み込めません / cannot compile template ({type(e).__name__}: {one_line(e, 120)})") from None
    out: list[str] = []
    size = 0
    try:
        with _deadline(seconds):
            for piece in template.generate(**context):
                size += len(piece)
                if size > max_output:
                    raise error(f"{path}: テンプレートの出力が大きすぎます（{max_output:,} 文字まで）/ template output too large")
                out.append(piece)
    except SpecgenError:
        raise
    except _TemplateTimeout:
        raise error(f"{path}: テンプレートの描画が {seconds:.0f} 秒を超えました / template took too long") from None
    except Exception as e:  # noqa: BLE001
        from jinja2.exceptions import SecurityError

        kind = "安全でない操作は使えません / unsafe operation blocked by the sandbox" if isinstance(e, SecurityError) else "テンプレートを描画できません / cannot render"
        raise error(f"{path}: {kind} ({type(e).__name__}: {one_line(e, 120)})") from None
    return "".join(out)


def _loop_depth(node, nodes, depth: int = 0) -> int:
    here = depth + 1 if isinstance(node, nodes.For) else depth
    deepest = here
    for child in node.iter_child_nodes():
        deepest = max(deepest, _loop_depth(child, nodes, here))
    return deepest


class _TemplateTimeout(Exception):
    pass


class _deadline:
    """SIGALRM-based time limit; a no-op where signals are unavailable (Windows, threads)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = False

    def __enter__(self):
        import signal
        import threading

        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            if signal.getitimer(signal.ITIMER_REAL)[0] == 0:  # do not disturb a timer someone else set
                self.old = signal.signal(signal.SIGALRM, self._fire)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                self.active = True
        return self

    @staticmethod
    def _fire(_sig, _frame):
        raise _TemplateTimeout()

    def __exit__(self, *exc):
        if self.active:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


def _bounded_sandbox():
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def _len(x) -> int:
        try:
            return len(x)
        except TypeError:
            return 0

    def _small_int(n, what: str) -> int:
        if isinstance(n, bool) or not isinstance(n, int):
            try:
                n = int(n)
            except (TypeError, ValueError, OverflowError):
                raise SecurityError(f"{what}: not a number") from None
        if abs(n) > MAX_SEQUENCE:
            raise SecurityError(f"{what} {n} is larger than {MAX_SEQUENCE}")
        return n

    class Bounded(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "+", "%", "//", "/"])
        intercepted_unops = frozenset()

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                        if _len(seq) * max(n, 0) > MAX_SEQUENCE:
                            raise SecurityError("repetition too long")
            elif operator == "**":
                if isinstance(right, (int, float)) and abs(right) > 64 or isinstance(left, (int, float)) and abs(left) > 10**6 and abs(right) > 2:
                    raise SecurityError("power too large")
            elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
                if _len(left) + _len(right) > MAX_TEMPLATE_OUTPUT:
                    raise SecurityError("concatenation too long")
            elif operator == "%" and isinstance(left, str):
                if any(int(w) > MAX_SEQUENCE for w in re.findall(r"%[-#0 +]*(\d{1,12})", left) + re.findall(r"%[-#0 +]*\d*\.(\d{1,12})", left)):
                    raise SecurityError("format width too large")
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is not None and re.search(r"\{[^{}]*:[^{}]*?(\d{6,}|\{)", value.__self__):
                def refuse(*_a, **_k):  # '{:>999999999}'.format(…) or a width taken from an argument
                    raise SecurityError("format width too large")
                return refuse
            return wrapped

    env = Bounded(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    base = dict(env.filters)
    budget = {"left": MAX_ITERATIONS}

    class Counted(list):
        """A list whose iteration draws on the rendering's loop budget (nested loops multiply quickly)."""

        def __iter__(self):
            for item in list.__iter__(self):
                budget["left"] -= 1
                if budget["left"] < 0:
                    raise SecurityError(f"loops ran more than {MAX_ITERATIONS:,} steps")
                yield item

    def counted(value):
        if isinstance(value, (list, tuple)) and not isinstance(value, Counted):
            return Counted(value)
        return value

    env.counted = counted  # type: ignore[attr-defined]

    def bounded(name: str, index: int):
        """The filter `name` with its size argument (position `index` after the value) kept small."""
        f = base[name]
        passes = getattr(f, "jinja_pass_arg", None)

        def check(args, kwargs) -> None:
            if len(args) > index:
                _small_int(args[index], name)
            for k in ("width", "length", "linecount", "slices"):
                if k in kwargs:
                    _small_int(kwargs[k], name)

        if passes is None:
            def wrapper(value, *args, **kwargs):
                check(args, kwargs)
                return f(value, *args, **kwargs)
        else:
            def wrapper(first, value, *args, **kwargs):
                check(args, kwargs)
                return f(first, value, *args, **kwargs)

            wrapper.jinja_pass_arg = passes  # type: ignore[attr-defined]
        return wrapper

    for name in ("center", "indent", "wordwrap", "truncate", "batch", "slice"):
        if name in base:
            env.filters[name] = bounded(name, 0)

    def _format(value, *args, **kwargs):
        if isinstance(value, str) and any(int(w) > MAX_SEQUENCE for w in re.findall(r"%[-#0 +]*(\d{1,12})", value)):
            raise SecurityError("format width too large")
        return base["format"](value, *args, **kwargs)

    env.filters["format"] = _format

    def _range(*args):
        for a in args:
            _small_int(a, "range")
        r = range(*args)
        if len(r) > MAX_SEQUENCE:
            raise SecurityError("range too long")
        return counted(list(r))

    env.globals["range"] = _range
    env.globals.pop("lipsum", None)  # lipsum(n) writes n paragraphs of filler: nothing a spec needs
    return env
