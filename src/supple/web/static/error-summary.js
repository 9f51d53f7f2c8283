// The error summary of a refused form (see _macros.html error_summary): focus moves to it when the
// page loads, so a screen reader reads it and the keyboard starts there; a link in it moves focus to
// its field and scrolls so the field's label or question is in view. Without JavaScript the summary
// is still first in the page and its links still jump to the fields.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  if (document.activeElement !== summary) summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    var control = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea") || target;
    var shown = target.closest("fieldset, .field") || target;
    shown.scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", link.hash);
  });
  summary.dataset.ready = "true"; // the links now move focus (tests wait on this)
})();
