/* The design system's behaviour (issue 14), on every page; no framework beyond htmx and
   Bootstrap, both from packages.
   - Irreversible actions: a form with data-confirm="…" asks in a modal <dialog> first
     (keyboard: Tab between 取消/确定, Esc cancels). Without script the form just submits.
   - Toasts: window.appToast(message, tone) and an htmx response header
     `HX-Trigger: {"toast": {"message": "…", "tone": "success"}}` for background work.
   - A failed htmx request (server error, 403/404, no network) says so in a toast instead of
     leaving the page silently as it was. A timed-out session answers htmx with HX-Redirect to
     the login page (supervision.middleware), which htmx follows itself. */
(function () {
  "use strict";

  function region() { return document.getElementById("toasts"); }

  function toast(message, tone) {
    var host = region();
    if (!host || !message) { return; }
    var box = document.createElement("div");
    box.className = "alert alert-" + (tone || "danger") + " shadow d-flex align-items-start gap-2 mb-2";
    box.setAttribute("data-testid", "toast");
    var text = document.createElement("div");
    text.className = "flex-grow-1";
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", host.dataset.msgClose || "×");
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(text);
    box.appendChild(close);
    host.appendChild(box);
    // Errors stay until closed; other news leaves after eight seconds.
    if (tone && tone !== "danger") { setTimeout(function () { box.remove(); }, 8000); }
  }
  window.appToast = toast;

  document.addEventListener("htmx:responseError", function (event) {
    var host = region();
    if (!host) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    toast(status === 403 || status === 404 ? host.dataset.msgForbidden : host.dataset.msgFailed, "danger");
  });
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function () {
      var host = region();
      if (host) { toast(host.dataset.msgOffline, "danger"); }
    });
  });
  document.addEventListener("toast", function (event) {
    var detail = event.detail || {};
    toast(detail.message || detail.value, detail.tone || "success");
  });

  // Behaviour that would otherwise be inline handlers (the CSP allows no inline script):
  // a select that submits its form when changed (the language), a button that copies a field.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) { field.form.submit(); }
  });
  // A select whose choice reshapes its form (the instrument type: its sections and headings)
  // redraws the form in place; the form's values go with it, so nothing typed is lost.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field.matches && field.matches("select[data-redraw]")) || !window.htmx || !field.form) { return; }
    var id = "#" + field.form.id;
    window.htmx.ajax("POST", field.dataset.redraw, {source: field.form, target: id, select: id,
                                                     swap: "outerHTML", values: {_redraw: "1"}});
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-from]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copyFrom);
    if (source && navigator.clipboard) { navigator.clipboard.writeText(source.value); }
  });
  // A print button (the recovery codes): no inline handler under the CSP.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });

  // Confirmation of irreversible actions.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) { return; }
    if (form.dataset.confirmed === "1") { form.dataset.confirmed = ""; return; }
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    var submitter = event.submitter || null;
    document.getElementById("confirm-message").textContent = form.dataset.confirm;
    dialog.returnValue = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue === "ok") {
        form.dataset.confirmed = "1";
        if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      } else if (submitter) {
        submitter.focus();
      }
    });
    dialog.showModal();
    dialog.querySelector("[value=cancel]").focus();
  }, true);
})();
