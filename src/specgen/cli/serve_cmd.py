"""specgen serve: the local web page (generate, committee evaluation, vendor pre-check) on this PC only."""

from __future__ import annotations

from pathlib import Path

import typer


def serve(
    port: int = typer.Option(8765, "--port", metavar="N", help="ポート番号（0 で空いている番号）/ port (0: any free port)."),
    workdir: Path = typer.Option(Path("specgen-work"), "--workdir", metavar="DIR", help="案件を保存するフォルダ / where cases are kept."),
    no_browser: bool = typer.Option(False, "--no-browser", help="ブラウザを自動で開かない / do not open the browser."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDR", help="待ち受けるアドレス（既定 127.0.0.1：このパソコンだけ）/ bind address."),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="127.0.0.1 以外のアドレスを許可する（警告が出ます）/ allow a non-loopback --host."),
    encoder: str | None = typer.Option(None, "--encoder", "-e", metavar="NAME", help="照合方式（specgen score と同じ）/ matching encoder."),
    verbose: bool = typer.Option(False, "--verbose", help="リクエストを表示 / log every request."),
) -> None:
    """ブラウザで使う画面：仕様書を作る・提案を評価する・回答を事前確認する（このパソコンの中だけで動作）/ Local web page."""
    import os

    from ..web.server import serve as run

    if not 0 <= port <= 65535:
        from ..errors import UsageError

        raise UsageError(f"--port {port}: 0〜65535 を指定してください / port out of range")
    run(workdir, port, host, allow_remote, not no_browser, encoder, verbose, bool(os.environ.get("SPECGEN_DEBUG")))
