/* olcc-report: the two menu buttons for keyboard and screen reader. The themes open the menus
   (a dialog on a phone, the sidebar folded away on a laptop) but blur the button before they
   do, so a closed dialog gave the focus to nothing; and the buttons never said whether their
   menu was open. Here: the focus goes back to the button, and aria-expanded follows the menu. */
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 992px)");
  function wire(toggle, dialog, sidebar) {
    if (!toggle || !dialog || !sidebar) { return; }
    var folds = toggle.classList.contains("primary-toggle");  // on a laptop, in place
    function state() {
      var inPlace = folds && WIDE.matches;
      var open = dialog.open || (inPlace && !sidebar.classList.contains("pst-sidebar-hidden"));
      toggle.setAttribute("aria-controls", inPlace ? sidebar.id : dialog.id);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    // The themes stop the click before it reaches a listener here: watch the menus instead.
    var watch = new MutationObserver(state);
    watch.observe(sidebar, {attributes: true, attributeFilter: ["class"]});
    watch.observe(dialog, {attributes: true, attributeFilter: ["open"]});
    dialog.addEventListener("close", function () {
      state();
      toggle.focus();
    });
    WIDE.addEventListener("change", state);
    state();
  }
  document.addEventListener("DOMContentLoaded", function () {
    wire(document.querySelector(".bd-header-article .primary-toggle"),
         document.getElementById("pst-primary-sidebar-modal"),
         document.getElementById("pst-primary-sidebar"));
    wire(document.querySelector(".bd-header-article .secondary-toggle"),
         document.getElementById("pst-secondary-sidebar-modal"),
         document.getElementById("pst-secondary-sidebar"));
  });
})();
