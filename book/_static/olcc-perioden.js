/* olcc-report: links to the same page in every other period, and in every other book of this
   period (national and regional), from the data in perioden.js. */
(function () {
  "use strict";
  var periods = window.OLCC_PERIODS || [];
  var books = window.OLCC_BOOKS || [];
  var current = window.OLCC_PERIOD;
  var book = window.OLCC_BOOK || null;  // null: the national book
  var root = window.OLCC_ROOT || "../../";
  var page = window.location.pathname.split("/").pop() || "intro.html";

  function bookPath(period, code) {
    return root + encodeURIComponent(period) + "/" +
      (code ? "regio/" + encodeURIComponent(code) + "/" : "") + "html/";
  }

  function switcher(label, name, items) {
    var nav = document.createElement("nav");
    nav.className = "olcc-periods";
    nav.setAttribute("aria-label", label);
    var span = document.createElement("span");
    span.textContent = name + ": ";
    nav.appendChild(span);
    items.forEach(function (entry) {
      var item;
      if (entry.current) {
        item = document.createElement("strong");
        item.setAttribute("aria-current", "page");
      } else {
        item = document.createElement("a");
        item.href = entry.href;
        if (entry.title) { item.title = entry.title; }
      }
      item.textContent = entry.text;
      nav.appendChild(item);
      nav.appendChild(document.createTextNode(" "));
    });
    return nav;
  }

  function samePage(pages) {
    return pages && pages.indexOf(page) >= 0 ? page : "intro.html";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var navs = [];
    if (periods.length > 1) {
      var shared = ["intro.html", "regio.html", "colofon.html"];  // every regional book's
      var items = periods.map(function (p) {
        var href;
        if (book && p.regions.indexOf(book) >= 0) {  // the same region's book, that period
          href = bookPath(p.period, book) + (shared.indexOf(page) >= 0 ? page : "intro.html");
        } else {  // the national book of that period
          href = bookPath(p.period, null) + (book ? "intro.html" : samePage(p.pages));
        }
        return { current: p.period === current, href: href, title: p.title, text: p.period };
      });
      var nav = switcher("Dezelfde pagina in een andere periode", "Periode", items);
      var all = document.createElement("a");
      all.href = root + "index.html";
      all.textContent = "alle periodes";
      nav.appendChild(document.createTextNode("· "));
      nav.appendChild(all);
      navs.push(nav);
    }
    if (books.length) {
      var national = periods.filter(function (p) { return p.period === current; })[0];
      var entries = [{
        current: !book,
        href: bookPath(current, null) + samePage(national && national.pages),
        text: "Landelijk"
      }].concat(books.map(function (b) {
        return { current: b.code === book, href: bookPath(current, b.code) + samePage(b.pages), text: b.name };
      }));
      navs.push(switcher("Hetzelfde boek voor een andere regio", "Regio", entries));
    }
    var main = document.querySelector("main article") || document.querySelector("main") || document.body;
    navs.reverse().forEach(function (nav) { main.insertBefore(nav, main.firstChild); });
  });
})();
