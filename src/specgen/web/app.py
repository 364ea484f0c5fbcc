"""The routes of `specgen serve`: each one reads the form, calls the library, renders a template."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from urllib.parse import quote

from ..errors import InputFileError, SpecgenError
from . import cases as C
from .forms import Limits
from .http import Guard, HTTPError, Request, Response, Router

HERE = Path(__file__).parent
STATIC = HERE / "static"
DOWNLOADS = {  # what a case offers for download: the name in the URL → the file in the case folder
    "spec": {n: f"gen/{n}" for n in ("spec.docx", "spec_internal.docx", "requirements.xlsx", "spec.json", "spec.md",
                                     "spec_internal.md")} | {"project.yaml": "project.yaml"},
    "evaluation": {n: f"eval/{n}" for n in ("evaluation.xlsx", "evaluation.md", "score.json", "committee.json",
                                            "totals.png", "heatmap.png")},
    "precheck": {"precheck.csv": "precheck.csv", "precheck.json": "precheck.json"},
}


class App:
    def __init__(self, workdir: Path, encoder: str | None = None, limits: Limits | None = None, verbose: bool = False,
                 debug: bool = False):
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        from .jobs import Runner

        self.workdir = Path(workdir)
        self.store = C.Store(self.workdir)
        self.encoder = encoder
        self.limits = limits or Limits.from_env()
        self.verbose, self.debug = verbose, debug
        self.runner = Runner()
        self.guard: Guard | None = None
        self.env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                               trim_blocks=True, lstrip_blocks=True)
        from ..evaluation.labels import flag_label
        from ..statuses import STATUS_JA

        self.env.globals.update(STATUS_JA=STATUS_JA, flag_label=flag_label, KINDS=C.KINDS, q=quote)
        self.router = Router()
        self._routes()

    def bind(self, guard: Guard) -> None:
        self.guard = guard

    # -- helpers --------------------------------------------------------------------------------------------
    def render(self, name: str, status: int = 200, **ctx) -> Response:
        return Response(status, self.env.get_template(name).render(**ctx))

    def error_page(self, status: int, message: str) -> Response:
        return self.render("error.html", status, code=status, message=message)

    def _routes(self) -> None:
        r = self.router
        r.add("GET", "/", self.home)
        r.add("GET", "/static/<name>", self.static)
        r.add("GET", "/favicon.ico", lambda req: Response(204, b"", "image/x-icon"))
        r.add("GET", "/generate", self.generate_page)
        r.add("POST", "/generate", self.generate_post)
        r.add("POST", "/generate/preview", self.generate_preview)
        r.add("GET", "/evaluations/new", self.evaluation_new)
        r.add("POST", "/evaluations", self.evaluation_create)
        r.add("GET", "/precheck", self.precheck_page)
        r.add("POST", "/precheck", self.precheck_create)
        r.add("GET", "/cases/<cid>", self.case_page)
        r.add("GET", "/cases/<cid>/progress", self.progress)
        r.add("GET", "/cases/<cid>/download/<name>", self.download)
        r.add("POST", "/cases/<cid>/responses", self.upload_responses)
        r.add("POST", "/cases/<cid>/score", self.start_scoring)
        r.add("GET", "/cases/<cid>/cell", self.cell_page)
        r.add("POST", "/cases/<cid>/decision", self.decision_post)
        r.add("GET", "/cases/<cid>/summary", self.summary_page)
        r.add("POST", "/cases/<cid>/price", self.price_post)
        r.add("POST", "/cases/<cid>/chair", self.chair_post)
        r.add("POST", "/cases/<cid>/workbook", self.workbook_post)

    def _case(self, req: Request, kind: str | None = None) -> C.Case:
        case = self.store.get(req.params["cid"])
        if kind and case.kind != kind:
            raise HTTPError(404, "この案件ではできない操作です / not available for this case")
        return case

    # -- pages ------------------------------------------------------------------------------------------------
    def home(self, req: Request) -> Response:
        return self.render("home.html", cases=self.store.all()[:50])

    def static(self, req: Request) -> Response:
        name = req.params["name"]
        allowed = {p.name for p in STATIC.iterdir() if p.is_file()}
        if name not in allowed:
            raise HTTPError(404, "ページがありません / not found")
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        return Response(200, (STATIC / name).read_bytes(), ctype, {"Cache-Control": "max-age=3600"})

    # -- 仕様書を作る ---------------------------------------------------------------------------------------
    def _generate_ctx(self, form: dict) -> dict:
        from . import generate_view as G

        draft = G.draft_from_form(form)
        outcome = G.resolve(draft)
        return {"d": draft, "o": outcome, "choices": G.choices(), "cmd": " ".join(G.tailoring_args(draft))}

    def generate_page(self, req: Request) -> Response:
        return self.render("generate.html", **self._generate_ctx({}))

    def generate_preview(self, req: Request) -> Response:
        return self.render("generate_preview.html", **self._generate_ctx(req.form))

    def generate_post(self, req: Request) -> Response:
        from ..generate import write_outputs
        from . import generate_view as G

        ctx = self._generate_ctx(req.form)
        o = ctx["o"]
        if req.field("action") != "make" or o.spec is None:
            return self.render("generate.html", 200 if o.spec is not None else 422, **ctx)
        d = o.draft
        from ..catalog.models import SERVICES

        title = d.fields.get("title") or f"{o.spec.project.get('municipality', '')} {SERVICES[d.service]} 仕様書"
        case = self.store.create("spec", title, inputs={"data_class": d.data_class, "service": d.service,
                                                        "personal_data": o.spec.inputs.personal_data, "terms_of_service": d.tos},
                                 command=ctx["cmd"] + " --project project.yaml --out 出力フォルダ",
                                 counts={"requirements": len(o.spec.requirements), "city_notes": len(o.spec.city_notes),
                                         "excluded": sum(1 for x in o.spec.decisions if not x.included)},
                                 checks=list(o.spec.checks))
        from ..files.atomic import write_text_atomic

        write_text_atomic(case.root / "project.yaml", G.project_yaml(o.project))
        write_outputs(o.spec, case.root / "gen")
        case.update(spec={"file": "gen/spec.json", "name": "spec.json"})
        return Response.redirect(f"/cases/{case.id}")

    # -- 提案を評価する ------------------------------------------------------------------------------------
    def evaluation_new(self, req: Request) -> Response:
        specs = [c for c in self.store.all() if c.kind == "spec"]
        return self.render("evaluation_new.html", specs=specs, chosen=req.arg("from"), error="")

    def evaluation_create(self, req: Request) -> Response:
        title = req.field("title").strip()
        source = req.field("from_case")
        spec_uploads = [u for u in req.files if u.field == "spec"]
        try:
            if source:
                src = self.store.get(source)
                if src.kind != "spec":
                    raise InputFileError("仕様書の案件を選んでください / choose a generated spec")
                case = self.store.create("evaluation", title or src.title)
                (case.root / "spec").mkdir()
                (case.root / "spec" / "spec.json").write_bytes(src.path("gen/spec.json").read_bytes())
                case.update(spec={"file": "spec/spec.json", "name": f"{src.title}（spec.json）"})
            elif spec_uploads:
                case = self.store.create("evaluation", title or C.clean_stem(spec_uploads[0].filename))
                try:
                    case.update(spec=case.store("spec", spec_uploads[0], C.SPEC_EXTS))
                except SpecgenError:
                    import shutil

                    shutil.rmtree(case.root)
                    raise
            else:
                raise InputFileError("仕様ファイルを選ぶか、作成した仕様書を選んでください / give a spec")
        except SpecgenError as e:
            specs = [c for c in self.store.all() if c.kind == "spec"]
            return self.render("evaluation_new.html", 400, specs=specs, chosen=source, error=str(e))
        errors = self._store_responses(case, [u for u in req.files if u.field == "responses"])
        if errors:
            return self._evaluation_page(case, errors=errors, status=400)
        return Response.redirect(f"/cases/{case.id}")

    def _store_responses(self, case: C.Case, uploads: list) -> list[str]:
        errors, stored = [], []
        for u in uploads:
            try:
                stored.append(case.store("responses", u, C.RESPONSE_EXTS))
            except SpecgenError as e:
                errors.append(str(e))
        if stored:
            case.update(responses=case.data.get("responses", []) + stored)
        return errors

    def upload_responses(self, req: Request) -> Response:
        case = self._case(req, "evaluation")
        if self.runner.busy(case.id):
            raise HTTPError(409, "採点中です。終わってから追加してください / scoring in progress")
        uploads = [u for u in req.files if u.field == "responses"]
        if not uploads:
            return self._evaluation_page(case, errors=["ファイルが選ばれていません / no file chosen"], status=400)
        errors = self._store_responses(case, uploads)
        if errors:
            return self._evaluation_page(case, errors=errors, status=400)
        return Response.redirect(f"/cases/{case.id}")

    def start_scoring(self, req: Request) -> Response:
        from .committee import score_case

        case = self._case(req, "evaluation")
        if not case.data.get("responses"):
            return self._evaluation_page(case, errors=["回答ファイルがありません。先にアップロードしてください / no responses"], status=400)
        if not self.runner.busy(case.id):
            import datetime as dt

            case.update(scoring_started=dt.datetime.now().isoformat(timespec="seconds"), scoring_error=None)
            self.runner.submit(case.id, score_case(case, self.encoder))
        return Response.redirect(f"/cases/{case.id}")

    def progress(self, req: Request) -> Response:
        case = self._case(req)
        job = self.runner.get(case.id)
        if job is None:
            done = bool(case.data.get("scored") or case.data.get("result"))
            return Response.json({"state": "done" if done else "none", "percent": 100 if done else 0, "label": ""})
        return Response.json(job.to_dict())

    def case_page(self, req: Request) -> Response:
        case = self._case(req)
        if case.kind == "spec":
            return self.render("spec_case.html", case=case, files=self._files(case))
        if case.kind == "precheck":
            return self._precheck_page(case)
        return self._evaluation_page(case, status_filter=req.arg("status"), mandatory_only=req.arg("mandatory") == "1",
                                     review_first=req.arg("review") == "1")

    def _files(self, case: C.Case) -> list[str]:
        return [n for n, rel in DOWNLOADS[case.kind].items() if (case.root / rel).is_file()]

    def _evaluation_page(self, case: C.Case, errors: list[str] = (), status: int = 200, status_filter: str = "",
                         mandatory_only: bool = False, review_first: bool = False) -> Response:
        from .committee import current, filtered_rows

        job = self.runner.get(case.id)
        running = self.runner.busy(case.id)
        view = None if running else current(case)
        rows = filtered_rows(view.ev, status_filter, mandatory_only, review_first) if view else []
        interrupted = job is None and bool(case.data.get("scoring_started"))  # the server stopped while it scored
        return self.render("evaluation.html", status, case=case, job=job.to_dict() if job else None, running=running,
                           interrupted=interrupted,
                           view=view, rows=rows, errors=list(errors), status_filter=status_filter,
                           mandatory_only=mandatory_only, review_first=review_first, files=self._files(case),
                           limits=self.limits)

    def cell_page(self, req: Request, message: str = "", conflict: dict | None = None, status: int = 200,
                  form: dict | None = None) -> Response:
        from .committee import current

        case = self._case(req, "evaluation")
        view = current(case)
        if view is None:
            raise HTTPError(404, "まだ採点されていません / not scored yet")
        vk, rid = (req.arg("v"), req.arg("r")) if req.method == "GET" else (req.field("v"), req.field("r"))
        vendor = next((v for v in view.ev.vendors if v.key == vk), None)
        idx = next((i for i, it in enumerate(view.ev.items) if it.id == rid), None)
        if vendor is None or idx is None:
            raise HTTPError(404, "該当する要件・事業者がありません / unknown requirement or vendor")
        from ..evaluation.ledger import local_time

        return self.render("cell.html", status, case=case, vendor=vendor, item=view.ev.items[idx], cell=vendor.cells[idx],
                           versions=json.dumps(view.versions.get((vk, rid), {})), message=message, conflict=conflict,
                           saved=req.method == "GET" and req.arg("saved") == "1",
                           form=form or {}, local_time=local_time)

    def decision_post(self, req: Request) -> Response:
        from .committee import record_decision

        case = self._case(req, "evaluation")
        try:
            seen = json.loads(req.field("versions") or "{}")
            if not isinstance(seen, dict):
                raise ValueError
        except ValueError:
            raise HTTPError(400, "フォームが正しくありません / malformed form") from None
        form = {k: req.field(k) for k in ("member", "status", "reason")}
        try:
            done = record_decision(case, req.field("v"), req.field("r"), form["member"], form["status"], form["reason"],
                                   {str(k): str(v) for k, v in seen.items()})
        except SpecgenError as e:
            return self.cell_page(req, message=str(e), status=400, form=form)
        if not done.ok:
            return self.cell_page(req, message=done.message, conflict=done.conflict, status=409, form=form)
        return Response.redirect(f"/cases/{case.id}/cell?v={quote(req.field('v'))}&r={quote(req.field('r'))}&saved=1")

    def summary_page(self, req: Request, message: str = "", error: str = "", status: int = 200) -> Response:
        from .committee import current

        case = self._case(req, "evaluation")
        view = current(case)
        if view is None:
            raise HTTPError(404, "まだ採点されていません / not scored yet")
        ev = view.ev
        ranked = sorted(ev.vendors, key=lambda v: (v.rank or v.provisional_rank or 10**6, v.vendor))
        top = max([v.total or 0 for v in ev.vendors] + [v.tech_score for v in ev.vendors] + [1])
        return self.render("summary.html", status, case=case, ev=ev, ranked=ranked, top=top, chair=view.ledger.chair(), message=message or
                           ("評価表を作成しました。" if req.arg("written") else ""), error=error, files=self._files(case))

    def price_post(self, req: Request) -> Response:
        from .committee import record_price

        return self._on_summary(req, lambda case: record_price(case, req.field("v"), req.field("price")))

    def chair_post(self, req: Request) -> Response:
        from .committee import record_chair

        return self._on_summary(req, lambda case: record_chair(case, req.field("chair")))

    def _on_summary(self, req: Request, record) -> Response:
        """Record something entered on 総括 and show the page again with its message (or the problem, 400)."""
        case = self._case(req, "evaluation")
        try:
            msg = record(case)
        except SpecgenError as e:
            return self.summary_page(req, error=str(e), status=400)
        return self.summary_page(req, message=msg)

    def workbook_post(self, req: Request) -> Response:
        from .committee import write_workbook

        case = self._case(req, "evaluation")
        try:
            write_workbook(case)
        except SpecgenError as e:
            return self.summary_page(req, error=str(e), status=400)
        return Response.redirect(f"/cases/{case.id}/summary?written=1#downloads")

    # -- 回答を事前確認する ----------------------------------------------------------------------------------
    def precheck_page(self, req: Request) -> Response:
        return self.render("precheck_new.html", error="", limits=self.limits)

    def precheck_create(self, req: Request) -> Response:
        from .precheck_view import run_precheck

        spec = [u for u in req.files if u.field == "spec"]
        mine = [u for u in req.files if u.field == "responses"]
        if not spec or not mine:
            return self.render("precheck_new.html", 400, error="仕様ファイルと自社の回答ファイルを選んでください / give the spec and your answers",
                               limits=self.limits)
        case = self.store.create("precheck", req.field("title") or C.clean_stem(mine[0].filename))
        try:
            case.update(spec=case.store("spec", spec[0], C.SPEC_EXTS))
            case.update(responses=[case.store("responses", u, C.RESPONSE_EXTS) for u in mine])
        except SpecgenError as e:
            import shutil

            shutil.rmtree(case.root)
            return self.render("precheck_new.html", 400, error=str(e), limits=self.limits)
        self.runner.submit(case.id, run_precheck(case, self.encoder))
        return Response.redirect(f"/cases/{case.id}")

    def _precheck_page(self, case: C.Case) -> Response:
        job = self.runner.get(case.id)
        result = None
        p = case.root / "precheck.json"
        if p.is_file() and not self.runner.busy(case.id):
            from ..files.safety import load_json

            result = load_json(p, "事前確認の結果")
        return self.render("precheck.html", case=case, job=job.to_dict() if job else None, running=self.runner.busy(case.id),
                           result=result, files=self._files(case))

    # -- downloads --------------------------------------------------------------------------------------------
    def download(self, req: Request) -> Response:
        case = self._case(req)
        name = req.params["name"]
        rel = DOWNLOADS[case.kind].get(name)
        if rel is None or not (case.root / rel).is_file():
            raise HTTPError(404, "ファイルがありません / no such file")
        ctype = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".json": "application/json", ".md": "text/markdown; charset=utf-8", ".yaml": "text/yaml; charset=utf-8",
                 ".csv": "text/csv; charset=utf-8", ".png": "image/png"}[Path(name).suffix]
        headers = {} if name.endswith(".png") else {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
        return Response(200, (case.root / rel).read_bytes(), ctype, headers)
