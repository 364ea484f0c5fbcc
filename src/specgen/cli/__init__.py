"""specgen command line: a thin typer shell over the library. Each command lives in its own module."""

from __future__ import annotations

import sys

import typer

from ..errors import SpecgenError
from . import check_cmd, clauses_cmd, compare_cmd, generate_cmd, init_cmd, score_cmd

app = typer.Typer(
    name="specgen",
    help="調達仕様書の生成と事業者回答の評価 / Tailored procurement specs and vendor-response scoring for Japanese local governments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("generate")(generate_cmd.generate)
app.command("clauses")(clauses_cmd.clauses)
app.command("init")(init_cmd.init)
app.command("score")(score_cmd.score)
app.command("compare")(compare_cmd.compare)
app.command("check")(check_cmd.check)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context, version: bool = typer.Option(False, "--version", help="Show the version and exit.", is_eager=True)) -> None:
    if version:
        from .. import __version__

        typer.echo(f"specgen {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def main() -> None:
    """Console entry point: one readable line and a meaningful exit code for every SpecgenError."""
    try:
        app()  # standalone: click prints usage errors itself (exit 2)
    except SpecgenError as e:
        typer.echo(f"specgen: {e}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        typer.echo("specgen: 中断しました / interrupted", err=True)
        sys.exit(130)
    except MemoryError:
        typer.echo("specgen: メモリが不足しました。入力ファイルが大きすぎる可能性があります / out of memory", err=True)
        sys.exit(1)
    except Exception as e:  # a bug, not bad input: still one line; SPECGEN_DEBUG=1 shows the traceback
        import os

        if os.environ.get("SPECGEN_DEBUG"):
            raise
        typer.echo(f"specgen: 内部エラー / internal error: {type(e).__name__}: {str(e)[:200]} (SPECGEN_DEBUG=1 で詳細)", err=True)
        sys.exit(70)
