/* One reply form per page. A comment's reply link leads, without JavaScript, to the reply page of that
   comment; with JavaScript it moves the page's reply form under the comment and puts the focus in it. */
(function () {
  "use strict";

  var form = document.getElementById("reply-form");
  if (!form) {
    return;
  }
  var parentField = form.querySelector('input[name="parent_id"]');
  var label = document.getElementById("reply-label");
  var textarea = document.getElementById("reply-body");
  var opener = null;

  function close() {
    form.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }
    opener = null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-reply]") : null;
    if (link) {
      event.preventDefault();
      if (opener === link && !form.hidden) {
        close();
        return;
      }
      if (opener) { opener.setAttribute("aria-expanded", "false"); }
      var comment = document.getElementById("comment-" + link.getAttribute("data-reply"));
      var author = comment ? comment.querySelector(".comment-author") : null;
      parentField.value = link.getAttribute("data-reply");
      label.textContent = form.getAttribute("data-label").replace("{name}", author ? author.textContent.trim() : "");
      link.closest("footer").insertAdjacentElement("afterend", form);
      form.hidden = false;
      link.setAttribute("aria-expanded", "true");
      link.setAttribute("aria-controls", "reply-form");
      opener = link;
      textarea.focus();
      return;
    }
    if (event.target.closest && event.target.closest("[data-reply-cancel]")) {
      close();
    }
  });

  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
    }
  });
}());
