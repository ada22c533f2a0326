/*
 * Small enhancements on top of pages that already work without script:
 * the mobile menu toggle, closing dropdown menus, dismissing alerts, the "/" search
 * shortcut, search suggestions while typing, the search page's folding facets, the profile
 * picture preview, and live notifications (the bell count, toasts, the notification center
 * kept up to date, "Mark as read" without a page load).
 *
 * This file is loaded in the <head> without defer so the "js" class is set before the
 * first paint; everything that touches the page waits for DOMContentLoaded.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Must match the breakpoint where community.css collapses the header.
  var MOBILE_QUERY = "(max-width: 1020px)";

  function onReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  /* Mobile navigation ------------------------------------------------------------------ */
  function setupNavToggle() {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!toggle) return;
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) return;

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }

    // Focus stays on the toggle (the disclosure pattern): moving it into the search box would
    // pop up the keyboard on phones when the member only wanted a section link.
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });

    // A menu left open on a phone must not stay "expanded" once the desktop layout shows it.
    var query = window.matchMedia(MOBILE_QUERY);
    var onChange = function () {
      if (!query.matches) setOpen(false);
    };
    if (query.addEventListener) query.addEventListener("change", onChange);
  }

  /* Dropdown menus built on <details> -------------------------------------------------- */
  function setupMenus() {
    var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-menu]"));
    if (!menus.length) return;

    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) return;
        menus.forEach(function (other) {
          if (other !== menu) other.open = false;
        });
      });
    });

    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (!menu.open) return;
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) summary.focus();
      });
    });

    // Tabbing out of an open menu closes it, as a native menu would.
    menus.forEach(function (menu) {
      menu.addEventListener("focusout", function (event) {
        if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) {
          menu.open = false;
        }
      });
    });
  }

  /* Dismissible alerts ----------------------------------------------------------------- */
  function setupAlerts() {
    document.querySelectorAll("[data-alert] [data-dismiss]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var alert = button.closest("[data-alert]");
        var next = alert.nextElementSibling || alert.previousElementSibling;
        var container = alert.parentElement;
        alert.remove();
        // Keep keyboard focus somewhere sensible instead of dropping it on <body>.
        var target = next && next.querySelector("[data-dismiss]");
        if (target) {
          target.focus();
        } else {
          if (container && !container.children.length) container.remove();
          var main = document.getElementById("main");
          if (main) main.focus();
        }
      });
    });
  }

  /* "/" focuses the search box, as on most community sites ------------------------------ */
  function setupSearchShortcut() {
    var input = document.getElementById("site-search-q");
    if (!input) return;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
        return;
      }
      // On phones the box lives in the collapsed menu: open it first.
      var toggle = document.querySelector("[data-nav-toggle]");
      if (toggle && input.offsetParent === null && toggle.getAttribute("aria-expanded") !== "true") {
        toggle.click();
      }
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* Profile picture preview and character counters ------------------------------------- */
  function setupAvatarPreview() {
    var input = document.querySelector("[data-avatar-field] input[type=file]");
    var preview = document.querySelector("[data-avatar-preview]");
    if (!input || !preview || !window.URL || !URL.createObjectURL) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\//.test(file.type)) return;
      var img = document.createElement("img");
      img.className = "avatar avatar--lg";
      img.alt = "";
      img.width = 64;
      img.height = 64;
      img.src = URL.createObjectURL(file);
      img.onload = function () {
        URL.revokeObjectURL(img.src);
      };
      preview.replaceChildren(img);
      var clear = document.querySelector("input[name=clear_avatar]");
      if (clear) clear.checked = false;
    });
  }

  function setupCounters() {
    var fields = "[data-counter] textarea[maxlength], [data-counter] input[maxlength]";
    document.querySelectorAll(fields).forEach(function (field) {
      var max = parseInt(field.getAttribute("maxlength"), 10);
      // A one-line field (a topic's title) warns near its limit; a text area has room to spare.
      var warnsNearLimit = field.tagName === "INPUT";
      var counter = document.createElement("span");
      counter.className = "field__counter";
      counter.setAttribute("aria-hidden", "true");
      var update = function () {
        counter.textContent = field.value.length + " / " + max;
        if (warnsNearLimit) counter.classList.toggle("field__counter--near", field.value.length > max * 0.9);
      };
      field.insertAdjacentElement("afterend", counter);
      field.addEventListener("input", update);
      update();
    });
  }

  /* Notification count ----------------------------------------------------------------- */
  function setNotificationCount(count) {
    count = Math.max(0, parseInt(count, 10) || 0);
    var badge = document.getElementById("notification-count");
    var bell = document.querySelector("[data-notification-bell]");
    if (badge) {
      badge.textContent = count > 99 ? "99+" : String(count);
      badge.hidden = count === 0;
    }
    if (bell) {
      bell.setAttribute("aria-label", count ? "Notifications, " + count + " unread" : "Notifications");
    }
    // The notification center's "Unread" tab and its "Mark all as read" button.
    document.querySelectorAll("[data-unread-count]").forEach(function (element) {
      element.textContent = String(count);
      element.hidden = count === 0;
    });
    document.querySelectorAll("[data-mark-all-read]").forEach(function (form) {
      form.hidden = count === 0;
    });
  }

  /* A WebSocket that comes back by itself ---------------------------------------------- */
  // The server closes with this code when the member may not be served (banned, suspended).
  var CLOSE_NOT_ALLOWED = 4403;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;
  // A connection must live this long before a drop starts the backoff from the beginning.
  var STABLE_AFTER_MS = 5000;

  function retryDelay(attempt) {
    var delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * Math.pow(2, attempt));
    // Jitter: after a server restart every open tab must not knock at the same moment.
    return Math.round(Math.min(RETRY_MAX_MS, delay * (0.75 + Math.random() * 0.5)));
  }

  /*
   * openLiveSocket("/ws/...", {message, open, refused, stopped}) keeps one socket open:
   * message(data) gets each JSON message; open(isReconnect) runs on every connection, so a
   * page can catch up on what it missed; refused(count) hears of handshakes that failed and may
   * return false to give up; stopped(code) hears that the server said never to come back.
   * It reconnects with exponential backoff and jitter, at once when the browser goes online or
   * the tab is shown again, and never after a 4403 close.
   */
  function openLiveSocket(path, handlers) {
    handlers = handlers || {};
    var socket = null;
    var timer = null;
    var attempt = 0;
    var opens = 0;
    var refusals = 0;
    var stopped = false;
    var suspended = false;

    function connect() {
      window.clearTimeout(timer);
      timer = null;
      if (stopped || suspended || socket) return;
      var opened = false;
      var openedAt = 0;
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var current;
      try {
        current = new WebSocket(scheme + window.location.host + path);
      } catch (error) {
        schedule();
        return;
      }
      socket = current;
      current.onopen = function () {
        opened = true;
        openedAt = Date.now();
        refusals = 0;
        opens += 1;
        if (handlers.open) handlers.open(opens > 1);
      };
      current.onmessage = function (event) {
        var data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (data && handlers.message) handlers.message(data);
      };
      current.onclose = function (event) {
        if (socket === current) socket = null;
        if (stopped || suspended) return;
        if (event.code === CLOSE_NOT_ALLOWED) {
          stop();
          if (handlers.stopped) handlers.stopped(event.code);
          return;
        }
        if (opened && Date.now() - openedAt > STABLE_AFTER_MS) attempt = 0;
        if (!opened) {
          refusals += 1;
          if (handlers.refused && handlers.refused(refusals) === false) {
            stop();
            return;
          }
        }
        schedule();
      };
    }

    function schedule() {
      if (stopped || suspended || timer) return;
      timer = window.setTimeout(connect, retryDelay(attempt));
      attempt += 1;
    }

    function reconnectNow() {
      if (stopped || suspended || socket) return;
      attempt = 0;
      connect();
    }

    function closeQuietly() {
      window.clearTimeout(timer);
      timer = null;
      if (socket) {
        var closing = socket;
        socket = null;
        closing.close(1000);
      }
    }

    function stop() {
      stopped = true;
      closeQuietly();
    }

    window.addEventListener("online", reconnectNow);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") reconnectNow();
    });
    // Leaving the page closes the socket cleanly (and keeps the page fit for the back/forward
    // cache); coming back to it from that cache connects again and catches up.
    window.addEventListener("pagehide", function () {
      suspended = true;
      closeQuietly();
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      suspended = false;
      reconnectNow();
    });

    connect();

    return {
      send: function (data) {
        if (!socket || socket.readyState !== 1) return false;
        socket.send(JSON.stringify(data));
        return true;
      },
      stop: stop,
      reconnectNow: reconnectNow,
    };
  }

  /* Small helpers for the live parts ----------------------------------------------------- */
  function relativeTime(iso) {
    var then = Date.parse(iso);
    if (isNaN(then)) return "";
    var seconds = Math.max(0, (Date.now() - then) / 1000);
    if (seconds < 60) return "just now";
    var units = [
      ["year", 31536000],
      ["month", 2592000],
      ["week", 604800],
      ["day", 86400],
      ["hour", 3600],
      ["minute", 60],
    ];
    for (var index = 0; index < units.length; index += 1) {
      var amount = Math.floor(seconds / units[index][1]);
      if (amount >= 1) return amount + " " + units[index][0] + (amount === 1 ? "" : "s") + " ago";
    }
    return "just now";
  }

  // Emptying a live region first, then writing a moment later, makes screen readers announce a
  // message even when it is the same as the previous one.
  function speak(region, message) {
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = message;
    }, 60);
  }

  // A polite live region at the end of the page, for messages about actions that keep the page.
  function addStatusRegion(className) {
    var region = document.createElement("div");
    region.className = className;
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
    return region;
  }

  var statusRegion = null;

  // A visually hidden polite status for results of actions ("Marked as read").
  function announce(message) {
    statusRegion = statusRegion || addStatusRegion("visually-hidden");
    speak(statusRegion, message);
  }

  function csrfToken(form) {
    var input =
      (form && form.querySelector("input[name=csrfmiddlewaretoken]")) ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* Forms sent in place: the one way every script posts and reports ------------------------ */
  var OFFLINE = "We couldn't reach the community. Check your connection and try again.";

  /*
   * Posts `body` (FormData) to `url` for JSON, with the CSRF token of `form` (or of the page).
   * Resolves to {status, ok, data, response}; an answer that is not JSON gives data {}.
   * `keepalive` lets the request outlive the page (small bodies only). Network failures reject.
   */
  function postJSON(url, form, body, keepalive) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { status: response.status, ok: response.ok, data: data, response: response };
        });
    });
  }

  /*
   * Posts the form itself for JSON (kudos, recommendations). A 401 (signed out meanwhile)
   * falls back to the plain post, which leads through sign-in, and resolves to null.
   */
  function postForm(form) {
    return postJSON(form.action, form, new FormData(form)).then(function (result) {
      if (result.status === 401) {
        form.submit();
        return null;
      }
      return result;
    });
  }

  /*
   * One submission at a time: `button` (if any) is busy until the answer is handled, and a
   * click meanwhile does nothing. options.send() returns postForm's or postJSON's promise;
   * options.apply(data) takes a good answer and returns false when it is not the one
   * expected. Anything else (an error status, data.error, a refused answer, no connection)
   * goes to options.fail(message), with the server's error, options.failure or
   * options.offline.
   */
  function sendInPlace(button, options) {
    if (button && button.getAttribute("aria-busy") === "true") return Promise.resolve();
    if (button) button.setAttribute("aria-busy", "true");
    return options
      .send()
      .then(function (result) {
        if (!result) return;
        var data = result.data;
        if (!result.ok || data.error || options.apply(data) === false) {
          options.fail(data.error || options.failure);
        }
      })
      .catch(function () {
        options.fail(options.offline || OFFLINE);
      })
      .then(function () {
        if (button) button.removeAttribute("aria-busy");
      });
  }

  /* Toasts --------------------------------------------------------------------------------- */
  var TOAST_MS = 6000;
  var TOAST_MAX = 4;
  var toasts = [];

  function removeToast(entry, moveFocus) {
    var index = toasts.indexOf(entry);
    if (index === -1) return;
    toasts.splice(index, 1);
    window.clearTimeout(entry.timer);
    var element = entry.element;
    var hadFocus = element.contains(document.activeElement);
    if (hadFocus || moveFocus) {
      // Keep keyboard focus somewhere sensible: the next toast, else the bell.
      var next = toasts.length ? toasts[Math.min(index, toasts.length - 1)].element : null;
      var target = next ? next.querySelector("[data-toast-close]") : document.querySelector("[data-notification-bell]");
      if (target) target.focus();
    }
    element.classList.add("is-leaving");
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.setTimeout(function () {
      element.remove();
    }, reduced ? 0 : 220);
  }

  function runToastTimer(entry) {
    window.clearTimeout(entry.timer);
    if (entry.paused || document.visibilityState === "hidden") return;
    entry.startedAt = Date.now();
    entry.timer = window.setTimeout(function () {
      removeToast(entry, false);
    }, entry.remaining);
  }

  function pauseToastTimer(entry) {
    if (entry.timer && entry.startedAt) {
      entry.remaining = Math.max(1500, entry.remaining - (Date.now() - entry.startedAt));
    }
    window.clearTimeout(entry.timer);
    entry.timer = null;
    entry.startedAt = 0;
  }

  /*
   * showToast({text, href, meta, key, summary}) pops up a toast for about six seconds. Hovering or focusing
   * it holds it; a hidden tab keeps it until the member is back. A toast with the same key
   * replaces the earlier one.
   */
  function showToast(options) {
    var region = document.querySelector("[data-toasts]");
    var template = document.getElementById("toast-template");
    if (!region || !template || !template.content || !template.content.firstElementChild) return null;
    if (options.key) {
      toasts.slice().forEach(function (entry) {
        if (entry.key === options.key) removeToast(entry, false);
      });
    }
    var element = template.content.firstElementChild.cloneNode(true);
    var link = element.querySelector("[data-toast-link]");
    var meta = element.querySelector("[data-toast-meta]");
    link.textContent = options.text;
    if (options.href) link.setAttribute("href", options.href);
    // "New notification:" tells screen readers what popped up; a summary says it itself.
    var prefix = element.querySelector(".toast__body > .visually-hidden");
    if (prefix && options.summary) prefix.remove();
    if (meta) meta.textContent = options.meta || "just now";
    var entry = { element: element, key: options.key || null, remaining: TOAST_MS, timer: null, paused: false };
    toasts.push(entry);

    function hold() {
      entry.paused = true;
      pauseToastTimer(entry);
    }
    function release() {
      if (element.matches(":hover") || element.contains(document.activeElement)) return;
      entry.paused = false;
      runToastTimer(entry);
    }
    element.addEventListener("mouseenter", hold);
    element.addEventListener("mouseleave", release);
    element.addEventListener("focusin", hold);
    element.addEventListener("focusout", function () {
      window.setTimeout(release, 0);
    });
    element.querySelector("[data-toast-close]").addEventListener("click", function () {
      removeToast(entry, true);
    });

    region.appendChild(element);
    // The oldest make way; one the member is reading (hover, focus) stays.
    toasts.slice(0, Math.max(0, toasts.length - TOAST_MAX)).forEach(function (old) {
      if (!old.paused) removeToast(old, false);
    });
    runToastTimer(entry);
    return element;
  }

  document.addEventListener("visibilitychange", function () {
    toasts.forEach(function (entry) {
      if (document.visibilityState === "hidden") {
        pauseToastTimer(entry);
      } else {
        runToastTimer(entry);
      }
    });
  });

  /* The notification center: new items, removed items, read state --------------------- */
  function centerItems(id) {
    var selector = id == null ? "[data-notification-id]" : '[data-notification-id="' + id + '"]';
    return Array.prototype.slice.call(document.querySelectorAll("[data-notification-list] " + selector));
  }

  function showAsRead(item) {
    item.classList.remove("notification--unread");
    var form = item.querySelector("[data-mark-read]");
    var hadFocus = form && form.contains(document.activeElement);
    item.querySelectorAll(".notification__dot, [data-mark-read]").forEach(function (element) {
      element.remove();
    });
    var actions = item.querySelector(".notification__actions");
    if (actions && !actions.children.length) actions.textContent = "";
    item.querySelectorAll(".notification__text .visually-hidden").forEach(function (label) {
      if (/^Unread/.test(label.textContent)) label.remove();
    });
    if (hadFocus) {
      var link = item.querySelector(".notification__link");
      if (link) {
        link.focus();
      } else {
        item.setAttribute("tabindex", "-1");
        item.focus();
      }
    }
  }

  function removeFromCenter(id) {
    centerItems(id).forEach(function (item) {
      item.remove();
    });
  }

  var centerTimer = null;
  var centerRequest = null;

  // Fetches the center's first page again and puts the new rows on top (the server renders
  // them, avatars and all). Only on the first page: older pages stay as the member left them.
  function refreshCenter() {
    var center = document.querySelector("[data-notification-center][data-first-page]");
    if (!center || !window.fetch || !window.DOMParser) return;
    window.clearTimeout(centerTimer);
    centerTimer = window.setTimeout(function () {
      if (centerRequest) {
        centerTimer = window.setTimeout(refreshCenter, 300);
        return;
      }
      centerRequest = fetch(window.location.pathname + window.location.search, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-notification-center]");
          if (fresh) mergeCenter(center, fresh);
        })
        .catch(function () {
          /* The next notification or a reload brings the list up to date. */
        })
        .then(function () {
          centerRequest = null;
        });
    }, 200);
  }

  function mergeCenter(center, fresh) {
    var freshList = fresh.querySelector("[data-notification-list]");
    if (!freshList) return;
    var list = center.querySelector("[data-notification-list]");
    if (!list) {
      // The empty state gives way to the list.
      center.replaceChildren.apply(center, Array.prototype.map.call(fresh.childNodes, function (node) {
        return document.importNode(node, true);
      }));
      center.querySelectorAll("[data-notification-id]").forEach(function (item) {
        item.classList.add("is-new");
      });
      return;
    }
    var known = {};
    var newest = 0;
    list.querySelectorAll("[data-notification-id]").forEach(function (item) {
      var id = parseInt(item.getAttribute("data-notification-id"), 10);
      known[id] = true;
      newest = Math.max(newest, id);
    });
    var first = list.firstElementChild;
    Array.prototype.forEach.call(freshList.children, function (item) {
      var id = parseInt(item.getAttribute("data-notification-id"), 10);
      // Older rows that are not shown were removed here on purpose (replaced kudos).
      if (!id || known[id] || id < newest) return;
      var copy = document.importNode(item, true);
      copy.classList.add("is-new");
      list.insertBefore(copy, first);
    });
  }

  /* "Mark as read" and "Mark all as read" without a page load ------------------------- */
  function setupMarkRead() {
    if (!window.fetch || !window.FormData) return;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches) return;
      var all = form.matches("[data-mark-all-read]");
      if (!all && !form.matches("[data-mark-read]")) return;
      event.preventDefault();
      var item = form.closest("[data-notification-id]");
      sendInPlace(form.querySelector("button"), {
        send: function () {
          return postJSON(form.action, form, new FormData(form));
        },
        apply: function (data) {
          if (typeof data.unread_count !== "number") return false;
          if (all) {
            centerItems(null).forEach(showAsRead);
            if (form.contains(document.activeElement)) {
              var main = document.getElementById("main");
              if (main) main.focus();
            }
          } else if (item) {
            showAsRead(item);
          }
          setNotificationCount(data.unread_count);
          announce(all ? "All notifications are marked as read." : "Marked as read.");
        },
        // The plain form post still works: it reloads the page with the result.
        fail: function () {
          form.submit();
        },
      });
    });
  }

  /* Live notifications ----------------------------------------------------------------- */
  function setupLiveNotifications() {
    var bell = document.querySelector("[data-notification-bell][data-live-url]");
    if (!bell || !window.WebSocket || !window.fetch) return;
    var centerUrl = bell.getAttribute("data-catch-up-url") || "/notifications/";
    var lastSeenId = null; // the newest notification this page knows of; null before the first hello
    var seen = {};
    var catchingUp = false;
    var catchUpAgain = false;
    var socket = null;

    function note(id) {
      if (lastSeenId === null || id > lastSeenId) lastSeenId = id;
    }

    // True the first time this page hears of a notification; a repeat is ignored.
    function accept(notification) {
      if (!notification || typeof notification.id !== "number" || seen[notification.id]) return false;
      seen[notification.id] = true;
      note(notification.id);
      return true;
    }

    function openUrl(notification) {
      return notification.available === false ? centerUrl : centerUrl + notification.id + "/";
    }

    function tell(fresh) {
      var shown = fresh.filter(function (notification) {
        return notification.available !== false;
      });
      if (shown.length > 3) {
        showToast({ text: "You have " + shown.length + " new notifications", href: centerUrl, key: "summary", summary: true });
      } else {
        shown.forEach(function (notification) {
          showToast({
            text: notification.text,
            href: openUrl(notification),
            meta: relativeTime(notification.created_at),
            key: "notification-" + notification.id,
          });
        });
      }
      if (fresh.length) refreshCenter();
      fresh.forEach(function (notification) {
        document.dispatchEvent(new CustomEvent("community:notification", { detail: notification }));
      });
    }

    function stopLive() {
      if (socket) socket.stop();
    }

    // What the page missed while it was not connected: the database is the truth.
    function catchUp() {
      if (lastSeenId === null) return;
      if (catchingUp) {
        catchUpAgain = true;
        return;
      }
      catchingUp = true;
      var fresh = [];

      function page(round) {
        return fetch(centerUrl + "?since=" + lastSeenId, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (response.status === 401) {
              // Signed out in another tab: nothing more to hear.
              stopLive();
              return null;
            }
            return response.ok ? response.json() : null;
          })
          .then(function (data) {
            if (!data) return null;
            (data.notifications || []).forEach(function (notification) {
              if (accept(notification)) fresh.push(notification);
              if (typeof notification.id === "number") note(notification.id);
            });
            if (typeof data.unread_count === "number") setNotificationCount(data.unread_count);
            if (data.more && round < 4) return page(round + 1);
            return null;
          });
      }

      page(0)
        .catch(function () {
          /* The next hello tries again. */
        })
        .then(function () {
          catchingUp = false;
          tell(fresh);
          if (catchUpAgain) {
            catchUpAgain = false;
            catchUp();
          }
        });
    }

    function onMessage(data) {
      if (data.type === "hello") {
        setNotificationCount(data.unread_count);
        var latest = typeof data.latest_id === "number" ? data.latest_id : 0;
        if (lastSeenId === null) {
          // The page was rendered with everything up to now: no toasts for old news.
          lastSeenId = latest;
          var top = centerItems(null)[0];
          var topId = top ? parseInt(top.getAttribute("data-notification-id"), 10) : 0;
          if (latest > topId) refreshCenter();
        } else if (latest > lastSeenId) {
          catchUp();
        }
      } else if (data.type === "notification") {
        if (data.replaces != null) {
          removeFromCenter(data.replaces);
          toasts.slice().forEach(function (entry) {
            if (entry.key === "notification-" + data.replaces) removeToast(entry, false);
          });
        }
        if (typeof data.unread_count === "number") setNotificationCount(data.unread_count);
        if (accept(data.notification)) tell([data.notification]);
      } else if (data.type === "count") {
        setNotificationCount(data.unread_count);
        // Read in another tab: when nothing is left unread, this page's list agrees.
        if (data.unread_count === 0) centerItems(null).forEach(showAsRead);
        document.dispatchEvent(new CustomEvent("community:notification-count", { detail: data.unread_count }));
      }
    }

    socket = openLiveSocket(bell.getAttribute("data-live-url"), {
      message: onMessage,
      refused: function () {
        // A refused handshake may mean the member signed out elsewhere; the catch-up says so
        // (401) and stops the retries, or brings what was missed while the socket is down.
        if (lastSeenId !== null) catchUp();
        return true;
      },
    });
  }

  /* Search suggestions while typing ------------------------------------------------------ */
  // The header box (#site-search-q) and the results page's box ([data-search-suggest]) become
  // ARIA comboboxes: a listbox of matching titles and tags opens under them. Nothing is chosen
  // until the member moves into the list, so Enter alone still submits the search as typed.
  var SUGGEST_DELAY_MS = 150;
  var SUGGEST_MIN_CHARS = 2;
  var SUGGEST_CACHE_MAX = 40;
  var SUGGEST_KINDS = { topic: "Topic", reply: "Reply" };
  var SUGGEST_ICONS = {
    query: '<circle cx="10.5" cy="10.5" r="6.25"/><path d="M15.25 15.25 20.5 20.5"/>',
    title:
      '<path d="M5.5 4.5h13A1.5 1.5 0 0 1 20 6v9a1.5 1.5 0 0 1-1.5 1.5H10L6 20v-3.5h-.5A1.5 1.5 0 0 1 4 15V6a1.5 1.5 0 0 1 1.5-1.5z"/>',
    tag: '<path d="M9.5 4 7.5 20M16.5 4l-2 16M4.5 9h15M3.5 15h15"/>',
  };
  var suggestCount = 0;

  function suggestIcon(kind) {
    var holder = document.createElement("span");
    holder.className = "search-suggest__icon";
    holder.setAttribute("aria-hidden", "true");
    holder.innerHTML =
      '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" ' +
      'stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" focusable="false">' +
      SUGGEST_ICONS[kind] +
      "</svg>";
    return holder;
  }

  // The words of what was typed, longest first, for marking where a suggestion matches.
  function suggestTerms(text) {
    return text
      .toLowerCase()
      .split(/[\s.,;:!?()"“”'‘’/\\[\]{}<>|+*=&^%$#@~`-]+/)
      .filter(Boolean)
      .sort(function (a, b) {
        return b.length - a.length;
      });
  }

  // Appends `text` to `parent`, the start of each word that begins like a typed term in <b>.
  function appendMarked(parent, text, terms) {
    var pattern = null;
    if (terms.length) {
      try {
        var escaped = terms.map(function (term) {
          return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        });
        pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + escaped.join("|") + ")", "giu");
      } catch (error) {
        pattern = null;
      }
    }
    if (!pattern) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var position = 0;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      var start = found.index + found[1].length;
      if (start > position) parent.appendChild(document.createTextNode(text.slice(position, start)));
      var bold = document.createElement("b");
      bold.className = "search-suggest__match";
      bold.textContent = found[2];
      parent.appendChild(bold);
      position = start + found[2].length;
      if (found[0].length === 0) pattern.lastIndex += 1;
    }
    if (position < text.length) parent.appendChild(document.createTextNode(text.slice(position)));
  }

  /*
   * The popup list of suggestions under `field`: a hidden listbox placed right after it, and
   * the field wired to it (a combobox when it is a one-line input). options: id, className,
   * label, anchorClass (for the field's parent, which positions the list), tag (default div).
   */
  function createListbox(field, options) {
    var list = document.createElement(options.tag || "div");
    list.className = "listbox " + options.className;
    list.id = options.id;
    list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", options.label);
    field.insertAdjacentElement("afterend", list);
    field.parentElement.classList.add(options.anchorClass);
    if (field.tagName === "INPUT") {
      field.setAttribute("role", "combobox");
      field.setAttribute("aria-expanded", "false");
    }
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", options.id);
    return list;
  }

  function attachSearchSuggest(input) {
    var form = input.form;
    if (!form || input.hasAttribute("aria-controls")) return;
    suggestCount += 1;
    var listId = "search-suggest-" + suggestCount;
    var url = input.getAttribute("data-search-suggest") || "/search/suggest/";
    var list = createListbox(input, {
      id: listId,
      className: "search-suggest",
      label: "Search suggestions",
      anchorClass: "search-suggest-anchor",
    });

    var options = [];
    var active = -1;
    var timer = null;
    var lookupJSON = latestJSON();
    var cache = {};
    var cached = 0;
    var lastAnnounced = -1;

    function isOpen() {
      return !list.hidden;
    }

    function close() {
      window.clearTimeout(timer);
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      lastAnnounced = -1;
      input.removeAttribute("aria-activedescendant");
      input.setAttribute("aria-expanded", "false");
    }

    function highlight(index) {
      active = index;
      options.forEach(function (option, position) {
        option.element.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      var current = options[index];
      if (current) {
        input.setAttribute("aria-activedescendant", current.element.id);
        current.element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // Under the box, at least wide enough for a title, and never past the window's edges.
    function place() {
      var viewport = document.documentElement.clientWidth;
      var width = Math.min(Math.max(input.offsetWidth, 400), viewport - 16);
      var left = input.offsetLeft;
      var parentLeft = input.parentElement.getBoundingClientRect().left;
      if (parentLeft + left + width > viewport - 8) left = viewport - 8 - width - parentLeft;
      if (parentLeft + left < 8) left = 8 - parentLeft;
      list.style.top = input.offsetTop + input.offsetHeight + 6 + "px";
      list.style.left = left + "px";
      list.style.width = width + "px";
    }

    function choose(index, newTab) {
      var option = options[index];
      if (!option) return;
      if (option.kind === "query") {
        close();
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
        return;
      }
      if (newTab) {
        window.open(option.url, "_blank", "noopener");
        return;
      }
      close();
      window.location.assign(option.url);
    }

    function addOption(parent, kind, url, build) {
      var element = document.createElement("div");
      element.id = listId + "-" + options.length;
      element.className = "listbox__option search-suggest__option search-suggest__option--" + kind;
      element.setAttribute("role", "option");
      element.setAttribute("aria-selected", "false");
      element.appendChild(suggestIcon(kind));
      build(element);
      var index = options.length;
      // mousedown is cancelled so the box keeps focus (and the list stays open) until the click.
      element.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      element.addEventListener("click", function (event) {
        choose(index, event.ctrlKey || event.metaKey || event.button === 1);
      });
      parent.appendChild(element);
      options.push({ element: element, kind: kind, url: url });
    }

    function addGroup(label) {
      var group = document.createElement("div");
      group.className = "search-suggest__group";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", label);
      var heading = document.createElement("div");
      heading.className = "search-suggest__heading";
      heading.setAttribute("aria-hidden", "true");
      heading.textContent = label;
      group.appendChild(heading);
      list.appendChild(group);
      return group;
    }

    function text(className, value) {
      var span = document.createElement("span");
      span.className = className;
      span.textContent = value;
      return span;
    }

    // A titled group of links, each label with the typed words marked and a hint on the right.
    function addMarkedGroup(heading, kind, items, terms, hintFor) {
      if (!items.length) return;
      var group = addGroup(heading);
      items.forEach(function (item) {
        addOption(group, kind, item.url, function (element) {
          var label = text("search-suggest__label", "");
          appendMarked(label, item.label || "", terms);
          element.appendChild(label);
          var hint = hintFor(item);
          if (hint) element.appendChild(text("listbox__hint search-suggest__hint", hint));
        });
      });
    }

    function render(term, data) {
      var titles = (data && data.titles) || [];
      var tags = (data && data.tags) || [];
      if (!titles.length && !tags.length) {
        close();
        return;
      }
      var terms = suggestTerms(term);
      list.replaceChildren();
      options = [];
      active = -1;

      addOption(list, "query", null, function (element) {
        var label = text("search-suggest__label", "");
        label.appendChild(document.createTextNode("Search for "));
        label.appendChild(text("search-suggest__query", "“" + term + "”"));
        element.appendChild(label);
      });
      addMarkedGroup("Topics and replies", "title", titles, terms, function (title) {
        var kind = SUGGEST_KINDS[title.type] || String(title.type || "");
        return kind && kind.charAt(0).toUpperCase() + kind.slice(1);
      });
      addMarkedGroup("Tags", "tag", tags, terms, function (tag) {
        var count = Number(tag.count) || 0;
        var shown = count.toLocaleString("en-US") + (tag.more ? "+" : "");
        return shown + (count === 1 && !tag.more ? " post" : " posts");
      });

      place();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      input.removeAttribute("aria-activedescendant");
      var count = options.length - 1;
      if (count !== lastAnnounced) {
        lastAnnounced = count;
        announce(count + (count === 1 ? " suggestion" : " suggestions") + ". Use the up and down arrows to choose.");
      }
    }

    function request(term) {
      lookupJSON(url, "q=" + encodeURIComponent(term)).then(function (data) {
        if (!data) return;
        if (cached >= SUGGEST_CACHE_MAX) {
          cache = {};
          cached = 0;
        }
        cache[term] = data;
        cached += 1;
        // The member kept typing or left the box: this answer is for a question nobody asks.
        if (input.value.trim() !== term || document.activeElement !== input) return;
        render(term, data);
      });
    }

    function lookup(now) {
      var term = input.value.trim();
      window.clearTimeout(timer);
      if (term.length < SUGGEST_MIN_CHARS) {
        lookupJSON.abort();
        close();
        return;
      }
      if (Object.prototype.hasOwnProperty.call(cache, term)) {
        render(term, cache[term]);
        return;
      }
      timer = window.setTimeout(function () {
        request(term);
      }, now ? 0 : SUGGEST_DELAY_MS);
    }

    input.addEventListener("input", function () {
      lookup(false);
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!isOpen()) {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            lookup(true);
          }
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        // Past either end the highlight goes back to the box itself, as in most search fields.
        var next = active + step;
        if (next >= options.length) next = -1;
        if (next < -1) next = options.length - 1;
        highlight(next);
      } else if (event.key === "Enter") {
        if (!isOpen() || active < 0) return; // Nothing chosen: the form submits as usual.
        event.preventDefault();
        choose(active, false);
      } else if (event.key === "Escape") {
        if (!isOpen()) return;
        // Only closes the list: the mobile menu's Escape must not close around the box.
        event.preventDefault();
        event.stopPropagation();
        close();
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(function () {
        if (document.activeElement !== input) close();
      }, 100);
    });

    form.addEventListener("submit", close);

    window.addEventListener("resize", function () {
      if (isOpen()) place();
    });

    // Coming back with the back button: the page may be restored with the list still drawn.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) close();
    });
  }

  function setupSearchSuggest() {
    if (!window.fetch) return;
    document.querySelectorAll("#site-search-q, input[data-search-suggest]").forEach(attachSearchSuggest);
  }

  /* Search facets: the "Filters" disclosure on narrow screens and long lists folded --------- */
  var FACET_VISIBLE = 6;

  function setupSearchFacets() {
    var toggle = document.querySelector("[data-facets-toggle]");
    var panel = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (toggle && panel) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        panel.classList.toggle("is-open", open);
      });
    }

    document.querySelectorAll("[data-facet]").forEach(function (facet) {
      var extras = facet.querySelectorAll(".facet__extra");
      var values = facet.querySelector(".facet__values");
      // Folding away a single value saves nothing: it stays in view.
      if (extras.length < 2 || !values) return;
      var title = facet.querySelector(".facet__title");
      var name = title ? title.textContent.trim() : "";
      values.id = values.id || (facet.getAttribute("aria-labelledby") || "facet") + "-values";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "facet__more";
      button.setAttribute("aria-controls", values.id);
      var label = document.createElement("span");
      button.appendChild(label);
      if (name) {
        var which = document.createElement("span");
        which.className = "visually-hidden";
        which.textContent = " (" + name + ")";
        button.appendChild(which);
      }
      button.insertAdjacentHTML(
        "beforeend",
        '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" ' +
          'stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">' +
          '<path d="M7 10l5 5 5-5"/></svg>'
      );

      function setFolded(folded) {
        facet.classList.toggle("is-folded", folded);
        button.setAttribute("aria-expanded", folded ? "false" : "true");
        label.textContent = folded ? "Show " + extras.length + " more" : "Show fewer";
      }

      button.addEventListener("click", function () {
        setFolded(!facet.classList.contains("is-folded"));
      });
      values.insertAdjacentElement("afterend", button);
      setFolded(true);
    });
  }

  /* JSON lookups as a member types ------------------------------------------------------
     A new lookup cancels the one in flight, so an answer to an older query never lands after
     a newer one. It resolves to null when the lookup fails or is cancelled: lookups are a
     convenience, and every page works without them. */
  function latestJSON() {
    var controller = null;
    function abort() {
      if (controller) controller.abort();
      controller = null;
    }
    function get(url, query) {
      abort();
      var current = window.AbortController ? new AbortController() : null;
      controller = current;
      return fetch(url + (url.indexOf("?") === -1 ? "?" : "&") + query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: current ? current.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .catch(function () {
          return null;
        })
        .then(function (data) {
          if (controller === current) controller = null;
          return data;
        });
    }
    get.abort = abort;
    return get;
  }

  window.Community = Object.assign(window.Community || {}, {
    setNotificationCount: setNotificationCount,
    openLiveSocket: openLiveSocket,
    showToast: showToast,
    speak: speak,
    addStatusRegion: addStatusRegion,
    relativeTime: relativeTime,

    onReady: onReady,
    postJSON: postJSON,
    postForm: postForm,
    sendInPlace: sendInPlace,
    createListbox: createListbox,
    latestJSON: latestJSON,
  });

  onReady(function () {
    setupNavToggle();
    setupMenus();
    setupAlerts();
    setupSearchShortcut();
    setupSearchSuggest();
    setupSearchFacets();
    setupAvatarPreview();
    setupCounters();
    setupMarkRead();
    setupLiveNotifications();
  });
})();
