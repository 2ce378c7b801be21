/* Offline reading: registers the service worker (/sw.js), stores the page the visitor
   opened first, offers "Keep this topic for offline reading" on guide lists, says when
   the device is offline, and lists the saved pages on the offline page.
   Progressive enhancement: without JavaScript or service workers nothing changes.
   Settings come from data attributes of this script element (no inline script). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !("serviceWorker" in navigator) || !window.caches || !window.isSecureContext) return;
  var swUrl = me.getAttribute("data-sw");
  var offlineUrl = me.getAttribute("data-offline");
  var lang = document.documentElement.lang || "en";

  function send(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  var firstVisit = !navigator.serviceWorker.controller;
  navigator.serviceWorker.register(swUrl, { scope: "/" }).catch(function () { /* no worker */ });
  var ready = navigator.serviceWorker.ready.then(function (registration) {
    // What this page loaded (stylesheets, scripts, icons), for the worker to keep.
    var assets = firstVisit && window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("resource").map(function (entry) { return entry.name; })
      : [];
    return send(registration.active, {
      type: "prepare",
      // The offline page is stored from the second page on: a visitor who reads one
      // page and leaves spends no data on it.
      offline: firstVisit ? null : offlineUrl,
      page: firstVisit ? window.location.href : null,
      assets: assets
    }).then(function () {
      document.documentElement.setAttribute("data-offline-ready", "true");
      return registration;
    });
  });

  // --- "You are offline" banner ---------------------------------------------------
  var banner = document.querySelector("[data-offline-banner]");
  function showState() { if (banner) banner.hidden = navigator.onLine !== false; }
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();

  // --- keep a topic -----------------------------------------------------------------
  var panel = document.querySelector("[data-offline-keep]");
  if (panel) {
    var button = panel.querySelector("button");
    var status = panel.querySelector("[data-offline-status]");
    var key = "micado:offline:" + window.location.pathname + window.location.search;
    var store = null;
    try { store = window.localStorage; store.getItem(key); } catch (e) { store = null; }
    var fill = function (template, values) {
      return template.replace(/\{(\w+)\}/g, function (all, name) {
        return values[name] !== undefined ? values[name] : all;
      });
    };
    var savedNote = function (when) {
      var date = new Date(when);
      var text;
      try { text = date.toLocaleDateString(lang); } catch (e) { text = date.toDateString(); }
      status.textContent = fill(panel.getAttribute("data-saved"), { date: text });
    };
    if (store && store.getItem(key)) savedNote(Number(store.getItem(key)));
    var links = Array.prototype.slice.call(document.querySelectorAll(panel.getAttribute("data-links")));
    if (links.length) {
      panel.hidden = false;
      button.addEventListener("click", function () {
        if (button.disabled) return;
        if (navigator.onLine === false) { status.textContent = panel.getAttribute("data-failed"); return; }
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        status.textContent = panel.getAttribute("data-saving");
        var urls = [window.location.href].concat(links.map(function (a) { return a.href; }));
        ready.then(function (registration) {
          return send(registration.active, {
            type: "keep", urls: urls, glossaryPrefix: panel.getAttribute("data-glossary")
          });
        }).then(function (result) {
          if (!result || result.failed) {
            status.textContent = panel.getAttribute("data-failed");
          } else {
            var now = Date.now();
            try { if (store) store.setItem(key, String(now)); } catch (e) { /* full */ }
            savedNote(now);
          }
        }).catch(function () {
          status.textContent = panel.getAttribute("data-failed");
        }).then(function () {
          button.disabled = false;
          button.removeAttribute("aria-busy");
        });
      });
    }
  }

  // --- the offline page: list what this device has ---------------------------------
  var list = document.querySelector("[data-offline-list]");
  if (list) {
    var prefix = "/" + lang + "/";
    var skip = /\/(offline|manifest\.webmanifest)\/?$/;
    Promise.all(["micado-kept", "micado-pages"].map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (keys) {
          return Promise.all(keys.map(function (request) {
            var url = new URL(request.url);
            if (url.pathname.indexOf(prefix) !== 0 || skip.test(url.pathname)) return null;
            return cache.match(request).then(function (response) {
              return response.text().then(function (html) {
                var m = /<title>([^<]*)<\/title>/i.exec(html);
                var probe = document.createElement("textarea");
                probe.innerHTML = m ? m[1] : url.pathname;
                return { href: url.pathname + url.search, title: probe.value.trim() };
              });
            });
          }));
        });
      });
    })).then(function (groups) {
      var seen = {};
      var items = [].concat.apply([], groups).filter(function (item) {
        if (!item || seen[item.href]) return false;
        seen[item.href] = true;
        return true;
      });
      if (!items.length) return;
      items.sort(function (a, b) { return a.title.localeCompare(b.title, lang); });
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.href;
        a.textContent = item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      var wrap = list.closest("[data-offline-saved]");
      if (wrap) wrap.hidden = false;
    }).catch(function () { /* nothing to list */ });
  }
})();
