/* "Read aloud" buttons (templates/migrants/_read_aloud.html). A button plays the audio
   file rendered for its text when the page has one (<audio data-read-aloud-audio>),
   else speaks the text with the browser's own speech synthesis in the text's language.
   Without a voice for that language it says so. One text at a time; the pressed
   button (aria-pressed) or Escape stops. The page holds no button, only an empty hidden
   box with the strings in data attributes (no inline script): the button is made here,
   only where it can work, so a browser without JavaScript (or a text browser, which
   may ignore `hidden`) never shows a control that does nothing. */
(function () {
  "use strict";
  // Texts a template could not give an id: a button for each, from the <template>.
  var proto = document.querySelector("template[data-read-aloud-auto]");
  if (proto && proto.content) {
    Array.prototype.forEach.call(document.querySelectorAll(proto.getAttribute("data-read-aloud-auto")), function (el, i) {
      if (el.querySelector("[data-read-aloud], [data-player]")) return; // has its own
      if (!el.id) el.id = "read-aloud-text-" + i;
      var box = proto.content.querySelector("[data-read-aloud]").cloneNode(true);
      box.setAttribute("data-read-aloud", el.id);
      var heading = el.querySelector("h1, h2, h3");
      if (heading && heading.parentNode === el) heading.insertAdjacentElement("afterend", box);
      else el.insertBefore(box, el.firstChild);
    });
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-read-aloud]:not(template)"));
  if (!boxes.length) return;
  var synth = window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  // Our language codes as speech engines name them.
  var TAGS = { "zh-hans": ["zh-CN", "zh"], prs: ["fa-AF", "fa"], ur: ["ur-PK", "ur"], ar: ["ar"] };
  var SKIP = "[hidden],[aria-hidden='true'],script,style,audio,button,input,select,textarea,label,svg,[data-read-aloud]";
  var current = null; // {box, stop}

  function tagsFor(lang) {
    lang = (lang || "").toLowerCase();
    return TAGS[lang] || [lang];
  }

  function langOf(element) {
    var holder = element.closest("[lang]");
    return (holder && holder.getAttribute("lang")) || document.documentElement.lang || "";
  }

  // [{lang, text}]: the text of an element in reading order, in runs of one language
  // (a text shown in a fallback language carries its own lang attribute).
  function runsOf(element, runs) {
    Array.prototype.forEach.call(element.childNodes, function (node) {
      if (node.nodeType === 3) {
        var lang = langOf(node.parentElement);
        var last = runs[runs.length - 1];
        if (last && last.lang === lang) last.text += node.nodeValue;
        else runs.push({ lang: lang, text: node.nodeValue });
      } else if (node.nodeType === 1 && !node.matches(SKIP)) {
        var block = /^(P|LI|H[1-6]|DT|DD|DIV|SECTION|BLOCKQUOTE|TR)$/.test(node.tagName);
        if (block && runs.length) runs[runs.length - 1].text += "\n";
        runsOf(node, runs);
        if (block && runs.length) runs[runs.length - 1].text += "\n";
      }
    });
    return runs;
  }

  function chunks(text) {
    // Short pieces: some engines stop in the middle of long utterances.
    var sentences = text.replace(/([.!?؟。！？۔\n])\s+/g, "$1\u0000").split("\u0000");
    var out = [];
    sentences.forEach(function (s) {
      s = s.replace(/\s+/g, " ").trim();
      while (s.length > 200) {
        var cut = s.lastIndexOf(" ", 200);
        if (cut < 80) cut = 200;
        out.push(s.slice(0, cut));
        s = s.slice(cut).trim();
      }
      if (s) out.push(s);
    });
    return out;
  }

  function voices() {
    if (!synth) return Promise.resolve([]);
    var list = synth.getVoices();
    if (list.length) return Promise.resolve(list);
    return new Promise(function (resolve) {
      var done = false;
      var finish = function () { if (!done) { done = true; resolve(synth.getVoices()); } };
      synth.addEventListener("voiceschanged", finish, { once: true });
      setTimeout(finish, 1000);
    });
  }

  function pickVoice(list, lang) {
    var wanted = tagsFor(lang).map(function (t) { return t.toLowerCase(); });
    var best = null;
    list.forEach(function (voice) {
      var v = (voice.lang || "").toLowerCase().replace("_", "-");
      wanted.forEach(function (tag, rank) {
        var hit = v === tag || v.split("-")[0] === tag.split("-")[0];
        if (!hit) return;
        var score = (v === tag ? 0 : 1) + rank * 2 + (voice.localService ? 0 : 0.5);
        if (!best || score < best.score) best = { voice: voice, score: score };
      });
    });
    return best && best.voice;
  }

  var SVG = "http://www.w3.org/2000/svg";

  function svgChild(parent, name, attrs) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { el.setAttribute(key, attrs[key]); });
    parent.appendChild(el);
    return el;
  }

  // The box's button (speaker icon, "Read aloud" from data-label) and its status note.
  function makeButton(box) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button-secondary read-aloud-button";
    button.setAttribute("aria-pressed", "false");
    var icon = svgChild(button, "svg", { "class": "icon icon-small", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" });
    svgChild(icon, "path", { d: "M4 9v6h4l5 4V5L8 9H4z", fill: "currentColor" });
    svgChild(icon, "path", { "class": "read-aloud-waves", d: "M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" });
    svgChild(icon, "rect", { "class": "read-aloud-stop", x: "15", y: "8", width: "8", height: "8", fill: "currentColor" });
    button.appendChild(document.createTextNode(" " + (box.getAttribute("data-label") || "")));
    box.appendChild(button);
    if (box.getAttribute("data-source")) {  // says which voice reads: the device's own
      var source = document.createElement("span");
      source.className = "read-aloud-source small";
      source.textContent = box.getAttribute("data-source");
      box.appendChild(source);
    }
    if (!box.querySelector("[data-read-aloud-note]")) {
      var p = document.createElement("p");
      p.className = "read-aloud-note small";
      p.setAttribute("role", "status");
      p.setAttribute("data-read-aloud-note", "");
      box.appendChild(p);
    }
    return button;
  }

  function setPressed(box, pressed) {
    var button = box.querySelector("button");
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    box.classList.toggle("is-reading", pressed);
  }

  function stop() {
    if (!current) return;
    var was = current;
    current = null;
    was.stop();
    setPressed(was.box, false);
  }

  function note(box, show) {
    var p = box.querySelector("[data-read-aloud-note]");
    p.textContent = show ? box.getAttribute("data-no-voice") : "";
  }

  function targets(box) {
    return box.getAttribute("data-read-aloud").split(/\s+/).map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
  }

  function playAudio(box, audio) {
    current = { box: box, stop: function () { audio.pause(); } };
    setPressed(box, true);
    audio.onended = function () { if (current && current.box === box) stop(); };
    var played = audio.play();
    if (played && played.catch) played.catch(function () { stop(); });
  }

  function speak(box) {
    var runs = [];
    targets(box).forEach(function (el) { runsOf(el, runs); });
    runs = runs.filter(function (run) { return run.text.trim(); });
    if (!runs.length) return;
    var token = {};
    current = { box: box, token: token, stop: function () { synth.cancel(); } };
    setPressed(box, true);
    voices().then(function (list) {
      if (!current || current.token !== token) return;
      var missing = false;
      var queue = [];
      runs.forEach(function (run) {
        var voice = pickVoice(list, run.lang);
        if (!voice) { missing = true; return; }
        chunks(run.text).forEach(function (part) { queue.push({ text: part, voice: voice, lang: run.lang }); });
      });
      note(box, missing);
      if (!queue.length) { stop(); return; }
      synth.cancel();
      queue.forEach(function (item, index) {
        var u = new SpeechSynthesisUtterance(item.text);
        u.lang = item.voice.lang || tagsFor(item.lang)[0];
        try { u.voice = item.voice; } catch (e) { /* not a voice object of this engine */ }
        if (index === queue.length - 1) {
          u.onend = function () { if (current && current.token === token) stop(); };
        }
        u.onerror = function (event) {
          if (event.error !== "interrupted" && event.error !== "canceled" && current && current.token === token) stop();
        };
        synth.speak(u);
      });
      box.setAttribute("data-read-aloud-queued", String(queue.length));
    });
  }

  boxes.forEach(function (box) {
    var audio = box.getAttribute("data-audio") ? document.getElementById(box.getAttribute("data-audio")) : null;
    if (!audio && !synth) return; // nothing this browser can do: no button
    var button = box.querySelector("button") || makeButton(box);
    if (audio) {
      audio.controls = false;
      audio.hidden = true;
    }
    button.addEventListener("click", function () {
      var mine = current && current.box === box;
      stop();
      if (mine) return;
      if (audio) playAudio(box, audio); else speak(box);
    });
    box.hidden = false;
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) stop();
  });
  window.addEventListener("pagehide", function () { if (synth) synth.cancel(); });
})();
