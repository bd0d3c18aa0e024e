/* A button with data-copy="<selector>" copies that field's text to the clipboard (and selects
   it, so that Ctrl+C works where the clipboard is not allowed). Served as a file: the content
   security policy forbids inline scripts. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    field.focus();
    field.select();
    var done = function () {
      button.textContent = "Đã sao chép";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  });
})();
