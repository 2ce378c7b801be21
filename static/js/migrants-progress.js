/* Ticking the steps of a process as done, kept on this device (localStorage).
   Progressive enhancement: without JavaScript the checkboxes stay hidden and the
   page reads fully. No inline script: the Content-Security-Policy forbids it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-progress-key]");
  if (!root) return;
  var key = "micado:progress:" + root.getAttribute("data-progress-key");
  var store;
  try {
    store = window.localStorage;
    store.getItem(key);
  } catch (e) {
    return; // storage disabled (private mode, settings): keep the plain page
  }
  var done = {};
  try {
    (JSON.parse(store.getItem(key) || "[]") || []).forEach(function (id) { done[String(id)] = true; });
  } catch (e) { done = {}; }

  var boxes = Array.prototype.slice.call(root.querySelectorAll("input[data-step]"));
  if (!boxes.length) return;
  var bar = root.querySelector(".progress-bar");
  var status = root.querySelector(".progress-status");
  var reset = root.querySelector(".progress-reset");
  var template = root.getAttribute("data-progress-template") || "{done} / {total}";

  function save() {
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
    b.addEventListener("change", function () { save(); update(); });
    var wrap = b.closest(".step-done");
    if (wrap) wrap.hidden = false;
  });
  if (reset) {
    reset.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      save();
      update();
    });
  }
  if (bar) bar.hidden = false;
  update();
})();
