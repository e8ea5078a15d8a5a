// Small enhancements; every page works without them. No inline scripts (CSP: script-src 'self').
(function () {
  "use strict";

  // Buttons with data-print open the browser's print dialog (coupon print view).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // Plain (non-htmx) forms with data-confirm ask before submitting; htmx forms use hx-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // After htmx swaps a section in, keep the new message (or the issued coupon) in view.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.querySelector) {
      return;
    }
    var news = target.querySelector(".issued, .client-code, .note-error, .note-ok");
    if (news && news.scrollIntoView) {
      news.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  });
})();
