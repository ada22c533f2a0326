/*
 * Story page enhancements. Without this file the Recommend form posts and comes back to the
 * story, and the share links open as plain links; the script recommends without a page load,
 * and offers "Copy link" and the device's own share sheet where the browser has them.
 */
(function () {
  "use strict";

  // community.js (loaded first on every page) sends forms in place and runs code once parsed.
  var community = window.Community;

  // The message is cleared after a while, so an old one is not read again on the way past.
  function announce(region, message, isError) {
    if (!region) return;
    region.classList.toggle("is-error", Boolean(isError));
    window.clearTimeout(region._clearTimer);
    community.speak(region, message);
    region._clearTimer = window.setTimeout(function () {
      region.textContent = "";
    }, 6000);
  }

  /* Recommend -------------------------------------------------------------------------- */
  function countSentence(element, count) {
    if (count === 0) return element.getAttribute("data-none");
    if (count === 1) return element.getAttribute("data-one");
    return element.getAttribute("data-many").replace("{count}", String(count));
  }

  function setupRecommend() {
    var form = document.querySelector("[data-recommend-form]");
    if (!form || !window.fetch || !window.FormData) return;
    var button = form.querySelector("[data-recommend-button]");
    var card = form.closest(".card") || document;
    var status = card.querySelector("[data-recommend-status]");
    var countBadge = form.querySelector("[data-recommend-count]");
    var countText = card.querySelector("[data-recommend-count-text]");
    if (!button) return;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      community.sendInPlace(button, {
        send: function () {
          return community.postForm(form);
        },
        apply: function (data) {
          if (typeof data.count !== "number") return false;
          button.setAttribute("aria-pressed", data.recommended ? "true" : "false");
          if (countBadge) countBadge.textContent = String(data.count);
          if (countText) countText.textContent = countSentence(countText, data.count);
          announce(
            status,
            data.recommended ? "Thanks! You recommend this story." : "You no longer recommend this story."
          );
        },
        fail: function (message) {
          announce(status, message, true);
        },
        failure: "Your recommendation didn't go through. Please try again.",
      });
    });
  }

  /* Share ------------------------------------------------------------------------------ */
  // Older browsers, plain-http pages and denied permissions: copy through a selected field.
  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
    }
    return copyWithSelection(text);
  }

  function setupShare() {
    var status = document.querySelector("[data-share-status]");

    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
      var label = button.querySelector("[data-copy-label]");
      var original = label ? label.textContent : "";
      var resetTimer = null;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(button.getAttribute("data-copy-link")).then(
          function () {
            if (label) label.textContent = "Copied";
            announce(status, "Link copied to the clipboard.");
            window.clearTimeout(resetTimer);
            resetTimer = window.setTimeout(function () {
              if (label) label.textContent = original;
            }, 2500);
          },
          function () {
            announce(status, "Your browser didn't let us copy. Copy the address from the address bar instead.", true);
          }
        );
      });
    });

    if (!navigator.share) return;
    document.querySelectorAll("[data-native-share]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator
          .share({
            title: button.getAttribute("data-share-title") || document.title,
            text: button.getAttribute("data-share-text") || "",
            url: button.getAttribute("data-share-url") || window.location.href,
          })
          .catch(function () {
            // Closing the share sheet rejects too; there is nothing to tell the reader.
          });
      });
    });
  }

  community.onReady(function () {
    setupRecommend();
    setupShare();
  });
})();
