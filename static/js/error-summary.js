// Moves focus to the error summary of a form that came back with errors, so
// keyboard and screen reader users start from the list of problems.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
