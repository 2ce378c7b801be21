// Optional progressive enhancement for the PA authoring forms: a small toolbar above
// rich-text fields that inserts a mention marker such as @[g,ID](text). The author
// replaces ID with the number of the item. Everything works without this file.
(function () {
  "use strict";
  var strings = document.getElementById("pa-editor-strings");
  if (!strings) { return; }
  var KINDS = ["g", "p", "i", "e"];
  function insert(textarea, kind) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var text = textarea.value.slice(start, end) || strings.dataset.placeholder;
    textarea.setRangeText("@[" + kind + ",ID](" + text + ")", start, end, "select");
    textarea.focus();
  }
  document.querySelectorAll(".pa-form textarea[rows='6'], .pa-form textarea[rows='4']").forEach(function (textarea) {
    var bar = document.createElement("div");
    bar.className = "pa-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", strings.dataset.toolbar);
    KINDS.forEach(function (kind) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button-secondary";
      button.textContent = "@ " + strings.dataset[kind];
      button.addEventListener("click", function () { insert(textarea, kind); });
      bar.appendChild(button);
    });
    textarea.parentNode.insertBefore(bar, textarea);
  });
})();
