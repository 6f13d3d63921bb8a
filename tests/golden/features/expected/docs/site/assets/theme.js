/* Generated from templates/docs/site/assets/theme.js; do not edit by hand. */
/* Applies the colour scheme the reader chose (docs.js remembers it) before the page is first
   painted: the only script that blocks rendering, so it is kept this small. */
try { var t = localStorage.getItem("docs-theme"); if (t === "light" || t === "dark") { document.documentElement.setAttribute("data-theme", t); } } catch (e) { /* storage unavailable: the system setting applies */ }
