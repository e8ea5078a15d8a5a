// The fair day at the speed of the queue: focus on the next thing to do after every swap, Enter submits a
// booth's form from any of its fields, and a visitor's print page prints at once and comes back.
// The page works without this script (forms post and redirect); it only saves keystrokes.
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea, button, a[href]";

  function visible(el) {
    return !!(el && (el.offsetWidth || el.offsetHeight || el.getClientRects().length));
  }

  function firstFocusable(root) {
    var all = root ? root.querySelectorAll(FOCUSABLE) : [];
    for (var i = 0; i < all.length; i++) {
      if (visible(all[i])) {
        return all[i];
      }
    }
    return null;
  }

  function put(el) {
    if (!el) {
      return false;
    }
    el.focus({ preventScroll: true });
    if (el.scrollIntoView) {
      el.scrollIntoView({ block: "center" });
    }
    return document.activeElement === el;
  }

  // The booth after `booth` that has a form for the active visitor (else the visitor's print link).
  function nextBoothField(booth) {
    var booths = Array.prototype.slice.call(document.querySelectorAll("section.booth"));
    var after = booths.slice(booths.indexOf(booth) + 1);
    for (var i = 0; i < after.length; i++) {
      var field = after[i].querySelector("[data-serve-first]");
      if (field) {
        return field;
      }
    }
    return document.getElementById("active-print");
  }

  // Where the server said the keyboard goes (data-focus), inside `root`; after a swap, else the swapped
  // part's first field (never <body>).
  function focusNext(root, swapped) {
    var marked = root.querySelector ? root.querySelector("[data-focus]") : null;
    if (!marked && root.hasAttribute && root.hasAttribute("data-focus")) {
      marked = root;
    }
    if (marked && marked.getAttribute("data-focus") === "next-booth") {
      if (put(nextBoothField(marked))) {
        return;
      }
      marked = marked.querySelector("[data-serve-first]");
    }
    if (put(marked)) {
      return;
    }
    if (swapped && (document.activeElement === document.body || !document.contains(document.activeElement))) {
      put(firstFocusable(root));
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    // The matches list fills in while the person types: typing stays where it is.
    if (!target || target.id === "visitor-matches") {
      return;
    }
    focusNext(document.getElementById(target.id) || target, true);
  });

  // Enter in a booth's visitor form (a select or a tick box too) submits it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey || event.isComposing) {
      return;
    }
    var el = event.target;
    var form = el && el.closest && el.closest("form[data-enter-submits]");
    if (!form || el.tagName === "BUTTON" || el.tagName === "TEXTAREA" || el.tagName === "A") {
      return;
    }
    if (el.tagName === "SELECT" || el.type === "checkbox") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // "Change" on the active visitor's chip: to the find field.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-focus-to]");
    if (link) {
      event.preventDefault();
      put(document.getElementById(link.getAttribute("data-focus-to")));
    }
  });

  function start() {
    var back = document.body.getAttribute("data-autoprint");
    if (back) {
      // A visitor's coupons opened from the fair day: print now, then back to the fair day.
      window.addEventListener("afterprint", function () {
        window.location.assign(back);
      });
      window.print();
      return;
    }
    focusNext(document, false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
