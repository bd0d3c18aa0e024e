/* Confirmation before weighty actions, one mechanism for every page:
   - a form, or the button that submits it, with data-confirm="…" asks before it is sent;
   - a field with data-confirm-on-change="…" asks only when the user changed it (publishing or
     unpublishing a plan from its edit form).
   Cancelling stops the submission in the capture phase, before anything else (htmx included)
   sees it. Served as a file: the content security policy forbids inline scripts. */
(function () {
  "use strict";

  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  function questions(form, submitter) {
    var asked = [];
    if (submitter && submitter.hasAttribute("data-confirm")) {
      asked.push(submitter.getAttribute("data-confirm"));
    } else if (form.hasAttribute("data-confirm")) {
      asked.push(form.getAttribute("data-confirm"));
    }
    form.querySelectorAll("[data-confirm-on-change]").forEach(function (field) {
      if (changed(field)) {
        asked.push(field.getAttribute("data-confirm-on-change"));
      }
    });
    return asked;
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var asked = questions(form, event.submitter);
      var button = event.submitter;
      // a submission the page sends again itself (after saving rows in flight) was answered
      if (button && button.dataset.confirmedAt && Date.now() - button.dataset.confirmedAt < 60000) {
        delete button.dataset.confirmedAt;
        return;
      }
      if (asked.length && !window.confirm(asked.join("\n\n"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      } else if (asked.length && button) {
        button.dataset.confirmedAt = String(Date.now());
      }
    },
    true
  );
})();
