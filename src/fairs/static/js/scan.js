/* The scan page: read a coupon's QR code with the camera (jsQR), or check a typed short code as it is typed;
 * the same check on any other box marked `data-code-check` (the inbox's code search).
 *
 * The reading and check-character functions are a port of src/fairs/services/coupons/codes.py and must agree
 * with it exactly (tests/pages/test_scan_page.py runs them under Node against codes made by the Python side;
 * tests/pages/test_scan_redeem_page.py compares the look-alike and keyboard-layout maps). They are exported for
 * Node; the page part runs only in a browser. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var BASE = ALPHABET.length;
  var BODY_LENGTH = 8;
  // Python's `\s` for str patterns, spelled out: JavaScript's `\s` is a slightly different set.
  var SPACES = /[\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]/g;
  var TOKEN_RE = /^[A-Za-z0-9_-]{22,64}$/;
  // Cyrillic capitals read as the Latin letters they look like (codes.CYRILLIC_LOOKALIKES, codes.LATIN_LOOKS).
  var CYRILLIC_LOOKALIKES = "АВЕКМНОРСТХУ";
  var LATIN_LOOKS = "ABEKMHOPCTXY";
  // The letter keys of the Russian layout (and the Belarusian І, Ў), and the Latin letters on the same keys
  // (codes.LAYOUT_KEYS, codes.LAYOUT_LATIN).
  var LAYOUT_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬІЎ";
  var LAYOUT_LATIN = "QWERTYUIOPASDFGHJKLZXCVBNMBO";

  function translate(text, from, to) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var at = from.indexOf(text.charAt(i));
      out += at < 0 ? text.charAt(i) : to.charAt(at);
    }
    return out;
  }

  /** Crockford's look-alikes: I and L read as 1, O as 0. */
  function aliases(text) {
    return text.replace(/[IL]/g, "1").replace(/O/g, "0");
  }

  /** The Luhn mod 32 check symbol of a normalised body (codes.check_symbol). */
  function checkSymbol(body) {
    var total = 0;
    var factor = 2;
    for (var i = body.length - 1; i >= 0; i--) {
      var addend = factor * ALPHABET.indexOf(body.charAt(i));
      total += Math.floor(addend / BASE) + (addend % BASE);
      factor = factor === 2 ? 1 : 2;
    }
    return ALPHABET.charAt((BASE - (total % BASE)) % BASE);
  }

  function checks(code) {
    if (code.length !== BODY_LENGTH + 1) return false;
    for (var i = 0; i < code.length; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) return false;
    }
    return checkSymbol(code.slice(0, -1)) === code.charAt(code.length - 1);
  }

  /** {code, layout}: the typed text read as a code; `layout` when it was read from the Russian keyboard layout
   * because it is no valid code as it stands and the same keys on the Latin layout give one (codes.read_short_code). */
  function read(text) {
    var compact = String(text).replace(SPACES, "").toUpperCase();
    var code = aliases(translate(compact, CYRILLIC_LOOKALIKES, LATIN_LOOKS));
    if (!checks(code)) {
      var converted = aliases(translate(compact, LAYOUT_KEYS, LAYOUT_LATIN));
      if (converted !== code && checks(converted)) return { code: converted, layout: true };
    }
    return { code: code, layout: false };
  }

  /** Upper-case, drop hyphens and spaces, read the look-alikes (codes.normalise_short_code). */
  function normalise(text) {
    return read(text).code;
  }

  /** True when `text` reads as 9 alphabet symbols whose last is the right check (codes.is_valid_short_code). */
  function isValidShortCode(text) {
    return checks(normalise(text));
  }

  /** Printed form in groups: K7QM-2XHD-9 (codes.format_short_code). */
  function formatShortCode(code) {
    return code.slice(0, 4) + "-" + code.slice(4, 8) + "-" + code.slice(8);
  }

  /** The token of a coupon address typed or scanned (`…/c/{token}`), or "" when `text` is none. */
  function tokenOf(text) {
    var at = String(text).lastIndexOf("/c/");
    if (at < 0) return "";
    var token = String(text).slice(at + 3).replace(/[?#].*$/, "").trim();
    return TOKEN_RE.test(token) ? token : "";
  }

  /** What a box holds: {state, code, layout}; state is empty, incomplete, valid, typo, bad, long or address.
   * `layout` on a valid code: read from the Russian layout; on bad characters: they all are keys of that layout. */
  function classify(text) {
    if (tokenOf(text)) return { state: "address", code: tokenOf(text), layout: false };
    var reading = read(text);
    var code = reading.code;
    if (!code) return { state: "empty", code: code, layout: false };
    var bad = "";
    for (var i = 0; i < code.length; i++) {
      var ch = code.charAt(i);
      if (ALPHABET.indexOf(ch) < 0 && bad.indexOf(ch) < 0) bad += ch;
    }
    if (bad) {
      var keys = aliases(translate(String(text).replace(SPACES, "").toUpperCase(), LAYOUT_KEYS, LAYOUT_LATIN));
      var onKeys = true;
      for (var k = 0; k < keys.length; k++) if (ALPHABET.indexOf(keys.charAt(k)) < 0) onKeys = false;
      return { state: "bad", code: code, bad: bad, layout: onKeys };
    }
    if (code.length < BODY_LENGTH + 1) return { state: "incomplete", code: code, layout: false };
    if (code.length > BODY_LENGTH + 1) return { state: "long", code: code, layout: false };
    return { state: checks(code) ? "valid" : "typo", code: code, layout: reading.layout };
  }

  var api = {
    ALPHABET: ALPHABET,
    CYRILLIC_LOOKALIKES: CYRILLIC_LOOKALIKES,
    LATIN_LOOKS: LATIN_LOOKS,
    LAYOUT_KEYS: LAYOUT_KEYS,
    LAYOUT_LATIN: LAYOUT_LATIN,
    read: read,
    normalise: normalise,
    formatShortCode: formatShortCode,
    checkSymbol: checkSymbol,
    isValidShortCode: isValidShortCode,
    tokenOf: tokenOf,
    classify: classify,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- the live check, on every box marked data-code-check="<id of the element that says the verdict>" ------
  var total = BODY_LENGTH + 1;
  var textsBox = document.getElementById("code-check-texts");
  var texts = textsBox ? textsBox.dataset : {};

  function describe(result) {
    switch (result.state) {
      case "valid":
        return result.layout ? texts.layout.replace("{code}", formatShortCode(result.code)) : texts.valid;
      case "typo": return texts.typo;
      case "incomplete":
        return texts.incomplete.replace("{n}", String(result.code.length)).replace("{total}", String(total));
      case "long": return texts.tooLong.replace("{total}", String(total));
      case "bad": return texts.badChars.replace("{chars}", result.bad) + (result.layout ? " " + texts.badLayout : "");
      case "address": return texts.address;
      default: return "";
    }
  }

  function showCheck(input) {
    var result = classify(input.value);
    var check = document.getElementById(input.getAttribute("data-code-check"));
    if (check) {
      check.textContent = describe(result);
      check.dataset.state = result.state;
      check.dataset.layout = result.layout ? "russian" : "";
    }
    input.setAttribute("aria-invalid", result.state === "typo" || result.state === "bad" || result.state === "long" ? "true" : "false");
    return result;
  }

  function checkAll() {
    var boxes = document.querySelectorAll("input[data-code-check]");
    for (var i = 0; i < boxes.length; i++) showCheck(boxes[i]);
  }

  // Delegated, so a box put back by htmx (history, swaps) is checked too.
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("input[data-code-check]")) showCheck(target);
  });
  document.addEventListener("htmx:load", checkAll);
  checkAll();

  var root = document.getElementById("scan");
  if (!root) return;
  var cameraTexts = document.getElementById("scan-texts").dataset;

  // ---- the manual box -------------------------------------------------------------------------------------
  var form = document.getElementById("manual-form");
  var input = document.getElementById("code-input");
  var check = document.getElementById("code-check");

  function go(path) {
    stopCamera();
    window.location.assign(path);
  }

  form.addEventListener("submit", function (event) {
    var result = showCheck(input);
    event.preventDefault();
    // Read from the Russian layout: the server reads it the same way and says so on the coupon screen.
    if (result.state === "valid" && result.layout) go("/scan?code=" + encodeURIComponent(input.value));
    else if (result.state === "valid") go("/coupons/" + encodeURIComponent(result.code));
    else if (result.state === "address") go("/c/" + encodeURIComponent(result.code));
    else {
      // Caught here, before any request: say why, and keep the text for correcting.
      check.classList.remove("is-nudged");
      void check.offsetWidth;
      check.classList.add("is-nudged");
      input.focus();
    }
  });

  // On a desktop the box keeps the focus, so a keyboard-wedge scanner (types the code, presses Enter) needs no
  // click. On a touch screen it does not: the on-screen keyboard would cover the camera.
  var desktop = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;
  function nothingFocused() {
    var active = document.activeElement;
    return !active || active === document.body || active === document.documentElement;
  }
  if (desktop) {
    input.focus();
    input.addEventListener("blur", function () {
      window.setTimeout(function () { if (nothingFocused()) input.focus(); }, 0);
    });
    window.addEventListener("focus", function () { if (nothingFocused()) input.focus(); });
    document.addEventListener("keydown", function (event) {
      // A key typed while nothing has the focus goes to the box (focus moves before the character lands).
      if (nothingFocused() && event.key && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        input.focus();
      }
    });
  } else {
    // The autofocus attribute serves desktops without JavaScript; a phone keeps the keyboard down until tapped.
    // (Chromium may apply autofocus after this script and even after `load`, so a focus that comes without a
    // tap during the first seconds is undone as well.)
    var tapped = false;
    var openedAt = Date.now();
    input.addEventListener("pointerdown", function () { tapped = true; });
    var unfocus = function () { if (!tapped && document.activeElement === input) input.blur(); };
    input.addEventListener("focus", function () { if (Date.now() - openedAt < 10000) unfocus(); });
    unfocus();
    window.addEventListener("load", unfocus);
  }

  // ---- the camera -----------------------------------------------------------------------------------------
  var box = document.getElementById("camera");
  var video = document.getElementById("camera-video");
  var status = document.getElementById("camera-status");
  var warning = document.getElementById("insecure-warning");
  var canvas = document.createElement("canvas");
  var context2d = canvas.getContext("2d", { willReadFrequently: true });
  var baseOrigin = "";
  try { baseOrigin = new URL(root.dataset.baseUrl).origin; } catch (e) { baseOrigin = ""; }
  var stream = null;
  var timer = 0;
  var running = false;
  var lastForeign = "";

  function say(text, kind) {
    status.hidden = !text;
    status.textContent = text || "";
    status.className = "note" + (kind ? " note-" + kind : "");
  }

  /** Where a decoded QR text leads on this site, or "" when it is not one of our coupons. */
  function destination(text) {
    var url;
    try { url = new URL(text); } catch (e) {
      return isValidShortCode(text) ? "/coupons/" + encodeURIComponent(normalise(text)) : "";
    }
    if (url.origin !== window.location.origin && url.origin !== baseOrigin) return "";
    var match = /^\/c\/([A-Za-z0-9_-]{22,64})$/.exec(url.pathname);
    return match ? "/c/" + match[1] : "";
  }

  function tick() {
    timer = 0;
    if (!running) return;
    if (video.readyState >= 2 && video.videoWidth) {
      var scale = Math.min(1, 800 / Math.max(video.videoWidth, video.videoHeight));
      var w = Math.round(video.videoWidth * scale);
      var h = Math.round(video.videoHeight * scale);
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      context2d.drawImage(video, 0, 0, w, h);
      var found = window.jsQR(context2d.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
      if (found && found.data) {
        var path = destination(found.data);
        if (path) {
          say(cameraTexts.found, "ok");
          go(path);
          return;
        }
        if (found.data !== lastForeign) { lastForeign = found.data; say(cameraTexts.foreign, "warn"); }
      }
    }
    timer = window.setTimeout(tick, 120);
  }

  function stopCamera() {
    running = false;
    if (timer) { window.clearTimeout(timer); timer = 0; }
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); stream = null; }
    video.srcObject = null;
  }

  function cameraFailed(error) {
    stopCamera();
    box.hidden = true;
    var name = (error && error.name) || "";
    if (name === "NotAllowedError" || name === "PermissionDeniedError" || name === "SecurityError") say(cameraTexts.denied, "warn");
    else if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError") say(cameraTexts.noCamera, "warn");
    else say(cameraTexts.busy, "warn");
    root.dataset.camera = "failed";
  }

  function startCamera() {
    if (running || stream) return;
    if (!window.isSecureContext) {
      if (!warning) say(cameraTexts.insecure, "warn");
      root.dataset.camera = "insecure";
      return;
    }
    if (warning) warning.hidden = true; // the browser is the judge: it says the context is secure
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== "function") {
      say(cameraTexts.unsupported, "warn");
      root.dataset.camera = "unsupported";
      return;
    }
    running = true;
    say(cameraTexts.starting, "");
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
      .then(function (media) {
        if (!running) { media.getTracks().forEach(function (track) { track.stop(); }); return; }
        stream = media;
        video.srcObject = media;
        box.hidden = false;
        say("", "");
        root.dataset.camera = "on";
        return video.play().then(tick);
      })
      .catch(cameraFailed);
  }

  // Leaving the page (or hiding it) turns the camera off; coming back turns it on again.
  window.addEventListener("pagehide", stopCamera);
  window.addEventListener("pageshow", function (event) { if (event.persisted) startCamera(); });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) stopCamera();
    else if (root.dataset.camera === "on") startCamera();
  });
  startCamera();
})();
