/* specgen serve: a little plain JavaScript. Every page works without it (buttons submit the forms). */
(function () {
  "use strict";

  // 仕様書を作る: refresh the list when a choice changes
  var form = document.getElementById("gen-form");
  if (form) {
    var timer = null, seq = 0;
    var refresh = function () {
      var mine = ++seq;
      var body = new URLSearchParams(new FormData(form));
      fetch(form.dataset.preview, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (mine !== seq) { return; }
          // keep the keyboard user's place: re-focus the same control in the new list
          var a = document.activeElement, preview = document.getElementById("preview");
          var name = a && preview.contains(a) ? a.name : null;
          preview.innerHTML = html;
          if (name) {
            var again = form.querySelector('[name="' + name.replace(/["\\]/g, "\\$&") + '"]');
            if (again) { again.focus(); }
          }
        });
    };
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(refresh, 150); });
    form.addEventListener("input", function (e) {
      if (e.target.tagName === "TEXTAREA" || (e.target.type || "") === "text") { clearTimeout(timer); timer = setTimeout(refresh, 600); }
    });
  }

  // progress of a background job: poll, then reload the page to show the results
  var job = document.querySelector("[data-progress]");
  if (job && job.querySelector("progress")) {
    var bar = job.querySelector("progress"), status = job.querySelector(".status");
    var poll = function () {
      fetch(job.dataset.progress, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (p) {
        bar.value = p.percent;
        status.textContent = p.label + (p.total ? "（" + p.done + "/" + p.total + "）" : "") + " " + (p.file || "");
        if (p.state === "done" || p.state === "failed") { location.reload(); } else { setTimeout(poll, 500); }
      }).catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 300);
  }

  // drag and drop onto the upload areas; the file input stays usable by keyboard
  Array.prototype.forEach.call(document.querySelectorAll(".drop"), function (zone) {
    var input = document.getElementById(zone.dataset.for), out = zone.querySelector(".chosen");
    var show = function () {
      out.textContent = input.files.length ? Array.prototype.map.call(input.files, function (f) { return f.name; }).join("、") + "（" + input.files.length + " 件）" : "";
    };
    input.addEventListener("change", show);
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault(); zone.classList.remove("over");
      var dt = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { dt.items.add(f); });
      input.files = dt.files; show();
    });
  });

  // 比較: apply the filters as soon as they change
  var filters = document.getElementById("filters");
  // (check boxes only: a list moved through with the arrow keys must not reload the page at every step)
  if (filters) { filters.addEventListener("change", function (e) { if (e.target.type === "checkbox") { filters.submit(); } }); }

  // remember the member's name on this PC
  var member = document.getElementById("member");
  if (member && window.localStorage) {
    if (!member.value) { member.value = localStorage.getItem("specgen-member") || ""; }
    member.form.addEventListener("submit", function () { localStorage.setItem("specgen-member", member.value); });
  }
})();
