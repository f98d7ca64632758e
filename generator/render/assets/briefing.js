// briefing: chronology filters (entity, year), entity index filter, links that work from file://.
// Plain DOM, no library, no request to any host.
(function () {
  // Opened from the file system, a directory link ("entities/rawa/") shows a folder listing:
  // point such links at the folder's index.html instead. On a web server nothing changes.
  function fixFileLinks() {
    if (location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      var m = href.match(/^([^?#]*\/)([?#].*)?$/);
      if (m) a.setAttribute("href", m[1] + "index.html" + (m[2] || ""));
      else if (href === "." || href === "..") a.setAttribute("href", href + "/index.html");
    });
  }

  // Hide headings whose section has no visible entry left (a year or month with nothing shown).
  function hideEmptyHeadings(root) {
    var headings = root.querySelectorAll("h2, h3");
    headings.forEach(function (h) {
      if (!/^y\d{4}/.test(h.id)) return;
      var level = +h.tagName.charAt(1), el = h.nextElementSibling, visible = false;
      while (el && !(/^H[23]$/.test(el.tagName) && +el.tagName.charAt(1) <= level)) {
        if (el.classList.contains("chrono-entry") && !el.hidden) visible = true;
        el = el.nextElementSibling;
      }
      h.hidden = !visible;
    });
  }

  function chronologyFilters() {
    var panel = document.querySelector(".chrono-filters");
    if (!panel) return;
    var entity = document.getElementById("filter-entity");
    var year = document.getElementById("filter-year");
    var count = document.getElementById("filter-count");
    var reset = document.getElementById("filter-reset");
    var params = new URLSearchParams(location.search);  // ?entity=rawa&year=2017 opens filtered
    if (params.get("entity")) entity.value = params.get("entity");
    if (params.get("year")) year.value = params.get("year");
    var apply = function () {
      var shown = 0, entries = document.querySelectorAll(".chrono-entry");
      entries.forEach(function (el) {
        var ok = (!entity.value || (" " + el.dataset.entities + " ").indexOf(" " + entity.value + " ") >= 0) &&
                 (!year.value || el.dataset.year === year.value);
        el.hidden = !ok;
        if (ok) shown += 1;
      });
      hideEmptyHeadings(panel.parentNode);
      count.textContent = shown + " of " + entries.length + " events";
      reset.hidden = !entity.value && !year.value;
    };
    entity.onchange = apply; year.onchange = apply;
    reset.onclick = function () { entity.value = ""; year.value = ""; apply(); };
    panel.hidden = false;
    apply();
  }

  function entityFilter() {
    var box = document.getElementById("entity-filter");
    if (!box) return;
    var count = document.getElementById("entity-filter-count");
    var apply = function () {
      var needle = box.value.trim().toLowerCase(), shown = 0, items = document.querySelectorAll(".entity-list li");
      items.forEach(function (li) {
        var ok = !needle || li.textContent.toLowerCase().indexOf(needle) >= 0;
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      document.querySelectorAll(".entity-list").forEach(function (list) {
        var any = list.querySelector("li:not([hidden])") !== null, h = list.previousElementSibling;
        list.hidden = !any;
        if (h && h.tagName === "H2") h.hidden = !any;
      });
      count.textContent = needle ? shown + " of " + items.length : "";
    };
    box.oninput = apply;
    box.parentNode.parentNode.hidden = false;
    apply();
  }

  function setup() { fixFileLinks(); chronologyFilters(); entityFilter(); }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
