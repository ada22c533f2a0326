/*
 * Forum enhancements. Every control works without this file (forms post, links navigate);
 * the script only makes them quicker: kudos without a page load, quoting a reply,
 * @mention and tag suggestions, similar questions already answered while a new topic's title
 * is typed, a confirmation before deleting, focus on errors, and a live topic page (new
 * replies appear, reply and kudos counts follow) over the topic's socket.
 */
(function () {
  "use strict";

  var MENTION_BEFORE_CARET = /(?:^|[^\w@./-])@([A-Za-z0-9][A-Za-z0-9_.-]{0,39})$/;
  var QUOTE_MAX_CHARS = 600;

  // community.js (loaded first on every page) sends forms in place and runs code once parsed.
  var community = window.Community;

  /* Toast: one polite live region for feedback on actions that don't reload the page ---- */
  // The topic page renders its region up front, so screen readers already watch it when the
  // first message arrives; elsewhere it is added on first use.
  var toastRegion = null;
  var toastTimer = null;

  function toast(message) {
    toastRegion = toastRegion || document.querySelector("[data-toast]") || community.addStatusRegion("forum-toast");
    community.speak(toastRegion, message);
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () {
      toastRegion.textContent = "";
    }, 6000);
  }

  /* Toggles posted in place (kudos, follow) --------------------------------------------- */
  // Posts the form [data-<name>-form] by fetch when its [data-<name>-button] is pressed; `apply`
  // gets the JSON answer and returns false when it is not the answer expected, so the member
  // hears `failure` (or the server's error) instead.
  function onToggleSubmit(name, apply, failure) {
    if (!window.fetch || !window.FormData) return;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("[data-" + name + "-form]")) return;
      var button = form.querySelector("[data-" + name + "-button]");
      if (!button) return;
      event.preventDefault();
      community.sendInPlace(button, {
        send: function () {
          return community.postForm(form);
        },
        apply: function (data) {
          return apply(form, button, data);
        },
        fail: toast,
        failure: failure,
      });
    });
  }

  function setupKudos() {
    onToggleSubmit(
      "kudos",
      function (form, button, data) {
        if (typeof data.count !== "number") return false;
        button.setAttribute("aria-pressed", data.kudos ? "true" : "false");
        var count = button.querySelector("[data-kudos-count]");
        if (count) count.textContent = String(data.count);
      },
      "Your kudos didn't go through. Please try again."
    );
  }

  function showFollowing(form, following) {
    var button = form.querySelector("[data-follow-button]");
    var state = following ? "on" : "off";
    button.setAttribute("aria-pressed", following ? "true" : "false");
    button.setAttribute("aria-label", button.getAttribute("data-label-" + state));
    button.setAttribute("title", button.getAttribute("data-title-" + state));
    button.querySelector("[data-follow-text]").textContent = following ? "Following" : "Follow";
    form.querySelector("[data-follow-next]").value = following ? "off" : "on";
  }

  function setupFollow() {
    onToggleSubmit(
      "follow",
      function (form, button, data) {
        if (typeof data.following !== "boolean") return false;
        showFollowing(form, data.following);
        toast(data.message);
      },
      "That didn't go through. Please try again."
    );
  }

  /* Confirmations and double submits --------------------------------------------------- */
  function setupForms() {
    document.addEventListener(
      "submit",
      function (event) {
        var form = event.target;
        var message = form.getAttribute && form.getAttribute("data-confirm");
        if (message && !window.confirm(message)) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
      },
      true
    );

    // A second click while a post is on its way would only be dropped by the server.
    document.querySelectorAll("[data-reply-form], .topic-form").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit]");
        if (!button) return;
        window.setTimeout(function () {
          button.disabled = true;
        }, 0);
        // Re-enable if the page comes back from the cache (back button).
        window.addEventListener("pageshow", function () {
          button.disabled = false;
        });
      });
    });
  }

  /* Quoting a reply ---------------------------------------------------------------------- */
  function selectedTextWithin(element) {
    var selection = window.getSelection && window.getSelection();
    if (!selection || selection.isCollapsed || !element) return "";
    if (!element.contains(selection.anchorNode) || !element.contains(selection.focusNode)) return "";
    return selection.toString();
  }

  function asMarkdownQuote(text) {
    text = text.replace(/\r/g, "").replace(/\n{3,}/g, "\n\n").trim();
    if (text.length > QUOTE_MAX_CHARS) {
      text = text.slice(0, QUOTE_MAX_CHARS).replace(/\s+\S*$/, "") + " …";
    }
    return text
      .split("\n")
      .map(function (line) {
        return line ? "> " + line : ">";
      })
      .join("\n");
  }

  // Set once quoting is possible on the page (there is a reply form).
  var showQuoteButtons = function () {};

  function setupQuotes() {
    var form = document.querySelector("[data-reply-form]");
    if (!form) return;
    var textarea = form.querySelector("textarea[name=body]");
    var quoted = form.querySelector("input[name=quoted]");
    var note = form.querySelector("[data-quoting]");
    var noteText = form.querySelector("[data-quoting-text]");
    var clear = form.querySelector("[data-quoting-clear]");
    if (!textarea || !quoted) return;

    function describe(button) {
      if (!note || !noteText) return;
      if (button) {
        noteText.textContent = "Replying to #" + button.dataset.number + " by " + button.dataset.name;
        note.hidden = false;
      } else {
        note.hidden = true;
      }
    }

    // Delegated, so replies that arrive on a live page can be quoted as well.
    showQuoteButtons = function (root) {
      root.querySelectorAll("[data-quote]").forEach(function (button) {
        button.hidden = false;
      });
    };
    showQuoteButtons(document);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-quote]");
      if (!button) return;
      var post = button.closest("article");
      var body = post && post.querySelector("[data-post-body]");
      var text = selectedTextWithin(body) || (body ? body.innerText : "");
      var insert = (text.trim() ? asMarkdownQuote(text) + "\n\n" : "") + "@" + button.dataset.handle + " ";
      var current = textarea.value.replace(/\s+$/, "");
      textarea.value = current ? current + "\n\n" + insert : insert;
      quoted.value = button.dataset.replyPk;
      describe(button);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
      textarea.scrollTop = textarea.scrollHeight;
    });

    if (clear) {
      clear.addEventListener("click", function () {
        quoted.value = "";
        describe(null);
        textarea.focus();
      });
    }

    // After a failed post the link to the quoted reply survives: say which reply it is.
    if (quoted.value) {
      describe(document.querySelector('[data-quote][data-reply-pk="' + quoted.value + '"]'));
    }
  }

  /* Suggestions: an accessible listbox under a field ------------------------------------ */
  var listCount = 0;

  function caretPosition(textarea) {
    var style = window.getComputedStyle(textarea);
    var mirror = document.createElement("div");
    [
      "boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
      "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth",
      "fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing", "lineHeight",
      "textTransform", "wordSpacing", "textIndent", "tabSize",
    ].forEach(function (name) {
      mirror.style[name] = style[name];
    });
    mirror.style.position = "absolute";
    mirror.style.visibility = "hidden";
    mirror.style.whiteSpace = "pre-wrap";
    mirror.style.overflowWrap = "break-word";
    mirror.style.top = "0";
    mirror.style.left = "-9999px";
    mirror.textContent = textarea.value.slice(0, textarea.selectionStart);
    var marker = document.createElement("span");
    marker.textContent = "\u200b";
    mirror.appendChild(marker);
    document.body.appendChild(mirror);
    var position = {
      top: marker.offsetTop - textarea.scrollTop,
      left: marker.offsetLeft,
      height: parseFloat(style.lineHeight) || marker.offsetHeight,
    };
    document.body.removeChild(mirror);
    return position;
  }

  function attachSuggestions(field, source) {
    listCount += 1;
    var listId = "forum-suggestions-" + listCount;
    var list = community.createListbox(field, {
      id: listId,
      tag: "ul",
      className: "suggest-list",
      label: source.label,
      anchorClass: "suggest-anchor",
    });
    var isCombobox = field.tagName === "INPUT";

    var items = [];
    var active = -1;
    var match = null;
    var timer = null;
    var lookupJSON = community.latestJSON();

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      field.removeAttribute("aria-activedescendant");
      if (isCombobox) field.setAttribute("aria-expanded", "false");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      var option = list.children[index];
      if (option) {
        field.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    }

    function place() {
      var top = field.offsetTop + field.offsetHeight + 4;
      var left = field.offsetLeft;
      if (!isCombobox) {
        var caret = caretPosition(field);
        top = field.offsetTop + Math.min(caret.top + caret.height + 6, field.offsetHeight + 4);
        left = field.offsetLeft + Math.max(0, Math.min(caret.left, field.offsetWidth - 240));
      }
      list.style.top = top + "px";
      list.style.left = left + "px";
    }

    function choose(index) {
      var item = items[index];
      if (!item || !match) return;
      source.apply(field, match, item);
      close();
      field.focus();
      // Lets the character counter catch up; the text now ends past the term, so no new lookup.
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function open(results) {
      list.replaceChildren();
      items = results;
      if (!items.length) {
        close();
        return;
      }
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "listbox__option suggest-list__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.textContent = item.label;
        option.appendChild(label);
        if (item.hint) {
          var hint = document.createElement("span");
          hint.className = "listbox__hint suggest-list__hint";
          hint.textContent = item.hint;
          option.appendChild(hint);
        }
        // mousedown, not click: the field must keep focus (and its caret) while choosing.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        list.appendChild(option);
      });
      place();
      list.hidden = false;
      if (isCombobox) field.setAttribute("aria-expanded", "true");
      highlight(0);
    }

    function lookup() {
      match = source.match(field);
      window.clearTimeout(timer);
      if (!match || !match.term) {
        close();
        return;
      }
      var term = match.term;
      timer = window.setTimeout(function () {
        lookupJSON(source.url, "q=" + encodeURIComponent(term)).then(function (data) {
          var current = source.match(field);
          // The member kept typing: these results answer a question nobody asks any more.
          if (!data || !current || current.term !== term || document.activeElement !== field) return;
          match = current;
          open(source.items(data, field));
        });
      }, 180);
    }

    field.addEventListener("input", lookup);
    field.addEventListener("blur", function () {
      window.setTimeout(close, 120);
    });
    field.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + items.length) % items.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active < 0) return;
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        // Only closes the list; the member menu and other Escape handlers stay untouched.
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
  }

  function urlFrom(field, attribute, fallback) {
    var holder = field.closest("[" + attribute + "]");
    return (holder && holder.getAttribute(attribute)) || fallback;
  }

  function setupMentions() {
    document.querySelectorAll("textarea[data-mentions]").forEach(function (textarea) {
      attachSuggestions(textarea, {
        label: "Members to mention",
        url: urlFrom(textarea, "data-suggest-members", "/forums/suggest/members/"),
        match: function (field) {
          if (field.selectionStart !== field.selectionEnd) return null;
          var before = field.value.slice(0, field.selectionStart);
          var found = MENTION_BEFORE_CARET.exec(before);
          if (!found) return null;
          return { term: found[1], start: field.selectionStart - found[1].length - 1, end: field.selectionStart };
        },
        items: function (data) {
          return (data.members || []).map(function (member) {
            return { label: member.name || member.handle, hint: "@" + member.handle, value: member.handle };
          });
        },
        apply: function (field, match, item) {
          var insert = "@" + item.value + " ";
          field.value = field.value.slice(0, match.start) + insert + field.value.slice(match.end);
          var caret = match.start + insert.length;
          field.setSelectionRange(caret, caret);
        },
      });
    });
  }

  function setupTagSuggestions() {
    document.querySelectorAll("input[data-tag-suggest]").forEach(function (input) {
      function terms(value) {
        return value
          .split(",")
          .map(function (term) {
            return term.trim().toLowerCase();
          })
          .filter(Boolean);
      }
      attachSuggestions(input, {
        label: "Matching tags",
        url: urlFrom(input, "data-suggest-tags", "/forums/suggest/tags/"),
        match: function (field) {
          var start = field.value.lastIndexOf(",") + 1;
          return { term: field.value.slice(start).trim(), start: start, end: field.value.length };
        },
        items: function (data, field) {
          var chosen = terms(field.value.slice(0, field.value.lastIndexOf(",") + 1));
          return (data.tags || [])
            .filter(function (tag) {
              return chosen.indexOf(tag.toLowerCase()) === -1;
            })
            .map(function (tag) {
              return { label: tag, value: tag };
            });
        },
        apply: function (field, match, item) {
          field.value = field.value.slice(0, match.start) + (match.start ? " " : "") + item.value + ", ";
          field.setSelectionRange(field.value.length, field.value.length);
        },
      });
    });
  }

  /* Similar questions already answered, under a new topic's title ------------------------- */
  var SIMILAR_DELAY_MS = 300;
  var SIMILAR_MIN_WORDS = 3;
  var SIMILAR_MIN_CHARS = 12;
  var SIMILAR_EXCERPT_CHARS = 140;
  var NEW_TAB_ICON =
    '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" ' +
    'stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">' +
    '<path d="M13.5 4.5h6v6M19.5 4.5 11 13M17.5 13.5v4.5a1.5 1.5 0 0 1-1.5 1.5H6a1.5 1.5 0 0 1-1.5-1.5V8A1.5 1.5 0 0 1 6 6.5h4.5"/></svg>';

  // The excerpt arrives cut at a fixed length, often mid-word: end it on a word instead.
  function shortExcerpt(text) {
    text = String(text || "").replace(/\s+/g, " ").trim();
    if (text.length <= SIMILAR_EXCERPT_CHARS) return text;
    return text.slice(0, SIMILAR_EXCERPT_CHARS).replace(/[\s,.;:!?-]+\S*$/, "") + "…";
  }

  function setupSimilarQuestions() {
    var form = document.querySelector("form[data-similar-url]");
    var box = document.querySelector("[data-similar-questions]");
    if (!form || !box || !window.fetch) return;
    var input = form.querySelector("input[name=title]");
    var panel = box.querySelector("[data-similar-panel]");
    var list = box.querySelector("[data-similar-list]");
    var status = box.querySelector("[data-similar-status]");
    if (!input || !panel || !list) return;
    var url = form.getAttribute("data-similar-url");
    var timer = null;
    var lookupJSON = community.latestJSON();
    var shownKey = "";
    var cache = {};

    function say(message) {
      if (status) community.speak(status, message);
    }

    function hide() {
      panel.hidden = true;
      list.replaceChildren();
      if (shownKey) say("");
      shownKey = "";
    }

    function show(results) {
      var key = results
        .map(function (result) {
          return result.url;
        })
        .join(" ");
      if (!results.length) {
        hide();
        return;
      }
      if (key === shownKey) return; // The same questions: leave the list (and the reader) alone.
      shownKey = key;
      list.replaceChildren();
      results.forEach(function (result) {
        var item = document.createElement("li");
        item.className = "similar-question";
        var link = document.createElement("a");
        link.className = "similar-question__link";
        link.href = result.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.appendChild(document.createTextNode(result.title || ""));
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = " (opens in a new tab)";
        link.appendChild(hint);
        link.insertAdjacentHTML("beforeend", NEW_TAB_ICON);
        item.appendChild(link);
        if (result.context) {
          var context = document.createElement("span");
          context.className = "similar-question__context";
          context.textContent = "in " + result.context;
          item.appendChild(context);
        }
        var excerpt = shortExcerpt(result.excerpt);
        if (excerpt) {
          var text = document.createElement("p");
          text.className = "similar-question__excerpt";
          text.textContent = excerpt;
          item.appendChild(text);
        }
        list.appendChild(item);
      });
      panel.hidden = false;
      say(
        (results.length === 1 ? "1 similar question" : results.length + " similar questions") +
          " already answered, listed below the title."
      );
    }

    function worthAsking(title) {
      return title.length >= SIMILAR_MIN_CHARS || title.split(/\s+/).filter(Boolean).length >= SIMILAR_MIN_WORDS;
    }

    function lookup() {
      var title = input.value.replace(/\s+/g, " ").trim();
      window.clearTimeout(timer);
      if (!worthAsking(title)) {
        lookupJSON.abort();
        hide();
        return;
      }
      if (Object.prototype.hasOwnProperty.call(cache, title)) {
        show(cache[title]);
        return;
      }
      timer = window.setTimeout(function () {
        var query = "q=" + encodeURIComponent(title) + "&type=topic&solved=solved";
        lookupJSON(url, query).then(function (data) {
          if (!data) return;
          var results = (data.results || []).slice(0, 5);
          cache[title] = results;
          // Typing went on: a newer lookup answers for the title as it is now.
          if (input.value.replace(/\s+/g, " ").trim() !== title) return;
          show(results);
        });
      }, SIMILAR_DELAY_MS);
    }

    input.addEventListener("input", lookup);
    // A title kept after a failed post (or restored by the browser) gets its list at once.
    if (input.value.trim()) lookup();
  }

  /* In-page links, long answers, and errors ---------------------------------------------- */
  function setupThread() {
    // Links to a reply on this same page jump there instead of loading the page again.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-anchor]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      var target = document.getElementById(link.getAttribute("data-anchor"));
      if (!target) return;
      event.preventDefault();
      window.location.hash = link.getAttribute("data-anchor");
      target.focus({ preventScroll: true });
    });

    document.querySelectorAll(".solution-card__body").forEach(function (body) {
      if (body.scrollHeight > body.clientHeight + 4) body.classList.add("is-clamped");
    });

    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      return;
    }
    var replyForm = document.querySelector("[data-reply-form]");
    if (replyForm && replyForm.querySelector(".field--invalid, .form-errors")) {
      var textarea = replyForm.querySelector("textarea");
      var box = document.getElementById("reply-form");
      if (box) box.scrollIntoView({ block: "center" });
      if (textarea) textarea.focus({ preventScroll: true });
    }
  }


  /* Live topic page ----------------------------------------------------------------------- */
  function formatCount(count) {
    return Number(count).toLocaleString("en-US");
  }

  function setupTopicLive() {
    var thread = document.querySelector("[data-topic-live]");
    if (!thread || !window.fetch || !window.WebSocket || !community || !community.openLiveSocket) return;
    var repliesUrl = thread.getAttribute("data-replies-url");
    var replyUrl = thread.getAttribute("data-reply-url") || "";
    var onLastPage = thread.hasAttribute("data-last-page");
    var lastNumber = parseInt(thread.getAttribute("data-last-number"), 10) || 0;
    var status = document.querySelector("[data-live-status]");
    var fetching = false;
    var fetchAgain = false;
    var waiting = { count: 0, firstId: null, numbers: {} };

    function say(message) {
      if (status) community.speak(status, message);
    }

    function setReplyCount(count) {
      var phrase = formatCount(count) + (count === 1 ? " reply" : " replies");
      document.querySelectorAll("[data-reply-count]").forEach(function (element) {
        var format = element.getAttribute("data-reply-count");
        if (format === "number") {
          element.textContent = formatCount(count);
        } else if (format === "title") {
          element.textContent = count ? phrase : "Replies";
        } else {
          element.textContent = phrase;
        }
      });
    }

    function replyList() {
      var list = thread.querySelector(".replies .reply-list");
      if (list) return list;
      // The first reply: the empty state makes way for a list.
      list = document.createElement("ol");
      list.className = "card reply-list";
      var empty = thread.querySelector(".replies__empty");
      if (empty) {
        empty.replaceWith(list);
      } else {
        var head = thread.querySelector(".replies__head");
        if (!head) return null;
        head.insertAdjacentElement("afterend", list);
      }
      return list;
    }

    function highlight(post) {
      post.classList.add("is-new");
      post.addEventListener("animationend", function () {
        post.classList.remove("is-new");
      }, { once: true });
      // Without animations (reduced motion) the class still goes, a little later.
      window.setTimeout(function () {
        post.classList.remove("is-new");
      }, 4000);
    }

    // Appends the server-rendered items that are not on the page yet; returns how many.
    function appendReplies(html) {
      var holder = document.createElement("template");
      holder.innerHTML = html;
      var items = Array.prototype.filter.call(holder.content.children, function (node) {
        return node.tagName === "LI";
      });
      var added = [];
      items.forEach(function (item) {
        var post = item.querySelector("article[id^='reply-']");
        var number = post ? parseInt(post.id.slice(6), 10) : 0;
        if (!number) return;
        if (number > lastNumber) lastNumber = number;
        if (document.getElementById(post.id)) return;
        var list = replyList();
        if (!list) return;
        list.appendChild(item);
        showQuoteButtons(item);
        highlight(post);
        added.push(post);
      });
      thread.setAttribute("data-last-number", String(lastNumber));
      if (added.length === 1) {
        say("New reply: " + (added[0].getAttribute("aria-label") || ""));
      } else if (added.length > 1) {
        say(added.length + " new replies added below.");
      }
      return added.length;
    }

    function fetchNew() {
      if (fetching) {
        fetchAgain = true;
        return;
      }
      fetching = true;
      fetch(repliesUrl + "?after=" + lastNumber, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          if (!response.ok) return null;
          var last = parseInt(response.headers.get("X-Last-Reply-Number"), 10) || 0;
          return response.text().then(function (html) {
            return { html: html, last: last };
          });
        })
        .then(function (result) {
          if (!result) return;
          // A page holds a limited number of replies: ask again while more are waiting.
          if (appendReplies(result.html) && result.last > lastNumber) fetchAgain = true;
        })
        .catch(function () {
          /* The next reply, or a reconnect, fetches again from the same place. */
        })
        .then(function () {
          fetching = false;
          if (fetchAgain) {
            fetchAgain = false;
            fetchNew();
          }
        });
    }

    // On an earlier page nothing is appended: a banner links to the newest replies instead.
    function showBanner(data) {
      if (waiting.numbers[data.number]) return;
      waiting.numbers[data.number] = true;
      waiting.count += 1;
      if (waiting.firstId === null) waiting.firstId = data.reply_id;
      var banner = thread.querySelector("[data-new-replies]");
      if (!banner) {
        var template = document.getElementById("new-replies-template");
        if (!template || !template.content.firstElementChild) return;
        banner = template.content.firstElementChild.cloneNode(true);
        var section = thread.querySelector(".replies");
        if (!section) return;
        var foot = section.querySelector(".replies__foot");
        section.insertBefore(banner, foot || null);
      }
      var link = banner.querySelector("a");
      if (link && replyUrl) link.setAttribute("href", replyUrl.replace(/\/0\/$/, "/" + waiting.firstId + "/"));
      var text = banner.querySelector("[data-new-replies-text]");
      var message = waiting.count === 1 ? "1 new reply" : waiting.count + " new replies";
      if (text) text.textContent = message;
      say(message + " in this topic.");
    }

    function onMessage(data) {
      if (data.type === "reply") {
        if (typeof data.reply_count === "number") setReplyCount(data.reply_count);
        if (typeof data.number !== "number" || data.number <= lastNumber) return;
        if (onLastPage) {
          fetchNew();
        } else {
          showBanner(data);
        }
      } else if (data.type === "kudos") {
        if ((data.post !== "topic" && data.post !== "reply") || typeof data.count !== "number") return;
        document.querySelectorAll('[data-kudos-count="' + data.post + "-" + parseInt(data.post_id, 10) + '"]').forEach(function (element) {
          element.textContent = formatCount(data.count);
        });
      }
    }

    community.openLiveSocket(thread.getAttribute("data-topic-live"), {
      message: onMessage,
      open: function (isReconnect) {
        // Whatever was posted while the connection was down.
        if (isReconnect && onLastPage) fetchNew();
      },
      refused: function (count) {
        // The topic went away or may no longer be opened: stop after a few tries.
        return count < 3;
      },
    });
  }

  community.onReady(function () {
    setupKudos();
    setupFollow();
    setupForms();
    setupQuotes();
    setupMentions();
    setupTagSuggestions();
    setupSimilarQuestions();
    setupThread();
    setupTopicLive();
  });
})();
