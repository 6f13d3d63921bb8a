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

  /* -- request builder: pick a server, fill parameters and body, copy curl or Python ------------
     Runs entirely in the page (no request is sent), so it works from file:// too. */
  var baseEl = document.getElementById("page.builder");
  var base = null;
  try { base = baseEl ? JSON.parse(baseEl.getAttribute("data-base")) : null; } catch (e) { base = null; }

  function shQuote(text) { return "'" + String(text).replace(/'/g, "'\\''") + "'"; }
  function pyString(text) { return JSON.stringify(String(text)); }
  function pyValue(value, indent) {
    var pad = new Array(indent + 1).join(" ");
    if (value === null || value === undefined) { return "None"; }
    if (value === true) { return "True"; }
    if (value === false) { return "False"; }
    if (typeof value === "number") { return Number.isInteger(value) && !/e/i.test(String(value)) ? String(value) : String(value).indexOf(".") < 0 && !/e/i.test(String(value)) ? value + ".0" : String(value); }
    if (typeof value === "string") { return pyString(value); }
    var isList = Array.isArray(value);
    var items = isList ? value.map(function (v) { return pyValue(v, indent + 4); })
      : Object.keys(value).map(function (k) { return pyString(k) + ": " + pyValue(value[k], indent + 4); });
    var flat = (isList ? "[" : "{") + items.join(", ") + (isList ? "]" : "}");
    if (flat.length + indent <= 80 || !items.length) { return flat; }
    return (isList ? "[\n" : "{\n") + items.map(function (i) { return pad + "    " + i + ",\n"; }).join("") + pad + (isList ? "]" : "}");
  }
  function wire(value) {
    if (value === true) { return "true"; }
    if (value === false) { return "false"; }
    if (value === null || value === undefined) { return ""; }
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  function parsed(text) {
    try { return { ok: true, value: JSON.parse(text) }; } catch (e) { return { ok: /^\s*$/.test(text) ? true : false, value: /^\s*$/.test(text) ? undefined : text, raw: true }; }
  }
  function shown(json) {
    var value = JSON.parse(json);
    return typeof value === "string" ? value : JSON.stringify(value);
  }

  function build(spec, form) {
    var server = form.querySelector("select").value.replace(/\/+$/, "");
    var path = spec.p;
    var query = [];
    var headers = [];
    var args = [];
    var problems = [];
    spec.params.forEach(function (param, index) {
      var field = form.querySelector("[data-param='" + index + "']");
      var text = field.value;
      if (!text.trim()) {
        if (param[3]) { problems.push(param[0] + " is required"); }
        return;
      }
      var value = parsed(text).value;
      if (param[1] === "path") {
        path = path.split("{" + param[0] + "}").join(encodeURIComponent(wire(value)));
        args.push(pyValue(value, 4));
      } else {
        if (param[1] === "query") {
          (Array.isArray(value) ? value : [value]).forEach(function (v) { query.push(encodeURIComponent(param[0]) + "=" + encodeURIComponent(wire(v))); });
        } else if (param[1] === "header") {
          headers.push("-H " + shQuote(param[0] + ": " + wire(value)));
        } else {
          headers.push("-b " + shQuote(param[0] + "=" + wire(value)));
        }
        args.push(param[2] + "=" + pyValue(value, 4));
      }
    });
    var curl = ["curl" + (spec.m === "GET" ? "" : " -X " + spec.m) + " " + shQuote(server + path + (query.length ? "?" + query.join("&") : ""))];
    curl.push("-H \"" + base.header + ": " + (base.prefix ? base.prefix + " " : "") + "$" + base.env + "\"");
    curl = curl.concat(headers);
    var imports = ["from " + base.package + " import " + base.client];
    var prepare = [];
    var body = spec.body;
    if (body) {
      var area = form.querySelector("textarea");
      if (body.enc === "json") {
        var result = parsed(area.value);
        if (!result.ok || result.raw) {
          problems.push("the body is not valid JSON");
        } else if (result.value !== undefined) {
          curl.push("-H " + shQuote("Content-Type: " + body.media));
          curl.push("--data " + shQuote(JSON.stringify(result.value, null, 2)));
          if (body.model) {
            imports.push("from " + base.package + ".types import " + body.model);
            prepare.push(body.list ? "body = [" + body.model + ".model_validate(item) for item in " + pyValue(result.value, 0) + "]"
              : "body = " + body.model + ".model_validate(" + pyValue(result.value, 0) + ")");
            args.push("body=body");
          } else {
            args.push("body=" + pyValue(result.value, 4));
          }
        }
      } else if (body.enc === "binary") {
        curl.push("-H " + shQuote("Content-Type: " + body.media));
        curl.push("--data-binary @" + (/^[\w.\/-]+$/.test(area.value) ? area.value : shQuote(area.value || "file.bin")));
        args.push("body=f");
      } else {
        var fields = {};
        area.value.split("\n").forEach(function (line) {
          var at = line.indexOf("=");
          if (at > 0) { fields[line.slice(0, at).trim()] = line.slice(at + 1); }
        });
        var pyFields = {};
        Object.keys(fields).forEach(function (name) {
          var value = fields[name];
          var isFile = body.files.indexOf(name) >= 0;
          if (isFile) { value = value.replace(/^@/, ""); }
          curl.push(body.enc === "multipart" ? (isFile ? "-F " + shQuote(name + "=@" + value) : "--form-string " + shQuote(name + "=" + value))
            : "--data-urlencode " + shQuote(name + "=" + value));
          pyFields[name] = value;
        });
        args.push("body=" + pyValue(pyFields, 4));
      }
    }
    if (spec.kind === "binary") { curl.push("-o " + shQuote(spec.dest)); args.push("destination=" + pyString(spec.dest)); }
    var target = { page: "for item in ", job: "job = ", binary: "size = ", none: "" }[spec.kind];
    if (target === undefined) { target = "result = "; }
    var call = target + spec.call + "(" + (args.length ? "\n    " + args.join(",\n    ") + ",\n" : "") + ")" + (spec.kind === "page" ? ":" : "");
    var python = imports.concat(["", "client = " + base.client + "()  # endpoint and token from $" + base.endpoint_env + " and $" + base.env], prepare);
    if (body && body.enc === "binary") {
      python.push("with open(" + pyString(area.value || "file.bin") + ", \"rb\") as f:");
      call = call.split("\n").map(function (line) { return "    " + line; }).join("\n");
    }
    python.push(call);
    python.push(spec.kind === "page" ? "    print(item)" : spec.kind === "job" ? "result = job.wait()\nprint(result)" : spec.kind === "binary" ? "print(f\"{size} bytes written\")" : spec.kind === "none" ? "" : "print(result)");
    return { curl: curl.join(" \\\n  "), python: python.join("\n").replace(/\n+$/, ""), problems: problems };
  }

  function label(text, control) {
    var el = document.createElement("label");
    var span = document.createElement("span");
    span.textContent = text;
    el.appendChild(span);
    el.appendChild(control);
    return el;
  }

  function openBuilder(section, spec, button) {
    var form = document.createElement("form");
    form.className = "builder";
    form.setAttribute("aria-label", "Request builder");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var select = document.createElement("select");
    base.servers.forEach(function (url) { var o = document.createElement("option"); o.value = url; o.textContent = url; select.appendChild(o); });
    form.appendChild(label("Server", select));
    spec.params.forEach(function (param, index) {
      var input = document.createElement("input");
      input.type = "text";
      input.setAttribute("data-param", String(index));
      input.value = param[3] ? shown(param[4]) : "";
      input.placeholder = shown(param[4]);
      input.spellcheck = false;
      form.appendChild(label(param[0] + " (" + param[1] + (param[3] ? ", required" : "") + ")", input));
    });
    if (spec.body) {
      var area = document.createElement("textarea");
      area.spellcheck = false;
      area.rows = spec.body.enc === "json" ? 8 : 4;
      if (spec.body.enc === "json") {
        area.value = spec.body.example ? JSON.stringify(JSON.parse(spec.body.example), null, 2) : "";
      } else if (spec.body.enc === "binary") {
        area.rows = 1;
        area.value = "file.bin";
      } else {
        var example = spec.body.example ? JSON.parse(spec.body.example) : {};
        area.value = Object.keys(example).map(function (k) { return k + "=" + (spec.body.files.indexOf(k) >= 0 ? "@" : "") + wire(example[k]); }).join("\n");
      }
      form.appendChild(label(spec.body.enc === "json" ? "Body (JSON)" : spec.body.enc === "binary" ? "File to send" : "Form fields (name=value, one a line; @path for a file)", area));
    }
    var status = document.createElement("p");
    status.className = "builder-status";
    status.setAttribute("role", "status");
    form.appendChild(status);
    var outputs = {};
    ["curl", "Python"].forEach(function (name) {
      var figure = document.createElement("figure");
      figure.className = "code-sample";
      var caption = document.createElement("figcaption");
      caption.textContent = "Built " + name;
      var pre = document.createElement("pre");
      pre.tabIndex = 0;
      var code = document.createElement("code");
      pre.appendChild(code);
      figure.appendChild(caption);
      figure.appendChild(pre);
      addCopy(figure, pre, "Copy built " + name);
      form.appendChild(figure);
      outputs[name] = code;
    });
    function refresh() {
      var made = build(spec, form);
      outputs.curl.textContent = made.curl;
      outputs.Python.textContent = made.python;
      status.textContent = made.problems.length ? "Check: " + made.problems.join("; ") + "." : "";
    }
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    button.parentNode.insertBefore(form, button.nextSibling);
    refresh();
    return form;
  }

  if (base) {
    Array.prototype.forEach.call(document.querySelectorAll("section.operation[data-builder]"), function (section) {
      var spec;
      try { spec = JSON.parse(section.getAttribute("data-builder")); } catch (e) { return; }
      var route = section.querySelector(".route");
      if (!route) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "builder-toggle";
      button.textContent = "Build a request";
      button.setAttribute("aria-expanded", "false");
      var form = null;
      button.addEventListener("click", function () {
        if (!form) { form = openBuilder(section, spec, button); } else { form.hidden = !form.hidden; }
        button.setAttribute("aria-expanded", form.hidden ? "false" : "true");
        if (!form.hidden) { var first = form.querySelector("input, select, textarea"); if (first) { first.focus(); } }
      });
      route.parentNode.insertBefore(button, route.nextSibling);
    });
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
  function closeUnlessInside() { window.setTimeout(function () { if (document.activeElement !== input && !box.contains(document.activeElement)) { close(); } }, 150); }
  input.addEventListener("blur", closeUnlessInside);
  box.addEventListener("focusout", closeUnlessInside);
  box.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); input.focus(); } });
  document.addEventListener("keydown", function (event) {
    var tag = document.activeElement && document.activeElement.tagName;
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.metaKey && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
