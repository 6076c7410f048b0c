/* olcc-report: a table wider than its column says so above it, so that no reader on a phone
   misses the columns out of view (the shadow on the scrolling side shows where they are). */
(function () {
  "use strict";
  var TEXT = "Deze tabel is breder dan het scherm: schuif opzij voor alle kolommen \u2192";
  function mark() {
    var wrappers = document.querySelectorAll(".olcc-table-wrapper, .pst-scrollable-table-container");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      var wide = wrapper.scrollWidth > wrapper.clientWidth + 1;
      var hint = wrapper.previousElementSibling;
      var hinted = hint !== null && hint.classList.contains("olcc-scroll-hint");
      if (wide && !hinted) {
        hint = document.createElement("p");
        hint.className = "olcc-scroll-hint";
        hint.setAttribute("aria-hidden", "true"); // a screen reader reads every column anyway
        hint.textContent = TEXT;
        wrapper.parentNode.insertBefore(hint, wrapper);
      } else if (!wide && hinted) {
        hint.parentNode.removeChild(hint);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
