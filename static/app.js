// Comfort only: every page works without this file.
(function () {
  "use strict";

  // «Получить код подтверждения» stays disabled until both consents are ticked.
  function consentGate() {
    var button = document.querySelector("[data-needs-consent]");
    if (!button) return;
    var boxes = [document.getElementById("accept_personal_data"), document.getElementById("accept_terms")];
    function update() { button.disabled = !boxes.every(function (b) { return b && b.checked; }); }
    boxes.forEach(function (b) { if (b) b.addEventListener("change", update); });
    update();
  }

  // УНП lookup on blur: a found organisation is shown read-only, an unknown one opens the manual fields.
  function unpLookup() {
    var input = document.getElementById("unp");
    var result = document.getElementById("org-result");
    var manual = document.getElementById("org-manual");
    if (!input || !result || !manual) return;
    var lookupButton = document.getElementById("unp-lookup");
    if (lookupButton) lookupButton.remove();
    var last = null;
    function show(html, manualVisible) {
      result.innerHTML = html;
      manual.hidden = !manualVisible;
    }
    function text(s) { var p = document.createElement("p"); p.textContent = s; return p; }
    input.addEventListener("blur", function () {
      var value = input.value.trim();
      if (value === last) return;
      last = value;
      if (!value) { show("", false); return; }
      fetch("/api/v1/registrations/org-lookup", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang },
        body: JSON.stringify({ unp: value }),
        credentials: "same-origin"
      }).then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
        .then(function (res) {
          result.innerHTML = "";
          if (res.status === 200 && res.body.found) {
            var card = document.createElement("div");
            card.className = "org-card";
            card.id = "org-found";
            var ok = text(result.dataset.found); ok.className = "ok";
            card.appendChild(ok);
            var dl = document.createElement("dl");
            [["field-org_name", res.body.organization.name], ["field-org_address", res.body.organization.address]].forEach(function (pair) {
              var label = document.querySelector("label[for=" + pair[0].replace("field-", "") + "]");
              var dt = document.createElement("dt"); dt.textContent = label ? label.firstChild.textContent.trim() : "";
              var dd = document.createElement("dd"); dd.textContent = pair[1];
              dl.appendChild(dt); dl.appendChild(dd);
            });
            card.appendChild(dl);
            result.appendChild(card);
            manual.hidden = true;
          } else if (res.status === 200) {
            var p = text(result.dataset.notFound); p.className = "notice"; p.id = "org-not-found";
            result.appendChild(p);
            manual.hidden = false;
          } else {
            var e = text(res.body && res.body.error ? res.body.error.message : result.dataset.invalid);
            e.className = "error"; e.id = "unp-live-error";
            result.appendChild(e);
            manual.hidden = true;
          }
        }).catch(function () { last = null; });
    });
  }

  // Countdown to the code's expiry and to the moment «Отправить код повторно» is available.
  function countdowns() {
    var started = Date.now();
    var expiry = document.getElementById("code-countdown");
    var resend = document.getElementById("resend-code");
    var hint = document.getElementById("resend-hint");
    if (!expiry && !resend) return;
    function left(el) { return Math.max(0, Number(el.dataset.seconds) - Math.floor((Date.now() - started) / 1000)); }
    function mmss(s) { return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); }
    var exhausted = resend && resend.dataset.exhausted === "true";
    function tick() {
      if (expiry) {
        var e = left(expiry);
        expiry.textContent = e > 0 ? expiry.dataset.template.replace("%time%", mmss(e)) : expiry.dataset.expired;
        if (e === 0 && resend && !exhausted) { resend.disabled = false; if (hint) hint.textContent = ""; }
      }
      if (resend && !exhausted) {
        var r = left(resend);
        if (r > 0) { resend.disabled = true; if (hint) hint.textContent = hint.dataset.template.replace("%n%", r); }
        else { resend.disabled = false; if (hint) hint.textContent = ""; }
      }
    }
    tick();
    setInterval(tick, 1000);
  }

  // A live warning when CapsLock is on or Cyrillic letters go into a password field.
  function layoutWarnings() {
    document.querySelectorAll("input[data-layout-check]").forEach(function (input) {
      var warning = input.parentElement.querySelector(".caps-warning");
      if (!warning) return;
      var caps = false;
      function update() {
        var messages = [];
        if (caps) messages.push(warning.dataset.caps);
        if (/[\u0400-\u04FF]/.test(input.value)) messages.push(warning.dataset.cyrillic);
        warning.textContent = messages.join(" ");
        warning.hidden = messages.length === 0;
      }
      function keyState(event) {
        if (event.getModifierState) caps = event.getModifierState("CapsLock");
        update();
      }
      input.addEventListener("keydown", keyState);
      input.addEventListener("keyup", keyState);
      input.addEventListener("input", update);
      input.addEventListener("blur", function () { caps = false; update(); });
    });
  }

  // Move focus to the error summary so screen readers read the problems first.
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  // Staff queues update in place: new and changed tickets arrive as server-sent events, with
  // every column filled; a changed row is marked and moved to the top. The page title counts
  // what arrived while the tab was not looked at, and tickets assigned to me can raise a
  // browser notification (asked for with a button, never on load).
  function liveQueue() {
    var table = document.getElementById("queue");
    var notice = document.getElementById("live-tickets");
    if (!table || !notice || !table.dataset.live || !window.EventSource) return;
    var title = document.title;
    var unseen = 0;
    function seen() { unseen = 0; document.title = title; }
    window.addEventListener("focus", seen);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) seen(); });
    var notifyButton = document.getElementById("enable-notifications");
    var notify = window.Notification && Notification.permission === "granted" && localStorage.getItem("helpdesk-notify") === "1";
    if (notifyButton && window.Notification && !notify) {
      notifyButton.hidden = false;
      notifyButton.addEventListener("click", function () {
        Notification.requestPermission().then(function (p) {
          notify = p === "granted";
          if (notify) { localStorage.setItem("helpdesk-notify", "1"); notifyButton.textContent = notifyButton.dataset.on; notifyButton.disabled = true; }
        });
      });
    }
    function cell(row, className, child, label) {
      var td = row.insertCell();
      if (className) td.className = className;
      if (label) td.dataset.label = label;
      if (typeof child === "string") td.textContent = child; else if (child) td.appendChild(child);
      return td;
    }
    function span(className, text) { var s = document.createElement("span"); s.className = className; s.textContent = text; return s; }
    function draw(body, t) {
      var old = body.querySelector('tr[data-number="' + t.number + '"]');
      if (old) old.remove();
      var row = body.insertRow(0);
      row.dataset.number = t.number;
      row.className = "fresh";
      var tick = document.createElement("input");
      tick.type = "checkbox";
      tick.name = "ticket";
      tick.value = t.number;
      tick.setAttribute("aria-label", (table.dataset.selectLabel || "").replace("%n%", t.number));
      cell(row, "cell-select", tick);
      var link = document.createElement("a");
      link.href = "/staff/tickets/" + encodeURIComponent(t.number);
      link.className = "number";
      link.textContent = t.number;
      cell(row, "cell-number", link);
      var subject = cell(row, "", t.subject);
      if (t.organization) { subject.appendChild(document.createElement("br")); subject.appendChild(span("hint", t.organization)); }
      cell(row, "", span("status status-" + t.status, t.status_text));
      cell(row, "cell-service", t.service);
      cell(row, "cell-priority", span("priority priority-" + t.priority, t.priority_text));
      cell(row, "nowrap cell-updated", t.updated, notice.dataset.updatedLabel);
      cell(row, "nowrap cell-sla" + (t.sla_state ? " sla-" + t.sla_state : "") + (t.overdue ? " overdue" : ""), t.sla_due, t.sla_due ? notice.dataset.overdueLabel : "");
    }
    var source = new EventSource(table.dataset.live);
    source.addEventListener("tickets", function (event) {
      var tickets = JSON.parse(event.data);
      var body = table.tBodies[0];
      tickets.slice().reverse().forEach(function (t) { draw(body, t); });
      var empty = document.getElementById("queue-empty");
      if (empty) empty.hidden = true;
      var onlyNew = tickets.every(function (t) { return t.new; });
      notice.textContent = onlyNew ? notice.dataset.template : notice.dataset.updated;
      notice.hidden = false;
      if (document.hidden || !document.hasFocus()) {
        unseen += tickets.length;
        document.title = "(" + unseen + ") " + title;
      }
      if (notify && document.hidden) {
        tickets.filter(function (t) { return t.mine; }).forEach(function (t) {
          new Notification(t.number + " — " + t.status_text, { body: t.subject, tag: t.number });
        });
      }
    });
  }

  // On a desk the folded filters fit in one row: show them open.
  function filtersOnDesk() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 900px)").matches) return;
    var more = document.getElementById("more-filters");
    if (more) more.open = true;
  }

  // «Скопировать»: buttons that copy the text of the element they name (the new API token).
  function copyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.dataset.copy);
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          button.textContent = button.dataset.done || button.textContent;
        });
      });
    });
  }

  // Staff ticket: choosing a canned response puts it into the reply at once.
  function cannedResponses() {
    var select = document.getElementById("canned");
    var reply = document.getElementById("body");
    var button = document.getElementById("insert-canned");
    if (!select || !reply || !button) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var option = select.options[select.selectedIndex];
      if (!option) return;
      var text = option.dataset.body || "";
      var at = reply.selectionStart || reply.value.length;
      reply.value = reply.value.slice(0, at) + text + reply.value.slice(at);
      reply.focus();
    });
  }


  // The ticket workspace: the reply is kept on the server as it is typed (a draft, restored on
  // return, on any device), and a heartbeat tells who else has the ticket open and who writes.
  function workspace() {
    var ws = document.getElementById("workspace");
    if (!ws || !window.fetch || !window.URLSearchParams) return;
    var base = "/staff/tickets/" + encodeURIComponent(ws.dataset.number);
    var body = document.getElementById("body");
    var state = document.getElementById("draft-state");
    var box = document.getElementById("presence");
    var list = document.getElementById("presence-list");
    function form(fields) {
      var data = new URLSearchParams();
      data.set("csrf", ws.dataset.csrf);
      Object.keys(fields).forEach(function (k) { data.set(k, fields[k]); });
      return data;
    }
    function post(path, fields) {
      return fetch(base + path, {
        method: "POST", body: form(fields), credentials: "same-origin",
        headers: { "Accept-Language": document.documentElement.lang }
      });
    }
    var saved = body ? body.value : "";
    var timer = null;
    var typedAt = 0;
    function saveDraft() {
      timer = null;
      var text = body.value;
      if (text === saved) return;
      post("/draft", { body: text }).then(function (r) {
        if (!r.ok) return;
        saved = text;
        if (state) state.textContent = state.dataset.saved;
      }).catch(function () {});
    }
    function writing() { return !!body && Date.now() - typedAt < 20000; }
    function beat() {
      post("/presence", { writing: writing() ? "true" : "false" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer || !list || !box) return;
          list.textContent = "";
          answer.lines.forEach(function (line) {
            var li = document.createElement("li");
            li.textContent = line;
            list.appendChild(li);
          });
          box.hidden = answer.lines.length === 0;
        }).catch(function () {});
    }
    if (body) {
      body.addEventListener("input", function () {
        var started = !writing();
        typedAt = Date.now();
        if (started) beat();
        if (state) state.textContent = "";
        if (timer) clearTimeout(timer);
        timer = setTimeout(saveDraft, 800);
      });
      // The form itself carries the text when it is sent: no draft may land after it.
      var replyForm = document.getElementById("reply-form");
      if (replyForm) replyForm.addEventListener("submit", function () {
        if (timer) clearTimeout(timer);
        timer = null;
      });
      // Leaving with unsaved words: keep them first.
      window.addEventListener("pagehide", function () { if (timer) { clearTimeout(timer); saveDraft(); } });
    }
    // At once as well: a reload's goodbye (the beacon below) may reach the server after the new
    // page was rendered — or even after this first beat, so once more soon after.
    beat();
    setTimeout(beat, 1500);
    setInterval(beat, 10000);
    window.addEventListener("pagehide", function () {
      if (navigator.sendBeacon) navigator.sendBeacon(base + "/leave", form({}));
    });
  }

  // Console shortcuts: j/k move through the queue (the row's link takes the focus, so Enter
  // opens it), / goes to the search, r and n start a reply or a note, Ctrl+Enter sends it,
  // a assigns the ticket to me, ? lists them. Never while typing in a field.
  function shortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var showButton = document.getElementById("show-shortcuts");
    if (showButton) {
      showButton.hidden = false;
      showButton.addEventListener("click", function () { dialog.showModal(); });
    }
    var body = document.getElementById("body");
    var asNote = false;
    if (body) {
      body.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          var button = document.getElementById(asNote ? "add-note" : "send-reply");
          if (button) button.click();
        }
      });
    }
    function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr")); }
    function move(step) {
      var list = rows();
      if (!list.length) return;
      var at = list.findIndex(function (r) { return r.classList.contains("current"); });
      var next = Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step));
      list.forEach(function (r) { r.classList.remove("current"); });
      list[next].classList.add("current");
      var link = list[next].querySelector("a.number");
      if (link) link.focus();
    }
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      var handled = true;
      switch (event.key) {
        case "j": move(1); break;
        case "k": move(-1); break;
        case "/": { var q = document.getElementById("q"); if (q) q.focus(); else handled = false; break; }
        case "r": case "n":
          if (body) { asNote = event.key === "n"; body.focus(); } else handled = false;
          break;
        case "a": {
          var ws = document.getElementById("workspace");
          var select = document.getElementById("attr-assignee");
          var form = document.getElementById("attributes");
          if (ws && select && form && select.querySelector('option[value="' + ws.dataset.me + '"]')) {
            select.value = ws.dataset.me;
            form.submit();
          } else handled = false;
          break;
        }
        case "?": dialog.showModal(); break;
        default: handled = false;
      }
      if (handled) event.preventDefault();
    });
  }

  // Bulk actions: Shift+click ticks every row between the last click and this one; the header
  // box ticks the whole page.
  function bulkSelection() {
    var table = document.getElementById("queue");
    if (!table || !document.getElementById("bulk-bar")) return;
    var last = null;
    function boxes() { return Array.prototype.slice.call(table.querySelectorAll('tbody input[name="ticket"]')); }
    table.addEventListener("click", function (event) {
      var box = event.target;
      if (!box || box.name !== "ticket") return;
      var list = boxes();
      var bar = document.getElementById("bulk-bar");
      if (bar && box.checked) bar.open = true;
      if (event.shiftKey && last && list.indexOf(last) >= 0) {
        var a = list.indexOf(last), b = list.indexOf(box);
        list.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (x) { x.checked = box.checked; });
      }
      last = box;
    });
    var all = document.getElementById("select-all");
    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes().forEach(function (x) { x.checked = all.checked; });
        if (all.checked) document.getElementById("bulk-bar").open = true;
      });
    }
  }

  // A click on a thumbnail opens the picture in a preview (the link still downloads it
  // without JavaScript, or with a modifier key).
  function previews() {
    var dialog = document.getElementById("preview");
    if (!dialog || typeof dialog.showModal !== "function") return;
    document.querySelectorAll("a[data-preview]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        var img = document.getElementById("preview-image");
        img.src = link.dataset.preview;
        img.alt = link.dataset.name;
        document.getElementById("preview-name").textContent = link.dataset.name;
        document.getElementById("preview-download").href = link.dataset.preview;
        dialog.showModal();
      });
    });
  }

  // The notice editor: the preview and the SMS's segment count follow the typing.
  function templatePreview() {
    var form = document.querySelector("form[data-preview]");
    var box = document.getElementById("template-preview");
    if (!form || !box) return;
    var timer = null;
    function set(id, value) { var el = document.getElementById(id); if (el) el.textContent = value; }
    function update() {
      var data = new URLSearchParams(new FormData(form));
      data.delete("action");
      fetch(form.dataset.preview, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) return;
          set("preview-sms", p.sms);
          set("sms-size", p.sms_size);
          set("preview-subject", p.email_subject);
          set("preview-body", p.email_body);
          var list = document.getElementById("preview-problems");
          if (list) {
            list.textContent = "";
            p.problems.forEach(function (problem) {
              var li = document.createElement("li");
              li.className = "error";
              li.textContent = problem;
              list.appendChild(li);
            });
          }
        })
        .catch(function () {});
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    templatePreview();
    previews();
    bulkSelection();
    shortcuts();
    workspace();
    filtersOnDesk();
    copyButtons();
    cannedResponses();
    liveQueue();
    consentGate();
    unpLookup();
    countdowns();
    layoutWarnings();
    focusErrors();
  });
})();
