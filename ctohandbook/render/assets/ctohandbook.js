/* Filters of the generated governance pages (ctohandbook): a `[data-cth-filter]` box holds
   selects, each naming the column of the next table it filters by its header
   (`data-cth-column="Status"`), so a page may leave out a column no row fills;
   `data-cth-list` matches one item of a comma-separated cell; a cell holding an element with
   `data-cth-value` (an ADR's status badge, which shows the author's word) matches by that
   value, not its text. A box marked `data-cth-sortable` also makes each heading of its table
   a button that sorts the rows by that column, ascending then descending (numbers and dates
   in their order, an empty cell or "—" last). Without JavaScript every row shows, in the
   page's order. Material's `document$` re-runs this after each instant navigation. */
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

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function sortKey(row, column) {
    var text = cellText(row, column);
    return text === "—" ? "" : text;
  }

  function sortBy(table, column, heading) {
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a, column), y = sortKey(b, column);
      if (!x || !y) return x ? -1 : (y ? 1 : 0);
      return ascending ? collator.compare(x, y) : collator.compare(y, x);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cth-sort";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, heading); });
    });
  }

  function setUp() {
    document.querySelectorAll("[data-cth-filter]").forEach(function (box) {
      var table = tableAfter(box);
      if (!table || box.dataset.cthReady) return;
      box.dataset.cthReady = "true";
      if (box.hasAttribute("data-cth-sortable")) makeSortable(table);
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
