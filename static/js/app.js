// Small helpers on top of pages that work fully without JavaScript.
(function () {
  "use strict";

  // After a failed submit, move focus to the error summary so it is read out first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // "None of these" clears the other boxes in its group, and ticking another box
  // clears "None of these". The server checks this too; this only saves a step.
  document.querySelectorAll("[data-exclusive-group]").forEach(function (group) {
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) {
        return;
      }
      group.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        if (other !== box && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) {
          other.checked = false;
        }
      });
    });
  });

  // A shaky double click must not send a form twice: ignore repeats for a few seconds.
  document.querySelectorAll("form[data-prevent-double-submit]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting === "true") {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = "true";
      window.setTimeout(function () {
        form.dataset.submitting = "false";
      }, 4000);
    });
  });

  // "Bigger buttons": send the switch's form in the background and change the page
  // where it is, so that answers ticked but not yet saved stay ticked and the focus
  // stays on the switch. Without JavaScript the form posts and the page comes back.
  var switches = document.querySelectorAll("form[data-easier-controls]");
  var switching = false;
  function showEasierControls(on) {
    document.body.classList.toggle("easier-controls", on);
    switches.forEach(function (form) {
      form.elements.easier.value = on ? "off" : "on";
      form.querySelector("button").setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll("[data-when-easier]").forEach(function (text) {
      text.hidden = (text.getAttribute("data-when-easier") === "on") !== on;
    });
  }
  switches.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // A shaky second press soon after the first must not undo it.
      if (switching) {
        return;
      }
      switching = true;
      var on = form.elements.easier.value === "on";
      // The app takes form bodies only: URLSearchParams is sent as one.
      var body = new URLSearchParams(new FormData(form));
      fetch(form.action, {method: "POST", body: body, credentials: "same-origin", redirect: "manual"})
        .then(function (response) {
          // The switch answers with a redirect back to the page; anything else (an
          // ended session) is shown by sending the form the ordinary way.
          if (response.type !== "opaqueredirect") {
            throw new Error("not switched");
          }
          showEasierControls(on);
        })
        .catch(function () {
          form.submit();
        })
        .finally(function () {
          window.setTimeout(function () {
            switching = false;
          }, 1000);
        });
    });
  });

  // The print button only makes sense with JavaScript, so it starts hidden.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
