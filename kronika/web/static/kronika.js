// Kronika article view: mark the text of the selected event (the details panel itself is shown by
// CSS :target, so it works without this script).  Reads only our own data-* attributes and never
// writes markup: the article text stays text.
"use strict";
(function () {
  function clear() {
    document.querySelectorAll(".sel").forEach(function (el) { el.classList.remove("sel"); });
  }

  function selectEvent() {
    var text = document.getElementById("article-text");
    if (!text) { return; }
    clear();
    var id = decodeURIComponent(window.location.hash.slice(1));
    var detail = id.indexOf("event-") === 0 ? document.getElementById(id) : null;
    if (!detail) { return; }
    var index = detail.getAttribute("data-index");
    text.querySelectorAll(".hl").forEach(function (el) {
      var events = (el.getAttribute("data-events") || "").split(" ");
      if (events.indexOf(index) >= 0) { el.classList.add("sel"); }
    });
    document.querySelectorAll(".event-list a").forEach(function (a) {
      if (a.getAttribute("data-index") === index) { a.classList.add("sel"); }
    });
    detail.classList.add("sel");
  }

  window.addEventListener("hashchange", selectEvent);
  document.addEventListener("DOMContentLoaded", selectEvent);
})();
