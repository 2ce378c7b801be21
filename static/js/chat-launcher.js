// Opens the chat panel in place: loads chat.js and chat.css on the first click only.
// Without JavaScript (or if loading fails) the link simply opens the chat page.
(function () {
  "use strict";
  var link = document.querySelector("[data-chat-open]");
  if (!link) return;
  var loading = false;
  link.addEventListener("click", function (event) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    if (window.micadoChat) { event.preventDefault(); window.micadoChat.open(link); return; }
    if (loading) { event.preventDefault(); return; }
    event.preventDefault();
    loading = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = link.getAttribute("data-chat-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = link.getAttribute("data-chat-js");
    script.onload = function () { window.micadoChat.open(link); };
    script.onerror = function () { window.location.href = link.href; };
    document.head.appendChild(script);
  });
})();
