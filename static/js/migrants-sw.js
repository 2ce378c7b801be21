/* micado service worker: pages opened once, and topics saved on purpose, stay readable
   offline. Served by Django at /sw.js (scope "/"), preceded by `self.MICADO = {...}`:
   version, staticUrl, precache, languages, defaultLanguage, neverCache.

   - pages (navigations and other same-origin GETs): network first, the stored copy
     when the network fails or is slower than NETWORK_TIMEOUT and a copy exists;
     the offline page of the page's language when there is no copy;
   - static files: cache first (the cache is versioned: a new build, a new cache);
   - byte ranges (audio): cut from a stored whole file (206), else the network;
   - never a request to another host, never a private page (Cache-Control private or
     no-store, the personal space, the PA and NGO apps). */
"use strict";

var CFG = self.MICADO || {};
var VERSION = CFG.version || "0";
var STATIC_CACHE = "micado-static-" + VERSION;
var PAGES_CACHE = "micado-pages";   // pages opened while online, at most MAX_PAGES
var KEPT_CACHE = "micado-kept";     // topics the visitor chose to keep
var MAX_PAGES = 80;
var NETWORK_TIMEOUT = 6000;

function offlineUrl(lang) { return "/" + lang + "/offline/"; }

function languageOf(url) {
  var first = new URL(url, self.location.origin).pathname.split("/")[1];
  return (CFG.languages || []).indexOf(first) >= 0 ? first : CFG.defaultLanguage;
}

function sameOrigin(url) { return new URL(url, self.location.origin).origin === self.location.origin; }

function skipped(url) {
  var path = new URL(url, self.location.origin).pathname;
  return (CFG.neverCache || []).some(function (prefix) { return path.indexOf(prefix) === 0; });
}

function isStatic(url) {
  return new URL(url, self.location.origin).pathname.indexOf(CFG.staticUrl || "/static/") === 0;
}

function storable(response) {
  if (!response || !response.ok || response.type !== "basic" || response.redirected) return false;
  var cc = (response.headers.get("Cache-Control") || "").toLowerCase();
  return cc.indexOf("no-store") < 0 && cc.indexOf("private") < 0;
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    var extra = keys.length - MAX_PAGES;
    return Promise.all(keys.slice(0, Math.max(extra, 0)).map(function (k) { return cache.delete(k); }));
  });
}

function storePage(url, response) {
  // A kept page is refreshed where it is kept; any other page joins the recent pages.
  return caches.open(KEPT_CACHE).then(function (kept) {
    return kept.match(url, { ignoreVary: true }).then(function (hit) {
      if (hit) return kept.put(url, response);
      return caches.open(PAGES_CACHE).then(function (pages) {
        return pages.put(url, response).then(function () { return trim(pages); });
      });
    });
  });
}

function cached(url) {
  return caches.match(url, { ignoreVary: true });
}

// Static file names with a content hash (whitenoise: name.0123456789ab.css): an old
// page may ask for an older build's file; offline, the same file of another build is
// better than none.
function unhashed(url) {
  return new URL(url, self.location.origin).pathname.replace(/\.[0-9a-f]{12}(\.[^./]+)$/, "$1");
}

function staticFallback(url) {
  var wanted = unhashed(url);
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("micado-static-") === 0; })
      .map(function (n) { return caches.open(n); }));
  }).then(function (stores) {
    return Promise.all(stores.map(function (c) { return c.keys(); })).then(function (lists) {
      for (var i = 0; i < lists.length; i++) {
        for (var j = 0; j < lists[i].length; j++) {
          if (unhashed(lists[i][j].url) === wanted) return stores[i].match(lists[i][j]);
        }
      }
      return undefined;
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(CFG.precache || []); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("micado-static-") === 0 && n !== STATIC_CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromStatic(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (storable(response)) cache.put(request, response.clone());
        return response;
      }).catch(function () {
        return staticFallback(request.url).then(function (old) { return old || Response.error(); });
      });
    });
  });
}

function fromNetworkFirst(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (storable(response)) event.waitUntil(storePage(request.url, response.clone()));
    return response;
  });
  var timer;
  var slow = new Promise(function (resolve) {
    timer = setTimeout(function () {
      cached(request.url).then(function (hit) { if (hit) resolve(hit); });
    }, NETWORK_TIMEOUT);
  });
  return Promise.race([network, slow]).then(function (response) {
    clearTimeout(timer);
    return response;
  }).catch(function () {
    clearTimeout(timer);
    return cached(request.url).then(function (hit) {
      if (hit) return hit;
      if (request.mode !== "navigate") return Response.error();
      return cached(offlineUrl(languageOf(request.url))).then(function (page) {
        return page || cached(offlineUrl(CFG.defaultLanguage));
      }).then(function (page) { return page || Response.error(); });
    });
  });
}

// Audio elements ask with "Range: bytes=0-" (and other ranges to seek). A file kept with
// its page is stored whole (status 200); the range is cut from it and answered with 206,
// online too (the names carry a fingerprint: a stored file never changes). A file not
// stored goes to the network as asked.
function rangeAnswer(response, header) {
  return response.arrayBuffer().then(function (body) {
    var size = body.byteLength;
    var found = /^bytes=(\d*)-(\d*)$/.exec((header || "").trim());
    var start = -1;
    var end = size - 1;
    if (found && found[1] !== "") {
      start = parseInt(found[1], 10);
      if (found[2] !== "") end = Math.min(parseInt(found[2], 10), size - 1);
    } else if (found && found[2] !== "") {
      start = Math.max(0, size - parseInt(found[2], 10)); // the last N bytes
    }
    if (start < 0 || start >= size || start > end) {
      return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
    }
    return new Response(body.slice(start, end + 1), {
      status: 206,
      statusText: "Partial Content",
      headers: {
        "Content-Type": response.headers.get("Content-Type") || "application/octet-stream",
        "Content-Range": "bytes " + start + "-" + end + "/" + size,
        "Content-Length": String(end - start + 1),
        "Accept-Ranges": "bytes"
      }
    });
  });
}

function fromRange(request) {
  return cached(request.url).then(function (hit) {
    if (hit && hit.status === 200) return rangeAnswer(hit, request.headers.get("range"));
    return fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url) || skipped(request.url)) return;
  if (request.headers.has("range")) {
    event.respondWith(fromRange(request));
  } else if (isStatic(request.url)) {
    event.respondWith(fromStatic(request));
  } else {
    event.respondWith(fromNetworkFirst(event));
  }
});

// --- messages from pages ------------------------------------------------------------

function fetchAndStore(cacheName, url, mode) {
  // mode "force-cache": what the browser already has, without asking the server again.
  return fetch(url, { credentials: "same-origin", cache: mode || "default" }).then(function (response) {
    if (!storable(response)) throw new Error("not storable: " + url);
    return caches.open(cacheName).then(function (cache) {
      return cache.put(url, response.clone()).then(function () { return response; });
    });
  });
}

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function unescapeHtml(text) {
  return text.replace(/&amp;/g, "&").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
}

// Links inside a page worth keeping with it: glossary terms and audio files.
function linkedUrls(html, glossaryPrefix, base) {
  var found = [];
  if (glossaryPrefix) {
    var terms = new RegExp('href="(' + escapeRegExp(glossaryPrefix) + '\\d+/)"', "g");
    var m;
    while ((m = terms.exec(html))) found.push(m[1]);
  }
  var audio = /<(?:audio|source)\b[^>]*?\ssrc="([^"]+)"/gi;
  var a;
  while ((a = audio.exec(html))) found.push(unescapeHtml(a[1]));
  return found.map(function (u) { return new URL(u, base).href; }).filter(sameOrigin);
}

function keep(data) {
  var done = {};
  var saved = 0;
  var failed = 0;
  function one(url, scan) {
    url = new URL(url, self.location.origin).href;
    if (done[url] || !sameOrigin(url) || skipped(url)) return Promise.resolve();
    done[url] = true;
    return fetchAndStore(KEPT_CACHE, url).then(function (response) {
      saved += 1;
      var type = response.headers.get("Content-Type") || "";
      if (!scan || type.indexOf("text/html") < 0) return undefined;
      return response.text().then(function (html) {
        return Promise.all(linkedUrls(html, data.glossaryPrefix, url).map(function (u) {
          return one(u, false);
        }));
      });
    }).catch(function () { failed += 1; });
  }
  // One page after the other: gentle on a slow connection.
  return (data.urls || []).reduce(function (chain, url) {
    return chain.then(function () { return one(url, true); });
  }, Promise.resolve()).then(function () { return { saved: saved, failed: failed }; });
}

function prepare(data) {
  var jobs = [];
  if (data.offline) {
    jobs.push(cached(data.offline).then(function (hit) {
      return hit || fetchAndStore(STATIC_CACHE, data.offline);
    }));
  }
  if (data.page && !skipped(data.page)) {
    // The first page a visitor opens loads before the worker runs: store it now, and
    // the static files it loaded, from the browser's cache (no second download).
    jobs.push(cached(data.page).then(function (hit) {
      return hit || fetchAndStore(PAGES_CACHE, data.page, "force-cache");
    }));
    (data.assets || []).filter(function (url) { return sameOrigin(url) && isStatic(url); })
      .forEach(function (url) {
        jobs.push(cached(url).then(function (hit) {
          return hit || fetchAndStore(STATIC_CACHE, url, "force-cache");
        }));
      });
  }
  return Promise.all(jobs.map(function (job) { return job.catch(function () {}); }));
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var reply = function (value) { if (port) port.postMessage(value); };
  if (data.type === "prepare") {
    event.waitUntil(prepare(data).then(function () { reply({ prepared: true }); }));
  } else if (data.type === "keep") {
    event.waitUntil(keep(data).then(reply));
  }
});
