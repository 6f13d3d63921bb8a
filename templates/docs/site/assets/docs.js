/* The reference site's only script: search, colour-scheme toggle, copy buttons and the
   current operation in the navigation. No dependencies, no network: the search index
   (search-index.js, window.DOCS_SEARCH_INDEX) is loaded from the site itself the first time
   the search box is used. Results are built with DOM methods and textContent only, never
   innerHTML, so no spec text can become markup. Everything but search works without it. */
(function () {
  "use strict";

  var root = document.body.getAttribute("data-root") || "";
  var doc = document.documentElement;

  /* -- colour scheme: system, light, dark; the choice is remembered ------------------------ */
  var THEMES = ["system", "light", "dark"];
  function storedTheme() {
    try { return window.localStorage.getItem("docs-theme") || "system"; } catch (e) { return "system"; }
  }
  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") { doc.setAttribute("data-theme", theme); } else { doc.removeAttribute("data-theme"); }
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.setAttribute("aria-label", "Colour scheme: " + theme + " (change)");
      button.title = "Colour scheme: " + theme;
      button.textContent = theme === "light" ? "\u2600" : theme === "dark" ? "\u263e" : "\u25d0";
    }
  }
  applyTheme(storedTheme());
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var next = THEMES[(THEMES.indexOf(storedTheme()) + 1) % THEMES.length];
      try { window.localStorage.setItem("docs-theme", next); } catch (e) { /* private mode: this page only */ }
      applyTheme(next);
    });
  }

  /* -- the sticky header's height, for the phone menu panel under it ------------------------ */
  var header = document.querySelector(".site-header");
  function measure() { if (header) { doc.style.setProperty("--header-height", header.offsetHeight + "px"); } }
  measure();
  window.addEventListener("resize", measure);

  /* -- copy buttons on code samples and routes ----------------------------------------------- */
  function copyText(text, button) {
    function done(ok) {
      button.textContent = ok ? "Copied" : "Press Ctrl+C";
      window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    done(ok);
  }
  function addCopy(host, source, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () { copyText(source.textContent, button); });
    host.appendChild(button);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".code-sample"), function (figure) {
    var code = figure.querySelector("pre");
    var caption = figure.querySelector("figcaption");
    if (code) { addCopy(figure, code, "Copy " + (caption ? caption.textContent : "code")); }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".route"), function (route) {
    var path = route.querySelector(".path");
    if (path) { addCopy(route, path, "Copy path"); }
  });

  /* -- the operation in view, highlighted in the navigation --------------------------------- */
  var navLinks = {};
  Array.prototype.forEach.call(document.querySelectorAll(".nav-ops a"), function (a) {
    navLinks[decodeURIComponent(a.getAttribute("href").slice(1))] = a;
  });
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.operation"));
  if (sections.length && "IntersectionObserver" in window) {
    var visible = {};
    var current = null;
    var observer = new IntersectionObserver(function (changes) {
      changes.forEach(function (change) { visible[change.target.id] = change.isIntersecting; });
      var first = null;
      for (var i = 0; i < sections.length; i++) { if (visible[sections[i].id]) { first = sections[i].id; break; } }
      if (first === null || first === current) { return; }
      if (current && navLinks[current]) { navLinks[current].classList.remove("is-current"); navLinks[current].removeAttribute("aria-current"); }
      current = first;
      if (navLinks[current]) { navLinks[current].classList.add("is-current"); navLinks[current].setAttribute("aria-current", "location"); }
    }, { rootMargin: "-20% 0px -60% 0px" });
    sections.forEach(function (section) { observer.observe(section); });
  }

  /* -- search ---------------------------------------------------------------------------------- */
  var input = document.querySelector(".search-input");
  var box = document.querySelector(".search-results");
  var status = document.getElementById("page.status");
  if (!input || !box) { return; }
  var LIMIT = 30;
  var WHERE = { p: "path parameter", q: "query parameter", h: "header parameter", c: "cookie parameter", b: "body field", r: "response field", f: "field" };
  /* A parameter ranks above a body field, a body field above a response field. */
  var KIND_WEIGHT = { p: 0, q: 0, h: 0, c: 0, b: 0.3, r: 0.6, f: 0.6 };
  var prepared = null;
  var loading = false;
  var results = [];
  var active = -1;

  function fold(text) { return String(text || "").toLowerCase(); }

  function prepare() {
    var entries = Array.isArray(window.DOCS_SEARCH_INDEX) ? window.DOCS_SEARCH_INDEX : [];
    prepared = entries.map(function (entry, index) {
      var where = (entry.f || []).map(function (code) {
        var value = code.slice(2);
        var leaf = value.replace(/\[\]/g, "").split(".").pop();
        return { kind: code.charAt(0), value: value, folded: fold(value), leaf: fold(leaf) };
      });
      return {
        entry: entry, index: index, name: fold(entry.n), title: fold(entry.t), path: fold(entry.m + " " + entry.p),
        text: fold(entry.x), group: fold(entry.g), where: where
      };
    });
  }

  function load(then) {
    if (prepared) { then(); return; }
    if (Array.isArray(window.DOCS_SEARCH_INDEX)) { prepare(); then(); return; }
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = function () { prepare(); then(); };
    script.onerror = function () { loading = false; };
    document.head.appendChild(script);
  }

  /* A score for one entry (lower is better) and where it matched, or null when a term is missing. */
  function score(item, terms, query) {
    var best = null;
    var matched = [];
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var hit = null;
      if (item.title.indexOf(term) >= 0 || item.name.indexOf(term) >= 0 || item.path.indexOf(term) >= 0 || item.group.indexOf(term) >= 0) {
        hit = { rank: 0 };
      } else {
        for (var j = 0; j < item.where.length; j++) {
          var w = item.where[j];
          if (w.folded.indexOf(term) >= 0) {
            var exact = w.leaf === term ? 0 : w.leaf.indexOf(term) === 0 ? 1 : 2;
            if (!hit || exact < hit.exact || (exact === hit.exact && w.value.length < hit.where.value.length)) { hit = { rank: 1, exact: exact, where: w }; }
          }
        }
        if (!hit && item.text.indexOf(term) >= 0) { hit = { rank: 2, description: true }; }
      }
      if (!hit) { return null; }
      matched.push(hit);
    }
    var rank;
    if (item.title === query) { rank = 0; }
    else if (item.title.indexOf(query) === 0) { rank = 1; }
    else if (item.name === query.replace(/ /g, "")) { rank = 2; }
    else if (item.name.indexOf(query) === 0) { rank = 3; }
    else if (item.title.indexOf(query) >= 0 || item.name.indexOf(query) >= 0) { rank = 4; }
    else if (item.path.indexOf(query) >= 0) { rank = 5; }
    else {
      rank = 6;
      matched.forEach(function (hit) { rank += hit.rank === 1 ? 1 + hit.exact + (KIND_WEIGHT[hit.where.kind] || 0) : hit.rank === 2 ? 4 : 0; });
    }
    if (item.entry.k === "schema") { rank += 0.5; }
    if (item.entry.d) { rank += 0.25; }
    matched.forEach(function (hit) { if (hit.where && !best) { best = hit.where; } else if (hit.description && !best) { best = { kind: "x" }; } });
    return { rank: rank, where: best };
  }

  function search(text) {
    var query = fold(text).trim().replace(/\s+/g, " ");
    if (!query || !prepared) { return []; }
    var terms = query.split(" ");
    var hits = [];
    prepared.forEach(function (item) {
      var found = score(item, terms, query);
      if (found) { hits.push({ item: item, rank: found.rank, where: found.where }); }
    });
    hits.sort(function (a, b) { return a.rank - b.rank || a.item.index - b.item.index; });
    return hits.slice(0, LIMIT);
  }

  /* Text with every occurrence of the terms wrapped in <mark>, built as DOM nodes. */
  function highlighted(className, text, terms) {
    var el = document.createElement("span");
    el.className = className;
    var lower = fold(text);
    var pos = 0;
    while (pos < text.length) {
      var next = -1;
      var length = 0;
      terms.forEach(function (term) {
        var at = lower.indexOf(term, pos);
        if (term && at >= 0 && (next < 0 || at < next || (at === next && term.length > length))) { next = at; length = term.length; }
      });
      if (next < 0) { break; }
      if (next > pos) { el.appendChild(document.createTextNode(text.slice(pos, next))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      el.appendChild(mark);
      pos = next + length;
    }
    if (pos < text.length) { el.appendChild(document.createTextNode(text.slice(pos))); }
    return el;
  }

  function plain(className, text) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  function show(query) {
    var terms = fold(query).trim().split(/\s+/);
    results = search(query);
    active = -1;
    box.textContent = "";
    if (!results.length) {
      var empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "No operation, field or schema matches.";
      box.appendChild(empty);
      input.removeAttribute("aria-activedescendant");
    } else {
      var list = document.createElement("ul");
      list.setAttribute("role", "listbox");
      list.id = "page.listbox";
      list.setAttribute("aria-label", "Search results");
      results.forEach(function (hit, index) {
        var entry = hit.item.entry;
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "page.result." + index;
        li.setAttribute("aria-selected", "false");
        li.className = "result result-" + (entry.k === "operation" ? "operation" : "schema");
        li.setAttribute("data-href", root + entry.u);
        if (entry.k === "operation") {
          li.appendChild(plain("method m-" + fold(entry.m).replace(/[^a-z]/g, ""), entry.m));
        } else {
          li.appendChild(plain("badge badge-inferred", "schema"));
        }
        var name = highlighted("result-name", entry.k === "operation" ? entry.t : entry.n, terms);
        if (entry.d) {
          name.appendChild(document.createTextNode(" "));
          name.appendChild(plain("badge badge-deprecated", "deprecated"));
        }
        li.appendChild(name);
        if (entry.k === "operation") { li.appendChild(highlighted("result-detail", entry.p, terms)); }
        if (hit.where && hit.where.kind !== "x") {
          var where = plain("result-where", WHERE[hit.where.kind] + " ");
          where.appendChild(highlighted("result-field", hit.where.value, terms));
          li.appendChild(where);
        } else if (hit.where) {
          li.appendChild(highlighted("result-where", entry.x, terms));
        } else if (entry.k === "operation") {
          li.appendChild(plain("result-group", entry.g + " \u00b7 " + entry.n));
        } else if (entry.t) {
          li.appendChild(highlighted("result-group", entry.t, terms));
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { go(index); });
        list.appendChild(li);
      });
      box.appendChild(list);
      input.setAttribute("aria-controls", "page.listbox");
    }
    box.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (status) { status.textContent = results.length ? results.length + (results.length === LIMIT ? "+" : "") + " results" : "No results"; }
  }

  function select(index) {
    var options = box.querySelectorAll("[role=option]");
    if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
    active = index;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(index) {
    var option = box.querySelectorAll("[role=option]")[index];
    if (!option) { return; }
    close();
    window.location.href = option.getAttribute("data-href");
  }

  function close() {
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function update() {
    var query = input.value;
    if (!query.trim()) { close(); return; }
    load(function () { if (input.value === query) { show(query); } });
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "page.results");
  input.disabled = false;
  input.addEventListener("input", update);
  input.addEventListener("focus", function () { load(function () { if (input.value.trim()) { show(input.value); } }); });
  input.addEventListener("keydown", function (event) {
    var count = box.hidden ? 0 : results.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      select(active < count - 1 ? active + 1 : 0);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      select(active > 0 ? active - 1 : count - 1);
    } else if (event.key === "Enter" && count) {
      event.preventDefault();
      go(active >= 0 ? active : 0);
    } else if (event.key === "Escape") {
      if (!box.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  document.addEventListener("keydown", function (event) {
    var tag = document.activeElement && document.activeElement.tagName;
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.metaKey && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
