/* The report form's rows save themselves as they are edited: each row posts alone (HTMX, to the
   row endpoint, which answers with the row saved or refused), and "Lưu nháp" / "Gửi báo cáo"
   then send only the version and what is not saved yet. A row edited, in flight or refused says
   "Chưa lưu" and keeps what was typed; on a slow or broken connection it is tried again (every
   15 s, and as soon as the browser is back online); leaving the page sends what is still
   pending. Without this script the whole form posts, as it always did. */
(function () {
  "use strict";
  var SAVE_AFTER_MS = 700;
  var RETRY_MS = 15000;
  var OFFLINE = "Chưa lưu: mất kết nối. Nội dung vẫn còn đây và sẽ được lưu khi có mạng.";
  var form = document.querySelector("form[data-report-form]");
  if (!form || !window.htmx) return;
  var parts = form.querySelector("[data-report-parts]");
  var state = {}; // row id → {seq, sent, dirty, inflight, timer, retry}
  var waiting = null; // the button to press again once the rows in flight are answered
  var submitting = false;
  var leaving = false;

  function info(row) {
    var s = state[row.id];
    if (!s) {
      s = { seq: 0, sent: -1, dirty: row.dataset.dirty === "1", inflight: false };
      state[row.id] = s;
    }
    return s;
  }

  function say(row, text, tone) {
    var status = row.querySelector(".row-status");
    if (!status) return;
    status.textContent = text;
    status.className = "row-status small mb-0" + (tone ? " text-" + tone : "");
  }

  function notice(text) {
    var out = form.querySelector("[data-save-state]");
    if (out) out.textContent = text;
  }

  function tally() {
    var unsaved = 0;
    Object.keys(state).forEach(function (id) {
      if (state[id].dirty || state[id].inflight) unsaved += 1;
    });
    var text = unsaved ? "Còn " + unsaved + " dòng chưa lưu." : "Các dòng đã được lưu.";
    if (parts && parts.dataset.dirty === "1") {
      text += " Các phần báo cáo được lưu khi bấm «Lưu nháp» hoặc «Gửi báo cáo».";
    }
    notice(text);
  }

  function mark(row, dirty) {
    info(row).dirty = dirty;
    row.classList.toggle("is-dirty", dirty);
    tally();
  }

  function rowFor(id) {
    return document.getElementById(id);
  }

  function retryLater(row) {
    var s = info(row);
    if (s.retry) return;
    s.retry = setTimeout(function () {
      s.retry = null;
      save(row.id);
    }, RETRY_MS);
  }

  function save(id) {
    var row = rowFor(id);
    if (!row) return;
    var s = info(row);
    clearTimeout(s.timer);
    s.timer = null;
    if (!s.dirty) return;
    if (s.inflight) {
      s.again = true;
      return;
    }
    if (navigator.onLine === false) {
      say(row, OFFLINE, "danger");
      retryLater(row);
      return;
    }
    s.inflight = true;
    s.again = false;
    s.sent = s.seq;
    say(row, "Chưa lưu: đang lưu…", "secondary");
    htmx.trigger(row, "row-save");
  }

  function edited(event) {
    var el = event.target;
    if (!el.name) return;
    if (parts && parts.contains(el)) {
      parts.dataset.dirty = "1";
      tally();
      return;
    }
    var row = el.closest("[data-row]");
    if (!row || el.name.indexOf(row.dataset.prefix + "-") !== 0) return;
    var s = info(row);
    s.seq += 1;
    mark(row, true);
    say(row, "Chưa lưu", "secondary");
    clearTimeout(s.timer);
    s.timer = setTimeout(function () {
      save(row.id);
    }, SAVE_AFTER_MS);
  }

  function newerVersion(version) {
    var input = form.elements.namedItem("version");
    if (input && (!input.value || version > input.value)) input.value = version;
  }

  function settle() {
    tally();
    if (!waiting) return;
    var busy = Object.keys(state).some(function (id) {
      return state[id].inflight;
    });
    if (busy) return;
    var button = waiting;
    waiting = null;
    if (form.requestSubmit) form.requestSubmit(button);
    else button.click();
  }

  function ourRow(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.matches && elt.matches("[data-row]") && form.contains(elt) ? elt : null;
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    var row = ourRow(event);
    if (row) event.detail.parameters["row_version"] = row.dataset.rowVersion || "";
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var row = ourRow(event);
    if (!row) return;
    var s = info(row);
    var xhr = event.detail.xhr;
    s.inflight = false;
    if (xhr.getResponseHeader("X-Report-Version")) {
      newerVersion(xhr.getResponseHeader("X-Report-Version"));
    }
    if ([200, 409, 422].indexOf(xhr.status) < 0) {
      event.detail.shouldSwap = false;
      say(row, "Chưa lưu: máy chủ chưa nhận (mã " + xhr.status + "); sẽ thử lại.", "danger");
      retryLater(row);
      settle();
      return;
    }
    if (s.seq !== s.sent || s.again) {
      // typed again meanwhile: keep what is on the screen and save it again
      event.detail.shouldSwap = false;
      if (xhr.status === 200) row.dataset.rowVersion = xhr.getResponseHeader("X-Row-Version");
      save(row.id);
      settle();
      return;
    }
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    s.dirty = xhr.status !== 200;
    var id = row.id;
    setTimeout(function () {
      var fresh = rowFor(id);
      if (fresh) mark(fresh, state[id].dirty);
      settle();
    }, 0);
  });

  function failed(event) {
    var row = ourRow(event);
    if (!row) return;
    info(row).inflight = false;
    say(row, OFFLINE, "danger");
    retryLater(row);
    settle();
  }
  document.body.addEventListener("htmx:sendError", failed);
  document.body.addEventListener("htmx:timeout", failed);

  window.addEventListener("online", function () {
    Object.keys(state).forEach(function (id) {
      if (state[id].dirty) save(id);
    });
  });

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);

  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var busy = false;
    Object.keys(state).forEach(function (id) {
      clearTimeout(state[id].timer); // a row not saved yet goes with the form
      state[id].timer = null;
      busy = busy || state[id].inflight;
    });
    if (navigator.onLine === false) {
      event.preventDefault();
      notice("Mất kết nối: chưa gửi được. Nội dung bạn nhập vẫn còn trên trang; hãy thử lại khi có mạng.");
      return;
    }
    if (busy) {
      event.preventDefault();
      waiting = event.submitter || form.querySelector("[type=submit]");
      notice("Đang lưu các dòng vừa sửa…");
      return;
    }
    submitting = true;
    leaving = true;
    setTimeout(function () {
      submitting = false;
    }, 0);
  });

  // Only while the form is being sent: the rows already saved are left out of what it sends.
  form.addEventListener("formdata", function (event) {
    if (!submitting) return;
    submitting = false;
    var data = event.formData;
    data.set("rows", "changed");
    form.querySelectorAll("[data-row]").forEach(function (row) {
      if (info(row).dirty) return;
      row.querySelectorAll("[name]").forEach(function (el) {
        data.delete(el.name);
      });
    });
    if (parts && parts.dataset.dirty !== "1") {
      parts.querySelectorAll("[name]").forEach(function (el) {
        data.delete(el.name);
      });
    }
  });

  // Leaving the page: what a row still holds unsaved is sent in the background; offline, the
  // browser asks first.
  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    var token = form.elements.namedItem("csrfmiddlewaretoken");
    var unsaved = false;
    form.querySelectorAll("[data-row]").forEach(function (row) {
      var s = info(row);
      if (!s.dirty) return;
      var data = new FormData();
      row.querySelectorAll("[name]").forEach(function (el) {
        data.append(el.name, el.value);
      });
      data.append("row_version", row.dataset.rowVersion || "");
      if (token) data.append("csrfmiddlewaretoken", token.value);
      var sent = navigator.onLine !== false && navigator.sendBeacon(row.getAttribute("hx-post"), data);
      var refused = row.querySelector(".invalid-feedback, .alert-danger");
      unsaved = unsaved || !sent || Boolean(refused);
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  form.querySelectorAll("[data-js-only]").forEach(function (el) {
    el.hidden = false;
  });
  form.querySelectorAll("[data-row]").forEach(function (row) {
    if (info(row).dirty) mark(row, true);
  });
  tally();
})();
