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

  function setButton(form, label, pressed, next) {
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

  function update(form, data) {
    var group = form.closest("[data-vote-group]");
    if (group && data.up_label !== undefined) {
      var up = group.querySelector('form[data-vote="up"]');
      var down = group.querySelector('form[data-vote="down"]');
      if (up) { setButton(up, data.up_label, data.state === 1, data.up_next); }
      if (down) { setButton(down, data.down_label, data.state === -1, data.down_next); }
    } else {
      setButton(form, data.label, data.state, data.next_action);
    }
    announce(form, data.message);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(".vote-form") || !window.fetch) {
      return;
    }
    event.preventDefault();
    // While the vote is sent the button is marked busy, not disabled: disabling
    // the focused button would throw a keyboard user's focus back to the page start.
    if (form.getAttribute("aria-busy") === "true") {
      return;
    }
    var button = form.querySelector("button");
    form.setAttribute("aria-busy", "true");
    if (button) { button.setAttribute("aria-disabled", "true"); }
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        update(form, result.data);
      } else {
        announce(form, result.data.error || result.data.message);
      }
    }).catch(function () {
      form.submit();
    }).finally(function () {
      form.removeAttribute("aria-busy");
      if (button) { button.removeAttribute("aria-disabled"); }
    });
  });
}());
