"""The three flows of `specgen serve` in a real headless browser: Debian's chromium driven by Playwright (no browser
download: `executable_path` is the system's). Skips, saying why, when either is missing.

SPECGEN_SCREENSHOTS=DIR keeps the screenshots (docs/screenshots for the README); otherwise they go to tmp_path.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CHROMIUM = os.environ.get("SPECGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - CI installs it with the test extra
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="ブラウザテストを省略：playwright がありません（pip install -e '.[test]'）/ playwright not installed"),
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"ブラウザテストを省略：Chromium がありません（{CHROMIUM}; apt-get install chromium）/ no chromium"),
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--lang=ja-JP"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SPECGEN_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path
    return take


def _page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ja-JP", accept_downloads=True)
    return ctx, ctx.new_page()


def test_generate_and_download(browser, tmp_path, shots):
    from specgen.web import start

    running = start(tmp_path / "work", port=0, encoder="fuzzy")
    ctx, page = _page(browser)
    try:
        page.goto(running.url)
        assert page.url.endswith("/") and "token" not in page.url  # the token went into the cookie
        shots(page, "home")
        page.keyboard.press("Tab")  # keyboard: the skip link first, then the menu
        assert page.evaluate("document.activeElement.textContent") == "本文へ移動"
        page.get_by_role("link", name="仕様書を作る").first.click()
        page.get_by_label("自治体名").fill("テスト市")
        page.get_by_label("件名").fill("生成AIサービス利用業務")
        # choosing 3A shows the refusal on the page, without a reload
        page.locator("input[name=data_class][value='3A']").check()
        page.get_by_text("この組合せの仕様書は作成できません").wait_for()
        page.locator("input[name=data_class][value='3B']").check()
        page.get_by_role("heading", name="要件と条項の一覧").wait_for()
        page.evaluate("window.scrollTo(0, 0)")
        shots(page, "generate_form")
        n_before = page.locator("input[name^='clause:']:checked").count()
        box = page.locator("input[name^='clause:']:checked").nth(3)
        name = box.get_attribute("name")
        box.focus()
        page.keyboard.press("Space")  # keyboard only
        page.get_by_text("プロジェクトファイルで除外（remove）").wait_for()  # the live list re-tailored with the clause off
        assert page.locator("input[name^='clause:']:checked").count() == n_before - 1
        assert page.evaluate("document.activeElement.name") == name  # focus kept in the replaced list
        page.locator("h3", has_text="条項ごとの判断").scroll_into_view_if_needed()
        shots(page, "generate")
        page.get_by_role("button", name="この内容で作成する").click()
        page.get_by_text("仕様書を作成しました").wait_for()
        shots(page, "generate_done")
        with page.expect_download() as d:
            page.get_by_role("link", name="要件確認書・回答書（Excel）").click()
        path = tmp_path / "requirements.xlsx"
        d.value.save_as(path)
        import openpyxl

        wb = openpyxl.load_workbook(path)
        assert any("テスト市" in str(c.value or "") or "要件" in str(c.value or "") for ws in wb for row in ws.iter_rows(max_row=5) for c in row)
        with page.expect_download() as d:
            page.get_by_role("link", name="調達仕様書（Word）").click()
        assert d.value.suggested_filename == "spec.docx"
    finally:
        ctx.close()
        running.stop()


def test_committee_flow_survives_a_restart(browser, tmp_path, shots):
    from specgen.web import start

    work = tmp_path / "work"
    running = start(work, port=0)  # the default encoder: the timing below is what a committee sees
    ctx, page = _page(browser)
    try:
        page.goto(running.url)
        page.get_by_role("link", name="提案を評価する").first.click()
        page.get_by_label("案件名").fill("生成AIサービス 提案評価")
        page.locator("input[name=spec]").set_input_files(str(SAMPLES / "spec_city_genai.xlsx"))
        responses = sorted((SAMPLES / "responses").iterdir())
        page.locator("input[name=responses]").set_input_files([str(p) for p in responses[:4]])
        # the fifth by drag and drop onto the upload area
        data = base64.b64encode(responses[4].read_bytes()).decode()
        page.evaluate("""([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name));
            const zone = document.querySelector('.drop');
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""", [responses[4].name, data])
        assert "5 件" in page.locator(".drop .chosen").text_content()
        t0 = time.perf_counter()
        page.get_by_role("button", name="案件を作成する").click()
        page.get_by_role("button", name="採点を開始").click()
        page.locator("progress").wait_for()
        shots(page, "evaluation_progress")
        page.locator("table.matrix").wait_for(timeout=120_000)
        elapsed = time.perf_counter() - t0
        print(f"\nupload to results, five responses: {elapsed:.1f} s")
        assert page.locator("table.matrix thead th").count() == 6
        shots(page, "evaluation_matrix")
        page.get_by_label("要確認を先に").check()
        page.wait_for_url(re.compile(r"review=1"))
        cell = page.locator("table.matrix td a").first
        label = cell.get_attribute("aria-label")
        cell.focus()
        page.keyboard.press("Enter")  # keyboard only
        page.get_by_role("heading", name="委員の判断").wait_for()
        cell_url = page.url
        page.get_by_label("委員名").fill("委員A")
        page.get_by_label("一部", exact=True).check()
        page.get_by_label("判断理由").fill("条件付きの回答のため一部とする")
        page.get_by_role("button", name="記録する").click()
        page.get_by_text("判断を記録しました").wait_for()
        shots(page, "evaluation_cell")
    finally:
        ctx.close()
        running.stop()

    # a new server on the same folder: a new token, the same record
    again = start(work, port=0)
    ctx, page = _page(browser)
    try:
        page.goto(again.url)
        page.get_by_role("link", name="生成AIサービス 提案評価").click()
        new_cell = re.sub(r"^http://[^/]+", again.url.split("/?")[0], cell_url)
        page.goto(new_cell)
        assert page.get_by_text("条件付きの回答のため一部とする").is_visible()
        assert label and label.split("：")[0].split()[0] in page.locator("h1").text_content()
        page.get_by_role("link", name="← 比較へ戻る").click()
        page.get_by_role("link", name="総括・価格・評価表").click()
        page.locator("input[name=price]").first.fill("1,200万円")
        page.locator("form.price button").first.click()
        page.get_by_text("12,000,000 円を記録しました").wait_for()
        page.get_by_role("button", name="評価表（evaluation.xlsx）を作成する").click()
        page.get_by_text("評価表を作成しました").wait_for()
        page.evaluate("window.scrollTo(0, 0)")
        shots(page, "evaluation_summary")
        with page.expect_download() as d:
            page.get_by_role("link", name="評価表（Excel）").click()
        path = tmp_path / "evaluation.xlsx"
        d.value.save_as(path)
    finally:
        ctx.close()
        again.stop()
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert {"総括", "判定"} <= set(wb.sheetnames)
    texts = [str(c) for row in wb["判定"].iter_rows(values_only=True) for c in row if c]
    assert any("条件付きの回答のため一部とする" in t for t in texts)
    assert 12_000_000 in [c for row in wb["総括"].iter_rows(values_only=True) for c in row]


def test_vendor_precheck(browser, tmp_path, shots):
    from specgen.web import start

    running = start(tmp_path / "work", port=0, encoder="fuzzy")
    ctx, page = _page(browser)
    try:
        page.goto(running.url)
        page.get_by_role("link", name="回答を事前確認する").first.click()
        page.locator("input[name=spec]").set_input_files(str(SAMPLES / "spec_city_genai.xlsx"))
        page.locator("input[name=responses]").set_input_files(str(SAMPLES / "responses" / "vendor_d_delta.xlsx"))
        page.get_by_role("button", name="確認する").click()
        page.get_by_text("充足にならない項目").wait_for(timeout=60_000)
        assert page.locator("article.finding").count() >= 1
        assert "失格候補" in page.locator("article.finding").first.text_content()
        shots(page, "precheck")
        with page.expect_download() as d:
            page.get_by_role("link", name="一覧（Excel で開ける CSV）").click()
        text = Path(d.value.path()).read_bytes().decode("utf-8")
        assert text.startswith("\ufeff要件番号")
    finally:
        ctx.close()
        running.stop()
