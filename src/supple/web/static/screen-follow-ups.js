// Safety questions: show a follow-up question as soon as its parent is answered "yes", hide it again
// after "no" (its answer is then cleared). Without JavaScript the server asks follow-ups on a second step.
// A follow-up on show sends its "shown.<field>" marker, so one left blank is named on the first submit.
// "No to all of these" answers "no" to every question on show in its group with no answer yet, follow-ups
// of a "yes" included (hidden follow-ups are left alone: the server counts only the questions on show);
// answers already given are kept, and every answer stays on the page to be read and changed.
(function () {
  "use strict";
  function sync(form) {
    form.querySelectorAll("[data-follows]").forEach(function (box) {
      var parent = form.querySelector('input[name="' + box.dataset.follows + '"]:checked');
      var parentBox = form.querySelector('input[name="' + box.dataset.follows + '"]');
      var parentShown = parentBox && !parentBox.closest("[hidden]");
      var show = Boolean(parent && parent.value === "yes" && parentShown);
      box.hidden = !show;
      // Tells the server the follow-up was on the page, so a blank one is named on this submit.
      box.querySelectorAll("input[data-shown]").forEach(function (input) { input.disabled = !show; });
      if (!show) {
        box.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
      }
    });
  }
  // A stopping answer (which ones stop comes from the server, in the page) shows its note at once, right
  // under the question, with a button straight to saving; the server acts on it whatever else is blank.
  function notes(form) {
    form.querySelectorAll("[data-stop-note]").forEach(function (note) {
      var yes = form.querySelector('input[name="' + note.dataset.stopNote + '"][value="yes"]');
      note.hidden = !(yes && yes.checked && !note.parentElement.closest("[hidden]"));
    });
  }
  function noToTheRest(group) {
    group.querySelectorAll(".red-flag:not([hidden]) fieldset").forEach(function (set) {
      if (set.closest("[hidden]") || set.querySelector("input:checked")) return;
      var no = set.querySelector('input[type="radio"][value="no"]');
      if (no) no.checked = true;
    });
  }
  document.querySelectorAll("form[data-adaptive]").forEach(function (form) {
    form.addEventListener("change", function () { sync(form); sync(form); notes(form); });
    notes(form);
    form.querySelectorAll("[data-none-of-these]").forEach(function (box) {
      box.hidden = false;
      box.querySelector("button").addEventListener("click", function () {
        noToTheRest(box.closest(".question-group") || form);
        sync(form);
        sync(form);
        notes(form);
      });
    });
  });
})();
