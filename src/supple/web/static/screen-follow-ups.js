// Safety questions: show a follow-up question as soon as its parent is answered "yes", hide it again
// after "no" (its answer is then cleared). Without JavaScript the server asks follow-ups on a second step.
(function () {
  "use strict";
  function sync(form) {
    form.querySelectorAll("[data-follows]").forEach(function (box) {
      var parent = form.querySelector('input[name="' + box.dataset.follows + '"]:checked');
      var parentBox = form.querySelector('input[name="' + box.dataset.follows + '"]');
      var parentShown = parentBox && !parentBox.closest("[hidden]");
      var show = Boolean(parent && parent.value === "yes" && parentShown);
      box.hidden = !show;
      if (!show) {
        box.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
      }
    });
  }
  document.querySelectorAll("form[data-adaptive]").forEach(function (form) {
    form.addEventListener("change", function () { sync(form); sync(form); });
  });
})();
