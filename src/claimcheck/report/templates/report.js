"use strict";
// Filters for the finding cards. Plain DOM, no libraries: the page must work offline.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var counter = document.getElementById("visible-count");
  var noMatch = document.getElementById("no-match");
  var heading = document.getElementById("findings-title");
  var form = document.querySelector("form.filters");
  // Filters compared with one data-* attribute of a card; "article" looks in a card's list of articles.
  var single = ["story", "verdict", "kind", "severity"];

  function wanted() {
    var out = {};
    selects.forEach(function (s) { out[s.getAttribute("data-filter")] = s.value; });
    return out;
  }

  function matches(card, want) {
    for (var i = 0; i < single.length; i += 1) {
      var name = single[i];
      if (want[name] && card.dataset[name] !== want[name]) return false;
    }
    if (want.article) {
      var ids = [];
      try { ids = JSON.parse(card.dataset.articles || "[]"); } catch (e) { ids = []; }
      if (ids.indexOf(want.article) < 0) return false;
    }
    return true;
  }

  function apply() {
    var want = wanted();
    var shown = 0;
    var open = 0;
    cards.forEach(function (card) {
      var ok = matches(card, want);
      card.hidden = !ok;
      if (card.dataset.open === "true") {
        open += 1;
        if (ok) shown += 1;
      }
    });
    if (counter) counter.textContent = String(shown);
    if (noMatch) noMatch.hidden = !(open > 0 && shown === 0);
  }

  // A verdict count or a story's button sets that one filter and brings the findings into view.
  function setFilter(event) {
    var button = event.currentTarget;
    var name = button.getAttribute("data-set-filter");
    var value = button.getAttribute("data-value");
    var select = selects.filter(function (s) { return s.getAttribute("data-filter") === name; })[0];
    if (!select) return;
    var offered = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    select.value = offered ? value : "";
    apply();
    if (heading) heading.scrollIntoView();
  }

  // A permalink to a finding the filters hide would land nowhere: clear the filters first.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.hidden) {
      selects.forEach(function (s) { s.value = ""; });
      apply();
      target.scrollIntoView();
    }
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-set-filter]"), function (b) {
    b.addEventListener("click", setFilter);
  });
  if (form) {
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
});
