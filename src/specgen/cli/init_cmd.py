"""specgen init: write a commented project-file template."""

from __future__ import annotations

from pathlib import Path

import typer

TEMPLATE = """\
# specgen プロジェクトファイル / project file
# 使い方: specgen generate --data-class 3B --service genai --project project.yaml --out out/
# 不明なキーはエラーになります（綴りの誤りを防ぐため）。○ の残る値は生成時に「注意」として表示されます。

municipality: ○○市          # 発注者名（必ず設定）
city_term: 本市              # 仕様書中での発注者の呼び方（本区、本町 等）
department: 総務部情報政策課  # 担当課（任意）
title: 令和9年度 生成AIサービス利用業務  # 件名
# purpose: 本業務は…を目的とする。   # 目的（省略時はサービス種別から作成）
period:                      # 履行期間（文字列でも可: "契約締結日から令和10年3月31日まで"）
  start: 2027-04-01
  end: 2028-03-31
calendar: 和暦               # 日付の表記: 和暦（令和9年4月1日）/ 西暦（2027年4月1日）

# 条項のパラメータ（`specgen clauses` で条項を確認できます）
params:
  concurrent_users: 50           # 同時接続数
  availability: "99.9%"          # 稼働率
  log_retention: 1年             # ログ保存期間
  incident_report_deadline: 1時間  # インシデント第一報の期限
  report_interval: 毎月          # 報告の頻度（毎月 / 四半期 等）
  deletion_deadline: 30日        # 利用終了後のデータ消去期限
  storage_region: 日本国内        # 保存場所
  # court: ○○地方裁判所           # 第一審の専属的合意管轄裁判所（既定: 本市の所在地を管轄する地方裁判所）
  # pi_special_terms: ○○市個人情報取扱特記事項  # 個人情報の特記事項の正式名称（未設定の間は「注意」に表示）
  # 生成AI: 出典（令和7年5月）の例のモデル名が既定です。調達時点のモデルに合わせてください。
  # standard_models: GPT3.5turbo、Gemini1.5 Flash、Claude3Haiku   # 文字数無制限で利用するモデル
  # premium_models: GPT-4o                                        # 月間利用文字数を定めるモデル
  # ismap_lists: ISMAPクラウドサービスリスト   # 認める登録リスト（既定: 3B/3C はISMAPのみ、2 はISMAP-LIUも可）

# 条項の追加・除外（条項IDで指定）
add: []        # 例: [LINE-OA-EMERG]
remove: []     # 例: [GAI-10]

# 必須/任意の上書き（true=必須, false=任意）
mandatory: {}  # 例: {GAI-09: true}

# 配点（評価用。未指定は既定の配点）
weights: {}    # 例: {GAI-13: 10}
"""


def init(
    out: Path = typer.Option(Path("project.yaml"), "--out", "-o", help="Where to write the template."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented project-file template (YAML)."""
    from ..errors import SpecgenError
    from ..files.atomic import write_text_atomic

    if out.exists() and not force:
        raise SpecgenError(f"{out} は既に存在します / already exists; use --force to overwrite")
    write_text_atomic(out, TEMPLATE)
    typer.echo(f"wrote {out}")
