// The site's only script of its own: the home page's catalog filter, and one accessibility fix
// for Material's code blocks. Material's instant navigation swaps pages without a reload, so
// both run on every page it shows (document$).
(function () {
  "use strict";

  // Filter the catalog table by name, provider, category and hosting as the reader types.
  function setUpCatalogFilter() {
    const form = document.querySelector("form[data-catalog-filter]");
    const table = document.querySelector("table[data-catalog]");
    if (!form || !table) return;

    const rows = Array.from(table.tBodies[0].rows);
    const count = form.querySelector("[data-catalog-count]");
    const empty = document.querySelector("[data-catalog-empty]");

    function apply() {
      const words = form.elements.q.value
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean);
      const category = form.elements.category.value;
      const hosting = form.elements.hosting.value;
      let shown = 0;
      for (const row of rows) {
        const text = row.textContent.toLowerCase();
        const match =
          words.every((word) => text.includes(word)) &&
          (!category || row.dataset.category === category) &&
          (!hosting ||
            row.dataset.hosting === hosting ||
            row.dataset.hosting === "both");
        row.hidden = !match;
        if (match) shown += 1;
      }
      count.textContent = `${shown} of ${rows.length} secret types shown`;
      if (empty) empty.hidden = shown > 0;
    }

    form.addEventListener("input", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    apply();
  }

  // Material 9.8.2 wraps each code block's copy button in an unnamed <nav>, so a page with
  // several code blocks repeats one landmark many times (axe: landmark-unique). A single
  // button is no navigation: drop the landmark role. Remove once Material stops doing this.
  function unmarkCodeNavs(root) {
    for (const nav of root.querySelectorAll("nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "none");
    }
  }

  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node instanceof Element) unmarkCodeNavs(node.parentElement || node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  function setUp() {
    setUpCatalogFilter();
    unmarkCodeNavs(document);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
