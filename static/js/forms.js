// After a failed submission, move focus to the error summary so that keyboard
// and screen reader users start from the list of problems.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
