"""Rebuild the example specs in this folder: python docs/examples/build_examples.py [--pdf]

Three typical procurements, each from its project file (fictional municipalities):
  3B_cloud  — クラウドサービス, 自治体機密性3B, 個人情報あり (窓口予約・受付管理)
  3C_sns    — LINE公式アカウント連携, 自治体機密性3C, 個人情報あり (電子申請)
  2_genai   — 生成AIサービス, 自治体機密性2, 個人情報なし
--pdf also converts spec.docx and spec_internal.docx to PDF with LibreOffice (soffice on PATH).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# fixed time so the examples only change when the generator does
FIXED = dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
CASES = {
    "3B_cloud": ("3B", "cloud", True, "project_3B_cloud.yaml"),
    "3C_sns": ("3C", "sns", None, "project_3C_sns.yaml"),
    "2_genai": ("2", "genai", None, "project_2_genai.yaml"),
}


def build(name: str):
    from specgen.catalog.load import load_library
    from specgen.profile.project import load_project
    from specgen.resolve.tailor import tailor

    data_class, service, personal, project_file = CASES[name]
    library = load_library()
    return tailor(library, data_class, service, personal, project=load_project(HERE / project_file, library), now=FIXED)


def main() -> None:
    from specgen.generate import write_outputs

    for name in CASES:
        out = HERE / name
        write_outputs(build(name), out)
        if "--pdf" in sys.argv:
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            if not soffice:
                sys.exit("LibreOffice (soffice) not found: apt-get install libreoffice-writer fonts-noto-cjk")
            with tempfile.TemporaryDirectory() as tmp:  # a private profile: works beside a running LibreOffice
                subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                                "--outdir", str(out), str(out / "spec.docx"), str(out / "spec_internal.docx")],
                               check=True, capture_output=True)
        print(f"{name}: {', '.join(sorted(p.name for p in out.iterdir()))}")


if __name__ == "__main__":
    main()
