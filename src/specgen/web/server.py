"""Start the page: bind (loopback unless told otherwise), print and open the address with the run's token."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .http import LOOPBACK, Guard, Server, make_server, serve_in_thread


@dataclass
class Running:
    server: Server
    app: object
    url: str  # with the token

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start(workdir: Path, port: int = 8765, host: str = "127.0.0.1", allow_remote: bool = False, encoder: str | None = None,
          token: str | None = None, verbose: bool = False, debug: bool = False, limits=None) -> Running:
    """Bind and serve in a background thread (tests and `serve` use it). Port 0 picks a free port."""
    from .app import App

    if host not in LOOPBACK and not allow_remote:
        raise UsageError(f"--host {host}: このパソコン以外からの接続は既定では受け付けません。必要な場合だけ --allow-remote を付けてください / "
                         "only loopback addresses unless --allow-remote")
    app = App(Path(workdir), encoder=encoder, limits=limits, verbose=verbose, debug=debug)
    try:
        server = make_server(app, host, port)
    except OSError as e:
        raise UsageError(f"--port {port}: このポートは使えません（{e.strerror or e}）。別の番号を --port で指定してください / port unavailable") from None
    guard = Guard(host, server.server_address[1], token)
    app.bind(guard)
    serve_in_thread(server)
    shown = "127.0.0.1" if host in LOOPBACK else host
    shown = f"[{shown}]" if ":" in shown else shown
    return Running(server, app, f"http://{shown}:{guard.port}/?token={guard.token}")


def serve(workdir: Path, port: int = 8765, host: str = "127.0.0.1", allow_remote: bool = False, open_browser: bool = True,
          encoder: str | None = None, verbose: bool = False, debug: bool = False) -> None:
    import threading
    import time

    if host not in LOOPBACK and allow_remote:
        sys.stderr.write(f"specgen serve: 警告：{host} で待ち受けます。同じネットワークの他のパソコンからも接続できます（token を知っている場合）。"
                         "入札書類を扱う場合は推奨しません / warning: listening beyond this PC\n")
    t0 = time.perf_counter()
    running = start(workdir, port, host, allow_remote, encoder, verbose=verbose, debug=debug)
    print(f"specgen serve: {running.url}", flush=True)
    print(f"  作業フォルダ / workdir: {Path(workdir).resolve()}", flush=True)
    print(f"  このアドレスをブラウザ（Edge・Chrome）で開いてください。終了するには Ctrl+C（起動 {time.perf_counter() - t0:.2f} 秒）", flush=True)
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(running.url,), daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("specgen serve: 終了しました / stopped", flush=True)
    finally:
        running.stop()
