/* Filters of the generated governance pages (ctohandbook): a `[data-cth-filter]` box holds
   selects, each naming the column of the next table it filters by its header
   (`data-cth-column="Status"`), so a page may leave out a column no row fills;
   `data-cth-list` matches one item of a comma-separated cell; a cell holding an element with
   `data-cth-value` (an ADR's status badge, which shows the author's word) matches by that
   value, not its text. Without JavaScript every row shows. Material's `document$` re-runs this after each instant navigation. */
(function () {
  "use strict";

  function tableAfter(box) {
    for (var node = box.nextElementSibling; node; node = node.nextElementSibling) {
      var table = node.matches("table") ? node : node.querySelector("table");
      if (table) return table;
    }
    return null;
  }

  function columnNamed(table, name) {
    var header = table.tHead && table.tHead.rows[0];
    var cells = header ? Array.prototype.map.call(header.cells, function (cell) {
      return cell.textContent.trim();
    }) : [];
    return cells.indexOf(name);
  }

  function cellText(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var valued = cell.querySelector("[data-cth-value]");
    var text = valued ? valued.getAttribute("data-cth-value") : cell.textContent;
    return text.trim().toLowerCase();
  }

  function apply(box, table) {
    var selects = box.querySelectorAll("select[data-cth-column]");
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var match = Array.prototype.every.call(selects, function (select) {
        var wanted = select.value.toLowerCase();
        if (!wanted) return true;
        var text = cellText(row, columnNamed(table, select.dataset.cthColumn));
        if (select.hasAttribute("data-cth-list")) {
          return text.split(",").map(function (item) { return item.trim(); })
            .indexOf(wanted) !== -1;
        }
        return text === wanted;
      });
      row.hidden = !match;
      if (match) shown += 1;
    });
    var count = box.querySelector(".cth-filter__count");
    if (count) count.textContent = shown + " of " + rows.length + " shown";
  }

  function setUp() {
    document.querySelectorAll("[data-cth-filter]").forEach(function (box) {
      var table = tableAfter(box);
      if (!table || box.dataset.cthReady) return;
      box.dataset.cthReady = "true";
      box.addEventListener("change", function () { apply(box, table); });
      apply(box, table);
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
