// The chat panel (loaded on demand by chat-launcher.js) and read-aloud on the chat page.
// Talks to POST /api/v1/chat/ (replies in the shape of Rasa's REST channel); keeps the
// conversation in sessionStorage only, so it ends with the browser session. Replies are
// announced through an aria-live log; links are shown as buttons; Escape closes the panel
// and focus returns to the launcher. Read-aloud uses the browser's speech synthesis when
// it has a voice for the page's language.
(function () {
  "use strict";
  var STORE = "micado-chat";
  var lang = document.documentElement.lang || "en";
  var panel = null, log = null, input = null, status = null, opener = null, labels = {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function voiceFor(code) {
    if (!("speechSynthesis" in window)) return null;
    var base = code.split("-")[0];
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().split(/[-_]/)[0] === base) return voices[i];
    }
    return null;
  }

  function speakButton(text, speakLabel, stopLabel) {
    if (!("speechSynthesis" in window) || !text) return null;
    var button = el("button", "button-secondary chat-speak", speakLabel);
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var synth = window.speechSynthesis;
      if (button.getAttribute("aria-pressed") === "true") {
        synth.cancel();
        return;
      }
      synth.cancel();
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      var voice = voiceFor(lang);
      if (voice) utterance.voice = voice;
      utterance.onend = utterance.onerror = function () {
        button.setAttribute("aria-pressed", "false");
        button.textContent = speakLabel;
      };
      button.setAttribute("aria-pressed", "true");
      button.textContent = stopLabel;
      synth.speak(utterance);
    });
    return button;
  }

  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(STORE)) || null; } catch (e) { return null; }
  }

  function save(state) {
    try { window.sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* full or off */ }
  }

  function state() {
    var s = load();
    if (!s || !s.session) {
      var bytes = new Uint8Array(12);
      (window.crypto || window.msCrypto).getRandomValues(bytes);
      s = { session: Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join(""), history: [] };
      save(s);
    }
    return s;
  }

  function render(entry) {
    var item = el("li", "chat-message chat-from-" + entry.from);
    item.appendChild(el("p", "chat-who small", entry.from === "user" ? labels.you : labels.bot));
    item.appendChild(el("p", "chat-text", entry.text || ""));
    if (entry.links && entry.links.length) {
      var list = el("ul", "chat-links");
      entry.links.forEach(function (link) {
        if (typeof link.url !== "string" || link.url.charAt(0) !== "/") return;
        var li = el("li"), a = el("a", "button-secondary", link.title);
        a.href = link.url;
        li.appendChild(a);
        list.appendChild(li);
      });
      item.appendChild(list);
    }
    if (entry.buttons && entry.buttons.length) {
      var row = el("div", "chat-buttons");
      entry.buttons.forEach(function (b) {
        var button = el("button", "button-secondary", b.title);
        button.type = "button";
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    if (entry.from === "bot") {
      var speak = speakButton(entry.text, labels.speak, labels.stop);
      if (speak) item.appendChild(speak);
    }
    log.appendChild(item);
    log.parentNode.scrollTop = log.parentNode.scrollHeight;
  }

  function send(message, shown) {
    message = (message || "").trim();
    if (!message) return;
    var s = state();
    var mine = { from: "user", text: shown || message };
    s.history.push(mine);
    render(mine);
    save(s);
    status.textContent = labels.waiting;
    var request = new XMLHttpRequest();
    request.open("POST", labels.api);
    request.setRequestHeader("Content-Type", "application/json");
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      status.textContent = "";
      var data = null;
      try { data = JSON.parse(request.responseText); } catch (e) { data = null; }
      var replies = [];
      if (request.status === 200 && Array.isArray(data)) {
        data.forEach(function (m) {
          replies.push({ from: "bot", text: m.text || "", links: (m.custom && m.custom.links) || [], buttons: m.buttons || [] });
        });
      } else {
        replies.push({ from: "bot", text: (data && data.error && (firstField(data.error) || data.error.message)) || labels.error });
      }
      var st = state();
      replies.forEach(function (r) { st.history.push(r); render(r); });
      st.history = st.history.slice(-40);
      save(st);
    };
    request.onerror = function () {
      status.textContent = "";
      render({ from: "bot", text: labels.error });
    };
    request.send(JSON.stringify({ session: s.session, message: message, language: lang }));
  }

  function firstField(error) {
    if (!error.fields) return "";
    for (var key in error.fields) {
      if (Object.prototype.hasOwnProperty.call(error.fields, key) && error.fields[key].length) return error.fields[key][0];
    }
    return "";
  }

  function close() {
    if (!panel) return;
    panel.hidden = true;
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    if (opener) { opener.setAttribute("aria-expanded", "false"); opener.focus(); }
  }

  function build(link) {
    ["title", "close", "label", "send", "you", "bot", "error", "waiting", "api"].forEach(function (k) {
      labels[k] = link.getAttribute("data-" + k) || "";
    });
    labels.speak = link.getAttribute("data-speak-label");
    labels.stop = link.getAttribute("data-stop-label");
    panel = el("section", "chat-panel");
    panel.id = "chat-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("aria-labelledby", "chat-panel-title");
    var head = el("div", "chat-panel-head");
    var title = el("h2", "", labels.title);
    title.id = "chat-panel-title";
    var closer = el("button", "button-secondary chat-close", "×");
    closer.type = "button";
    closer.setAttribute("aria-label", labels.close);
    closer.addEventListener("click", close);
    head.appendChild(title);
    head.appendChild(closer);
    var live = el("div", "chat-live");
    live.setAttribute("role", "log");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-relevant", "additions");
    log = el("ol", "chat-log");
    live.appendChild(log);
    status = el("p", "chat-status small");
    status.setAttribute("role", "status");
    var form = el("form", "chat-form");
    var label = el("label", "", labels.label);
    label.setAttribute("for", "chat-panel-input");
    input = el("input");
    input.id = "chat-panel-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = 500;
    var button = el("button", "", labels.send);
    button.type = "submit";
    var row = el("div", "inline-field");
    row.appendChild(input);
    row.appendChild(button);
    form.appendChild(label);
    form.appendChild(row);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value;
      input.value = "";
      send(value);
    });
    panel.appendChild(head);
    panel.appendChild(live);
    panel.appendChild(status);
    panel.appendChild(form);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    document.body.appendChild(panel);
    state().history.forEach(render);
  }

  function open(link) {
    opener = link;
    if (!panel) build(link);
    panel.hidden = false;
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", "chat-panel");
    input.focus();
  }

  // The chat page (no panel): add read-aloud buttons to the bot's replies.
  function enhancePage() {
    var page = document.querySelector("[data-chat-page]");
    if (!page) return;
    var speakLabel = page.getAttribute("data-speak-label"), stopLabel = page.getAttribute("data-stop-label");
    page.querySelectorAll(".chat-from-bot [data-chat-text]").forEach(function (p) {
      var button = speakButton(p.textContent, speakLabel, stopLabel);
      if (button) p.parentNode.appendChild(button);
    });
  }

  window.micadoChat = { open: open, close: close, send: function (m) { send(m); } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhancePage);
  else enhancePage();
})();
