"""specgen command line: a thin typer shell over the library. Each command lives in its own module.

`main` turns every outcome into one readable line per problem and an exit code from errors.py (the README's
"Exit codes" table): usage mistakes (unknown option, missing option, bad option value) exit 64 with a Japanese
line first, bad input 1, a refusal 2, check's gaps 3, an output that cannot be written 73, a busy folder 75,
a bug 70.
"""

from __future__ import annotations

import sys

import typer

from ..errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, ProblemsError, SpecgenError, one_line
from . import audit_cmd, check_cmd, clauses_cmd, compare_cmd, generate_cmd, init_cmd, score_cmd, serve_cmd

app = typer.Typer(
    name="specgen",
    help="調達仕様書の生成と事業者回答の評価 / Tailored procurement specs and vendor-response scoring for Japanese local governments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("generate")(generate_cmd.generate)
app.command("clauses")(clauses_cmd.clauses)
app.command("init")(init_cmd.init)
app.command("score")(score_cmd.score)
app.command("compare")(compare_cmd.compare)
app.command("check")(check_cmd.check)
app.command("audit")(audit_cmd.audit)
app.command("serve")(serve_cmd.serve)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context, version: bool = typer.Option(False, "--version", help="バージョンを表示 / show the version and exit.", is_eager=True)) -> None:
    if version:
        from .. import __version__

        typer.echo(f"specgen {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def _usage_line(e) -> str:
    """A click usage error in Japanese first, the original English after 「/」, and where to find help."""
    from typer._click import exceptions as ce

    kind = type(e).__name__
    if isinstance(e, ce.NoSuchOption):
        ja = f"不明なオプションです：{e.option_name}"
        if e.possibilities:
            ja += f"（{'、'.join(sorted(e.possibilities))} のことですか？）"
    elif isinstance(e, ce.MissingParameter):
        ja = f"必要な指定がありません：{_hint(e)}"
    elif isinstance(e, ce.BadParameter):
        ja = f"{_hint(e)} の値が正しくありません"
    elif isinstance(e, ce.BadOptionUsage):
        ja = f"オプション {e.option_name} の使い方が正しくありません"
    elif kind == "BadArgumentUsage" or "unexpected extra argument" in e.format_message():
        ja = "余分な引数があります（オプション名の付け忘れ、又は値に空白がある場合は \"\" で囲んでください）"
    elif "No such command" in e.format_message():
        ja = "そのコマンドはありません（generate・clauses・init・score・compare・check・audit）"
    else:
        ja = "コマンドの指定が正しくありません"
    where = e.ctx.command_path if getattr(e, "ctx", None) is not None else "specgen"
    return f"specgen: {ja} / {one_line(e.format_message(), 200)}（使い方：{where} --help）"


def _hint(e) -> str:
    if getattr(e, "param", None) is not None and getattr(e.param, "opts", None):
        return " / ".join(f"'{o}'" for o in e.param.opts)
    return str(getattr(e, "param_hint", "") or "")


def _print_error(e: SpecgenError) -> None:
    if isinstance(e, ProblemsError):
        typer.echo(f"specgen: {one_line(e.summary, 400)}", err=True)
        for p in e.problems:
            typer.echo(f"  - {one_line(p, 400)}", err=True)
        return
    for line in str(e).split("\n"):
        if line.strip():
            typer.echo(f"specgen: {one_line(line, 400)}", err=True)


def run(args: list[str] | None = None) -> int:
    """Run the CLI on `args` and return the exit code (no sys.exit): the console entry point and tests use it."""
    import os

    from typer._click import exceptions as ce

    try:
        rv = app(args=list(sys.argv[1:] if args is None else args), prog_name="specgen", standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except ce.NoArgsIsHelpError as e:
        typer.echo(e.ctx.get_help())
        return 0
    except ce.UsageError as e:
        typer.echo(_usage_line(e), err=True)
        return EXIT_USAGE
    except typer.Abort:
        typer.echo("specgen: 中断しました / interrupted", err=True)
        return EXIT_INTERRUPTED
    except SpecgenError as e:
        _print_error(e)
        return e.exit_code
    except KeyboardInterrupt:
        typer.echo("specgen: 中断しました / interrupted", err=True)
        return EXIT_INTERRUPTED
    except MemoryError:
        typer.echo("specgen: メモリが不足しました。入力ファイルが大きすぎる可能性があります / out of memory", err=True)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_BAD_INPUT
    except Exception as e:  # a bug, not bad input: still one line; SPECGEN_DEBUG=1 shows the traceback
        if os.environ.get("SPECGEN_DEBUG"):
            raise
        typer.echo(f"specgen: 内部エラー / internal error: {type(e).__name__}: {one_line(e, 200)}（SPECGEN_DEBUG=1 で詳細）", err=True)
        return EXIT_INTERNAL


def main() -> None:
    """Console entry point."""
    sys.exit(run())
