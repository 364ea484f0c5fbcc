"""Build the labelled sample set: a municipal requirement list and five vendor responses.

Run `python samples/build_samples.py` to rebuild the files in samples/ (they are committed, so
anyone can open them). `expected.yaml` holds the status a careful evaluator gives each answer.
The responses imitate real ones: re-laid-out sheets, own numbering, paraphrase, ◯〇●▲✕ marks,
full-width digits, line breaks inside cells, two answer sheets plus a notes sheet, Word proposals
in prose and tables.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
SPEC = yaml.safe_load((HERE / "requirements_city_genai.yaml").read_text(encoding="utf-8"))
REQS = {r[0]: r for r in SPEC["requirements"]}

# ---------------------------------------------------------------- vendor A: same layout, mostly ○
A = {
    1: ("○", "LGWAN-ASP（ASPサービス登録済）で提供します。インターネット経由の利用時は接続元IPアドレスで制限できます。", "met"),
    2: ("○", "Microsoft Edge、Google Chromeの最新版に対応しています。", "met"),
    3: ("○", "計画停止を除き24時間365日ご利用いただけます。", "met"),
    4: ("○", "アカウント数の上限はありません。", "met"),
    5: ("○", "同時接続300ユーザーまで性能を検証済みです。", "met"),
    6: ("○", "東日本リージョンでGPT-4o、Gemini 1.5 Flash、Claude 3 Haikuを提供し、画面上で切り替えられます。", "met"),
    7: ("○", "管理画面で利用可能なモデルを設定できます。", "met"),
    8: ("△", "上位モデルは月300万文字まで標準。500万文字までの拡張は別途費用となります。", "partial"),
    9: ("○", "音声認識は標準機能です。画像認識は有償オプションでの提供となります。", "partial"),
    10: ("○", "DALL-E 3による画像生成に対応しています。", "met"),
    11: ("○", "入力データは学習に利用しません。Azure OpenAI Serviceの不正利用監視のオプトアウト承認を取得済みです。", "met"),
    12: ("○", "氏名・住所・電話番号等のカテゴリ別検知と禁止ワード登録により、送信前にブロックします。", "met"),
    13: ("△", "RAG機能はオプション（月額別途費用）で提供します。", "partial"),
    14: (None, None, "missing"),
    15: ("○", "自治体業務向けプロンプトテンプレートを200種類搭載しています。", "met"),
    16: ("○", "ID・パスワードによる認証に対応しています。", "met"),
    17: ("○", "アカウント別の利用状況をCSVでダウンロードできます。", "met"),
    18: ("○", "利用者・管理者の権限設定、所属別グループ管理に対応しています。", "met"),
    19: ("○", "操作履歴を管理画面で確認できます。", "met"),
    20: ("○", "入出力データは東京・大阪の国内データセンターにのみ保存します。", "met"),
    21: ("○", "ISMAPクラウドサービスリストに登録済みです（登録番号 C23-0001-1）。", "met"),
    22: ("○", "通信はTLS1.2以上、保存データはAES-256で暗号化しています。", "met"),
    23: ("○", "管理者には多要素認証を必須としています。", "met"),
    24: ("○", "インシデント認知後1時間以内に第一報を行います。", "met"),
    25: ("○", "貴市の情報を本業務の目的以外に利用することはありません。", "met"),
    26: ("○", "準拠法は日本法、管轄は東京地方裁判所とします。", "met"),
    27: ("○", "再委託の際は事前に承認を得ます。", "met"),
    28: ("○", "月間稼働率99.95%のSLAを保証します。", "met"),
    29: ("○", "貴市又は貴市が指定する第三者による監査を受け入れます。", "met"),
    30: ("○", "データを返却のうえ復元不可能な方法で消去し、消去証明書を提出します。", "met"),
    31: ("○", "ISO/IEC 27001認証を取得しています（IS 123456）。", "met"),
    32: ("○", "操作ログは3年間保存します。", "met"),
    33: ("○", "復旧手順書を運用開始前に提出します。", "met"),
    34: ("○", "全従業員に年2回の情報セキュリティ教育を実施しています。", "met"),
    35: ("○", "原則として6か月前までに通知し、データ移行を支援します。", "partial"),
}

# ------------------------------------------- vendor B: re-laid out, own numbering, paraphrased, two sheets
B = {
    1: ("機-01", "LGWAN-ASPでの提供\nインターネット利用時のIP制限", "◯", "LGWAN-ASPとして提供。\nインターネット経由はIPアドレス制限が可能。", "met"),
    2: ("機-02", "対応ブラウザ（Edge・Chrome）", "〇", "両ブラウザに対応", "met"),
    3: ("機-03", "２４時間３６５日利用可能", "●", "計画停止を除き２４時間３６５日稼働", "met"),
    4: ("機-04", "アカウント数無制限", "◯", "無制限", "met"),
    5: ("機-05", "同時接続５０以上", "▲", "標準は同時３０接続。５０接続には追加ライセンス（有償）が必要です。", "partial"),
    6: ("機-06", "国内リージョンの複数モデル・切替", "〇", "東日本リージョンでGPT-4o、Gemini、Claudeを提供し、利用者が画面で切替可能。", "met"),
    7: ("機-07", "管理者による利用モデルの制限", "◯", "管理者設定で制限可能", "met"),
    8: ("機-08", "上位モデル月５００万文字以上・上限設定", "◯", "月間５００万文字まで利用可。上限値の設定も可能。", "met"),
    9: ("機-09", "音声認識・画像認識", "✕", "画像認識は未対応です。", "unmet"),
    10: ("機-10", "画像生成", "〇", "対応", "met"),
    11: ("機-11", "入力データを学習に使わない", "◯", "入力内容がAIの学習に使われることはありません。", "met"),
    12: ("機-12", "禁止ワード・個人情報の入力ブロック", "▲", "禁止ワードの設定は可能。個人情報カテゴリでの自動検知は次期バージョンで対応予定です。", "partial"),
    13: ("機-13", "RAGによる庁内文書の活用", "◯", "PDF・Word・Excelを取り込み、回答を生成できます。", "met"),
    15: ("機-14", "自治体向けプロンプトテンプレート", "◯", "標準搭載", "met"),
    16: ("機-15", "ID・パスワード認証", "◯", "ID・パスワード認証に加えSAML連携も可能。", "met"),
    17: ("機-16", "利用状況のCSV出力", "◯", "アカウント別利用状況をCSV出力可能", "met"),
    18: ("機-17", "権限設定・グループ分け", "◯", "所属別のグループ管理に対応", "met"),
    19: ("機-18", "操作履歴の確認", "〇", "操作ログを画面で確認可能\n（CSV出力も可）", "met"),
    20: ("非-01", "データの国内保存", "◯", "東京・大阪リージョンにのみ保存します。", "met"),
    21: ("非-02", "ISMAP登録", "△", "基盤のAWSはISMAP登録済。本サービス自体はISMAP-LIUを申請中です。", "unmet"),
    22: ("非-03", "通信・保存データの暗号化", "◯", "TLS1.2以上。保存時はAES-256で暗号化。", "met"),
    23: ("非-04", "管理者の多要素認証", "◯", "対応", "met"),
    24: ("非-05", "インシデント報告（１時間以内）", "◯", "検知後１時間以内に第一報を行います。", "met"),
    25: ("非-06", "目的外利用の禁止", "◯", "目的外利用はいたしません。", "met"),
    26: ("非-07", "準拠法・管轄", "◯", "日本法に準拠し、東京地方裁判所を専属的合意管轄とします。", "met"),
    27: ("非-08", "再委託の事前承認", "◯", "事前に承認をいただきます。", "met"),
    28: ("非-09", "SLA（稼働率99.9%）", "◯", "SLA 99.9%を保証", "met"),
    29: ("非-10", "セキュリティ監査の受入れ", "▲", "書面による監査に対応します。実地監査は別途協議とさせてください。", "partial"),
    30: ("非-11", "データ返却・消去証明", "◯", "返却後に消去し、消去証明書を発行します。", "met"),
    31: ("非-12", "ISMS認証", "◯", "ISO/IEC 27001・27017を取得済み。", "met"),
    32: ("非-13", "操作ログ1年以上保存", "◯", "操作ログは１年間保存します。", "met"),
    33: ("非-14", "復旧手順の提出", "◯", "運用開始前に提出します。", "met"),
    34: ("非-15", "従事者教育", "◯", "年1回以上実施しています。", "met"),
    35: ("非-16", "終了時の事前通知・移行支援", "◯", "6か月前までに通知し、CSVでのデータ提供等の移行支援を行います。", "met"),
}
B_EXPECTED_EXTRA = {14: "missing"}

# ---------------------------------------------------------------- vendor D: contradictions and refusals
D = {
    1: ("不可", "LGWAN-ASPには対応していません。インターネット経由でのご利用となります。", "unmet"),
    2: ("可", "", "met"),
    3: ("可", "原則24時間365日利用可能です。", "met"),
    4: ("可", "", "met"),
    5: ("可", "", "met"),
    6: ("可", "米国リージョンのモデルを利用します。", "unmet"),
    7: ("可", "", "met"),
    8: ("一部可", "上限設定は可能です。文字数は月100万文字までとなります。", "partial"),
    9: ("不可", "", "unmet"),
    10: ("不可", "", "unmet"),
    11: ("可", "入力データはサービス品質向上のために利用する場合があります。", "unmet"),
    12: ("一部可", "禁止ワードのみ設定可能です。", "partial"),
    13: ("", "", "missing"),
    14: ("可", "", "met"),
    15: ("－", "", "missing"),
    16: ("可", "", "met"),
    17: ("可", "", "met"),
    18: ("可", "", "met"),
    19: ("可", "", "met"),
    20: ("可", "データはシンガポールのデータセンターに保存します。", "unmet"),
    21: ("可", "現在ISMAP登録を申請中です（2027年度取得予定）。", "unmet"),
    22: ("可", "", "met"),
    23: ("一部可", "多要素認証は有償オプションです。", "partial"),
    24: ("可", "1時間以内に報告します。", "met"),
    25: ("可", "", "met"),
    26: ("可", "準拠法は米国カリフォルニア州法、管轄はカリフォルニア州の裁判所とします。", "unmet"),
    27: ("可", "", "met"),
    28: ("可", "稼働率の保証（SLA）は設けておりません。", "unmet"),
    29: ("不可", "監査の受入れはできかねます。", "unmet"),
    30: ("可", "データは消去します（消去証明書の発行は別途費用となります）。", "partial"),
    31: ("可", "ISO/IEC 27001は来年度取得予定です。", "unmet"),
    32: ("可", "", "met"),
    33: ("可", "", "met"),
    34: ("可", "", "met"),
    35: ("一部可", "3か月前までに通知します。", "partial"),
}

# ---------------------------------------------------------------- vendor C: Word proposal in prose
C_DOC = [
    ("h", "提案書　生成AIサービス導入業務"),
    ("p", "提案者：株式会社シーテック"),
    ("h", "1. 会社概要"),
    ("p", "当社は2005年の創業以来、自治体向けのクラウドサービスを開発・提供してまいりました。現在、全国120団体にご利用いただいております。"),
    ("h", "2. サービスの提供形態"),
    ("p", "本サービスはLGWAN-ASPとして提供しており、インターネット経由の利用時は接続元IPアドレスを制限できます。"),
    ("p", "対応ブラウザはMicrosoft Edge及びGoogle Chromeです。"),
    ("p", "サービスは計画メンテナンスを除き24時間365日ご利用いただけます。"),
    ("h", "3. アカウント"),
    ("b", "アカウント数に上限はなく、職員全員分を追加費用なしで発行できます。"),
    ("b", "同時接続は100ユーザーまで性能を保証しています。"),
    ("h", "4. 生成AIモデル"),
    ("p", "国内リージョンで稼働するGPT-4o、Gemini、Claudeを利用者が選択して利用できます。"),
    ("p", "管理者は、利用可能なモデルを管理画面で制限できます。"),
    ("p", "上位モデルは月間500万文字まで利用でき、組織単位で上限を設定可能です。"),
    ("h", "5. 主な機能"),
    ("b", "音声入力による文字起こしに対応しています。画像の内容の読み取りにも対応します。"),
    ("b", "RAG（庁内文書の検索連携）機能は、今後のバージョンアップで提供予定です。"),
    ("b", "プロンプトのテンプレートは作成・共有が可能で、自治体業務向けのプロンプト集を100種類以上標準搭載しています。"),
    ("h", "6. データの取扱い"),
    ("p", "お客様が入力したデータをAIモデルの学習に利用することはありません。"),
    ("p", "個人情報（氏名・住所・電話番号）の入力を検知した場合は警告を表示して送信をブロックします。禁止ワードも管理者が任意に登録できます。"),
    ("p", "入力・出力データは国内のデータセンターに保存します。"),
    ("h", "7. セキュリティ"),
    ("p", "本サービスはISMAPクラウドサービスリストに登録済みです（登録番号：C24-0123-1）。"),
    ("p", "通信はTLS1.3で暗号化し、保存データはAES-256で暗号化しています。"),
    ("p", "管理者のログインには多要素認証を必須としています。"),
    ("p", "情報セキュリティインシデントが発生した場合は、原則として2時間以内にご報告します。"),
    ("h", "8. 利用者管理"),
    ("p", "ログインはユーザーIDとパスワードで認証します。"),
    ("p", "利用状況はアカウント別に集計し、CSV形式でダウンロードできます。"),
    ("p", "権限は利用者と管理者に分かれ、所属ごとにグループを作成できます。"),
    ("p", "誰が・いつ・どのような操作をしたかの履歴を管理画面で確認できます。"),
    ("h", "9. 契約条件"),
    ("p", "契約の準拠法は日本法、合意管轄は東京地方裁判所とします。"),
    ("p", "業務の一部を再委託する場合は、事前に貴市の承認を得ます。"),
    ("p", "SLAとして月間稼働率99.9%を保証します。"),
    ("p", "情報セキュリティ監査については、当社が取得している第三者認証の監査報告書の提出をもって代えさせていただきます。"),
    ("p", "契約終了時はデータを返却し、復元できない方法で消去したうえで消去証明書を発行します。"),
    ("p", "当社はISO/IEC 27001認証を取得しています。"),
]
C_EXPECTED = {1: "met", 2: "met", 3: "met", 4: "met", 5: "met", 6: "met", 7: "met", 8: "met", 9: "met", 10: "missing",
              11: "met", 12: "met", 13: "partial", 14: "met", 15: "met", 16: "met", 17: "met", 18: "met", 19: "met",
              20: "met", 21: "met", 22: "met", 23: "met", 24: "partial", 25: "missing", 26: "met", 27: "met", 28: "met",
              29: "partial", 30: "met", 31: "met", 32: "missing", 33: "missing", 34: "missing", 35: "missing"}

# ---------------------------------------------- vendor E: Word proposal with an answer table plus prose
E_ROWS = {
    1: ("標準", "LGWAN-ASP提供。インターネット接続時はIP制限可。", "met"),
    2: ("標準", "", "met"),
    3: ("標準", "計画停止を除く。", "met"),
    4: ("標準", "", "met"),
    5: ("標準", "最大200同時接続。", "met"),
    6: ("標準", "国内リージョンのみで推論。モデル切替可。", "met"),
    7: ("カスタマイズ", "管理画面の改修により対応します。", "partial"),
    8: ("オプション", "500万文字プランは上位プラン（有償）で提供。", "partial"),
    9: ("代替", "音声は外部の文字起こしツールを併用して対応します。", "partial"),
    10: ("未対応", "", "unmet"),
    11: ("標準", "入力データは学習には利用されません。", "met"),
    12: ("標準", "個人情報カテゴリ・禁止ワードで入力をブロック。", "met"),
    13: ("オプション", "", "partial"),
    14: ("標準", "", "met"),
    15: ("一部対応", "テンプレートは30種類。自治体向けは今後拡充予定。", "partial"),
    16: ("標準", "", "met"),
    17: ("標準", "CSV出力可。", "met"),
    18: ("標準", "", "met"),
    19: ("標準", "", "met"),
    20: ("標準", "国内（東日本・西日本）リージョンにのみ保存。", "met"),
    21: ("対応", "ISMAP登録済み（登録番号 C23-0456-1）。", "met"),
    22: ("対応", "", "met"),
    23: ("対応", "", "met"),
    24: ("対応", "1時間以内に第一報。", "met"),
    25: ("対応", "", "met"),
    26: ("対応", "", "met"),
    27: ("対応", "", "met"),
    28: ("対応", "稼働率99.9%を保証。", "met"),
    29: ("対応", "", "met"),
    30: ("対応", "", "met"),
    31: ("対応", "ISO/IEC 27001、27017認証取得。", "met"),
    32: ("対応", "操作ログは5年間保存。", "met"),
    33: ("対応", "", "met"),
    34: ("対応", "", "met"),
}
E_PROSE = [
    ("h", "提案書"),
    ("p", "イプシロン株式会社"),
    ("h", "1. 要件への対応状況"),
    ("p", "仕様書の各要件への対応状況は次表のとおりです。"),
    ("table", None),
    ("h", "2. サービス終了時の対応"),
    ("p", "当社がサービスを終了する際は、6か月前までに貴市に通知し、データ移行を全面的に支援します。"),
]
E_EXPECTED = {k: v[2] for k, v in E_ROWS.items()} | {35: "met"}


def _short(text: str) -> str:
    return text if len(text) <= 28 else text[:26] + "…"


def build_spec_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "要件一覧"
    ws["A1"] = SPEC["title"]
    ws["A1"].font = Font(size=14, bold=True)
    ws.merge_cells("A1:E1")
    ws["A2"] = "○○市 総務部DX推進課"
    ws.append([])
    ws.append(["No.", "分類", "要件内容", "必須／任意", "備考"])
    row = 5
    prev = None
    start = row
    for rid, cat, mand, text in SPEC["requirements"]:
        ws.append([rid, cat, text, mand, None])
        ws.cell(row=row, column=3).alignment = Alignment(wrap_text=True)
        if cat != prev and prev is not None and row - 1 > start:
            ws.merge_cells(start_row=start, end_row=row - 1, start_column=2, end_column=2)
        if cat != prev:
            start = row
        prev = cat
        row += 1
    ws.column_dimensions["C"].width = 70
    wb.save(path)


def build_vendor_a(path: Path) -> dict:
    wb = Workbook()
    ws = wb.active
    ws.title = "回答書"
    ws["A1"] = SPEC["title"] + "　回答書"
    ws["A2"] = "事業者名"
    ws["C2"] = "株式会社アルファ情報"
    ws.append([])
    ws.append(["No.", "分類", "要件内容", "必須／任意", "対応可否", "備考（実現方法）"])
    for rid, cat, mand, text in SPEC["requirements"]:
        mark, remark, _ = A[rid]
        ws.append([rid, cat, text, mand, mark, remark])
    wb.save(path)
    return {rid: v[2] for rid, v in A.items()}


def build_vendor_b(path: Path) -> dict:
    wb = Workbook()
    notes = wb.active
    notes.title = "前提条件"
    notes["A1"] = "本回答の前提条件"
    notes["A2"] = "1. 価格は別紙見積書のとおりです。"
    notes["A3"] = "2. 回答内容は2026年11月時点の製品仕様に基づきます。"
    rng = random.Random(7)
    for title, prefix in (("機能要件回答", "機"), ("非機能要件回答", "非")):
        ws = wb.create_sheet(title)
        ws["A1"] = "回答者：ベータシステムズ株式会社"
        ws["A2"] = f"{title}（要求仕様に対する適合状況）"
        ws.append([])
        ws.append([])
        ws.append(["項番", "機能分類", "要求内容（要約）", "適合状況", "補足説明", "提案書頁"])
        rows = [(k, v) for k, v in B.items() if v[0].startswith(prefix)]
        rng.shuffle(rows)
        for k, (vid, short, mark, remark, _) in rows:
            ws.append([vid, REQS[k][1], short, mark, remark, f"p.{rng.randint(3, 40)}"])
    wb.save(path)
    return {k: v[4] for k, v in B.items()} | B_EXPECTED_EXTRA


def build_vendor_d(path: Path) -> dict:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "要件確認書（回答）"
    ws["A2"] = "会社名：株式会社デルタAI"
    ws.append([])
    ws.append(["No.", "分類", "要件内容", "必須／任意", "回答", "回答内容"])
    for rid, cat, mand, text in SPEC["requirements"]:
        mark, remark, _ = D[rid]
        ws.append([rid, cat, text, mand, mark, remark])
    wb.save(path)
    return {rid: v[2] for rid, v in D.items()}


def _add_blocks(doc, blocks, table_fn=None) -> None:
    for kind, text in blocks:
        if kind == "h":
            doc.add_heading(text, level=1 if text.startswith("提案書") else 2)
        elif kind == "p":
            doc.add_paragraph(text)
        elif kind == "b":
            doc.add_paragraph(text, style="List Bullet")
        elif kind == "table" and table_fn:
            table_fn(doc)


def build_vendor_c(path: Path) -> dict:
    doc = Document()
    _add_blocks(doc, C_DOC)
    doc.save(path)
    return dict(C_EXPECTED)


def build_vendor_e(path: Path) -> dict:
    doc = Document()

    def table(d):
        t = d.add_table(rows=1, cols=4)
        t.style = "Table Grid"
        for c, h in zip(t.rows[0].cells, ["番号", "要件（要約）", "対応", "回答内容"]):
            c.text = h
        for k, (mark, remark, _) in E_ROWS.items():
            cells = t.add_row().cells
            cells[0].text = f"E-{k}"
            cells[1].text = _short(REQS[k][3])
            cells[2].text = mark
            cells[3].text = remark

    _add_blocks(doc, E_PROSE, table)
    doc.save(path)
    return dict(E_EXPECTED)


def main() -> None:
    out = HERE / "responses"
    out.mkdir(exist_ok=True)
    build_spec_xlsx(HERE / "spec_city_genai.xlsx")
    expected = {
        "vendor_a_alpha.xlsx": build_vendor_a(out / "vendor_a_alpha.xlsx"),
        "vendor_b_beta.xlsx": build_vendor_b(out / "vendor_b_beta.xlsx"),
        "vendor_c_ctech.docx": build_vendor_c(out / "vendor_c_ctech.docx"),
        "vendor_d_delta.xlsx": build_vendor_d(out / "vendor_d_delta.xlsx"),
        "vendor_e_epsilon.docx": build_vendor_e(out / "vendor_e_epsilon.docx"),
    }
    for name, labels in expected.items():
        assert sorted(labels) == sorted(REQS), name
    header = "# Expected status per requirement (No. of spec_city_genai.xlsx) for each sample response.\n# Labelled by hand from the answer texts; see build_samples.py for the answers.\n"
    (HERE / "expected.yaml").write_text(header + yaml.safe_dump({k: {str(i): v[i] for i in sorted(v)} for k, v in expected.items()},
                                                                allow_unicode=True, sort_keys=False), encoding="utf-8")
    print("wrote", HERE / "spec_city_genai.xlsx", "and", len(expected), "responses")


if __name__ == "__main__":
    main()
