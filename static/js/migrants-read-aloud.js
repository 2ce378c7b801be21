/* "Read aloud" buttons (templates/migrants/_read_aloud.html). A button plays the audio
   file rendered for its text when the page has one (<audio data-read-aloud-audio>),
   else speaks the text with the browser's own speech synthesis in the text's language.
   Without a voice for that language it says so. One text at a time; the pressed
   button (aria-pressed) or Escape stops. Hidden without JavaScript; strings come from
   data attributes (no inline script). */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-read-aloud]"));
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

  function textOf(element, parts) {
    Array.prototype.forEach.call(element.childNodes, function (node) {
      if (node.nodeType === 3) {
        parts.push(node.nodeValue);
      } else if (node.nodeType === 1 && !node.matches(SKIP)) {
        var block = /^(P|LI|H[1-6]|DT|DD|DIV|SECTION|BLOCKQUOTE|TR)$/.test(node.tagName);
        if (block) parts.push("\n");
        textOf(node, parts);
        if (block) parts.push("\n");
      }
    });
    return parts;
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
    var els = targets(box);
    if (!els.length) return;
    var holder = els[0].querySelector("[lang]") || els[0].closest("[lang]");
    var lang = (holder && holder.getAttribute("lang")) || document.documentElement.lang;
    var text = els.map(function (el) { return textOf(el, []).join(" "); }).join("\n");
    var token = {};
    current = { box: box, token: token, stop: function () { synth.cancel(); } };
    setPressed(box, true);
    voices().then(function (list) {
      if (!current || current.token !== token) return;
      var voice = pickVoice(list, lang);
      if (!voice) {
        stop();
        note(box, true);
        return;
      }
      note(box, false);
      synth.cancel();
      var parts = chunks(text);
      parts.forEach(function (part, index) {
        var u = new SpeechSynthesisUtterance(part);
        u.lang = voice.lang || tagsFor(lang)[0];
        u.voice = voice;
        if (index === parts.length - 1) {
          u.onend = function () { if (current && current.token === token) stop(); };
        }
        u.onerror = function (event) {
          if (event.error !== "interrupted" && event.error !== "canceled" && current && current.token === token) stop();
        };
        synth.speak(u);
      });
      box.setAttribute("data-read-aloud-queued", String(parts.length));
    });
  }

  boxes.forEach(function (box) {
    var audio = box.getAttribute("data-audio") ? document.getElementById(box.getAttribute("data-audio")) : null;
    if (!audio && !synth) return; // nothing this browser can do: keep it hidden
    var button = box.querySelector("button");
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
