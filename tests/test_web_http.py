"""`specgen serve` over HTTP: the safety checks (token, Host, Origin, limits, uploads, escaping) and every route."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from specgen.errors import UsageError
from specgen.web import start
from specgen.web.forms import Limits
from web_client import Client, field, multipart, raw, wait_done

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
LIMITS = Limits(max_files=6, max_file_bytes=2_000_000, max_request_bytes=8_000_000)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start(tmp_path_factory.mktemp("work"), port=0, encoder="fuzzy", limits=LIMITS, token="t0ken-for-tests")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    return Client(server.url)


@pytest.fixture(scope="module")
def scored(client):
    """One evaluation of the five samples, scored (shared by the committee tests)."""
    files = [("spec", "spec_city_genai.xlsx", (SAMPLES / "spec_city_genai.xlsx").read_bytes())]
    files += [("responses", p.name, p.read_bytes()) for p in sorted((SAMPLES / "responses").iterdir())]
    r = client.post("/evaluations", {"title": "サンプル評価"}, files)
    assert r.status == 200, r.text
    cid = r.url.rsplit("/", 1)[1]
    assert client.post(f"/cases/{cid}/score").status == 200
    assert wait_done(client, cid)["state"] == "done"
    return cid


# --- token, Host, Origin ------------------------------------------------------------------------------------

def test_token_in_url_becomes_a_strict_httponly_cookie_and_leaves_the_address(server):
    status, _ = raw(server.port, "GET", "/", {"Host": f"127.0.0.1:{server.port}"})
    assert status == 403
    import http.client

    c = http.client.HTTPConnection("127.0.0.1", server.port)
    c.request("GET", "/generate?token=t0ken-for-tests&x=1")
    r = c.getresponse()
    r.read()
    c.close()
    assert r.status == 303 and r.getheader("Location") == "/generate?x=1"
    cookie = r.getheader("Set-Cookie")
    assert f"specgen_{server.port}=t0ken-for-tests" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize("headers", [{"Cookie": "specgen_1=t0ken-for-tests"}, {"Cookie": "x=1"}, {}])
def test_wrong_or_missing_token_is_refused(server, headers):
    status, body = raw(server.port, "GET", "/?token=wrong", {"Host": f"127.0.0.1:{server.port}", **headers})
    assert status == 403 and "token" in body.decode()


def test_foreign_host_is_refused_even_with_the_token(server):
    """DNS rebinding: a page at evil.example resolving to 127.0.0.1 sends Host: evil.example."""
    cookie = f"specgen_{server.port}=t0ken-for-tests"
    assert raw(server.port, "GET", "/", {"Host": f"127.0.0.1:{server.port}", "Cookie": cookie})[0] == 200
    assert raw(server.port, "GET", "/", {"Host": f"localhost:{server.port}", "Cookie": cookie})[0] == 200
    assert raw(server.port, "GET", "/", {"Host": f"evil.example:{server.port}", "Cookie": cookie})[0] == 421
    assert raw(server.port, "GET", "/", {"Cookie": cookie})[0] == 421


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null", "http://127.0.0.1:1"])
def test_state_changing_requests_need_this_servers_origin(server, origin):
    cookie = f"specgen_{server.port}=t0ken-for-tests"
    headers = {"Host": f"127.0.0.1:{server.port}", "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    if origin:
        headers["Origin"] = origin
    status, body = raw(server.port, "POST", "/generate/preview", headers, b"data_class=3B&service=genai")
    assert status == 403 and "Origin" in body.decode()
    headers["Origin"] = f"http://127.0.0.1:{server.port}"
    assert raw(server.port, "POST", "/generate/preview", headers, b"data_class=3B&service=genai")[0] == 200


def test_a_cross_site_fetch_is_refused_even_with_a_matching_origin(server):
    headers = {"Host": f"127.0.0.1:{server.port}", "Cookie": f"specgen_{server.port}=t0ken-for-tests",
               "Origin": f"http://127.0.0.1:{server.port}", "Sec-Fetch-Site": "cross-site"}
    assert raw(server.port, "POST", "/generate/preview", headers, b"")[0] == 403


def test_only_loopback_unless_allowed(tmp_path):
    with pytest.raises(UsageError, match="--allow-remote"):
        start(tmp_path, port=0, host="0.0.0.0")


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Frame-Options"] == "DENY" and r.headers["Referrer-Policy"] == "same-origin"


def test_pages_reference_only_bundled_assets(client):
    for path in ("/", "/generate", "/evaluations/new", "/precheck"):
        page = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', page), path
    css = client.get("/static/style.css")
    assert css.status == 200 and "@import" not in css.text and "url(" not in css.text
    assert client.get("/static/app.js").status == 200
    assert client.get("/static/..%2Fapp.py").status == 404 and client.get("/static/app.py").status == 404


# --- uploads -----------------------------------------------------------------------------------------------

def test_oversized_file_too_many_files_and_oversized_request_are_refused(client, server):
    big = b"PK\x03\x04" + b"0" * (LIMITS.max_file_bytes + 10)
    r = client.post("/precheck", {}, [("spec", "s.xlsx", b"x"), ("responses", "big.xlsx", big)])
    assert r.status == 413 and "大きすぎます" in r.text
    many = [("responses", f"r{i}.xlsx", b"x") for i in range(LIMITS.max_files + 1)]
    r = client.post("/precheck", {}, many)
    assert r.status == 413 and f"{LIMITS.max_files} 個まで" in r.text
    # a request announcing more than the limit is refused before its body is read
    _body, ctype = multipart({}, [("spec", "s.xlsx", b"0" * 100)])
    headers = {"Host": f"127.0.0.1:{server.port}", "Cookie": f"specgen_{server.port}=t0ken-for-tests",
               "Origin": f"http://127.0.0.1:{server.port}", "Content-Type": ctype, "Content-Length": str(LIMITS.max_request_bytes + 1)}
    status, body = raw(server.port, "POST", "/precheck", headers)
    assert status == 413 and "大きすぎます" in body.decode()


def test_bad_uploads_are_named_and_not_kept(client, tmp_path):
    spec = (SAMPLES / "spec_city_genai.xlsx").read_bytes()
    r = client.post("/evaluations", {"title": "不正なファイル"}, [("spec", "spec.xlsx", spec),
                                                             ("responses", "提案書.pdf", b"%PDF-1.4"),
                                                             ("responses", "回答.xlsx", b"<html>not a workbook</html>"),
                                                             ("responses", "古い.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100)])
    assert r.status == 400
    alerts = " ".join(r.alerts())
    assert "提案書.pdf: この形式のファイルは受け付けません" in alerts
    assert "回答.xlsx: HTML/XML ファイルです" in alerts
    assert "古い.xls: この形式のファイルは受け付けません" in alerts
    cid = re.search(r'action="/cases/([^/]+)/responses"', r.text).group(1)
    case = client.get(f"/cases/{cid}").text
    assert "回答ファイルはまだありません" in case


def test_file_names_never_become_paths(client, server):
    spec = (SAMPLES / "spec_city_genai.xlsx").read_bytes()
    answer = (SAMPLES / "responses" / "vendor_a_alpha.xlsx").read_bytes()
    r = client.post("/evaluations", {"title": "名前"}, [("spec", "../../../spec.xlsx", spec),
                                                      ("responses", "..\\..\\CON.xlsx", answer),
                                                      ("responses", "/etc/passwd.xlsx", answer)])
    assert r.status == 200
    cid = r.url.rsplit("/", 1)[1]
    root = server.app.store.root / cid
    data = json.loads((root / "case.json").read_text(encoding="utf-8"))
    stored = [data["spec"]["file"]] + [x["file"] for x in data["responses"]]
    assert stored == ["spec/01/spec.xlsx", "responses/01/_CON.xlsx", "responses/02/passwd.xlsx"]
    assert all((root / s).resolve().is_relative_to(root.resolve()) for s in stored)
    assert not (server.app.store.root.parent / "spec.xlsx").exists()


# --- 仕様書を作る ----------------------------------------------------------------------------------------

def test_generate_shows_refusals_in_japanese(client):
    r = client.post("/generate/preview", {"data_class": "3A", "service": "genai"})
    assert "この組合せの仕様書は作成できません" in r.text and "3A" in r.alerts()[0]
    r = client.post("/generate/preview", {"data_class": "1", "service": "genai", "personal": "yes"})
    assert "個人情報" in r.alerts()[0]
    r = client.post("/generate", {"data_class": "2", "service": "cloud", "tos": "1", "action": "make"})
    assert r.status == 422 and "約款" in " ".join(r.alerts())


def test_generate_validates_with_the_project_model(client, tmp_path):
    """The message is the CLI's for the same project file (same model, same wording)."""
    from specgen.catalog.load import load_library
    from specgen.errors import ProjectFileError
    from specgen.profile.project import load_project

    r = client.post("/generate/preview", {"data_class": "3B", "service": "genai", "period_start": "2028-04-01", "period_end": "2027-03-31"})
    shown = r.alerts()[0]
    p = tmp_path / "p.yaml"
    p.write_text("period:\n  start: 2028-04-01\n  end: 2027-03-31\n", encoding="utf-8")
    with pytest.raises(ProjectFileError) as e:
        load_project(p, load_library())
    cli_msg = str(e.value).split(": ", 2)[-1]
    assert cli_msg in shown and shown.strip().startswith("入力を確認してください。履行期間")


def test_generate_list_shows_sources_and_reasons(client):
    page = client.get("/generate").text
    assert "要件と条項の一覧" in page and "出典：" in page and "対象外" in page
    assert "自治体機密性1以下の場合の条項（本件は機密性3B）" in page  # the tailoring's reason for an excluded clause


def test_generate_make_writes_the_cli_outputs_and_a_reusable_project_file(client, server):
    from specgen.generate import build_spec

    form = {"data_class": "3B", "service": "genai", "personal": "auto", "municipality": "テスト市", "title": "生成AI利用業務",
            "period_start": "2027-04-01", "period_end": "2028-03-31", "param:concurrent_users": "120"}
    first = client.post("/generate/preview", form).text
    # the officer switches off one included clause and makes one requirement 任意
    clauses = re.findall(r'name="clause:([^"]+)" value="1" checked', first)
    musts = re.findall(r'name="must:([^"]+)"', first)
    off, optional = clauses[5], next(m for m in musts if m != clauses[5])
    excluded = re.findall(r'name="clause:([^"]+)" value="1"\s+aria-label', first)
    extra = next(c for c in excluded if c.startswith("PAY-"))  # a payment clause the genai spec leaves out
    form |= {"has_clauses": "1", "clauses_for": "3B/genai/auto/0", "action": "make"}
    form |= {f"clause:{c}": "1" for c in clauses if c != off} | {f"clause:{extra}": "1"}
    form |= {f"must:{m}": ("0" if m == optional else "1") for m in musts}
    r = client.post("/generate", form)
    assert r.status == 200 and "仕様書を作成しました" in r.text
    cid = r.url.rsplit("/", 1)[1]
    for name in ("spec.docx", "spec_internal.docx", "requirements.xlsx", "spec.json", "spec.md", "spec_internal.md", "project.yaml"):
        d = client.get(f"/cases/{cid}/download/{name}")
        assert d.status == 200 and len(d.body) > 100 and "attachment" in d.headers["Content-Disposition"], name
    project = server.app.store.root / cid / "project.yaml"
    text = project.read_text(encoding="utf-8")
    assert f"remove:\n- {off}" in text and f"{optional}: false" in text and "concurrent_users: 120" in text
    assert f"add:\n- {extra}" in text
    again = build_spec("3B", "genai", project_file=project)
    spec = json.loads(client.get(f"/cases/{cid}/download/spec.json").text)
    assert [r["text"] for r in spec["requirements"]] == [r.text for r in again.requirements]
    assert off not in {r.clause_id for r in again.requirements}
    assert any(d.clause_id == extra and d.included and "add" in d.reason for d in again.decisions)
    assert any("120" in r.text for r in again.requirements)


# --- 提案を評価する --------------------------------------------------------------------------------------

def test_matrix_filters_and_cell(client, scored):
    page = client.get(f"/cases/{scored}").text
    rows = page.count('<tr><th scope="row">')
    assert rows > 20 and page.count('<td class="st ') == 5 * rows
    vendors = re.findall(r'<th scope="col">([^<]+)<br>', page)
    assert len(vendors) == 5 and "株式会社アルファ情報" in vendors
    only_unmet = client.get(f"/cases/{scored}?status=unmet").text
    rows = re.findall(r'<tr><th scope="row">(.*?)</tr>', only_unmet, re.S)
    assert rows and all('class="st unmet"' in row for row in rows)
    mandatory = client.get(f"/cases/{scored}?mandatory=1").text
    assert "任意</span>" not in mandatory.split("<tbody>")[1]
    link = re.search(r'href="(/cases/[^"]+/cell\?[^"]+)"', page).group(1).replace("&amp;", "&")
    cell = client.get(link)
    assert cell.status == 200 and "ツールの判定" in cell.text and "根拠（回答の記載）" in cell.text


def test_decisions_are_recorded_with_conflicts_and_shared_with_the_cli(client, scored, server):
    from specgen.evaluation.ledger import Ledger

    page = client.get(f"/cases/{scored}").text
    link = re.findall(r'href="(/cases/[^"]+/cell\?[^"]+)"', page)[3].replace("&amp;", "&")
    cell = client.get(link).text
    v, r, versions = field(cell, "v"), field(cell, "r"), field(cell, "versions")
    ok = client.post(f"/cases/{scored}/decision", {"v": v, "r": r, "versions": versions, "member": "委員A", "status": "partial", "reason": "条件付き"})
    assert ok.status == 200 and "判断を記録しました" in ok.text
    # the same member from a page opened before that decision: not written, the current one shown
    stale = client.post(f"/cases/{scored}/decision", {"v": v, "r": r, "versions": versions, "member": "委員Ａ", "status": "met", "reason": "古い画面"})
    assert stale.status == 409 and "別の画面で変更されています" in stale.text and "条件付き" in stale.text
    # another member at the same time: their own record; the disagreement is shown
    other = client.post(f"/cases/{scored}/decision", {"v": v, "r": r, "versions": versions, "member": "委員B", "status": "unmet", "reason": "不足"})
    assert other.status == 200 and "委員間で判断が分かれています" in other.text
    # missing reason, bad status, control character in a name
    for bad, msg in (({"status": "met", "reason": ""}, "判断理由"), ({"status": "maybe", "reason": "x"}, "判定を選んで"),
                     ({"status": "met", "reason": "x", "member": "委員\x07"}, "制御文字")):
        form = {"v": v, "r": r, "versions": field(other.text, "versions"), "member": "委員C"} | bad
        got = client.post(f"/cases/{scored}/decision", form)
        assert got.status == 400 and msg in got.text
    record = server.app.store.root / scored / "eval" / "committee.json"
    assert json.loads(record.read_text(encoding="utf-8"))["last_run"]  # compare's run id is kept
    ledger = Ledger.load(record)
    mine = [(e.member, e.status, e.source) for e in ledger.events if e.type == "decision"]
    assert ("委員A", "partial", "Web画面") in mine and ("委員B", "unmet", "Web画面") in mine and len(mine) == 2


def test_prices_and_summary_and_workbook(client, scored):
    import io

    import openpyxl

    page = client.get(f"/cases/{scored}/summary").text
    keys = re.findall(r'name="v" value="([^"]+)"', page)
    assert len(keys) == 5
    bad = client.post(f"/cases/{scored}/price", {"v": keys[0], "price": "-5"})
    assert bad.status == 400 and "入札価格" in bad.text
    good = client.post(f"/cases/{scored}/price", {"v": keys[0], "price": "1,200万円"})
    assert "12,000,000 円を記録しました" in good.text
    assert client.post(f"/cases/{scored}/workbook").status == 200
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/cases/{scored}/download/evaluation.xlsx").body))
    assert "総括" in wb.sheetnames and "判定" in wb.sheetnames
    values = [c for row in wb["総括"].iter_rows(values_only=True) for c in row]
    assert 12_000_000 in values


def test_unknown_case_file_and_route(client, scored):
    assert client.get("/cases/20990101-000000-abcdef").status == 404
    assert client.get("/cases/../../etc").status == 404
    assert client.get(f"/cases/{scored}/download/case.json").status == 404
    assert client.get(f"/cases/{scored}/download/..%2Fcase.json").status == 404
    assert client.get("/nothing").status == 404
    assert client.post("/").status == 405
    assert client.get(f"/cases/{scored}/cell?v=nobody&r=1").status == 404


def test_vendor_text_is_escaped_everywhere(client, tmp_path):
    from builders import SPEC_ROWS, answer_xlsx, spec_xlsx

    evil = "<script>alert('x')</script><b>太字</b>"
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    rows = [(rid, text, "○" if rid != "2" else "△", f"{evil}国内に保存します" if rid == "2" else "対応します") for rid, _c, text in SPEC_ROWS]
    ans = answer_xlsx(tmp_path / "a.xlsx", rows, vendor=f"<script>alert(1)</script>{'<img src=x onerror=alert(2)>'}株式会社")
    r = client.post("/evaluations", {"title": "<script>alert(3)</script>"}, [("spec", "s.xlsx", spec.read_bytes()),
                                                                          ("responses", "<b>x</b>.xlsx", ans.read_bytes())])
    cid = r.url.rsplit("/", 1)[1]
    client.post(f"/cases/{cid}/score")
    assert wait_done(client, cid)["state"] == "done"
    pages = [client.get(f"/cases/{cid}").text, client.get(f"/cases/{cid}/summary").text, client.get("/").text]
    link = re.search(r'href="(/cases/[^"]+/cell\?[^"]+r=2)"', pages[0]).group(1).replace("&amp;", "&")
    pages.append(client.get(link).text)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages[-1]
    for p in pages:
        assert "<script>alert" not in p and "<img src=x" not in p and "<b>太字" not in p
        assert re.findall(r"<script\b[^>]*>", p) == ['<script src="/static/app.js" defer>']
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]


def test_restart_keeps_decisions(tmp_path):
    """Decisions are in the case folder: a new server on the same --workdir shows them."""
    first = start(tmp_path, port=0, encoder="fuzzy")
    try:
        c = Client(first.url)
        files = [("spec", "spec.xlsx", (SAMPLES / "spec_city_genai.xlsx").read_bytes()),
                 ("responses", "d.xlsx", (SAMPLES / "responses" / "vendor_d_delta.xlsx").read_bytes())]
        cid = c.post("/evaluations", {"title": "再起動"}, files).url.rsplit("/", 1)[1]
        c.post(f"/cases/{cid}/score")
        wait_done(c, cid)
        link = re.search(r'href="(/cases/[^"]+/cell\?[^"]+)"', c.get(f"/cases/{cid}").text).group(1).replace("&amp;", "&")
        cell = c.get(link).text
        c.post(f"/cases/{cid}/decision", {"v": field(cell, "v"), "r": field(cell, "r"), "versions": "{}", "member": "委員長",
                                          "status": "unmet", "reason": "再起動後も残ること"})
    finally:
        first.stop()
    second = start(tmp_path, port=0, encoder="fuzzy")
    try:
        c2 = Client(second.url)
        assert "再起動" in c2.get("/").text
        assert "再起動後も残ること" in c2.get(link).text
    finally:
        second.stop()


# --- 回答を事前確認する ----------------------------------------------------------------------------------

def test_precheck_lists_findings_with_fixes_and_a_safe_csv(client):
    files = [("spec", "spec.xlsx", (SAMPLES / "spec_city_genai.xlsx").read_bytes()),
             ("responses", "vendor_d_delta.xlsx", (SAMPLES / "responses" / "vendor_d_delta.xlsx").read_bytes())]
    r = client.post("/precheck", {}, files)
    cid = r.url.rsplit("/", 1)[1]
    assert wait_done(client, cid)["state"] == "done"
    page = client.get(f"/cases/{cid}").text
    assert "充足にならない項目" in page and "充足にするには" in page and "委員会に見える判定理由" in page
    assert "必須要件のうち 不充足・記載なし" in page
    csv = client.get(f"/cases/{cid}/download/precheck.csv").body.decode("utf-8")
    assert csv.startswith("\ufeff要件番号,必須/任意,判定")
    data = json.loads(client.get(f"/cases/{cid}/download/precheck.json").text)
    assert data["findings"] and data["exit_code"] == 3
    import csv as csvmod
    import io

    for row in csvmod.reader(io.StringIO(csv.lstrip("\ufeff"))):
        assert not any(cell[:1] in "=+-@" for cell in row if cell)


def test_precheck_needs_both_files(client):
    r = client.post("/precheck", {}, [("spec", "spec.xlsx", (SAMPLES / "spec_city_genai.xlsx").read_bytes())])
    assert r.status == 400 and "自社の回答ファイル" in r.text


def test_cli_serve_is_registered_and_refuses_remote_without_the_option():
    from specgen.cli import run

    assert run(["serve", "--host", "0.0.0.0", "--no-browser", "--port", "0"]) == 64


def test_the_cli_does_not_load_the_web_page():
    """`specgen serve` is registered, but nothing of the server is imported until it runs (CLI cold start)."""
    import subprocess
    import sys

    code = ("import sys, specgen.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('specgen.web') or m in ('http.server', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_members_deciding_at_the_same_moment_lose_nothing(client, scored, server):
    """Ten decisions posted at once (two members, five cells) from ten threads: all ten are in committee.json."""
    import threading

    from specgen.evaluation.ledger import Ledger

    page = client.get(f"/cases/{scored}").text
    links = [u.replace("&amp;", "&") for u in re.findall(r'href="(/cases/[^"]+/cell\?[^"]+)"', page)][10:15]
    forms = []
    for link in links:
        cell = client.get(link).text
        for member in ("同時委員X", "同時委員Y"):
            forms.append({"v": field(cell, "v"), "r": field(cell, "r"), "versions": field(cell, "versions"), "member": member,
                          "status": "met", "reason": f"{member} の判断"})
    statuses = []
    threads = [threading.Thread(target=lambda f=f: statuses.append(client.post(f"/cases/{scored}/decision", f).status)) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 10
    ledger = Ledger.load(server.app.store.root / scored / "eval" / "committee.json")
    got = {(e.vendor_key, e.req, e.member) for e in ledger.events if e.member.startswith("同時委員")}
    assert len(got) == 10


def test_a_failed_scoring_is_explained_with_the_uploaded_name(client):
    spec = (SAMPLES / "spec_city_genai.xlsx").read_bytes()
    r = client.post("/evaluations", {"title": "仕様を回答として"}, [("spec", "spec.xlsx", spec), ("responses", "市の仕様書.xlsx", spec)])
    cid = r.url.rsplit("/", 1)[1]
    client.post(f"/cases/{cid}/score")
    assert wait_done(client, cid)["state"] == "failed"
    page = client.get(f"/cases/{cid}")
    assert "採点できませんでした" in page.text and "市の仕様書.xlsx" in page.text and "事業者の回答" in page.text


def test_scoring_stopped_by_a_restart_is_reported(tmp_path):
    first = start(tmp_path, port=0, encoder="fuzzy")
    try:
        c = Client(first.url)
        files = [("spec", "spec.xlsx", (SAMPLES / "spec_city_genai.xlsx").read_bytes()),
                 ("responses", "d.xlsx", (SAMPLES / "responses" / "vendor_d_delta.xlsx").read_bytes())]
        cid = c.post("/evaluations", {"title": "中断"}, files).url.rsplit("/", 1)[1]
        first.app.store.get(cid).update(scoring_started="2026-11-23T10:00:00")  # as if the server died while scoring
    finally:
        first.stop()
    second = start(tmp_path, port=0, encoder="fuzzy")
    try:
        page = Client(second.url).get(f"/cases/{cid}").text
        assert "前回の採点（2026-11-23 10:00:00 開始）は完了していません" in page
    finally:
        second.stop()


def test_the_cli_compare_reads_the_decisions_made_on_the_page(client, scored, server):
    """One record: `specgen compare --score-json eval/score.json --out eval` writes the page's decision into 判定."""
    import openpyxl

    from specgen.cli import run

    page = client.get(f"/cases/{scored}").text
    link = re.findall(r'href="(/cases/[^"]+/cell\?[^"]+)"', page)[20].replace("&amp;", "&")
    cell = client.get(link).text
    client.post(f"/cases/{scored}/decision", {"v": field(cell, "v"), "r": field(cell, "r"), "versions": field(cell, "versions"),
                                              "member": "委員Z", "status": "missing", "reason": "画面で記録した判断"})
    folder = server.app.store.root / scored / "eval"
    assert run(["compare", "--score-json", str(folder / "score.json"), "--out", str(folder), "--quiet"]) == 0
    wb = openpyxl.load_workbook(folder / "evaluation.xlsx")
    assert any("画面で記録した判断" in str(c) for row in wb["判定"].iter_rows(values_only=True) for c in row if c)


def test_an_evaluation_from_a_generated_spec(client, server):
    r = client.post("/generate", {"data_class": "2", "service": "cloud", "personal": "no", "title": "クラウド利用", "action": "make"})
    spec_case = r.url.rsplit("/", 1)[1]
    assert f'/evaluations/new?from={spec_case}' in r.text
    form = client.get(f"/evaluations/new?from={spec_case}").text
    assert f'<option value="{spec_case}" selected>' in form
    e = client.post("/evaluations", {"title": "", "from_case": spec_case})
    cid = e.url.rsplit("/", 1)[1]
    case = server.app.store.get(cid)
    assert case.title == "クラウド利用" and case.spec_path().read_bytes() == (server.app.store.root / spec_case / "gen" / "spec.json").read_bytes()
    assert client.post("/evaluations", {"from_case": cid}).status == 400  # an evaluation is not a spec


def test_the_chair_settles_a_dispute(client, scored):
    page = client.get(f"/cases/{scored}").text
    link = re.findall(r'href="(/cases/[^"]+/cell\?[^"]+)"', page)[30].replace("&amp;", "&")
    cell = client.get(link).text
    base = {"v": field(cell, "v"), "r": field(cell, "r"), "versions": field(cell, "versions")}
    client.post(f"/cases/{scored}/decision", base | {"member": "議長", "status": "partial", "reason": "一部と判断"})
    shown = client.post(f"/cases/{scored}/decision", base | {"member": "委員Q", "status": "unmet", "reason": "不充足と判断"}).text
    assert "現在の判定：<strong>要調整</strong>" in shown
    r = client.post(f"/cases/{scored}/chair", {"chair": "議長"})
    assert "委員長を 議長 さんとしました" in r.text
    settled = client.get(link).text
    assert "現在の判定：<strong>一部</strong>（委員長 議長 の判断）" in settled
