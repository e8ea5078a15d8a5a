// Forms that show they are working, and survive a network blip. No inline scripts (CSP: script-src 'self').
//
// * While a request runs, its submit button is disabled and marked aria-busy (htmx forms and plain ones).
// * When an htmx request does not reach the server (or the server fails), the form is left as it is, with
//   everything typed, and a message under it offers to retry. The retry sends the form again as it stands:
//   with the same hidden idempotency key, so a request that did arrive is answered once, never done twice.
(function () {
  "use strict";

  var BUSY = "data-busy-by-form";  // marks a button this script disabled (so it re-enables only those)
  var PLAIN_FORM_PATIENCE = 15000;  // ms

  function formOf(elt) {
    if (!elt) {
      return null;
    }
    return elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form");
  }

  function submitterOf(form, event) {
    var config = event && event.detail && event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (trigger && trigger.submitter) {
      return trigger.submitter;
    }
    return form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  function markBusy(form, button) {
    form.setAttribute("aria-busy", "true");
    if (button && !button.disabled) {
      button.setAttribute("aria-busy", "true");
      button.setAttribute(BUSY, "");
      button.disabled = true;
    }
  }

  function clearBusy(form) {
    form.removeAttribute("aria-busy");
    var copies = form.querySelectorAll("[data-stands-in-for-submitter]");
    for (var k = 0; k < copies.length; k++) {
      copies[k].parentNode.removeChild(copies[k]);
    }
    var buttons = form.querySelectorAll("[" + BUSY + "]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].removeAttribute(BUSY);
      buttons[i].removeAttribute("aria-busy");
      buttons[i].disabled = false;
    }
  }

  // The last submitter of each form, for the retry (an outcome form says which button was pressed).
  var lastSubmitter = new WeakMap();
  var shownFailure = new WeakMap();

  function hideFailure(form) {
    var note = shownFailure.get(form);
    if (note && note.parentNode) {
      note.parentNode.removeChild(note);
    }
    shownFailure.delete(form);
  }

  function showFailure(form, kind) {
    hideFailure(form);
    var template = document.getElementById("net-failed");
    if (!template || !form.isConnected) {
      return;
    }
    var note = template.content.firstElementChild.cloneNode(true);
    var lines = note.querySelectorAll("[data-when]");
    for (var i = 0; i < lines.length; i++) {
      if (lines[i].getAttribute("data-when") !== kind) {
        lines[i].parentNode.removeChild(lines[i]);
      }
    }
    note.querySelector("[data-retry]").addEventListener("click", function () {
      hideFailure(form);
      resend(form);
    });
    form.insertAdjacentElement("afterend", note);
    shownFailure.set(form, note);
  }

  function resend(form) {
    var submitter = lastSubmitter.get(form);
    if (submitter && submitter.isConnected && form.contains(submitter)) {
      submitter.click();  // as the user did: htmx notes which button (an outcome form's value), then sends
    } else if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else if (window.htmx) {
      window.htmx.trigger(form, "submit");
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) {
      return;
    }
    var button = submitterOf(form, event);
    lastSubmitter.set(form, button);
    hideFailure(form);
    markBusy(form, button);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (form) {
      clearBusy(form);
    }
  });

  function failed(kind) {
    return function (event) {
      var form = formOf(event.detail.elt);
      if (form) {
        clearBusy(form);
        showFailure(form, kind);
      }
    };
  }

  document.addEventListener("htmx:sendError", failed("send"));
  document.addEventListener("htmx:timeout", failed("send"));
  document.addEventListener("htmx:responseError", failed("server"));

  // Plain forms (no htmx): the browser leaves the page, so only the button's state is ours. A disabled
  // submitter would drop its name and value from the form's data, so a hidden copy carries them. The
  // button is enabled again after a while should the page stay (a stopped load): the form's key guards a
  // resend.
  var STAND_IN = "data-stands-in-for-submitter";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || form.tagName !== "FORM") {
      return;  // htmx took it (it prevents the default), or a confirmation was declined
    }
    var button = event.submitter || form.querySelector('button[type="submit"], button:not([type])');
    if (button && button.name && !button.disabled) {
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = button.name;
      copy.value = button.value;
      copy.setAttribute(STAND_IN, "");
      form.appendChild(copy);
    }
    markBusy(form, button);
    window.setTimeout(function () {
      clearBusy(form);
    }, PLAIN_FORM_PATIENCE);
  });

  // Back to a page kept in the browser's cache: its buttons are not working any more.
  window.addEventListener("pageshow", function () {
    var forms = document.querySelectorAll('form[aria-busy="true"]');
    for (var i = 0; i < forms.length; i++) {
      clearBusy(forms[i]);
      var buttons = forms[i].querySelectorAll('[aria-busy="true"]');
      for (var j = 0; j < buttons.length; j++) {
        buttons[j].removeAttribute("aria-busy");
      }
    }
  });

  // The phone menu is one scrolling row: keep the current page's entry in view.
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector('.mainnav a[aria-current="page"]');
    var nav = current && current.parentNode;
    if (nav && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
    }
  });
})();
