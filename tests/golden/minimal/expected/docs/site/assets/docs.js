/* Generated from templates/docs/site/assets/docs.js; do not edit by hand. */
/* Search over operations and schemas for the reference site. No dependencies, no network:
   the index comes from search-index.js (window.DOCS_SEARCH_INDEX), loaded before this file.
   Results are built with DOM methods and textContent only, never innerHTML, so no spec
   text can become markup. */
(function () {
  "use strict";

  var root = document.body.getAttribute("data-root") || "";
  var input = document.querySelector(".search-input");
  var list = document.querySelector(".search-results");
  var entries = Array.isArray(window.DOCS_SEARCH_INDEX) ? window.DOCS_SEARCH_INDEX : [];
  var LIMIT = 30;
  if (!input || !list) {
    return;
  }

  function fold(text) {
    return String(text).toLowerCase();
  }

  var prepared = entries.map(function (entry, index) {
    return {
      entry: entry,
      index: index,
      name: fold(entry.n),
      haystack: fold([entry.n, entry.t, entry.m + " " + entry.p, entry.g].join(" \u0000 "))
    };
  });

  function rank(item, terms, query) {
    if (item.name === query) { return 0; }
    if (item.name.indexOf(query) === 0) { return 1; }
    if (item.name.indexOf(query) >= 0) { return 2; }
    if (item.entry.k === "operation" && fold(item.entry.p).indexOf(query) >= 0) { return 3; }
    return 4 + (item.entry.k === "schema" ? 1 : 0);
  }

  function search(text) {
    var query = fold(text).trim().replace(/\s+/g, " ");
    if (!query) { return []; }
    var terms = query.split(" ");
    var hits = [];
    prepared.forEach(function (item) {
      for (var i = 0; i < terms.length; i++) {
        if (item.haystack.indexOf(terms[i]) < 0) { return; }
      }
      hits.push({ item: item, rank: rank(item, terms, query) });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || a.item.index - b.item.index; });
    return hits.slice(0, LIMIT).map(function (hit) { return hit.item.entry; });
  }

  function span(className, text) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  function show(results) {
    list.textContent = "";
    if (!results.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "No operation or schema matches.";
      list.appendChild(empty);
    }
    results.forEach(function (entry) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + entry.u;
      a.className = "result result-" + (entry.k === "operation" ? "operation" : "schema");
      if (entry.k === "operation") {
        a.appendChild(span("method m-" + fold(entry.m).replace(/[^a-z]/g, ""), entry.m));
      } else {
        a.appendChild(span("badge badge-inferred", "schema"));
      }
      var name = span("result-name", entry.k === "operation" ? entry.t : entry.n);
      if (entry.d) {
        name.appendChild(document.createTextNode(" "));
        name.appendChild(span("badge badge-deprecated", "deprecated"));
      }
      a.appendChild(name);
      if (entry.k === "operation") {
        a.appendChild(span("result-detail", entry.p));
        a.appendChild(span("result-group", entry.g + " \u00b7 " + entry.n));
      } else if (entry.t) {
        a.appendChild(span("result-group", entry.t));
      }
      a.addEventListener("click", close);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.disabled = false;
  input.addEventListener("input", function () {
    if (input.value.trim()) { show(search(input.value)); } else { close(); }
  });
  input.addEventListener("focus", function () {
    if (input.value.trim()) { show(search(input.value)); }
  });
  input.addEventListener("keydown", function (event) {
    var found = links();
    if (event.key === "Enter" && found.length) {
      event.preventDefault();
      close();
      window.location.href = found[0].href;
    } else if (event.key === "ArrowDown" && found.length) {
      event.preventDefault();
      found[0].focus();
    } else if (event.key === "Escape") {
      close();
    }
  });
  list.addEventListener("keydown", function (event) {
    var found = links();
    var at = found.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at >= 0 && at < found.length - 1) {
      event.preventDefault();
      found[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) { found[at - 1].focus(); } else { input.focus(); }
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".search")) { close(); }
  });
  document.addEventListener("keydown", function (event) {
    var tag = document.activeElement && document.activeElement.tagName;
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.metaKey && !event.ctrlKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
