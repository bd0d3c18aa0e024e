/* Confirmation before weighty actions: a form (or the button that submits it) that carries
   data-confirm="…" asks first; cancelling stops the submission before anything else (htmx
   included) sees it. Served as a file: the content security policy forbids inline scripts. */
(function () {
  "use strict";
  function message(form, submitter) {
    if (submitter && submitter.hasAttribute("data-confirm")) {
      return submitter.getAttribute("data-confirm");
    }
    return form.getAttribute("data-confirm");
  }
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var text = message(form, event.submitter);
      if (text && !window.confirm(text)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
