/* Ticking the steps of a process as done. Without an account the ticks are kept on this
   device (localStorage); signed in, the page carries #personal-progress and the ticks are
   sent to the account (a POST with the CSRF token from the cookie, as the forms do).
   Progressive enhancement: without JavaScript the checkboxes stay hidden and the page
   reads fully (signed in, a small form per step does the same). No inline script: the
   Content-Security-Policy forbids it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-progress-key]");
  if (!root) return;
  var account = document.getElementById("personal-progress");
  var url = account && account.getAttribute("data-progress-url");
  var key = "micado:progress:" + root.getAttribute("data-progress-key");
  var store = null;
  var done = {};
  if (url) {
    (account.getAttribute("data-done") || "").split(" ").forEach(function (id) {
      if (id) done[id] = true;
    });
  } else {
    try {
      store = window.localStorage;
      store.getItem(key);
    } catch (e) {
      return; // storage disabled (private mode, settings): keep the plain page
    }
    try {
      (JSON.parse(store.getItem(key) || "[]") || []).forEach(function (id) { done[String(id)] = true; });
    } catch (e) { done = {}; }
  }

  var boxes = Array.prototype.slice.call(root.querySelectorAll("input[data-step]"));
  if (!boxes.length) return;
  var bar = root.querySelector(".progress-bar");
  var status = root.querySelector(".progress-status");
  var reset = root.querySelector(".progress-reset");
  var template = root.getAttribute("data-progress-template") || "{done} / {total}";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function send(fields, onFail) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
    }).catch(function () {
      onFail();
      if (status) status.textContent = account.getAttribute("data-error") || "!";
    });
  }
  function saveLocal() {
    var ids = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute("data-step"); });
    try {
      if (ids.length) store.setItem(key, JSON.stringify(ids)); else store.removeItem(key);
    } catch (e) { /* full or disabled: ticks stay for this visit */ }
  }
  function update() {
    var n = 0;
    boxes.forEach(function (b) {
      var step = b.closest(".flow-step");
      if (step) step.classList.toggle("is-done", b.checked);
      if (b.checked) n += 1;
    });
    if (status) status.textContent = template.replace("{done}", n).replace("{total}", boxes.length);
  }
  boxes.forEach(function (b) {
    b.checked = !!done[b.getAttribute("data-step")];
    b.addEventListener("change", function () {
      if (url) {
        send({ step: b.getAttribute("data-step"), done: b.checked ? "1" : "0" }, function () {
          b.checked = !b.checked;
          var step = b.closest(".flow-step");
          if (step) step.classList.toggle("is-done", b.checked);
        });
      } else {
        saveLocal();
      }
      update();
    });
    var wrap = b.closest(".step-done");
    if (wrap) wrap.hidden = false;
  });
  if (url) {
    // The checkboxes replace the one-form-per-step fallback.
    Array.prototype.forEach.call(root.querySelectorAll(".step-done-form"), function (form) { form.hidden = true; });
  }
  if (reset) {
    reset.addEventListener("click", function () {
      var before = boxes.map(function (b) { return b.checked; });
      boxes.forEach(function (b) { b.checked = false; });
      if (url) {
        send({ clear: "1" }, function () {
          boxes.forEach(function (b, i) { b.checked = before[i]; });
          update();
        });
      } else {
        saveLocal();
      }
      update();
    });
  }
  if (bar) bar.hidden = false;
  update();
})();
