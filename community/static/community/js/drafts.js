/*
 * Drafts and previews for any form that declares them; the forms work without this script
 * (their "Preview" and "Save draft" buttons post the form and the page comes back with
 * everything typed). With it:
 *   - form[data-draft-url][data-draft-key] saves what the member types on the server, 1.5 s
 *     after they pause and when the tab is hidden or closed, and says when it last did;
 *   - form[data-preview-url] renders its Markdown (textarea[data-markdown]) on the server,
 *     through the same pipeline as a post, when [data-preview-button] is selected.
 */
(function () {
  "use strict";

  var SAVE_AFTER_MS = 1500;
  // Browsers refuse keepalive requests above 64 KB; bigger drafts go in an ordinary request.
  var KEEPALIVE_MAX_BYTES = 60000;

  // community.js (loaded first on every page) posts for JSON and says how long ago.
  var community = window.Community;
  var post = community.postJSON;
  var relativeTime = community.relativeTime;

  /* Autosave ------------------------------------------------------------------------------- */
  function setupDraft(form) {
    var url = form.getAttribute("data-draft-url");
    var key = form.getAttribute("data-draft-key");
    var box = form.querySelector("[data-draft-status]");
    var text = box && box.querySelector("[data-draft-status-text]");
    var timer = null;
    var dirty = false;
    var stopped = false;
    var savedAt = null;
    var pausedUntil = 0;

    function say(message) {
      if (!box || !text) return;
      text.textContent = message;
      box.hidden = false;
    }

    function fields() {
      var data = new FormData(form);
      data.set("key", key);
      return data;
    }

    function save(leaving) {
      window.clearTimeout(timer);
      if (!dirty || stopped || Date.now() < pausedUntil) return;
      dirty = false;
      var body = fields();
      var size = 0;
      body.forEach(function (value) {
        size += typeof value === "string" ? value.length * 3 : 0;
      });
      post(url, form, body, leaving && size < KEEPALIVE_MAX_BYTES)
        .then(function (result) {
          if (result.ok) {
            savedAt = result.data.updated_at;
            if (savedAt) say("Draft saved " + relativeTime(savedAt));
            else if (box) box.hidden = true;
            return;
          }
          if (result.status === 429) {
            var wait = parseInt(result.response.headers.get("Retry-After") || "60", 10);
            pausedUntil = Date.now() + (isNaN(wait) ? 60 : wait) * 1000;
            dirty = true;
          } else {
            // Too long, or not allowed to write here: say so once and stop trying.
            stopped = true;
          }
          say(result.data.error || "Your draft couldn't be saved; your text is still here.");
        })
        .catch(function () {
          // Offline for a moment: the next pause tries again.
          dirty = true;
          say("Draft not saved: no connection. Your text is still here.");
        });
    }

    function changed() {
      dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_AFTER_MS);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // "Save draft" saves in place (a click, so the form is never submitted).
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-draft-save]");
      if (!button || !form.contains(button)) return;
      event.preventDefault();
      dirty = true;
      save(false);
    });
    function stop() {
      stopped = true;
      window.clearTimeout(timer);
    }
    // Posting: the server drops the draft once the post is in; a late save must not revive it.
    // The same when the member discards it (a separate form, since forms cannot nest).
    form.addEventListener("submit", stop);
    var discardButton = box && box.querySelector("[data-draft-discard]");
    var discardForm = discardButton && document.getElementById(discardButton.getAttribute("form"));
    if (discardForm) discardForm.addEventListener("submit", stop);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    window.addEventListener("pagehide", function () {
      save(true);
    });
    window.setInterval(function () {
      if (savedAt && !stopped) say("Draft saved " + relativeTime(savedAt));
    }, 30000);
  }

  /* Preview -------------------------------------------------------------------------------- */
  function setupPreview(form) {
    var url = form.getAttribute("data-preview-url");
    var source = form.querySelector("textarea[data-markdown]");
    var panel = form.querySelector("[data-preview-panel]");
    var body = panel && panel.querySelector("[data-preview-body]");
    if (!source || !body) return;

    function show(html) {
      body.innerHTML = html;
      panel.hidden = false;
      panel.classList.remove("is-stale");
      panel.scrollIntoView({ block: "nearest" });
    }

    function message(text) {
      var note = document.createElement("p");
      note.className = "text-muted";
      note.textContent = text;
      body.replaceChildren(note);
      panel.hidden = false;
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-preview-button]");
      if (!button || !form.contains(button)) return;
      event.preventDefault();
      if (!source.value.trim()) {
        message("Nothing to preview yet.");
        return;
      }
      var data = new FormData();
      data.set("key", form.getAttribute("data-preview-key") || "");
      data.set("text", source.value);
      community.sendInPlace(button, {
        send: function () {
          return post(url, form, data, false);
        },
        // The HTML comes from the server's sanitising Markdown pipeline, as a post would.
        apply: function (answer) {
          if (typeof answer.html !== "string") return false;
          show(answer.html);
        },
        fail: message,
        failure: "The preview didn't load. Please try again.",
        offline: "We couldn't reach the community for a preview. Your text is still here.",
      });
    });
    source.addEventListener("input", function () {
      if (!panel.hidden) panel.classList.add("is-stale");
    });
  }

  community.onReady(function () {
    if (!window.fetch || !window.FormData) return;
    document.querySelectorAll("form[data-draft-url][data-draft-key]").forEach(setupDraft);
    document.querySelectorAll("form[data-preview-url]").forEach(setupPreview);
  });
})();
