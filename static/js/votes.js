/* Votes without a page reload. Without JavaScript the same forms post and redirect back. */
(function () {
  "use strict";

  function announce(form, message) {
    var scope = form.closest("[data-vote-scope]") || document;
    var region = scope.querySelector("[data-vote-status]") || document.querySelector("[data-vote-status]");
    if (region && message) {
      region.textContent = "";
      window.setTimeout(function () { region.textContent = message; }, 50);
    }
  }

  // A comment's vote buttons belong to the page's one vote form (form="comment-votes"): each button
  // carries its action and next value; the other votes keep a form each with its button inside.
  function setButton(form, label, pressed, next) {
    if (form instanceof HTMLButtonElement) {
      if (label) {
        form.textContent = label;
        form.classList.toggle("is-active", Boolean(pressed));
      }
      if (next) { form.value = next; }
      return;
    }
    var button = form.querySelector("[data-vote-label]");
    var input = form.querySelector("[data-vote-next]");
    if (button && label) {
      button.textContent = label;
      button.classList.toggle("is-active", Boolean(pressed));
    }
    if (input && next) {
      input.value = next;
    }
  }

  function update(form, data, submitter) {
    var group = (submitter || form).closest("[data-vote-group]");
    if (group && data.up_label !== undefined) {
      var up = group.querySelector('[data-vote="up"]');
      var down = group.querySelector('[data-vote="down"]');
      if (up) { setButton(up, data.up_label, data.state === 1, data.up_next); }
      if (down) { setButton(down, data.down_label, data.state === -1, data.down_next); }
    } else {
      setButton(form, data.label, data.state, data.next_action);
    }
    announce(submitter || form, data.message);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(".vote-form") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter && event.submitter.form === form && event.submitter.hasAttribute("formaction")
      ? event.submitter : null;
    var busy = submitter || form;
    // While the vote is sent the button is marked busy, not disabled: disabling
    // the focused button would throw a keyboard user's focus back to the page start.
    if (busy.getAttribute("aria-busy") === "true") {
      return;
    }
    var button = submitter || form.querySelector("button");
    var body = new FormData(form);
    if (submitter) { body.append(submitter.name, submitter.value); }
    busy.setAttribute("aria-busy", "true");
    if (button) { button.setAttribute("aria-disabled", "true"); }
    fetch(submitter ? submitter.formAction : form.getAttribute("action"), {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        update(form, result.data, submitter);
      } else {
        announce(button || form, result.data.error || result.data.message);
      }
    }).catch(function () {
      if (submitter) {  // send it the way it goes without JavaScript
        var value = document.createElement("input");
        value.type = "hidden";
        value.name = submitter.name;
        value.value = submitter.value;
        form.appendChild(value);
        form.action = submitter.formAction;
      }
      form.submit();
    }).finally(function () {
      busy.removeAttribute("aria-busy");
      if (button) { button.removeAttribute("aria-disabled"); }
    });
  });
}());
