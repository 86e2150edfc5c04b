/* The recommendations index: filters by panel, owner and status, and a search over wording,
   progress and initiatives (the data of search-index.js). Plain JavaScript, no requests: the
   page works from a folder. Without JavaScript the form stays hidden and the full list shows. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var data = window.TOPOLREPORT_SEARCH;
  if (!form || !data) { return; }
  var text = {};
  data.forEach(function (item) { text[item.slug] = item.text; });
  var rows = Array.prototype.slice.call(document.querySelectorAll("li.rec"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.panel-group"));
  var results = document.getElementById("results");
  var search = document.getElementById("filter-search");
  var selects = {
    panel: document.getElementById("filter-panel"),
    owners: document.getElementById("filter-owner"),
    status: document.getElementById("filter-status")
  };
  var timer = null;

  function words(value) {
    return value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function matches(row, query) {
    var wanted;
    for (var key in selects) {
      wanted = selects[key].value;
      if (wanted && (row.getAttribute("data-" + key) || "").split("|").indexOf(wanted) < 0) {
        return false;
      }
    }
    var haystack = text[row.getAttribute("data-slug")] || "";
    return query.every(function (w) { return haystack.indexOf(w) >= 0; });
  }

  function update() {
    var query = words(search.value);
    var shown = 0;
    rows.forEach(function (row) {
      var show = matches(row, query);
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("li.rec:not([hidden])");
    });
    var total = rows.length;
    results.textContent = shown === total
      ? "Showing all " + total + " recommendations."
      : (shown === 0 ? "No recommendations match." :
         "Showing " + shown + " of " + total + " recommendations.");
  }

  // Announce once typing pauses, not at every key.
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 200);
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  search.addEventListener("input", later);
  for (var key in selects) { selects[key].addEventListener("change", update); }
})();
