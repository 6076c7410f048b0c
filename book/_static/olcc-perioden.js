/* olcc-report: a link to the same page in every other period (data in perioden.js). */
(function () {
  "use strict";
  var periods = window.OLCC_PERIODS || [];
  var current = window.OLCC_PERIOD;
  if (periods.length < 2) { return; }
  var page = window.location.pathname.split("/").pop() || "intro.html";
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.createElement("nav");
    nav.className = "olcc-periods";
    nav.setAttribute("aria-label", "Dezelfde pagina in een andere periode");
    var label = document.createElement("span");
    label.textContent = "Periode: ";
    nav.appendChild(label);
    periods.forEach(function (p) {
      var item;
      if (p.period === current) {
        item = document.createElement("strong");
        item.setAttribute("aria-current", "page");
      } else {
        item = document.createElement("a");
        var target = p.pages.indexOf(page) >= 0 ? page : "intro.html";
        item.href = "../../" + encodeURIComponent(p.period) + "/html/" + target;
        item.title = p.title;
      }
      item.textContent = p.period;
      nav.appendChild(item);
      nav.appendChild(document.createTextNode(" "));
    });
    var all = document.createElement("a");
    all.href = "../../index.html";
    all.textContent = "alle periodes";
    nav.appendChild(document.createTextNode("· "));
    nav.appendChild(all);
    var main = document.querySelector("main article") || document.querySelector("main") || document.body;
    main.insertBefore(nav, main.firstChild);
  });
})();
