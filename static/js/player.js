/* Audio player of migrant pages (templates/migrants/_player.html): play/pause, position,
   speed 0.75×–1.5×, for the audio the server rendered. Without JavaScript the page keeps
   the browser's own <audio controls preload="none">, which works as well; with it, that
   element is hidden and these controls (native button, range and select: keyboard and
   screen reader friendly) drive it. Nothing loads before "Listen" (preload="none").
   One player at a time; Escape pauses. Strings come from data attributes (no inline
   script: the CSP forbids it). Layout follows the page's direction (logical CSS). */
(function () {
  "use strict";
  var players = Array.prototype.slice.call(document.querySelectorAll("[data-player]"));
  if (!players.length) return;
  var playing = null;

  function clock(seconds) {
    seconds = Math.max(0, Math.round(seconds || 0));
    var s = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  function setup(box) {
    var audio = box.querySelector("audio");
    var controls = box.querySelector(".player-controls");
    if (!audio || !controls || typeof audio.play !== "function") return;
    var toggle = controls.querySelector(".player-toggle");
    var label = controls.querySelector(".player-toggle-label");
    var range = controls.querySelector(".player-position");
    var time = controls.querySelector(".player-time");
    var rate = controls.querySelector(".player-rate");
    var note = box.querySelector("[data-player-note]");
    var template = box.getAttribute("data-time") || "{current} / {total}";
    var known = parseFloat(audio.getAttribute("data-duration")) || 0;

    function total() {
      return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : known;
    }

    function show() {
      var now = audio.currentTime || 0;
      range.max = String(Math.max(1, Math.round(total())));
      if (document.activeElement !== range || !audio.paused) range.value = String(Math.round(now));
      var text = template.replace("{current}", clock(now)).replace("{total}", clock(total()));
      range.setAttribute("aria-valuetext", text);
      time.textContent = clock(now) + " / " + clock(total());
    }

    function pressed(on) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      label.textContent = box.getAttribute(on ? "data-label-pause" : "data-label-play");
      box.classList.toggle("is-playing", on);
    }

    audio.controls = false;
    audio.hidden = true;
    controls.hidden = false;

    toggle.addEventListener("click", function () {
      if (audio.paused) {
        if (playing && playing !== audio) playing.pause();
        if (window.speechSynthesis) window.speechSynthesis.cancel();
        note.textContent = "";
        var started = audio.play();
        if (started && started.catch) {
          started.catch(function (error) {
            if (error && error.name === "NotAllowedError") return; // blocked autoplay: press again
            note.textContent = box.getAttribute("data-failed") || "";
            pressed(false);
          });
        }
      } else {
        audio.pause();
      }
    });
    range.addEventListener("input", function () {
      audio.currentTime = Number(range.value);
      show();
    });
    rate.addEventListener("change", function () {
      audio.playbackRate = Number(rate.value) || 1;
    });
    audio.addEventListener("play", function () { playing = audio; pressed(true); });
    audio.addEventListener("pause", function () { if (playing === audio) playing = null; pressed(false); });
    audio.addEventListener("ended", function () { audio.currentTime = 0; show(); });
    audio.addEventListener("timeupdate", show);
    audio.addEventListener("durationchange", show);
    audio.addEventListener("ratechange", function () {
      if (Number(rate.value) !== audio.playbackRate) rate.value = String(audio.playbackRate);
    });
    // Every source failed (offline and not kept, or a removed file): say so.
    var sources = audio.querySelectorAll("source");
    var last = sources[sources.length - 1];
    if (last) {
      last.addEventListener("error", function () {
        note.textContent = box.getAttribute("data-failed") || "";
        pressed(false);
      });
    }
    show();
  }

  players.forEach(setup);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && playing) playing.pause();
  });
})();
